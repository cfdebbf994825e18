import type { Db } from '#src/db/client.ts';
import { hashApiKey } from '#src/crypto/api-key.ts';
import { API_SCOPES, type ApiScope, type Viewer } from '#src/context.ts';

const LAST_USED_RESOLUTION_MS = 60_000;

/**
 * Resolves `Bearer <key>` (or the bare key, as some WebSocket clients send it) to the viewer, or
 * null when the key is missing, unknown or revoked. last_used_at is refreshed at most once a
 * minute per key, so busy clients do not turn every read into a write.
 */
export async function authenticate(prisma: Db, authorization: unknown): Promise<Viewer | null> {
  if (typeof authorization !== 'string') return null;
  const key = authorization.replace(/^Bearer\s+/i, '').trim();
  if (!key) return null;
  const apiKey = await prisma.apiKey.findUnique({ where: { hash: hashApiKey(key) } });
  if (!apiKey || apiKey.revokedAt) return null;
  const now = new Date();
  if (!apiKey.lastUsedAt || now.getTime() - apiKey.lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS) {
    void prisma.apiKey.update({ where: { id: apiKey.id }, data: { lastUsedAt: now } }).catch(() => {});
  }
  const scopes = new Set(apiKey.scopes.filter((scope): scope is ApiScope => (API_SCOPES as readonly string[]).includes(scope)));
  return { workspaceId: apiKey.workspaceId, apiKeyId: apiKey.id, scopes };
}
