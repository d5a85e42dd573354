import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const source = (path: string) => fileURLToPath(new URL(path, import.meta.url));

// Tests run the SDK from source, so they need no build of it first.
export default defineConfig({
  resolve: {
    alias: [
      { find: /^@finpersona\/plugin-sdk\/testing$/, replacement: source('../sdk/src/testing/index.ts') },
      { find: /^@finpersona\/plugin-sdk$/, replacement: source('../sdk/src/index.ts') },
    ],
  },
  test: { include: ['src/**/*.test.ts'] },
});
