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

const INDEX_WIDTH = 6; // base-36, up to 2.1 billion followers per account

/** Encodes (tag, index) as a 28-char openid/unionid-like string: prefix ‖ tag ‖ index ‖ check. */
export function encodeId(prefix: string, tag: string, salt: number, index: number): string {
  const body = index.toString(36).padStart(INDEX_WIDTH, '0');
  const checkLength = 28 - prefix.length - tag.length - INDEX_WIDTH;
  return prefix + tag + body + hashChars(salt, index, checkLength);
}

/** Inverse of encodeId; undefined when the string was not made with this prefix, tag and salt. */
export function decodeId(prefix: string, tag: string, salt: number, id: string): number | undefined {
  if (id.length !== 28 || !id.startsWith(prefix + tag)) return undefined;
  const start = prefix.length + tag.length;
  const body = id.slice(start, start + INDEX_WIDTH);
  if (!/^[0-9a-z]+$/.test(body)) return undefined;
  const index = parseInt(body, 36);
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
