import { resolve } from 'node:path';
import swc from 'unplugin-swc';
import { defineConfig } from 'vitest/config';

const source = (path: string) => resolve(__dirname, path);

export default defineConfig({
  // SWC, not esbuild: the platform's Nest services need decorator metadata for injection.
  plugins: [
    swc.vite({
      module: { type: 'es6' },
      jsc: {
        target: 'es2023',
        parser: { syntax: 'typescript', decorators: true },
        transform: { legacyDecorator: true, decoratorMetadata: true },
      },
    }),
  ],
  resolve: {
    // Tests run against the platform's sources, so they never depend on a stale build.
    alias: [
      { find: /^@finpersona\/platform\/testing$/, replacement: source('../platform/src/testing/index.ts') },
      { find: /^@finpersona\/platform$/, replacement: source('../platform/src/index.ts') },
      { find: /^@finpersona\/migrations$/, replacement: source('../migrations/src/index.ts') },
      { find: /^@finpersona\/plugin-sdk$/, replacement: source('../plugins/sdk/src/index.ts') },
      {
        find: /^@finpersona\/plugin-sdk\/tensorflow$/,
        replacement: source('../plugins/sdk/src/tensorflow.ts'),
      },
      {
        find: /^@finpersona\/connector-sandbox$/,
        replacement: source('../plugins/connector-sandbox/src/index.ts'),
      },
      {
        find: /^@finpersona\/compliance-eu$/,
        replacement: source('../plugins/compliance-eu/src/index.ts'),
      },
      {
        find: /^@finpersona\/compliance-uk$/,
        replacement: source('../plugins/compliance-uk/src/index.ts'),
      },
      {
        find: /^@finpersona\/compliance-us$/,
        replacement: source('../plugins/compliance-us/src/index.ts'),
      },
      {
        find: /^@finpersona\/connector-open-banking-uk$/,
        replacement: source('../plugins/connector-open-banking-uk/src/index.ts'),
      },
      {
        find: /^@finpersona\/connector-berlin-group$/,
        replacement: source('../plugins/connector-berlin-group/src/index.ts'),
      },
      {
        find: /^@finpersona\/connector-statements$/,
        replacement: source('../plugins/connector-statements/src/index.ts'),
      },
      {
        find: /^@finpersona\/catalogue-retail$/,
        replacement: source('../plugins/catalogue-retail/src/index.ts'),
      },
      {
        find: /^@finpersona\/insights-core$/,
        replacement: source('../plugins/insights-core/src/index.ts'),
      },
    ],
  },
  test: {
    include: ['src/**/*.test.ts'],
    globalSetup: ['./test/global-setup.ts'],
    testTimeout: 120_000,
    hookTimeout: 180_000,
  },
});
