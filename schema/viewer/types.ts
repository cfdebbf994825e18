import { builder } from '#schema/builder.ts';
import type { Viewer as ViewerShape } from '#src/context.ts';

export const Workspace = builder.prismaNode('Workspace', {
  id: { field: 'id' },
  // node(id) of another workspace's row is null (the scoped client finds nothing), not an error.
  nullable: true,
  fields: (t) => ({
    name: t.exposeString('name'),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
  }),
});

export const ApiKey = builder.prismaNode('ApiKey', {
  id: { field: 'id' },
  // node(id) of another workspace's row is null (the scoped client finds nothing), not an error.
  nullable: true,
  description: 'An API key; the key itself is shown only once, when it is created',
  fields: (t) => ({
    name: t.exposeString('name'),
    prefix: t.exposeString('prefix', { description: 'First characters of the key, to recognise it' }),
    scopes: t.exposeStringList('scopes', { description: 'What the key may do: read, write (which includes read), admin' }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    lastUsedAt: t.expose('lastUsedAt', { type: 'DateTime', nullable: true }),
    revokedAt: t.expose('revokedAt', { type: 'DateTime', nullable: true }),
  }),
});

/** Who is calling: the workspace of the API key and what the key may do. */
export const Viewer = builder.objectRef<ViewerShape>('Viewer').implement({
  fields: (t) => ({
    scopes: t.stringList({
      description: 'The scopes of the calling key, as it was created: read, write (which includes read), admin',
      resolve: (viewer) => [...viewer.scopes],
    }),
    workspace: t.prismaField({
      type: Workspace,
      resolve: (query, viewer, _args, ctx) => ctx.db.workspace.findUniqueOrThrow({ ...query, where: { id: viewer.workspaceId } }),
    }),
    apiKey: t.prismaField({
      type: ApiKey,
      description: 'The key this request is made with',
      resolve: (query, viewer, _args, ctx) => ctx.db.apiKey.findUniqueOrThrow({ ...query, where: { id: viewer.apiKeyId } }),
    }),
    apiKeys: t.prismaConnection({
      type: ApiKey,
      cursor: 'id',
      authScopes: { scope: 'admin' },
      totalCount: (_viewer, _args, ctx) => ctx.db.apiKey.count(),
      resolve: (query, _viewer, _args, ctx) => ctx.db.apiKey.findMany({ ...query, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] }),
    }),
  }),
});
