import { builder } from '#schema/builder.ts';
import { ValidationError, NotFoundError, ConflictError, WeChatApiError } from '#src/errors.ts';
import { Account, AccountTypeEnum } from '#schema/account/types.ts';
import { bindAccount, unbindAccount, updateAccount } from '#src/services/accounts.ts';
import { accountServiceDeps } from '#schema/account/deps.ts';
import { rowIdOf } from '#schema/global-ids.ts';

const BindAccountInput = builder.inputType('BindAccountInput', {
  fields: (t) => ({
    appId: t.string({ required: true }),
    appSecret: t.string({ required: true, description: 'Write-only: stored encrypted, never returned' }),
    name: t.string({ required: true }),
    type: t.field({ type: AccountTypeEnum, required: true }),
    timeZone: t.string({ description: 'IANA zone; default Asia/Shanghai' }),
    callbackToken: t.string({ description: 'Token for WeChat callbacks (3-32 letters/digits); generated when omitted' }),
    callbackAesKey: t.string({ description: 'EncodingAESKey (43 chars) for safe-mode callbacks' }),
  }),
});

const UpdateAccountInput = builder.inputType('UpdateAccountInput', {
  fields: (t) => ({
    appSecret: t.string(),
    name: t.string(),
    type: t.field({ type: AccountTypeEnum }),
    timeZone: t.string(),
    callbackToken: t.string(),
    callbackAesKey: t.string({ description: 'null turns safe mode off' }),
  }),
});

/** GraphQL gives null for omitted optional inputs; the services expect undefined ("not given"). */
const defined = <T extends object>(input: T) =>
  Object.fromEntries(Object.entries(input).filter(([, value]) => value !== null && value !== undefined)) as {
    [K in keyof T]?: Exclude<T[K], null>;
  };

builder.mutationFields((t) => ({
  bindAccount: t.prismaField({
    type: Account,
    authScopes: { scope: 'write' },
    errors: { types: [ValidationError, NotFoundError, ConflictError, WeChatApiError] },
    args: { input: t.arg({ type: BindAccountInput, required: true }) },
    resolve: async (query, _root, { input }, ctx) => {
      const account = await bindAccount(ctx.db, accountServiceDeps(ctx), defined(input) as never);
      return ctx.db.officialAccount.findUniqueOrThrow({ ...query, where: { id: account.id } });
    },
  }),
  updateAccount: t.prismaField({
    type: Account,
    authScopes: { scope: 'write' },
    errors: { types: [ValidationError, NotFoundError, ConflictError, WeChatApiError] },
    args: {
      id: t.arg.id({ required: true }),
      input: t.arg({ type: UpdateAccountInput, required: true }),
    },
    resolve: async (query, _root, { id: globalId, input }, ctx) => {
      const id = rowIdOf('Account', globalId);
      const { callbackAesKey, ...rest } = input;
      const changes = { ...defined(rest), ...(callbackAesKey === null ? { callbackAesKey: null } : defined({ callbackAesKey })) };
      await updateAccount(ctx.db, accountServiceDeps(ctx), id, changes);
      return ctx.db.officialAccount.findUniqueOrThrow({ ...query, where: { id } });
    },
  }),
  unbindAccount: t.prismaField({
    type: Account,
    authScopes: { scope: 'write' },
    errors: { types: [ValidationError, NotFoundError, ConflictError, WeChatApiError] },
    args: { id: t.arg.id({ required: true }) },
    resolve: async (query, _root, { id: globalId }, ctx) => {
      const id = rowIdOf('Account', globalId);
      await unbindAccount(ctx.db, id);
      return ctx.db.officialAccount.findUniqueOrThrow({ ...query, where: { id } });
    },
  }),
}));
