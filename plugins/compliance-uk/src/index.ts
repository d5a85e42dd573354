/**
 * @finpersona/compliance-uk — the UK compliance rule pack: UK GDPR, FCA rules and PECR as data, every rule with its
 * source (listed in README.md), and the plugin that gives them to UK banks. See README.md.
 */
export { ukRules } from './rules';
export { ukRulePackPlugin } from './plugin';
