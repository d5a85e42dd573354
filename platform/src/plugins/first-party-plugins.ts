import { berlinGroupPlugin } from '@finpersona/connector-berlin-group';
import { openBankingUkPlugin } from '@finpersona/connector-open-banking-uk';
import { sandboxPlugin } from '@finpersona/connector-sandbox';
import { statementsPlugin } from '@finpersona/connector-statements';
import { ConnectorError } from '@finpersona/plugin-sdk';
import type { PluginCatalogue } from './plugin-catalogue';

/**
 * The first-party plugins every FinPersona process (API and worker) knows: the four connector packages.
 * A bank uses one only once it has installed and enabled it (the demo bank gets the sandbox when it is
 * onboarded). The statement-file connector reads customers' uploads from the platform, which has no upload
 * store yet: its plugin installs, but connecting with it fails with UNSUPPORTED saying so.
 */
export function registerFirstPartyPlugins(catalogue: PluginCatalogue): void {
  catalogue.register(sandboxPlugin);
  catalogue.register(openBankingUkPlugin);
  catalogue.register(berlinGroupPlugin);
  catalogue.register(
    statementsPlugin({
      loadUpload: () =>
        Promise.reject(
          new ConnectorError('UNSUPPORTED', 'Statement uploads are not stored by this platform yet.'),
        ),
    }),
  );
}
