import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    // Services up, and one migrated template database per run (see the file).
    globalSetup: ['test/setup/global-setup.ts'],
    // Real servers, real processes: generous, but a hung test still fails.
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Child processes, not threads: tests start servers, PGlite (wasm) and the schema engine.
    pool: 'forks',
    fileParallelism: true,
    env: { NODE_ENV: 'test' },
  },
});
