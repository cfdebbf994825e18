import { timingSafeEqual } from 'node:crypto';
import { computeSignature, decryptMessage } from '#src/wechat/callback-crypto.ts';
import { CallbackParseError, parseCallbackXml, parseXmlRoot, type CallbackMessage } from '#src/wechat/callback-message.ts';

/** What the callback needs of an account to check a request. */
export interface CallbackAccount {
  id: string;
  appId: string;
  callbackToken: string;
  callbackAesKey: string | null;
}

/**
 * plaintext: only `signature` (token, timestamp, nonce) vouches for the request, not the body.
 * safe: the body is `Encrypt` only. compatible (兼容模式): the body has the plaintext fields and
 * `Encrypt`; both encrypted modes are checked by `msg_signature` and only the decrypted copy is used.
 */
export type CallbackMode = 'plaintext' | 'safe' | 'compatible';

export type Verification =
  | { ok: true; mode: CallbackMode; message: CallbackMessage; timestamp: number; nonce: string }
  /** `reason` is for the log only; the client gets the status and nothing more. */
  | { ok: false; status: 400 | 401; reason: string };

export interface VerifyOptions {
  /** Plaintext mode: the largest distance (seconds, either way) between `timestamp` and now. */
  timestampWindowSeconds: number;
  now?: Date;
}

/**
 * Checks a callback request. `signature` (sha1 of the sorted token, timestamp and nonce) is
 * required on every request. With `encrypt_type=aes` (safe and compatible modes) `msg_signature`
 * must also cover the ciphertext, which is then decrypted and its trailing app id checked. In
 * plaintext mode the signature does not cover the body, so its timestamp must be recent (the
 * caller also refuses a nonce seen inside the window). With `body` undefined (the GET handshake)
 * only the signature is checked. A body that is empty, not XML or not a pushed message is a 400.
 */
export function verifyCallbackRequest(account: CallbackAccount, query: URLSearchParams, body: string | undefined, options: VerifyOptions): Verification {
  const timestamp = query.get('timestamp');
  const nonce = query.get('nonce');
  const signature = query.get('signature');
  if (!timestamp || !nonce || !signature) return refuse(401, 'missing signature parameters (timestamp, nonce, signature)');
  if (!sameHex(computeSignature(account.callbackToken, timestamp, nonce), signature)) return refuse(401, 'signature does not match the account token');
  if (!/^\d{1,12}$/.test(timestamp)) return refuse(401, 'timestamp is not a number of seconds');
  const base = { timestamp: Number(timestamp), nonce };
  if (body === undefined) return { ok: true, mode: 'plaintext', message: undefined as never, ...base };

  let root: Record<string, unknown>;
  try {
    root = parseXmlRoot(body);
  } catch (error) {
    return refuse(400, `body: ${(error as Error).message}`);
  }
  if (query.get('encrypt_type') !== 'aes') {
    // An account configured for safe mode never accepts plaintext pushes.
    if (account.callbackAesKey) return refuse(401, 'plaintext push to an account configured with an EncodingAESKey');
    const skew = Math.abs((options.now ?? new Date()).getTime() / 1000 - base.timestamp);
    if (skew > options.timestampWindowSeconds) return refuse(401, `timestamp is ${Math.round(skew)} s away from now (window ${options.timestampWindowSeconds} s)`);
    return parsed('plaintext', body, base);
  }
  const encrypted = root.Encrypt;
  const msgSignature = query.get('msg_signature');
  if (!account.callbackAesKey) return refuse(401, 'encrypted push to an account without an EncodingAESKey');
  if (typeof encrypted !== 'string' || !encrypted) return refuse(400, 'encrypted push without an Encrypt element');
  if (!msgSignature) return refuse(401, 'encrypted push without msg_signature');
  if (!sameHex(computeSignature(account.callbackToken, timestamp, nonce, encrypted), msgSignature)) return refuse(401, 'msg_signature does not cover the Encrypt element');
  let plain: string;
  try {
    plain = decryptMessage(encrypted, { encodingAesKey: account.callbackAesKey, appId: account.appId });
  } catch (error) {
    return refuse(401, `decryption failed: ${(error as Error).message}`);
  }
  // Plaintext fields beside Encrypt: WeChat's compatible mode. They are not covered by
  // msg_signature, so only the decrypted copy counts.
  const compatible = Object.keys(root).some((name) => name !== 'Encrypt' && name !== 'ToUserName');
  return parsed(compatible ? 'compatible' : 'safe', plain, base);
}

function parsed(mode: CallbackMode, xml: string, base: { timestamp: number; nonce: string }): Verification {
  try {
    return { ok: true, mode, message: parseCallbackXml(xml), ...base };
  } catch (error) {
    if (error instanceof CallbackParseError) return refuse(400, `${mode} message: ${error.message}`);
    throw error;
  }
}

const refuse = (status: 400 | 401, reason: string): Verification => ({ ok: false, status, reason });

function sameHex(expected: string, given: string) {
  const a = Buffer.from(expected.toLowerCase());
  const b = Buffer.from(given.toLowerCase());
  return a.length === b.length && timingSafeEqual(a, b);
}
