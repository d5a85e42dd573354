import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['local/src/**/*.test.ts', '*.test.ts'],
    globalSetup: ['./local/src/vitest-global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
