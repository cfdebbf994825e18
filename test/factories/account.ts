import { randomBytes } from 'node:crypto';
import type { Db } from '#src/db/client.ts';

/**
 * A bound Official Account row of a workspace, written directly (no WeChat check). The secret
 * ciphertext is a placeholder: tests that call WeChat bind through the API instead.
 */
export async function createAccount(prisma: Db, workspaceId: string, overrides: { name?: string; type?: 'SUBSCRIPTION' | 'SERVICE' } = {}) {
  const suffix = randomBytes(8).toString('hex');
  return prisma.officialAccount.create({
    data: {
      workspaceId,
      appId: `wx${suffix}`,
      name: overrides.name ?? `Account ${suffix}`,
      type: overrides.type ?? 'SERVICE',
      secretCiphertext: 'test-placeholder',
      callbackToken: suffix,
    },
  });
}
