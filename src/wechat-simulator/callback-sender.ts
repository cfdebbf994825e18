import { randomInt } from 'node:crypto';
import { buildEncryptedEnvelope, buildMassSendJobFinishXml, computeSignature, encryptMessage } from '#src/wechat/callback-crypto.ts';
import type { SimClock } from '#src/wechat-simulator/clock.ts';
import type { AccountState, SimState } from '#src/wechat-simulator/state.ts';
import type { MassSendJobFinishEvent } from '#src/wechat/types.ts';

/**
 * Pushes events to an account's callback URL like WeChat does: a signed POST (safe mode when the
 * account has an EncodingAESKey), retried until 3 attempts in total when the receiver does not
 * answer 200 within the timeout. Deliveries run in the background; `idle()` awaits them.
 */
export class CallbackSender {
  private readonly inFlight = new Set<Promise<void>>();
  private readonly closing = new AbortController();

  constructor(private readonly clock: SimClock) {}

  /** Queues a MASSSENDJOBFINISH push; the outcome of each attempt lands in `state.callbackLog`. */
  sendMassJobFinish(state: SimState, account: AccountState, event: MassSendJobFinishEvent): void {
    const url = account.callbackUrl ?? state.globalCallbackUrl;
    const msgId = Number(event.MsgID);
    if (!url) {
      state.callbackLog.push({ appId: account.appId, msgId, url: '', attempt: 0, at: this.clock.now(), outcome: 'no callback url', ok: false });
      return;
    }
    const xml = buildMassSendJobFinishXml(event);
    const run = this.deliver(state, account, url, xml, msgId, event.FromUserName).finally(() => this.inFlight.delete(run));
    this.inFlight.add(run);
  }

  /** Resolves when every queued push has succeeded or used up its attempts. */
  async idle(): Promise<void> {
    while (this.inFlight.size) await Promise.allSettled([...this.inFlight]);
  }

  close(): void {
    this.closing.abort();
  }

  private async deliver(state: SimState, account: AccountState, url: string, xml: string, msgId: number, openid: string) {
    const { callbackAttempts, callbackTimeoutMs, callbackRetryDelayMs } = state.config;
    for (let attempt = 1; attempt <= callbackAttempts && !this.closing.signal.aborted; attempt++) {
      const { target, body } = this.sign(account, url, xml, openid);
      let outcome: number | string;
      try {
        const signal = AbortSignal.any([this.closing.signal, AbortSignal.timeout(callbackTimeoutMs)]);
        const response = await fetch(target, { method: 'POST', headers: { 'content-type': 'text/xml; charset=utf-8' }, body, signal });
        await response.arrayBuffer().catch(() => undefined);
        outcome = response.status;
      } catch (error) {
        outcome = (error as Error).name === 'TimeoutError' ? 'timeout' : 'connection error';
      }
      const ok = outcome === 200;
      state.callbackLog.push({ appId: account.appId, msgId, url, attempt, at: this.clock.now(), outcome, ok });
      if (ok) return;
      if (attempt < callbackAttempts) await sleep(callbackRetryDelayMs, this.closing.signal);
    }
  }

  /** Fresh timestamp/nonce/signature per attempt, as a real retry would carry. */
  private sign(account: AccountState, url: string, xml: string, openid: string) {
    const timestamp = String(this.clock.nowSeconds());
    const nonce = String(randomInt(100_000_000, 2_000_000_000));
    const target = new URL(url);
    target.searchParams.set('signature', computeSignature(account.callbackToken, timestamp, nonce));
    target.searchParams.set('timestamp', timestamp);
    target.searchParams.set('nonce', nonce);
    target.searchParams.set('openid', openid);
    if (!account.encodingAesKey) return { target, body: xml };
    const encrypt = encryptMessage(xml, { encodingAesKey: account.encodingAesKey, appId: account.appId });
    target.searchParams.set('encrypt_type', 'aes');
    target.searchParams.set('msg_signature', computeSignature(account.callbackToken, timestamp, nonce, encrypt));
    return { target, body: buildEncryptedEnvelope(account.ghId, encrypt) };
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    }, { once: true });
  });
}
