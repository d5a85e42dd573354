// `./fp services`: start the test services (PostgreSQL, Keycloak, Temporal) and keep them up until Ctrl-C,
// so single test files can run against them without starting their own each time:
//   ./fp services &            # prints the variables and writes them to .local/test[-N]/services.env
//   set -a; source .local/test/services.env; set +a
//   ./fp pnpm --filter @finpersona/platform exec vitest run src/identity
// FINPERSONA_TEST_PORT_OFFSET shifts the ports, as for `./fp test`.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { testOffset, testStateDir } from './config.ts';
import { log } from './processes.ts';
import { startTestServices } from './test-services.ts';

const services = await startTestServices();
const envFile = join(testStateDir, 'services.env');
// The offset too: the browser tests serve their apps on its ports, which this Keycloak's redirect URIs name.
const variables = { ...services.env, FINPERSONA_TEST_PORT_OFFSET: String(testOffset) };
const lines = Object.entries(variables).map(([name, value]) => `${name}=${value}`);
writeFileSync(envFile, `${lines.join('\n')}\n`);
for (const line of lines) console.log(line);
log(`Test services are up; their variables are in ${envFile}. Ctrl-C stops them.`);

let stopping = false;
const stop = () => {
  if (stopping) return;
  stopping = true;
  log('Stopping the test services');
  services.stop().then(
    () => process.exit(0),
    (error: unknown) => {
      log(`Stopping failed: ${String(error)}`);
      process.exit(1);
    },
  );
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
