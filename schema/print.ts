import { lexicographicSortSchema, printSchema } from 'graphql';
import { buildSchema } from '#schema/index.ts';

/** The SDL as committed at schema/schema.graphql: sorted, so diffs show real changes only. */
export function printSchemaFile(): string {
  return `${printSchema(lexicographicSortSchema(buildSchema()))}\n`;
}
