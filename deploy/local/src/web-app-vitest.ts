// The Vitest configuration of the web apps (the admin portal, the customer app), shared so that the list of
// workspace packages their browser tests load from source is kept in one place. Exported as
// `@finpersona/deploy/vitest` (not from index.ts: a config should not load pg and Playwright to be read).
import { fileURLToPath } from 'node:url';
import swc from 'unplugin-swc';
import { defineConfig, type ViteUserConfig } from 'vitest/config';

/** The repository's root, from this file's place in it (deploy/local/src). */
const repositoryRoot = new URL('../../../', import.meta.url);
const source = (path: string) => fileURLToPath(new URL(path, repositoryRoot));

/**
 * Each workspace package the in-process API needs, mapped to its TypeScript sources (no build needed before
 * a browser test). A new workspace package the platform imports gets its line here (and its `paths` in
 * deploy/local/tsconfig.web-app-e2e.json, which both apps' tsconfig.e2e.json extend).
 */
export const platformSourceAliases: { find: RegExp; replacement: string }[] = [
  { find: /^@finpersona\/platform\/testing$/, replacement: source('platform/src/testing/index.ts') },
  { find: /^@finpersona\/platform$/, replacement: source('platform/src/index.ts') },
  { find: /^@finpersona\/migrations$/, replacement: source('migrations/src/index.ts') },
  { find: /^@finpersona\/plugin-sdk$/, replacement: source('plugins/sdk/src/index.ts') },
  { find: /^@finpersona\/plugin-sdk\/tensorflow$/, replacement: source('plugins/sdk/src/tensorflow.ts') },
  ...[
    'connector-sandbox',
    'compliance-eu',
    'compliance-uk',
    'compliance-us',
    'connector-open-banking-uk',
    'connector-berlin-group',
    'connector-statements',
    'catalogue-retail',
    'insights-core',
    'model-propensity',
  ].map((plugin) => ({
    find: new RegExp(`^@finpersona/${plugin}$`),
    replacement: source(`plugins/${plugin}/src/index.ts`),
  })),
];

/**
 * A web app's two Vitest projects, run from the app's folder: `unit` (`src/**\/*.test.ts(x)`, no services)
 * and `e2e` (`e2e/**\/*.e2e.test.ts` with `e2e/global-setup.ts`: a real API started in-process, Keycloak and
 * Chromium; one file at a time, since the app's port is fixed for a FINPERSONA_TEST_PORT_OFFSET).
 */
export function webAppVitestConfig(): ViteUserConfig {
  return defineConfig({
    test: {
      projects: [
        {
          test: {
            name: 'unit',
            environment: 'node',
            include: ['src/**/*.test.ts', 'src/**/*.test.tsx'],
          },
        },
        {
          // The e2e tests start the real API in-process from the platform's sources: SWC keeps NestJS's
          // decorator metadata, which esbuild drops.
          plugins: [swc.vite({ module: { type: 'es6' } })],
          resolve: { alias: platformSourceAliases },
          test: {
            name: 'e2e',
            environment: 'node',
            include: ['e2e/**/*.e2e.test.ts'],
            globalSetup: ['e2e/global-setup.ts'],
            testTimeout: 120_000,
            hookTimeout: 300_000,
            fileParallelism: false,
          },
        },
      ],
    },
  });
}
