import type { Agenda } from 'agenda';
import type { Config } from '#src/env.ts';
import type { Db } from '#src/db/client.ts';
import type { ScopedDb } from '#src/db/scoped.ts';
import type { WxPubSub } from '#src/pubsub.ts';
import type { WeChatAccess } from '#src/wechat/access.ts';
import type { Clock } from '#src/clock.ts';

/** What an API key may do. `admin` manages API keys; `write` changes data; `read` reads it. */
export const API_SCOPES = ['read', 'write', 'admin'] as const;
export type ApiScope = (typeof API_SCOPES)[number];

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
  pubsub: WxPubSub;
  agenda: Agenda;
  secretKey: Buffer;
  /** WeChat clients of bound accounts, and the credential check made when binding. */
  wechat: WeChatAccess;
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
