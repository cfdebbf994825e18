/**
 * Deterministic identifiers and pseudo-random numbers. Followers are never stored one by one:
 * an openid is a pure function of (account, index) and can be decoded back to its index, which
 * is what lets one account hold 1,000,000 followers and page them in O(page).
 */

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** 32-bit FNV-1a of a string. */
export function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** A 32-bit integer mixer (murmur3 finaliser); cheap enough to call millions of times. */
export function mix(a: number, b = 0): number {
  let h = (a ^ Math.imul(b + 0x9e3779b9, 0x85ebca6b)) >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** `length` characters of [A-Za-z0-9-_] derived from (salt, value). */
export function hashChars(salt: number, value: number, length: number): string {
  let out = '';
  let state = mix(salt, value);
  for (let i = 0; i < length; i++) {
    if (i % 5 === 0) state = mix(state, i + value);
    out += ALPHABET[state & 63];
    state >>>= 6;
  }
  return out;
}

const INDEX_WIDTH = 6; // base-36 digits: indices below 36^6 ≈ 2.18 billion per account
const MODULUS = 36 ** INDEX_WIDTH;
// An affine bijection on [0, 36^6) so consecutive followers get unrelated-looking, unsorted ids
// (clients must not rely on openid order). The multiplier is coprime with 2 and 3.
const MULTIPLIER = 1_000_000_007;
const INVERSE = Number(modInverse(BigInt(MULTIPLIER), BigInt(MODULUS)));

function modInverse(a: bigint, m: bigint): bigint {
  let [oldR, r] = [a, m];
  let [oldS, s] = [1n, 0n];
  while (r !== 0n) {
    const q = oldR / r;
    [oldR, r] = [r, oldR - q * r];
    [oldS, s] = [s, oldS - q * s];
  }
  return ((oldS % m) + m) % m;
}

/** (a * b) mod MODULUS without leaving exact double range (b split into 16-bit halves). */
function mulMod(a: number, b: number): number {
  const high = Math.floor(b / 65536);
  const low = b % 65536;
  return (((a * high) % MODULUS) * 65536 + a * low) % MODULUS;
}

/** Encodes (tag, index) as a 28-char openid/unionid-like string: prefix ‖ tag ‖ scrambled index ‖ check. */
export function encodeId(prefix: string, tag: string, salt: number, index: number): string {
  const scrambled = (mulMod(index, MULTIPLIER) + (salt % MODULUS)) % MODULUS;
  const body = scrambled.toString(36).padStart(INDEX_WIDTH, '0');
  const checkLength = 28 - prefix.length - tag.length - INDEX_WIDTH;
  return prefix + tag + body + hashChars(salt, index, checkLength);
}

/** Inverse of encodeId; undefined when the string was not made with this prefix, tag and salt. */
export function decodeId(prefix: string, tag: string, salt: number, id: string): number | undefined {
  if (id.length !== 28 || !id.startsWith(prefix + tag)) return undefined;
  const start = prefix.length + tag.length;
  const body = id.slice(start, start + INDEX_WIDTH);
  if (!/^[0-9a-z]+$/.test(body)) return undefined;
  const scrambled = parseInt(body, 36);
  const index = mulMod((scrambled - (salt % MODULUS) + MODULUS) % MODULUS, INVERSE);
  return encodeId(prefix, tag, salt, index) === id ? index : undefined;
}

/** A short tag that keeps the ids of different accounts/platforms apart. */
export function tagOf(name: string, length = 5): string {
  return hashChars(hashString(name), 7, length);
}

/** A seeded PRNG (mulberry32) returning floats in [0, 1). */
export function createRng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A deterministic float in [0, 1) from a few integers. */
export function unit(...parts: number[]): number {
  let h = 0x2545f491;
  for (const p of parts) h = mix(h, p);
  return h / 4294967296;
}

/** Random token text; tokens need not be deterministic, only unguessable-looking and long. */
export function randomToken(length: number): string {
  const bytes = new Uint8Array(length);
  crypto.getRandomValues(bytes);
  let out = '';
  for (const b of bytes) out += ALPHABET[b & 63];
  return out;
}

/** Eight lowercase hex digits, for the fake `rid:` suffix. */
export function hex8(): string {
  return Math.floor(Math.random() * 0x100000000).toString(16).padStart(8, '0');
}
