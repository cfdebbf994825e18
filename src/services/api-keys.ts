import { z } from 'zod';
import type { Db } from '#src/db/client.ts';
import type { ScopedDb } from '#src/db/scoped.ts';
import { generateApiKey } from '#src/crypto/api-key.ts';
import { API_SCOPES, grantsScope, type ApiScope } from '#src/context.ts';
import type { KeyRevocations } from '#src/auth/key-revocations.ts';
import { NotFoundError, ValidationError } from '#src/errors.ts';
import { parseInput, requiredText } from '#src/services/validate.ts';

const createSchema = z.object({
  name: requiredText(64),
  scopes: z.array(z.enum(API_SCOPES)).min(1, { message: 'must name at least one scope' }),
});

/**
 * Creates the workspace named `workspaceName` if needed and a key for it with every scope. For
 * the CLI (`wxcast api-key create`), which is how the first key of a workspace comes to exist.
 * Returns the clear key: it is shown once and only its hash is stored.
 */
export async function createWorkspaceKey(prisma: Db, workspaceName: string, keyName = 'cli') {
  const name = parseInput(requiredText(64), workspaceName, 'workspace');
  const workspace = await prisma.workspace.upsert({ where: { name }, create: { name }, update: {} });
  const generated = generateApiKey();
  const apiKey = await prisma.apiKey.create({
    data: { workspaceId: workspace.id, name: keyName, hash: generated.hash, prefix: generated.prefix, scopes: [...API_SCOPES] },
  });
  return { workspace, apiKey, key: generated.key };
}

/**
 * Creates another key in the caller's workspace. A key can only hand out scopes it holds itself,
 * so a read-only integration cannot mint an admin key.
 */
export async function createApiKey(db: ScopedDb, callerScopes: ReadonlySet<ApiScope>, rawInput: { name: string; scopes: string[] }) {
  const input = parseInput(createSchema, rawInput);
  const missing = input.scopes.filter((scope) => !grantsScope(callerScopes, scope));
  if (missing.length > 0) throw ValidationError.field(['input', 'scopes'], `the calling key lacks ${missing.join(', ')}`);
  const generated = generateApiKey();
  const apiKey = await db.apiKey.create({
    data: { name: input.name, hash: generated.hash, prefix: generated.prefix, scopes: [...new Set(input.scopes)] } as never,
  });
  return { apiKey, key: generated.key };
}

/**
 * Revokes a key of the caller's workspace: requests with it fail from then on, and every process
 * is told to close the sockets and end the streams opened with it.
 */
export async function revokeApiKey(db: ScopedDb, revocations: Pick<KeyRevocations, 'announce'>, id: string) {
  const key = await db.apiKey.findFirst({ where: { id } });
  if (!key) throw new NotFoundError('ApiKey', id);
  const updated = await db.apiKey.update({ where: { id }, data: { revokedAt: key.revokedAt ?? new Date() } });
  await revocations.announce(id);
  return updated;
}
