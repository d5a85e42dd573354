import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const source = (path: string) => fileURLToPath(new URL(path, import.meta.url));

// Tests run the workspace packages from source, so they need no build of them first.
export default defineConfig({
  resolve: {
    alias: {
      '@finpersona/plugin-sdk': source('../sdk/src/index.ts'),
      '@finpersona/connector-statements': source('../connector-statements/src/index.ts'),
    },
  },
  test: { include: ['src/**/*.test.ts'] },
});
