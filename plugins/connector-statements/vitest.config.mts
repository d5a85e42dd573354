import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// Tests run the plugin SDK from source, so they need no build of it first.
export default defineConfig({
  resolve: {
    alias: { '@finpersona/plugin-sdk': fileURLToPath(new URL('../sdk/src/index.ts', import.meta.url)) },
  },
  // Whole-file parses (PKDD'99's 49,101 rows, XSD validation in a WebAssembly worker) take seconds on a
  // busy two-core machine; the default 5 s would fail them for load, not for a fault.
  test: { include: ['src/**/*.test.ts'], testTimeout: 30_000, hookTimeout: 60_000 },
});
