import { fileURLToPath } from 'node:url';
import swc from 'unplugin-swc';
import { defineConfig } from 'vitest/config';

// SWC (not esbuild) compiles the tests: NestJS and MikroORM need decorator metadata.
const plugins = [swc.vite({ module: { type: 'es6' } })];
// Tests run the migrations and the plugin SDK from source, so they need no build of either first.
const alias = {
  '@finpersona/migrations': fileURLToPath(new URL('../migrations/src/index.ts', import.meta.url)),
  // Before the package itself: an alias key also matches its subpaths, and the first match wins.
  '@finpersona/plugin-sdk/tensorflow': fileURLToPath(
    new URL('../plugins/sdk/src/tensorflow.ts', import.meta.url),
  ),
  '@finpersona/plugin-sdk': fileURLToPath(new URL('../plugins/sdk/src/index.ts', import.meta.url)),
  '@finpersona/connector-sandbox': fileURLToPath(
    new URL('../plugins/connector-sandbox/src/index.ts', import.meta.url),
  ),
  '@finpersona/compliance-eu': fileURLToPath(
    new URL('../plugins/compliance-eu/src/index.ts', import.meta.url),
  ),
  '@finpersona/compliance-uk': fileURLToPath(
    new URL('../plugins/compliance-uk/src/index.ts', import.meta.url),
  ),
  '@finpersona/compliance-us': fileURLToPath(
    new URL('../plugins/compliance-us/src/index.ts', import.meta.url),
  ),
  '@finpersona/connector-open-banking-uk': fileURLToPath(
    new URL('../plugins/connector-open-banking-uk/src/index.ts', import.meta.url),
  ),
  '@finpersona/connector-berlin-group': fileURLToPath(
    new URL('../plugins/connector-berlin-group/src/index.ts', import.meta.url),
  ),
  '@finpersona/connector-statements': fileURLToPath(
    new URL('../plugins/connector-statements/src/index.ts', import.meta.url),
  ),
  '@finpersona/catalogue-retail': fileURLToPath(
    new URL('../plugins/catalogue-retail/src/index.ts', import.meta.url),
  ),
  '@finpersona/insights-core': fileURLToPath(
    new URL('../plugins/insights-core/src/index.ts', import.meta.url),
  ),
  '@finpersona/connector-berlin-group/local-aspsp': fileURLToPath(
    new URL('../plugins/connector-berlin-group/src/local-aspsp/index.ts', import.meta.url),
  ),
};

export default defineConfig({
  plugins,
  resolve: { alias },
  test: {
    projects: [
      {
        plugins,
        resolve: { alias },
        test: {
          name: 'unit',
          include: ['src/**/*.test.ts'],
          exclude: ['src/**/*.int.test.ts'],
        },
      },
      {
        plugins,
        resolve: { alias },
        test: {
          name: 'integration',
          include: ['src/**/*.int.test.ts'],
          globalSetup: ['./src/testing/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 300_000,
          // Each file builds its own database and API; running them one at a time keeps a 2-core box responsive.
          fileParallelism: false,
        },
      },
    ],
  },
});
