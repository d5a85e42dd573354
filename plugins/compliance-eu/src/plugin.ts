import { defineRulePackPlugin } from '@finpersona/plugin-sdk';
import { euRules } from './rules';

/**
 * The EU compliance rule pack as a plugin (`compliance-eu`): GDPR + PSD2 and its RTS, every rule cited (README.md).
 * A bank may tighten it through the standard rule-pack settings; a loosening is refused field by field.
 */
export const euRulePackPlugin = defineRulePackPlugin({
  id: 'compliance-eu',
  name: 'EU compliance rules',
  version: '1.0.0',
  publisher: 'FinPersona',
  description: 'The rules of GDPR + PSD2 and its RTS for banks in the EU, each with its source.',
  sdk: '^0.1.0',
  trust: 'first-party',
  law: euRules,
});
