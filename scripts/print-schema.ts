// Writes the printed SDL to schema/schema.graphql (committed; a test fails when it is stale).
import { writeFile } from 'node:fs/promises';
import { printSchemaFile } from '#schema/print.ts';

await writeFile(new URL('../schema/schema.graphql', import.meta.url), printSchemaFile());
console.log('schema/schema.graphql written');
