// Real services for these tests: the ones `./fp test` started (it exports TEST_DATABASE_ADMIN_URL,
// KEYCLOAK_URL, TEMPORAL_ADDRESS, TEMPORAL_TEST_SERVER_PATH, ...), or else started here and stopped after.
import { ensureTestServices } from '@finpersona/deploy';

export default async function setup(): Promise<() => Promise<void>> {
  return ensureTestServices();
}
