import { defineRulePackPlugin } from '@finpersona/plugin-sdk';
import { usRules } from './rules';

/**
 * The US compliance rule pack as a plugin (`compliance-us`): GLBA, CCPA/CPRA, TCPA and CFPB 1033, every rule cited (README.md).
 * A bank may tighten it through the standard rule-pack settings; a loosening is refused field by field.
 */
export const usRulePackPlugin = defineRulePackPlugin({
  id: 'compliance-us',
  name: 'US compliance rules',
  version: '1.0.0',
  publisher: 'FinPersona',
  description: 'The rules of GLBA, CCPA/CPRA, TCPA and CFPB 1033 for banks in the US, each with its source.',
  sdk: '^0.1.0',
  trust: 'first-party',
  law: usRules,
});
