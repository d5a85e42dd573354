// Starts the real test services unless `./fp test` already did (it exports their addresses).
import { ensureTestServices } from './test-services.ts';

export default async function setup(): Promise<() => Promise<void>> {
  return ensureTestServices();
}
