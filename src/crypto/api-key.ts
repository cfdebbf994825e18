import { createHash, randomBytes } from 'node:crypto';

const KEY_PREFIX = 'wxk_';

/** A new API key: the clear key (shown once) plus what is stored (hash and a display prefix). */
export function generateApiKey(): { key: string; hash: string; prefix: string } {
  const key = `${KEY_PREFIX}${randomBytes(24).toString('base64url')}`;
  return { key, hash: hashApiKey(key), prefix: key.slice(0, KEY_PREFIX.length + 6) };
}

/**
 * SHA-256 of the key. Keys are 192 random bits, so a fast hash is enough (no password stretching
 * needed) and lets a request find its key by an indexed equality lookup.
 */
export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}
