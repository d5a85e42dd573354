import { retailCataloguePlugin } from '@finpersona/catalogue-retail';
import { euRulePackPlugin } from '@finpersona/compliance-eu';
import { ukRulePackPlugin } from '@finpersona/compliance-uk';
import { usRulePackPlugin } from '@finpersona/compliance-us';
import { berlinGroupPlugin } from '@finpersona/connector-berlin-group';
import { openBankingUkPlugin } from '@finpersona/connector-open-banking-uk';
import { sandboxPlugin } from '@finpersona/connector-sandbox';
import { insightsCorePlugin } from '@finpersona/insights-core';
import { propensityModelPlugin } from '@finpersona/model-propensity';
import type { PluginCatalogue } from './plugin-catalogue';

/**
 * The first-party plugins every FinPersona process (API and worker) knows: the connector packages a bank
 * installs per tenant (sandbox, Open Banking UK, Berlin Group). A bank uses one only once it has installed
 * and enabled it (the demo bank gets the sandbox when it is onboarded). Statement files are not among them:
 * reading customers' uploads is the platform's own job, so the statement-file connector is built in
 * (`accounts/statement-file-connector.ts`) for every bank. The compliance rule packs of the EU, the UK and
 * the US: onboarding installs the bank's region's one (`firstPartyRulePacks`). The core insight generators
 * (`insights-core`): six kinds of insight from a customer's features and transactions. The default
 * recommendation model (`model-propensity`).
 */
export function registerFirstPartyPlugins(catalogue: PluginCatalogue): void {
  catalogue.register(sandboxPlugin);
  catalogue.register(openBankingUkPlugin);
  catalogue.register(berlinGroupPlugin);
  // The retail product catalogue: its default products for the bank's region, or the bank's own (JSON/CSV).
  catalogue.register(retailCataloguePlugin);
  catalogue.register(euRulePackPlugin);
  catalogue.register(ukRulePackPlugin);
  catalogue.register(usRulePackPlugin);
  // Unusual spending, subscription price rise, upcoming low balance, idle cash, new recurring payment, salary change.
  catalogue.register(insightsCorePlugin);
  // The default recommendation model (TensorFlow.js propensity), trained per bank by the retraining workflow.
  catalogue.register(propensityModelPlugin);
}
