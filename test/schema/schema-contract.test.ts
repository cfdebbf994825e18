import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { buildSchema } from '#schema/index.ts';
import { printSchemaFile } from '#schema/print.ts';

describe('schema contract', () => {
  it('declares an auth scope on every root field', () => {
    const schema = buildSchema();
    const missing: string[] = [];
    for (const root of [schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()]) {
      for (const field of Object.values(root?.getFields() ?? {})) {
        const options = (field.extensions?.pothosOptions ?? {}) as { authScopes?: unknown };
        if (!options.authScopes) missing.push(`${root!.name}.${field.name}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('has the committed SDL at schema/schema.graphql up to date (run `npm run schema:print`)', async () => {
    const committed = await readFile(new URL('../../schema/schema.graphql', import.meta.url), 'utf8');
    expect(committed).toBe(printSchemaFile());
  });
});
