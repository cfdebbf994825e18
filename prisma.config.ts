import { defineConfig } from 'prisma/config';

// process.env, not env(): `prisma generate` must work with DATABASE_URL unset (env() throws).
export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  datasource: { url: process.env.DATABASE_URL ?? 'postgresql://localhost/unused' },
});
