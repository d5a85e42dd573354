/**
 * @finpersona/compliance-us — the US compliance rule pack: GLBA, CCPA/CPRA, TCPA and CFPB 1033 as data, every rule with its
 * source (listed in README.md), and the plugin that gives them to US banks. See README.md.
 */
export { usRules } from './rules';
export { usRulePackPlugin } from './plugin';
