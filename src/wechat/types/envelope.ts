// WeChat wire types: the envelope of every answer. Field names exactly as on the wire.

/** Every error (and many successes) carry this envelope; HTTP status is 200 either way. */
export interface WxErrorEnvelope {
  errcode: number;
  errmsg: string;
}
