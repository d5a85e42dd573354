/**
 * @finpersona/compliance-eu — the EU compliance rule pack: GDPR + PSD2 and its RTS as data, every rule with its
 * source (listed in README.md), and the plugin that gives them to EU banks. See README.md.
 */
export { euRules } from './rules';
export { euRulePackPlugin } from './plugin';
