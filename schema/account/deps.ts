import type { Context } from '#src/context.ts';
import type { AccountServiceDeps } from '#src/services/accounts.ts';

/** The account service's dependencies as the GraphQL layer provides them. */
export function accountServiceDeps(ctx: Context): AccountServiceDeps {
  return { secretKey: ctx.app.secretKey, verifyCredentials: ctx.app.wechat.verifyCredentials };
}
