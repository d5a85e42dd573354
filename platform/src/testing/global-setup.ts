import type { TestProject } from 'vitest/node';

/** The services the integration tests use, from the environment `./fp test` sets. */
export interface TestServiceEnv {
  TEST_DATABASE_ADMIN_URL: string;
  KEYCLOAK_URL: string;
  TEMPORAL_ADDRESS: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    services: TestServiceEnv;
  }
}

const required = ['TEST_DATABASE_ADMIN_URL', 'KEYCLOAK_URL', 'TEMPORAL_ADDRESS'] as const;

/**
 * Uses the real services named by the environment (set by `./fp test`); when any is missing, starts
 * them through @finpersona/deploy and stops them after the run.
 */
export default async function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  let teardown: (() => Promise<void>) | undefined;
  if (!required.every((name) => process.env[name])) {
    const { ensureTestServices } = await import('@finpersona/deploy');
    teardown = await ensureTestServices();
  }
  const env = Object.fromEntries(
    required.map((name) => [name, process.env[name]!]),
  ) as unknown as TestServiceEnv;
  project.provide('services', env);
  return teardown;
}
