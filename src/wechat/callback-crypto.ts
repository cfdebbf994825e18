import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { XMLBuilder, XMLParser } from 'fast-xml-parser';
import { parseCallbackXml } from '#src/wechat/callback-message.ts';
import type { ArticleUrlItem, CopyrightCheckItem, MassSendJobFinishEvent } from '#src/wechat/types.ts';

/** What safe mode (§3.2) needs: the account's 43-char EncodingAESKey and its AppID. */
export interface SafeModeKeys {
  encodingAesKey: string;
  appId: string;
}

/**
 * WeChat's callback signature: lowercase hex sha1 of the parts sorted lexicographically and
 * concatenated. `signature` uses (token, timestamp, nonce); safe mode's `msg_signature` adds the
 * `Encrypt` ciphertext as an extra part.
 */
export function computeSignature(token: string, timestamp: string, nonce: string, ...extra: string[]): string {
  const parts = [token, timestamp, nonce, ...extra].sort();
  return createHash('sha1').update(parts.join('')).digest('hex');
}

// WeChat pads to 32-byte blocks (not AES's 16), so Node's automatic PKCS#7 is turned off.
const PAD_BLOCK = 32;

function aesKey(encodingAesKey: string): Buffer {
  const key = Buffer.from(`${encodingAesKey}=`, 'base64');
  if (encodingAesKey.length !== 43 || key.length !== 32) throw new Error('EncodingAESKey must be 43 base64 characters');
  return key;
}

/**
 * Encrypts a plaintext XML message for safe mode: random(16) ‖ len(4, BE) ‖ xml ‖ appid,
 * PKCS#7-padded to 32 bytes, AES-256-CBC with IV = key[0:16]. Returns base64 (the `Encrypt` text).
 */
export function encryptMessage(xml: string, keys: SafeModeKeys): string {
  const key = aesKey(keys.encodingAesKey);
  const body = Buffer.from(xml, 'utf8');
  const length = Buffer.alloc(4);
  length.writeUInt32BE(body.length, 0);
  const plain = Buffer.concat([randomBytes(16), length, body, Buffer.from(keys.appId, 'utf8')]);
  const padLength = PAD_BLOCK - (plain.length % PAD_BLOCK);
  const padded = Buffer.concat([plain, Buffer.alloc(padLength, padLength)]);
  const cipher = createCipheriv('aes-256-cbc', key, key.subarray(0, 16)).setAutoPadding(false);
  return Buffer.concat([cipher.update(padded), cipher.final()]).toString('base64');
}

/**
 * Decrypts a safe-mode `Encrypt` value and returns the inner XML. Throws when the padding, the
 * length prefix or the trailing AppID does not check out (a tampered or foreign message).
 */
export function decryptMessage(base64: string, keys: SafeModeKeys): string {
  const key = aesKey(keys.encodingAesKey);
  const cipherText = Buffer.from(base64, 'base64');
  if (cipherText.length === 0 || cipherText.length % 16 !== 0) throw new Error('ciphertext is not a whole number of blocks');
  const decipher = createDecipheriv('aes-256-cbc', key, key.subarray(0, 16)).setAutoPadding(false);
  const padded = Buffer.concat([decipher.update(cipherText), decipher.final()]);
  const padLength = padded[padded.length - 1]!;
  if (padLength < 1 || padLength > PAD_BLOCK || padLength > padded.length) throw new Error('bad padding');
  for (let i = padded.length - padLength; i < padded.length; i++) {
    if (padded[i] !== padLength) throw new Error('bad padding');
  }
  const plain = padded.subarray(0, padded.length - padLength);
  if (plain.length < 20) throw new Error('message too short');
  const xmlLength = plain.readUInt32BE(16);
  if (20 + xmlLength > plain.length) throw new Error('bad length prefix');
  const appId = plain.subarray(20 + xmlLength).toString('utf8');
  if (appId !== keys.appId) throw new Error('app id mismatch');
  return plain.subarray(20, 20 + xmlLength).toString('utf8');
}

const builder = new XMLBuilder({ cdataPropName: '#cdata', suppressEmptyNode: false });

// Values stay strings (MsgID may exceed 2^53); `item` is always a list even with one entry.
const parser = new XMLParser({
  parseTagValue: false,
  processEntities: true,
  ignoreDeclaration: true,
  isArray: (name) => name === 'item',
});

const cdata = (text: string) => ({ '#cdata': text });

/**
 * Builds the safe-mode envelope WeChat POSTs: `<xml><ToUserName/><Encrypt/></xml>`.
 * The receiver checks `msg_signature` over the same `encrypt` text.
 */
export function buildEncryptedEnvelope(toUserName: string, encrypt: string): string {
  return builder.build({ xml: { ToUserName: cdata(toUserName), Encrypt: cdata(encrypt) } }) as string;
}

/** Reads `Encrypt` (and `ToUserName`) from a safe-mode envelope. */
export function parseEncryptedEnvelope(xml: string): { toUserName: string; encrypt: string } {
  const root = (parser.parse(xml) as { xml?: Record<string, unknown> }).xml ?? {};
  if (typeof root.Encrypt !== 'string') throw new Error('no Encrypt element');
  return { toUserName: String(root.ToUserName ?? ''), encrypt: root.Encrypt };
}

/**
 * Serialises a MASSSENDJOBFINISH event in the §3.1 layout: text fields as CDATA (a `]]>` inside
 * is split across sections by the builder), numbers bare, empty result lists as `<ResultList></ResultList>`.
 */
export function buildMassSendJobFinishXml(event: MassSendJobFinishEvent): string {
  const copyright = event.CopyrightCheckResult;
  const urls = event.ArticleUrlResult;
  const root = {
    ToUserName: cdata(event.ToUserName),
    FromUserName: cdata(event.FromUserName),
    CreateTime: event.CreateTime,
    MsgType: cdata(event.MsgType),
    Event: cdata(event.Event),
    MsgID: event.MsgID,
    Status: cdata(event.Status),
    TotalCount: event.TotalCount,
    FilterCount: event.FilterCount,
    SentCount: event.SentCount,
    ErrorCount: event.ErrorCount,
    CopyrightCheckResult: {
      Count: copyright.Count,
      ResultList: copyright.ResultList.length ? { item: copyright.ResultList.map(copyrightItemXml) } : '',
      CheckState: copyright.CheckState,
    },
    ArticleUrlResult: {
      Count: urls.Count,
      ResultList: urls.ResultList.length ? { item: urls.ResultList.map((u) => ({ ArticleIdx: u.ArticleIdx, ArticleUrl: cdata(u.ArticleUrl) })) } : '',
    },
  };
  return builder.build({ xml: root }) as string;
}

function copyrightItemXml(item: CopyrightCheckItem) {
  return {
    ArticleIdx: item.ArticleIdx,
    UserDeclareState: item.UserDeclareState,
    AuditState: item.AuditState,
    OriginalArticleUrl: cdata(item.OriginalArticleUrl),
    OriginalArticleType: item.OriginalArticleType,
    CanReprint: item.CanReprint,
    NeedReplaceContent: item.NeedReplaceContent,
    NeedShowReprintSource: item.NeedShowReprintSource,
  };
}

/**
 * Parses a plaintext MASSSENDJOBFINISH XML into typed fields (with the callback's one parser).
 * Throws if the document is not that event. Missing optional blocks come back empty.
 */
export function parseMassSendJobFinishXml(xml: string): MassSendJobFinishEvent {
  const parsed = parseCallbackXml(xml);
  if (parsed.type !== 'MASSSENDJOBFINISH') throw new Error('not a MASSSENDJOBFINISH event');
  return parsed.event;
}
