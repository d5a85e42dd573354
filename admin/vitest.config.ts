import { fileURLToPath } from 'node:url';
import swc from 'unplugin-swc';
import { defineConfig } from 'vitest/config';

// The e2e tests start the real API in-process from the platform's sources: SWC keeps NestJS's decorator metadata.
const source = (path: string) => fileURLToPath(new URL(`../${path}`, import.meta.url));
const platformSources = [
  { find: /^@finpersona\/platform\/testing$/, replacement: source('platform/src/testing/index.ts') },
  { find: /^@finpersona\/platform$/, replacement: source('platform/src/index.ts') },
  { find: /^@finpersona\/migrations$/, replacement: source('migrations/src/index.ts') },
  { find: /^@finpersona\/plugin-sdk$/, replacement: source('plugins/sdk/src/index.ts') },
  { find: /^@finpersona\/plugin-sdk\/tensorflow$/, replacement: source('plugins/sdk/src/tensorflow.ts') },
  { find: /^@finpersona\/connector-sandbox$/, replacement: source('plugins/connector-sandbox/src/index.ts') },
  { find: /^@finpersona\/compliance-eu$/, replacement: source('plugins/compliance-eu/src/index.ts') },
  { find: /^@finpersona\/compliance-uk$/, replacement: source('plugins/compliance-uk/src/index.ts') },
  { find: /^@finpersona\/compliance-us$/, replacement: source('plugins/compliance-us/src/index.ts') },
  {
    find: /^@finpersona\/connector-open-banking-uk$/,
    replacement: source('plugins/connector-open-banking-uk/src/index.ts'),
  },
  {
    find: /^@finpersona\/connector-berlin-group$/,
    replacement: source('plugins/connector-berlin-group/src/index.ts'),
  },
  {
    find: /^@finpersona\/connector-statements$/,
    replacement: source('plugins/connector-statements/src/index.ts'),
  },
  { find: /^@finpersona\/catalogue-retail$/, replacement: source('plugins/catalogue-retail/src/index.ts') },
  { find: /^@finpersona\/insights-core$/, replacement: source('plugins/insights-core/src/index.ts') },
];

export default defineConfig({
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
        plugins: [swc.vite({ module: { type: 'es6' } })],
        resolve: { alias: platformSources },
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
