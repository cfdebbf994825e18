import SchemaBuilder from '@pothos/core';
import PrismaPlugin from '@pothos/plugin-prisma';
import RelayPlugin from '@pothos/plugin-relay';
import ErrorsPlugin from '@pothos/plugin-errors';
import ScopeAuthPlugin from '@pothos/plugin-scope-auth';
import { DateTimeResolver, JSONResolver } from 'graphql-scalars';
import type PrismaTypes from '#src/generated/pothos-prisma-types.ts';
import { getDatamodel } from '#src/generated/pothos-prisma-types.ts';
import type { Db } from '#src/db/client.ts';
import { grantsScope, type ApiScope, type Context } from '#src/context.ts';
import { AppError } from '#src/errors.ts';

const upperFirst = (name: string) => name.charAt(0).toUpperCase() + name.slice(1);

/**
 * The schema builder: plugins, scalars and root types only; each domain under schema/ adds its
 * own types and root fields. Scope-auth comes first so that auth runs before anything else.
 */
export const builder = new SchemaBuilder<{
  Context: Context;
  PrismaTypes: PrismaTypes;
  AuthScopes: { scope: ApiScope };
  Scalars: {
    DateTime: { Input: Date; Output: Date };
    JSON: { Input: unknown; Output: unknown };
    File: { Input: File; Output: never };
  };
  DefaultFieldNullability: false;
}>({
  plugins: [ScopeAuthPlugin, ErrorsPlugin, PrismaPlugin, RelayPlugin],
  defaultFieldNullability: false,
  scopeAuth: {
    authorizeOnSubscribe: true,
    authScopes: (ctx) => ({ scope: (required: ApiScope) => grantsScope(ctx.viewer.scopes, required) }),
  },
  errors: {
    defaultTypes: [AppError],
    defaultUnionOptions: { name: ({ fieldName }) => `${upperFirst(fieldName)}Result` },
    defaultResultOptions: { name: ({ fieldName }) => `${upperFirst(fieldName)}Success` },
  },
  prisma: {
    client: (ctx) => ctx.db as unknown as Db,
    dmmf: getDatamodel(),
    exposeDescriptions: true,
    filterConnectionTotalCount: true,
    onUnusedQuery: process.env.NODE_ENV === 'production' ? null : 'error',
  },
  relay: {
    clientMutationId: 'omit',
    cursorType: 'String',
    nodeQueryOptions: { authScopes: { scope: 'read' } },
    nodesQueryOptions: { authScopes: { scope: 'read' } },
  },
});

builder.addScalarType('DateTime', DateTimeResolver);
builder.addScalarType('JSON', JSONResolver);
builder.scalarType('File', {
  description: 'A file sent as a multipart GraphQL upload',
  serialize: () => {
    throw new Error('File is an input-only scalar');
  },
});

builder.queryType({});
builder.mutationType({});
builder.subscriptionType({});
