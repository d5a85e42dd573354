import { defineRulePackPlugin } from '@finpersona/plugin-sdk';
import { ukRules } from './rules';

/**
 * The UK compliance rule pack as a plugin (`compliance-uk`): UK GDPR, FCA rules and PECR, every rule cited (README.md).
 * A bank may tighten it through the standard rule-pack settings; a loosening is refused field by field.
 */
export const ukRulePackPlugin = defineRulePackPlugin({
  id: 'compliance-uk',
  name: 'UK compliance rules',
  version: '1.0.0',
  publisher: 'FinPersona',
  description: 'The rules of UK GDPR, FCA rules and PECR for banks in the UK, each with its source.',
  sdk: '^0.1.0',
  trust: 'first-party',
  law: ukRules,
});
