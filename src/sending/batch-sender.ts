import { outcomeOfError, type BatchOutcome } from '#src/sending/batch-outcome.ts';
import type { WeChatClient, WeChatClientOptions } from '#src/wechat/client.ts';
import { SINGLE_ATTEMPT } from '#src/wechat/retry.ts';
import { SLOTS_TAKEN_BY_CALLER, type SlotLimiter } from '#src/wechat/slot-limiter.ts';
import type { MassMessageContent } from '#src/wechat/types.ts';
import { JsonArrayText } from '#src/wechat/json-text.ts';

/** Who a batch goes to: an openid list (service accounts), a tag, or every follower. */
export type BatchTarget = { kind: 'openids'; openids: readonly string[] | JsonArrayText } | { kind: 'tag'; tagId: number } | { kind: 'all' };

export interface BatchSubmission {
  target: BatchTarget;
  message: MassMessageContent;
  /** The batch's clientmsgid, from `clientMsgId(identity)`: the same on every attempt. */
  clientMsgId: string;
  /** Send news judged a reprint that may be reprinted (`send_ignore_reprint: 1`). */
  sendIgnoreReprint?: boolean;
  /** 1-based number of this submission of the batch; lengthens the backoff of transient failures. */
  attempt?: number;
}

export interface BatchSenderDeps {
  /** wxcast's account id, the key of the shared mass-send rate limit. */
  accountId: string;
  /**
   * A client with one attempt per call and no limiter of its own: `WeChatAccess.sendingClientFor`,
   * or a client built with {@link SENDING_CLIENT_OPTIONS}.
   */
  client: Pick<WeChatClient, 'massSend' | 'massSendAll'>;
  /** The account's mass-send slots, shared with every process (createPostgresSlotLimiter). */
  slots: SlotLimiter;
  now?: () => number;
}

/**
 * Client options for the batch sender: a single attempt per call (retries are the job's, at the
 * time the outcome names) and no rate limiter (the sender takes the slot before calling).
 */
export const SENDING_CLIENT_OPTIONS = {
  retry: SINGLE_ATTEMPT,
  limiter: SLOTS_TAKEN_BY_CALLER,
} as const satisfies Partial<WeChatClientOptions>;

/** WeChat's bounds of an openid list send (40130 below, 40032 above). */
const MIN_OPENIDS = 2;
const MAX_OPENIDS = 10_000;

/**
 * Submits one batch and says what became of it, without ever waiting: a rate-limited slot that
 * is not free, like every transient failure, comes back as `retry-after`. The openid list path
 * uses `message/mass/send`, a tag or everyone `sendall`; both carry the batch's clientmsgid, so
 * a resubmission after a crash or a timeout never makes a second job (45065 → `duplicate`).
 */
export async function sendBatch(deps: BatchSenderDeps, submission: BatchSubmission): Promise<BatchOutcome> {
  const now = deps.now ?? Date.now;
  const { target } = submission;
  if (target.kind === 'openids') {
    // Checked here so that no slot is spent on a batch WeChat would refuse.
    if (target.openids.length < MIN_OPENIDS) return { kind: 'failed', errcode: 40130, reason: `a batch needs at least ${MIN_OPENIDS} recipients; it has ${target.openids.length}` };
    if (target.openids.length > MAX_OPENIDS) return { kind: 'failed', errcode: 40032, reason: `a batch holds at most ${MAX_OPENIDS} recipients; it has ${target.openids.length}` };
  }
  const slot = await deps.slots.tryAcquire(deps.accountId);
  if (!slot.acquired) return { kind: 'retry-after', retryAt: slot.retryAt, errcode: null, reason: 'mass-send rate limit of the account (60 a minute)' };
  const common = {
    ...submission.message,
    clientmsgid: submission.clientMsgId,
    send_ignore_reprint: submission.sendIgnoreReprint ? (1 as const) : (0 as const),
  };
  try {
    const result =
      target.kind === 'openids'
        ? await deps.client.massSend({ ...common, touser: target.openids instanceof JsonArrayText ? target.openids : [...target.openids] })
        : await deps.client.massSendAll({ ...common, filter: target.kind === 'all' ? { is_to_all: true } : { is_to_all: false, tag_id: target.tagId } });
    if (result.alreadySubmitted) return { kind: 'duplicate', msgId: result.msgId };
    return { kind: 'accepted', msgId: result.msgId, ...(result.msgDataId !== undefined ? { msgDataId: result.msgDataId } : {}) };
  } catch (error) {
    return outcomeOfError(error, now(), submission.attempt ?? 1);
  }
}
