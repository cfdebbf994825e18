import { createHash } from 'node:crypto';
import { afterAll, beforeAll } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { createTestKey, startTestApp, type TestApp, type TestAppOptions } from '../helpers/app.ts';
import { encryptSecret } from '#src/crypto/secret-box.ts';

/** Computed here, independently of the code under test: sha1 of the sorted, joined parts. */
export const sign = (...parts: string[]) => createHash('sha1').update([...parts].sort().join('')).digest('hex');

/** A valid EncodingAESKey (43 characters). */
export const AES_KEY = 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG';

/** A test app with two accounts sharing one callback token: one in plaintext mode, one in safe mode. */
export interface CallbackTestEnv {
  app: TestApp;
  plainId: string;
  safeId: string;
}

/**
 * Starts, for the calling test file, an app on a database of its own with a plaintext-mode and a
 * safe-mode account (`appIds` name them) whose callback token is `token`; stopped after the file.
 * The returned object is filled in beforeAll.
 */
export function useCallbackAccounts(token: string, appIds: { plain: string; safe: string }, config?: TestAppOptions['config']): CallbackTestEnv {
  const env = {} as CallbackTestEnv;
  let db: TestDatabase | undefined;
  beforeAll(async () => {
    db = await createTestDatabase();
    env.app = await startTestApp({ databaseUrl: db.url, ...(config ? { config } : {}) });
    const { workspaceId } = await createTestKey(env.app);
    const base = { workspaceId, type: 'SERVICE' as const, name: 'cb', secretCiphertext: encryptSecret('s', env.app.deps.secretKey), callbackToken: token };
    env.plainId = (await env.app.deps.prisma.officialAccount.create({ data: { ...base, appId: appIds.plain } })).id;
    env.safeId = (await env.app.deps.prisma.officialAccount.create({ data: { ...base, appId: appIds.safe, callbackAesKey: AES_KEY } })).id;
  });
  afterAll(async () => {
    await env.app?.stop();
    await db?.drop();
  });
  return env;
}
