import { createDecipheriv, createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  buildEncryptedEnvelope,
  buildMassSendJobFinishXml,
  computeSignature,
  decryptMessage,
  encryptMessage,
  parseEncryptedEnvelope,
  parseMassSendJobFinishXml,
} from '#src/wechat/callback-crypto.ts';
import type { MassSendJobFinishEvent } from '#src/wechat/types.ts';
import { MASS_SEND_JOB_FINISH_XML } from '../fixtures/mass-send-job-finish.ts';

const EXAMPLE_XML = MASS_SEND_JOB_FINISH_XML;

const EXPECTED: MassSendJobFinishEvent = {
  ToUserName: 'gh_4d00ed8d6399',
  FromUserName: 'oV5CrjpxgaGXNHIQigzNlgLTnwic',
  CreateTime: 1481013459,
  MsgType: 'event',
  Event: 'MASSSENDJOBFINISH',
  MsgID: '1000001625',
  Status: 'send success',
  TotalCount: 100,
  FilterCount: 80,
  SentCount: 75,
  ErrorCount: 5,
  CopyrightCheckResult: {
    Count: 2,
    ResultList: [
      {
        ArticleIdx: 1,
        UserDeclareState: 0,
        AuditState: 2,
        OriginalArticleUrl: 'Url_1',
        OriginalArticleType: 1,
        CanReprint: 1,
        NeedReplaceContent: 1,
        NeedShowReprintSource: 1,
      },
    ],
    CheckState: 2,
  },
  ArticleUrlResult: { Count: 1, ResultList: [{ ArticleIdx: 1, ArticleUrl: 'http://mp.weixin.qq.com/s/8yzT20EvmDg37Jso9nsIIw' }] },
};

const KEYS = { encodingAesKey: 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG', appId: 'wxb11529c136998cb6' };

describe('computeSignature', () => {
  it('is sha1 of the lexicographically sorted, concatenated parts', () => {
    const expected = createHash('sha1').update(['1409304348', 'pamtest', 'xxxxxx'].sort().join('')).digest('hex');
    expect(computeSignature('pamtest', '1409304348', 'xxxxxx')).toBe(expected);
    // Order of the arguments does not matter, only their sorted order.
    expect(computeSignature('xxxxxx', 'pamtest', '1409304348')).toBe(expected);
  });

  it('includes extra parts (msg_signature over Encrypt)', () => {
    const parts = ['tok', '1', 'n', 'CIPHER'];
    const expected = createHash('sha1').update([...parts].sort().join('')).digest('hex');
    expect(computeSignature('tok', '1', 'n', 'CIPHER')).toBe(expected);
    expect(computeSignature('tok', '1', 'n', 'CIPHER')).not.toBe(computeSignature('tok', '1', 'n'));
  });
});

describe('MASSSENDJOBFINISH XML', () => {
  it('parses the documented WeChat example into the expected fields', () => {
    expect(parseMassSendJobFinishXml(EXAMPLE_XML)).toEqual(EXPECTED);
  });

  it('round-trips build → parse, including CDATA text containing ]]> and markup', () => {
    const tricky = { ...EXPECTED, FromUserName: 'a]]>b<c>&d', Status: 'err(30003)' };
    const xml = buildMassSendJobFinishXml(tricky);
    expect(xml).toContain('<![CDATA[send success]]>'.replace('send success', 'err(30003)'));
    expect(parseMassSendJobFinishXml(xml)).toEqual(tricky);
  });

  it('writes empty result lists for non-article sends and parses them back', () => {
    const plain: MassSendJobFinishEvent = {
      ...EXPECTED,
      CopyrightCheckResult: { Count: 0, ResultList: [], CheckState: 1 },
      ArticleUrlResult: { Count: 0, ResultList: [] },
    };
    const xml = buildMassSendJobFinishXml(plain);
    expect(xml).toContain('<ResultList></ResultList>');
    expect(parseMassSendJobFinishXml(xml)).toEqual(plain);
  });

  it('rejects other events', () => {
    expect(() => parseMassSendJobFinishXml('<xml><Event><![CDATA[subscribe]]></Event></xml>')).toThrow();
  });
});

describe('safe mode encryption', () => {
  it('round-trips encrypt → decrypt with Chinese text', () => {
    const xml = '<xml><Content><![CDATA[你好，世界]]></Content></xml>';
    const encrypted = encryptMessage(xml, KEYS);
    expect(decryptMessage(encrypted, KEYS)).toBe(xml);
    // A random 16-byte prefix makes every ciphertext different.
    expect(encryptMessage(xml, KEYS)).not.toBe(encrypted);
  });

  it('lays out random(16) ‖ len(4, BE) ‖ xml ‖ appid, padded to 32-byte blocks', () => {
    const xml = '<xml>hi</xml>';
    const raw = Buffer.from(encryptMessage(xml, KEYS), 'base64');
    expect(raw.length % 32).toBe(0);
    const key = Buffer.from(`${KEYS.encodingAesKey}=`, 'base64');
    const decipher = createDecipheriv('aes-256-cbc', key, key.subarray(0, 16)).setAutoPadding(false);
    const plain = Buffer.concat([decipher.update(raw), decipher.final()]);
    const pad = plain[plain.length - 1]!;
    expect(pad).toBeGreaterThanOrEqual(1);
    expect(pad).toBeLessThanOrEqual(32);
    expect(plain.readUInt32BE(16)).toBe(Buffer.byteLength(xml));
    expect(plain.subarray(20, 20 + Buffer.byteLength(xml)).toString()).toBe(xml);
    expect(plain.subarray(20 + Buffer.byteLength(xml), plain.length - pad).toString()).toBe(KEYS.appId);
  });

  it('rejects a tampered ciphertext and a foreign app id', () => {
    const encrypted = encryptMessage('<xml>secret</xml>', KEYS);
    const raw = Buffer.from(encrypted, 'base64');
    // Flip a bit in the last block: CBC garbles the padding / app id there.
    raw[raw.length - 20]! ^= 0x01;
    expect(() => decryptMessage(raw.toString('base64'), KEYS)).toThrow();
    expect(() => decryptMessage(encrypted, { ...KEYS, appId: 'wxother' })).toThrow(/app id/);
    expect(() => decryptMessage('not base64 blocks', KEYS)).toThrow();
  });

  it('builds and parses the encrypted envelope', () => {
    const encrypt = encryptMessage(EXAMPLE_XML, KEYS);
    const envelope = buildEncryptedEnvelope('gh_4d00ed8d6399', encrypt);
    const parsed = parseEncryptedEnvelope(envelope);
    expect(parsed).toEqual({ toUserName: 'gh_4d00ed8d6399', encrypt });
    expect(parseMassSendJobFinishXml(decryptMessage(parsed.encrypt, KEYS))).toEqual(EXPECTED);
  });
});
