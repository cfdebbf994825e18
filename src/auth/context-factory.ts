import { GraphQLError } from 'graphql';
import type { AppDeps, Context, Viewer } from '#src/context.ts';
import { scopeToWorkspace, type ScopedDb } from '#src/db/scoped.ts';

/** 401 as a GraphQL error body: Yoga turns `extensions.http.status` into the response status. */
export function unauthenticatedError() {
  return new GraphQLError('A valid API key is required: send "Authorization: Bearer <key>"', {
    extensions: { code: 'UNAUTHENTICATED', http: { status: 401, headers: { 'WWW-Authenticate': 'Bearer' } } },
  });
}

/**
 * Builds the GraphQL context for an authenticated viewer; HTTP and graphql-ws both come here.
 * Scoped clients are cached per workspace: building the Prisma extension per request would
 * allocate a new client proxy every time.
 */
export function createContextFactory(app: AppDeps) {
  const scoped = new Map<string, ScopedDb>();
  return (viewer: Viewer): Context => {
    let db = scoped.get(viewer.workspaceId);
    if (!db) {
      db = scopeToWorkspace(app.prisma, viewer.workspaceId);
      if (scoped.size > 1000) scoped.clear();
      scoped.set(viewer.workspaceId, db);
    }
    return { viewer, db, app };
  };
}
