import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// The templates import the SDK by its published name; in this package that is its own source.
export default defineConfig({
  resolve: {
    alias: [
      {
        find: /^@finpersona\/plugin-sdk\/testing$/,
        replacement: fileURLToPath(new URL('./src/testing/index.ts', import.meta.url)),
      },
      {
        find: /^@finpersona\/plugin-sdk$/,
        replacement: fileURLToPath(new URL('./src/index.ts', import.meta.url)),
      },
    ],
  },
  test: { include: ['src/**/*.test.ts', 'templates/**/*.test.ts'] },
});
