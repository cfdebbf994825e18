import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { ScopedDb } from '#src/db/scoped.ts';
import { encryptSecret } from '#src/crypto/secret-box.ts';
import { ConflictError, NotFoundError } from '#src/errors.ts';
import { parseInput, requiredText, timeZoneSchema } from '#src/services/validate.ts';
import { AccountType } from '#src/generated/prisma/enums.ts';
import { isUuid } from '#src/services/unique.ts';

/** Checks app credentials with WeChat before anything is stored (throws WeChatApiError when wrong). */
export type CredentialsVerifier = (appId: string, appSecret: string) => Promise<void>;

export interface AccountServiceDeps {
  secretKey: Buffer;
  verifyCredentials?: CredentialsVerifier;
}

const appIdSchema = requiredText(64).regex(/^\S+$/, { message: 'must not contain spaces' });
const callbackTokenSchema = z
  .string()
  .regex(/^[A-Za-z0-9]{3,32}$/, { message: 'must be 3 to 32 letters or digits (WeChat console rule)' });
const aesKeySchema = z.string().regex(/^[A-Za-z0-9]{43}$/, { message: 'must be 43 letters or digits (EncodingAESKey)' });
const accountTypeSchema = z.enum(AccountType, { message: 'must be SUBSCRIPTION or SERVICE' });

const bindSchema = z.object({
  appId: appIdSchema,
  appSecret: requiredText(128),
  name: requiredText(64),
  type: accountTypeSchema,
  timeZone: timeZoneSchema.default('Asia/Shanghai'),
  callbackToken: callbackTokenSchema.optional(),
  callbackAesKey: aesKeySchema.optional(),
});

const updateSchema = z.object({
  appSecret: requiredText(128).optional(),
  name: requiredText(64).optional(),
  type: accountTypeSchema.optional(),
  timeZone: timeZoneSchema.optional(),
  callbackToken: callbackTokenSchema.optional(),
  callbackAesKey: aesKeySchema.nullable().optional(),
});

export type BindAccountInput = z.input<typeof bindSchema>;
export type UpdateAccountInput = z.input<typeof updateSchema>;

/**
 * Binds an Official Account to the workspace. Validates input, verifies the credentials with WeChat,
 * then stores the secret encrypted. Binding an app id that was unbound re-activates its row, so
 * its history (followers, records) comes back; binding one that is active is a conflict.
 */
export async function bindAccount(db: ScopedDb, deps: AccountServiceDeps, rawInput: BindAccountInput) {
  const input = parseInput(bindSchema, rawInput);
  const existing = await db.officialAccount.findFirst({ where: { appId: input.appId } });
  if (existing && !existing.unboundAt) throw new ConflictError(`account ${input.appId} is already bound`);
  await deps.verifyCredentials?.(input.appId, input.appSecret);
  const data = {
    name: input.name,
    type: input.type,
    timeZone: input.timeZone,
    secretCiphertext: encryptSecret(input.appSecret, deps.secretKey),
    callbackToken: input.callbackToken ?? randomBytes(12).toString('hex'),
    callbackAesKey: input.callbackAesKey ?? null,
  };
  if (existing) {
    return db.officialAccount.update({ where: { id: existing.id }, data: { ...data, unboundAt: null } });
  }
  return db.officialAccount.create({ data: { ...data, appId: input.appId } as never });
}

/** Changes an account's settings; a new secret is verified with WeChat before it replaces the old. */
export async function updateAccount(db: ScopedDb, deps: AccountServiceDeps, id: string, rawInput: UpdateAccountInput) {
  const input = parseInput(updateSchema, rawInput);
  const account = await findActiveAccount(db, id);
  if (input.appSecret !== undefined) await deps.verifyCredentials?.(account.appId, input.appSecret);
  const { appSecret, ...rest } = input;
  const secretChanged = appSecret !== undefined;
  return db.$transaction(async (tx) => {
    // a new secret makes the cached token's provenance unclear: drop it, the next call fetches one
    if (secretChanged) await tx.accessToken.deleteMany({ where: { accountId: id } });
    return tx.officialAccount.update({
      where: { id },
      data: { ...rest, ...(secretChanged ? { secretCiphertext: encryptSecret(appSecret, deps.secretKey) } : {}) },
    });
  });
}

/** Unbinds an account: hidden from lists and unusable, history kept (bind again to restore). */
export async function unbindAccount(db: ScopedDb, id: string) {
  await findActiveAccount(db, id);
  return db.$transaction(async (tx) => {
    await tx.accessToken.deleteMany({ where: { accountId: id } });
    return tx.officialAccount.update({ where: { id }, data: { unboundAt: new Date() } });
  });
}

/** The id of an account of this workspace, bound or not (its history stays readable); NotFoundError otherwise. */
export async function workspaceAccountId(db: ScopedDb, id: string): Promise<string> {
  const found = isUuid(id) && (await db.officialAccount.findFirst({ where: { id }, select: { id: true } }));
  if (!found) throw new NotFoundError('Account', id);
  return id;
}

/** The account if it exists in this workspace and is bound; NotFoundError otherwise. */
export async function findActiveAccount(db: ScopedDb, id: string) {
  const account = await db.officialAccount.findFirst({ where: { id, unboundAt: null } });
  if (!account) throw new NotFoundError('Account', id);
  return account;
}
