import type { Agenda } from 'agenda';
import type pg from 'pg';
import type { Config } from '#src/env.ts';
import type { Db } from '#src/db/client.ts';
import type { ScopedDb } from '#src/db/scoped.ts';
import type { WxPubSub } from '#src/pubsub.ts';
import type { WeChatAccess } from '#src/wechat/access.ts';
import type { KeyRevocations } from '#src/auth/key-revocations.ts';
import type { Clock } from '#src/clock.ts';

/**
 * What an API key may do. `admin` manages API keys; `write` changes data and, since every change
 * answers with the data it changed, reads it too; `read` reads it.
 */
export const API_SCOPES = ['read', 'write', 'admin'] as const;
export type ApiScope = (typeof API_SCOPES)[number];

/** Whether a key with `held` scopes may do what `required` allows: `write` includes `read`. */
export function grantsScope(held: ReadonlySet<ApiScope>, required: ApiScope): boolean {
  return held.has(required) || (required === 'read' && held.has('write'));
}

/** The caller, established once per request or socket from its API key. */
export interface Viewer {
  workspaceId: string;
  apiKeyId: string;
  scopes: ReadonlySet<ApiScope>;
}

/** Long-lived parts shared by the api and worker roles of one process. */
export interface AppDeps {
  config: Config;
  /** Unscoped: only for jobs, auth and services handed explicit, already-authorised ids. */
  prisma: Db;
  /**
   * Connections for bulk imports (a temporary table across statements), apart from Prisma's so
   * imports never take the connections other queries need; its size caps concurrent imports.
   */
  importPool: pg.Pool;
  pubsub: WxPubSub;
  agenda: Agenda;
  secretKey: Buffer;
  /** WeChat clients of bound accounts, and the credential check made when binding. */
  wechat: WeChatAccess;
  /** Ends sockets and streams of revoked keys, in every process. */
  keyRevocations: KeyRevocations;
  /** "Now" for time rules (quotas, A/B lead times, missed sends); tests inject their own. */
  clock: Clock;
}

/** GraphQL context: identical for HTTP and graphql-ws (built by src/auth/context-factory.ts). */
export interface Context {
  viewer: Viewer;
  /** Workspace-scoped Prisma client: the only one resolvers use. */
  db: ScopedDb;
  app: AppDeps;
}
