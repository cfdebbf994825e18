import type { TaggingOverLimit } from '#src/wechat-simulator/tags.ts';

/**
 * WeChat behaviours the reference marks unconfirmed, each switchable through `POST /_sim/config`
 * so that a client can be tested against every plausible variant. Defaults are the most likely
 * (or most often observed) variant.
 */
export interface UnconfirmedBehaviours {
  /**
   * Whether a send refused after its clientmsgid was read (quota 45009/45011/45028, bad
   * media 40007…) still counts as an attempt of that clientmsgid, so that the same id sent
   * again within a minute is 45066. Default true.
   */
  refusedClientMsgIdCounts: boolean;
  /**
   * Whether quotas (45011/45009/45028) are checked before the clientmsgid (45065/45066), as the
   * reference's checklist orders them. Default false: a resubmission is recognised as a duplicate
   * even when the quota is used up. True shows the risk: a resubmitted batch that did go out
   * answers 45028 on a subscription account instead of 45065.
   */
  quotaBeforeClientMsgId: boolean;
  /**
   * Whether a mass-sent draft stays in the draft box, so later batches of the same record can
   * send it again (one source says a draft may be re-sent). Default false: it leaves the box,
   * and a second batch with its media_id is 40007.
   */
  draftKeptAfterSend: boolean;
  /** Whether a 45065 duplicate answer consumes a minute/day quota slot. Default false. */
  duplicateConsumesQuota: boolean;
  /**
   * Whether a job that later fails (audit `err(N)`, `send fail`) keeps the quota its submission
   * took. Default true; false refunds the day's counters when the job finishes failed.
   */
  failedJobConsumesQuota: boolean;
  /** The errcode of the 60-a-minute mass-send throttle: 45011, or 42010 "masssend fast". Default 45011. */
  minuteLimitErrcode: number;
  /** The errcode of sendall to an unknown tag_id: 40152, or -1 as the community saw. Default 40152. */
  unknownTagErrcode: number;
  /** Longest clientmsgid accepted, in bytes (45067 beyond): 32 (observed) or 64 (old docs). Default 32. */
  clientMsgIdMaxBytes: number;
  /** batchtagging with a follower at 20 tags: the whole call 45059, or 45171 with fail_openid_list. */
  taggingOverLimit: TaggingOverLimit;
  /** A datacube day whose data are not ready yet: left out of `{list}`, or the call answers 61503. */
  datacubeNotReady: 'empty' | '61503';
}

export const DEFAULT_BEHAVIOURS: UnconfirmedBehaviours = {
  refusedClientMsgIdCounts: true,
  quotaBeforeClientMsgId: false,
  draftKeptAfterSend: false,
  duplicateConsumesQuota: false,
  failedJobConsumesQuota: true,
  minuteLimitErrcode: 45011,
  unknownTagErrcode: 40152,
  clientMsgIdMaxBytes: 32,
  taggingOverLimit: 'reject-call',
  datacubeNotReady: 'empty',
};

/** Runtime knobs (times in milliseconds) and the switches of unconfirmed behaviours. */
export interface SimConfig extends UnconfirmedBehaviours {
  /** Simulated time from submission until a mass-send job finishes. */
  jobDurationMs: number;
  /** Real time the callback receiver has to answer 200. */
  callbackTimeoutMs: number;
  /** Real time between callback attempts. */
  callbackRetryDelayMs: number;
  callbackAttempts: number;
  massDailyLimit: number;
  massMinuteLimit: number;
  previewDailyLimit: number;
  /** Tags an account may hold (45056 beyond), WeChat's 100. */
  tagLimit: number;
  /** tags/delete refuses a tag with more followers than this (45057), WeChat's 100,000. */
  tagDeleteMaxMembers: number;
  /** Service accounts: `is_to_all` sends entering history per Beijing month (45028 beyond). */
  historySendsPerMonth: number;
  /** Accept permanent news material ids as mpnews media_id (the pre-2022 behaviour). */
  acceptMaterialMpnews: boolean;
}

export const DEFAULT_CONFIG: SimConfig = {
  jobDurationMs: 60_000,
  callbackTimeoutMs: 5_000,
  callbackRetryDelayMs: 1_000,
  callbackAttempts: 3,
  massDailyLimit: 100,
  massMinuteLimit: 60,
  previewDailyLimit: 100,
  tagLimit: 100,
  tagDeleteMaxMembers: 100_000,
  historySendsPerMonth: 4,
  acceptMaterialMpnews: false,
  ...DEFAULT_BEHAVIOURS,
};
