import type { Db } from '#src/db/client.ts';
import { hashApiKey } from '#src/crypto/api-key.ts';
import { API_SCOPES, type ApiScope, type Viewer } from '#src/context.ts';

const LAST_USED_RESOLUTION_MS = 60_000;

/**
 * `Bearer <key>` as RFC 6750 (section 2.1) writes it: the scheme, one or more spaces, a b64token.
 * The scheme is matched without regard to case, because RFC 7235 (section 2.1) makes every
 * authentication scheme case-insensitive and HTTP clients may send `bearer`. A bare key, another
 * scheme or anything around the token is refused.
 */
const BEARER = /^Bearer +([A-Za-z0-9\-._~+/]+=*)$/i;

/** The key of an Authorization value, or null when the value is not `Bearer <key>`. */
function bearerKey(authorization: unknown): string | null {
  if (typeof authorization !== 'string') return null;
  return BEARER.exec(authorization)?.[1] ?? null;
}

/**
 * Resolves an Authorization value (`Bearer <key>`) to the viewer, or null when it is malformed or
 * the key is unknown or revoked. last_used_at is refreshed at most once a minute per key, so busy
 * clients do not turn every read into a write.
 */
export async function authenticate(prisma: Db, authorization: unknown): Promise<Viewer | null> {
  const key = bearerKey(authorization);
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
