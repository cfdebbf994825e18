import SchemaBuilder from '@pothos/core';
import PrismaPlugin from '@pothos/plugin-prisma';
import RelayPlugin from '@pothos/plugin-relay';
import ErrorsPlugin from '@pothos/plugin-errors';
import ScopeAuthPlugin from '@pothos/plugin-scope-auth';
import InputGuardPlugin from '#schema/plugins/input-guard.ts';
import { parseGlobalId } from '#schema/global-ids.ts';
import { GraphQLError, isObjectType, type GraphQLSchema } from 'graphql';
import { DateTimeResolver, JSONResolver } from 'graphql-scalars';
import type PrismaTypes from '#src/generated/pothos-prisma-types.ts';
import { getDatamodel } from '#src/generated/pothos-prisma-types.ts';
import type { Db } from '#src/db/client.ts';
import { grantsScope, type ApiScope, type Context } from '#src/context.ts';
import { AppError } from '#src/errors.ts';

/** Whether a decoded id names an object type that implements Node (and so can be looked up). */
function namesNode(id: { typename: string } | null, schema: GraphQLSchema): boolean {
  const type = id && schema.getType(id.typename);
  return isObjectType(type) && type.getInterfaces().some((face) => face.name === 'Node');
}

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
  plugins: [ScopeAuthPlugin, ErrorsPlugin, PrismaPlugin, RelayPlugin, InputGuardPlugin],
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
    // node and nodes answer null for an id that is malformed, a bare uuid, names no object type or
    // another workspace's object, as for one that was deleted: never an error. Ids are decoded
    // leniently here and the ones that cannot name a row are dropped before any lookup.
    decodeGlobalID: (globalID) => parseGlobalId(globalID) ?? { typename: '', id: globalID },
    nodeQueryOptions: {
      authScopes: { scope: 'read' },
      resolve: (_root, args, _ctx, info, resolveNode) => (namesNode(args.id, info.schema) ? resolveNode(args.id) : null),
    },
    nodesQueryOptions: {
      authScopes: { scope: 'read' },
      resolve: (_root, args, _ctx, info, resolveNodes) => {
        args.ids = args.ids.map((id) => (namesNode(id, info.schema) ? id : null)) as typeof args.ids;
        return resolveNodes(args.ids);
      },
    },
  },
});

builder.addScalarType('DateTime', DateTimeResolver);
builder.addScalarType('JSON', JSONResolver);
builder.scalarType('File', {
  description: 'A file sent as a multipart GraphQL upload',
  serialize: () => {
    throw new Error('File is an input-only scalar');
  },
  // Only a multipart upload puts a file here; any JSON value in its place is the client's mistake.
  parseValue: (value) => {
    // Yoga's multipart parser gives its own File class, so recognise a file by what it can do.
    if (typeof value === 'object' && value !== null && typeof (value as Blob).arrayBuffer === 'function') return value as File;
    throw new GraphQLError('must be a file sent as a multipart upload');
  },
  parseLiteral: () => {
    throw new GraphQLError('must be a file sent as a multipart upload (a variable), not a literal');
  },
});

builder.queryType({});
builder.mutationType({});
builder.subscriptionType({});
