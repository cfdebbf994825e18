import { hex8 } from '#src/wechat-simulator/ids.ts';

/** errmsg texts as WeChat returns them (before the ` rid: …` suffix). */
const MESSAGES: Record<number, string> = {
  [-1]: 'system error',
  40001: 'invalid credential, access_token is invalid or not latest',
  40002: 'invalid grant_type',
  40003: 'invalid openid',
  40004: 'invalid media type',
  40005: 'invalid file type',
  40006: 'invalid media size',
  40007: 'invalid media_id',
  40008: 'invalid message type',
  40009: 'invalid image size',
  40013: 'invalid appid',
  40032: 'invalid openid list size',
  40033: 'invalid charset. please check your request, if include \\uxxxx will create fail!',
  40059: 'invalid msg id',
  40060: 'invalid article idx',
  40066: 'invalid url',
  40073: 'invalid card id',
  40114: 'invalid index value',
  40125: 'invalid appsecret',
  40130: 'invalid openid list size, at least two openid',
  40152: 'invalid group id',
  40215: 'invalid image count',
  41001: 'access_token missing',
  41002: 'appid missing',
  41004: 'appsecret missing',
  41005: 'media data missing',
  42001: 'access_token expired',
  42010: 'masssend fast, retry again',
  43002: 'require POST method',
  43004: 'require subscribe',
  44002: 'empty post data',
  45001: 'media size out of limit',
  45002: 'content size out of limit',
  45003: 'title size out of limit',
  45004: 'description size out of limit',
  45009: 'reach max api daily quota limit',
  45011: 'api minute-quota reach limit mustslower retry next minute',
  45028: 'has no masssend quota',
  45056: 'too many tag now, no need to add new',
  45057: 'can not delete the tag because it has more than 100000 fans',
  45058: "can't modify sys tag",
  45059: 'can not tagging one user too much',
  45065: 'clientmsgid exist',
  45066: 'same clientmsgid retry too fast',
  45067: 'clientmsgid size out of limit',
  45110: 'author size out of limit',
  45083: 'the speed out of range',
  45086: "invalid attrbute 'data-miniprogram-appid'",
  45157: 'invalid tag name',
  45158: 'tag name too long',
  45159: 'invalid tag id',
  45171: 'some openid fail',
  45162: 'invalid msgtype',
  47001: 'data format error',
  47002: 'data format error hint: do NOT use json unicode encode',
  48001: 'api unauthorized',
  61500: 'date format error',
  61501: 'date range error',
  61503: 'data not ready, please try later',
  88000: 'without comment privilege',
  88001: 'msg_data is not exists',
  88003: 'elected comment upper limit',
  88004: 'comment was deleted by user',
  88005: 'already reply',
  88007: 'reply content beyond max len or content len is zero',
  88008: 'comment is not exists',
  88009: 'reply is not exists',
  88010: 'count range error. cout <= 0 or count > 50',
};

/** The errmsg for a code, without the trace suffix. */
export function errmsgOf(errcode: number): string {
  return MESSAGES[errcode] ?? 'system error';
}

/** Real errmsgs end in a trace id; clients must match on errcode, never on the text. */
export function withRid(errmsg: string): string {
  return `${errmsg} rid: ${hex8()}-${hex8()}-${hex8()}`;
}

/**
 * Thrown by route handlers to answer with a WeChat error envelope (HTTP 200). `extra` fields
 * are merged into the body (45065 carries the existing `msg_id`).
 */
export class WxError extends Error {
  constructor(
    readonly errcode: number,
    readonly extra: Record<string, unknown> = {},
    errmsg?: string,
  ) {
    super(errmsg ?? errmsgOf(errcode));
  }

  body(): Record<string, unknown> {
    return { errcode: this.errcode, errmsg: withRid(this.message), ...this.extra };
  }
}

/** Shorthand for `throw new WxError(code)` in expressions. */
export function fail(errcode: number, extra?: Record<string, unknown>, errmsg?: string): never {
  throw new WxError(errcode, extra, errmsg);
}
