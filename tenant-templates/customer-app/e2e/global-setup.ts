// Real services for the browser tests: the ones `./fp test` started (it exports their addresses), or else
// started here and stopped after the run.
import { ensureTestServices } from '@finpersona/deploy';

export default async function setup(): Promise<() => Promise<void>> {
  return ensureTestServices();
}
