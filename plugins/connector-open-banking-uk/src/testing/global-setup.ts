import { ensureAccountInfoSpec } from '../spec/spec-source';

/** Fetches the OpenAPI document once, before test files (which run in parallel) need it. */
export default async function setup(): Promise<void> {
  await ensureAccountInfoSpec();
}
