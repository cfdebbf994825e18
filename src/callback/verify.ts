import { timingSafeEqual } from 'node:crypto';
import { XMLParser } from 'fast-xml-parser';
import { computeSignature, decryptMessage } from '#src/wechat/callback-crypto.ts';

/** What the callback needs of an account to check a request. */
export interface CallbackAccount {
  id: string;
  appId: string;
  callbackToken: string;
  callbackAesKey: string | null;
}

/** A pushed message as flat fields (`MsgType`, `Event`, `MsgID`…), values as WeChat sent them. */
export type CallbackMessage = Record<string, unknown>;

export type Verification = { ok: true; message: CallbackMessage } | { ok: false; reason: string };

// Numbers stay strings: MsgID and counts may exceed 2^53 or carry leading zeros.
const xml = new XMLParser({ parseTagValue: false, processEntities: true, ignoreDeclaration: true });

/**
 * Checks a callback request. `signature` (sha1 of the sorted token, timestamp and nonce) is
 * required on every request; in safe mode (`encrypt_type=aes`) `msg_signature` must also cover
 * the ciphertext, which is then decrypted and its trailing app id checked. With `body` undefined
 * (the GET handshake) only the signature is checked.
 */
export function verifyCallbackRequest(account: CallbackAccount, query: URLSearchParams, body: string | undefined): Verification {
  const timestamp = query.get('timestamp');
  const nonce = query.get('nonce');
  const signature = query.get('signature');
  if (!timestamp || !nonce || !signature) return { ok: false, reason: 'missing signature parameters' };
  if (!sameHex(computeSignature(account.callbackToken, timestamp, nonce), signature)) return { ok: false, reason: 'bad signature' };
  if (body === undefined) return { ok: true, message: {} };

  let outer: CallbackMessage;
  try {
    outer = (xml.parse(body) as { xml?: CallbackMessage }).xml ?? {};
  } catch {
    return { ok: false, reason: 'malformed XML' };
  }
  if (query.get('encrypt_type') !== 'aes') {
    // An account configured for safe mode never accepts plaintext pushes.
    if (account.callbackAesKey) return { ok: false, reason: 'plaintext push to a safe-mode account' };
    return { ok: true, message: outer };
  }
  const encrypted = outer.Encrypt;
  const msgSignature = query.get('msg_signature');
  if (!account.callbackAesKey || typeof encrypted !== 'string' || !msgSignature) return { ok: false, reason: 'safe mode not configured or incomplete' };
  if (!sameHex(computeSignature(account.callbackToken, timestamp, nonce, encrypted), msgSignature)) return { ok: false, reason: 'bad msg_signature' };
  try {
    const plain = decryptMessage(encrypted, { encodingAesKey: account.callbackAesKey, appId: account.appId });
    return { ok: true, message: (xml.parse(plain) as { xml?: CallbackMessage }).xml ?? {} };
  } catch {
    return { ok: false, reason: 'decryption failed' };
  }
}

function sameHex(expected: string, given: string) {
  const a = Buffer.from(expected.toLowerCase());
  const b = Buffer.from(given.toLowerCase());
  return a.length === b.length && timingSafeEqual(a, b);
}
