import type { Db } from '#src/db/client.ts';

/**
 * How each model reaches its workspace. Every model must be listed: the type makes a new model
 * without an entry a compile error, so nothing can escape tenancy by being forgotten.
 */
const scopeByModel = {
  Workspace: (ws: string) => ({ id: ws }),
  ApiKey: (ws: string) => ({ workspaceId: ws }),
  OfficialAccount: (ws: string) => ({ workspaceId: ws }),
  MiniProgram: (ws: string) => ({ workspaceId: ws }),
  Customer: (ws: string) => ({ workspaceId: ws }),
  CustomerGroup: (ws: string) => ({ workspaceId: ws }),
  Campaign: (ws: string) => ({ workspaceId: ws }),
  JobRun: (ws: string) => ({ workspaceId: ws }),
  AccessToken: (ws: string) => ({ account: { workspaceId: ws } }),
  WeChatEvent: (ws: string) => ({ account: { workspaceId: ws } }),
  Follower: (ws: string) => ({ account: { workspaceId: ws } }),
  Material: (ws: string) => ({ account: { workspaceId: ws } }),
  Image: (ws: string) => ({ account: { workspaceId: ws } }),
  Card: (ws: string) => ({ account: { workspaceId: ws } }),
  MaterialArticle: (ws: string) => ({ material: { account: { workspaceId: ws } } }),
  CustomerGroupMember: (ws: string) => ({ group: { workspaceId: ws } }),
  JobRunEvent: (ws: string) => ({ jobRun: { workspaceId: ws } }),
  MassSendResult: (ws: string) => ({ account: { workspaceId: ws } }),
  CallbackNonce: (ws: string) => ({ account: { workspaceId: ws } }),
  Broadcast: (ws: string) => ({ workspaceId: ws }),
  BroadcastTask: (ws: string) => ({ broadcast: { workspaceId: ws } }),
  BroadcastTaskGroup: (ws: string) => ({ task: { broadcast: { workspaceId: ws } } }),
  AbTestGroup: (ws: string) => ({ task: { broadcast: { workspaceId: ws } } }),
  FollowerMonthlySend: (ws: string) => ({ account: { workspaceId: ws } }),
  PreviewDailyCount: (ws: string) => ({ account: { workspaceId: ws } }),
  SendRecord: (ws: string) => ({ task: { broadcast: { workspaceId: ws } } }),
  SendBatch: (ws: string) => ({ record: { task: { broadcast: { workspaceId: ws } } } }),
  SendRecordRecipient: (ws: string) => ({ record: { task: { broadcast: { workspaceId: ws } } } }),
} satisfies Record<string, (ws: string) => object>;

type ScopedModel = keyof typeof scopeByModel;

const FILTERED_OPERATIONS = new Set([
  'findUnique', 'findUniqueOrThrow', 'findFirst', 'findFirstOrThrow', 'findMany', 'count', 'aggregate',
  'groupBy', 'update', 'updateMany', 'updateManyAndReturn', 'delete', 'deleteMany', 'upsert',
]);
const DIRECT_WORKSPACE_MODELS = new Set<string>(['ApiKey', 'OfficialAccount', 'MiniProgram', 'Customer', 'CustomerGroup', 'Campaign', 'JobRun', 'Broadcast']);

/**
 * The one place workspace tenancy is enforced: a Prisma client whose every read, update and
 * delete is narrowed to one workspace, and whose creates of workspace-owned rows are stamped with
 * it. GraphQL resolvers (including the Prisma plugin's relation loads and `node`) and services
 * called from them only ever get this client, so an id from another workspace behaves as absent.
 * Creates of account-owned rows are checked by their services, which load the account through
 * this client first.
 */
export function scopeToWorkspace(db: Db, workspaceId: string) {
  return db.$extends({
    name: 'workspace-scope',
    query: {
      $allModels: {
        async $allOperations({ model, operation, args, query }) {
          const scope = scopeByModel[model as ScopedModel];
          if (!scope) throw new Error(`model ${model} has no workspace scope`);
          const input = (args ?? {}) as Record<string, unknown>;
          // The Prisma plugin passes `select: {}` when a query picks no column of the row (e.g. a
          // mutation result selecting only __typename); Prisma refuses an empty select.
          if (isEmptyObject(input.select)) delete input.select;
          if (FILTERED_OPERATIONS.has(operation)) {
            const where = (input.where ?? {}) as Record<string, unknown>;
            const and = Array.isArray(where.AND) ? where.AND : where.AND ? [where.AND] : [];
            input.where = { ...where, AND: [...and, scope(workspaceId)] };
          }
          if (DIRECT_WORKSPACE_MODELS.has(model) && (operation === 'create' || operation === 'upsert')) {
            const key = operation === 'create' ? 'data' : 'create';
            input[key] = stampWorkspace(input[key], workspaceId);
          }
          if (DIRECT_WORKSPACE_MODELS.has(model) && (operation === 'createMany' || operation === 'createManyAndReturn')) {
            const data = input.data;
            input.data = Array.isArray(data) ? data.map((row) => stampWorkspace(row, workspaceId)) : stampWorkspace(data, workspaceId);
          }
          return query(input as typeof args);
        },
      },
    },
  });
}

function isEmptyObject(value: unknown): boolean {
  return typeof value === 'object' && value !== null && Object.keys(value).length === 0;
}

function stampWorkspace(data: unknown, workspaceId: string): Record<string, unknown> {
  const row = { ...(data as Record<string, unknown>) };
  if ('workspace' in row) throw new Error('set workspaceId, not a workspace relation, on scoped creates');
  if (row.workspaceId !== undefined && row.workspaceId !== workspaceId) throw new Error('cross-workspace create refused');
  row.workspaceId = workspaceId;
  return row;
}

export type ScopedDb = ReturnType<typeof scopeToWorkspace>;
