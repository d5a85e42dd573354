import { definePlugin, type PluginDefinition } from '@finpersona/plugin-sdk';
import { createInsightGenerator, features, kinds } from './generator';
import { insightLocales } from './messages';
import { checkSettings, resolveSettings, settingsSchema, transactionDays } from './settings';

/** The plugin id banks install (`installPlugin(pluginId: "insights-core")`). */
export const insightsCorePluginId = 'insights-core';

/**
 * The first-party insight generators as a plugin (`insights-core`): six kinds of insight from a customer's
 * features and transactions, each with thresholds the bank may set.
 */
export const insightsCorePlugin: PluginDefinition = definePlugin({
  manifest: {
    id: insightsCorePluginId,
    name: 'Core insights',
    version: '0.1.0',
    publisher: 'FinPersona',
    description:
      'Insights for customers from their own data: unusual spending against their own history, a subscription price rise, an upcoming low balance from the forecast, idle cash, a new recurring payment and a salary change. Each kind can be switched off and its thresholds set per bank.',
    sdk: '^0.1.0',
    capabilities: ['insight-generator'],
    settings: settingsSchema,
    // Pseudonymous features and transactions only; it calls no host.
    permissions: { data: ['features', 'transactions'], hosts: [] },
    regions: ['EU', 'UK', 'US'],
    trust: 'first-party',
    hooks: ['install', 'configure', 'upgrade'],
  },
  extensions: {
    'insight-generator': {
      kinds,
      features,
      transactionDays,
      // The message catalogue's languages (`messages.ts`): English and Slovenian.
      locales: insightLocales,
      create: (context) => createInsightGenerator(resolveSettings(context.settings)),
    },
  },
  hooks: { install: checkSettings, configure: checkSettings, upgrade: checkSettings },
});

/** The bundle entry (`finpersona-plugin validate --entry src/plugin.ts`) takes the default export. */
export default insightsCorePlugin;
