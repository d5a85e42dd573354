import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// Tests run the plugin SDK from source, so they need no build of it first.
export default defineConfig({
  resolve: {
    alias: { '@finpersona/plugin-sdk': fileURLToPath(new URL('../sdk/src/index.ts', import.meta.url)) },
  },
  test: { include: ['src/**/*.test.ts'] },
});
