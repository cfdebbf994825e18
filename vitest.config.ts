import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// Node resolves `graphql` (no "exports" map) to its CommonJS index.js for the dependencies vitest
// leaves to Node (Pothos, Yoga), while vite would pick index.mjs for our own files: two copies,
// and every `instanceof GraphQLError` / "another module or realm" check breaks. Pin one copy.
const graphqlEntry = fileURLToPath(new URL('./node_modules/graphql/index.js', import.meta.url));

export default defineConfig({
  resolve: { alias: [{ find: /^graphql$/, replacement: graphqlEntry }] },
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    // Services up, and one migrated template database per run (see the file).
    globalSetup: ['test/setup/global-setup.ts'],
    // Real servers, real processes: generous, but a hung test still fails.
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Child processes, not threads: tests start servers, PostgreSQL clusters and the schema engine.
    pool: 'forks',
    fileParallelism: true,
    env: { NODE_ENV: 'test' },
  },
});
