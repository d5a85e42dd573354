import { defineConfig } from 'vitest/config';
import base from './vitest.config';

// The serving-latency benchmark (`src/**/*.bench.ts`): run by `bench:models` (scripts/bench-models.mts), never
// by the test suites. Same compiler and aliases as the tests, and their global setup (the real services).
export default defineConfig({
  plugins: base.plugins,
  resolve: base.resolve,
  test: {
    include: ['src/**/*.bench.ts'],
    globalSetup: ['./src/testing/global-setup.ts'],
    testTimeout: 30 * 60_000,
    hookTimeout: 300_000,
  },
});
