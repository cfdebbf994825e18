import { createPubSub, type PubSub } from 'graphql-yoga';
import { createRedisEventTarget } from '@graphql-yoga/redis-event-target';
import { Redis } from 'ioredis';

/** Progress of a background job, published whenever its row changes. Carries ids and counts only. */
export interface JobProgressEvent {
  jobId: string;
  /** The status after the change; subscribers stop after SUCCEEDED or FAILED. */
  status: 'QUEUED' | 'RUNNING' | 'SUCCEEDED' | 'FAILED';
  /** Units done and in all at the time of the change (the row may have moved on when read). */
  done: number;
  total: number | null;
}

/** A WeChat callback event stored by the callback endpoint. */
export interface WeChatEventReceived {
  eventId: string;
  event: string | null;
}

/** A broadcast's plan state changed (or it was deleted: `state` null), as committed. */
export interface BroadcastStatusEvent {
  broadcastId: string;
  state: 'DRAFT' | 'READY' | 'SCHEDULED' | 'SENDING' | 'DONE' | 'MISSED' | null;
  /** The broadcast's version after the change: events of one broadcast carry increasing versions. */
  version: number;
  /** Set when the change was a send record's: its state and counts as committed. */
  record?: SendRecordEvent;
}

/** A send record as one of its state changes committed it (what a dashboard shows, no query needed). */
export interface SendRecordEvent {
  recordId: string;
  taskId: string;
  state: 'SELECTING' | 'PREPARING' | 'QUEUED' | 'SENDING' | 'SENT' | 'PARTLY_FAILED' | 'FAILED';
  recipientCount: number;
  batchCount: number;
  sentCount: number;
  errorCount: number;
  filteredOut: number;
  failureReason: string | null;
  /** ISO time of the change (a string: events cross processes as JSON). */
  updatedAt: string;
}

/** One batch of a send record as committed: submitted (msg_id), refused, or WeChat's result in. */
export interface BatchResultEvent {
  broadcastId: string;
  recordId: string;
  batchId: string;
  batchNo: number;
  state: 'PENDING' | 'SUBMITTING' | 'SUBMITTED' | 'SENT' | 'PARTLY_FAILED' | 'FAILED';
  recipientCount: number;
  msgId: string | null;
  totalCount: number | null;
  filterCount: number | null;
  /** TotalCount − FilterCount once WeChat's result is in (null before, and for an audit refusal). */
  filteredOut: number | null;
  sentCount: number | null;
  errorCount: number | null;
  errcode: number | null;
  reason: string | null;
}

/**
 * Every live topic of wxcast. Topics are `<domain>:<event>` and id-scoped through the tuple form,
 * so a subscriber hears only its id. Payloads carry ids; subscribers re-read rows.
 */
/** An API key was revoked (`apiKeyId`), or a process checks that it hears this topic (`probe`). */
export interface ApiKeyRevoked {
  apiKeyId?: string;
  probe?: string;
}

export type Topics = {
  /** A job's row changed (status, done/total, result). Published after the change is committed, in commit order per job. */
  'job:progress': [jobId: string, event: JobProgressEvent];
  /** A callback event of an account was stored (published once per distinct event, never for duplicates). */
  'wechat:event': [accountId: string, event: WeChatEventReceived];
  /** Every process ends the sockets and streams opened with the key. */
  'api-key:revoked': [event: ApiKeyRevoked];
  /** A broadcast of the account changed state (or was deleted). Published after commit, in commit order. */
  'broadcast:status': [accountId: string, event: BroadcastStatusEvent];
  /** A batch of one of the broadcast's send records changed (submitted, refused, result in). Published after commit. */
  'send:batch': [broadcastId: string, event: BatchResultEvent];
};

export type WxPubSub = PubSub<Topics>;

/** The pub/sub of a process and what it must close on shutdown. */
export interface PubSubHandle {
  pubsub: WxPubSub;
  close(): Promise<void>;
}

/**
 * In-process by default. With REDIS_URL, events travel through Redis so a worker's publish
 * reaches subscribers held by another (api) process; Yoga's in-memory target cannot do that.
 */
export function createWxPubSub(redisUrl?: string): PubSubHandle {
  if (!redisUrl) return { pubsub: createPubSub<Topics>(), close: async () => {} };
  const publishClient = new Redis(redisUrl, { lazyConnect: false, maxRetriesPerRequest: 3 });
  const subscribeClient = new Redis(redisUrl, { lazyConnect: false, maxRetriesPerRequest: 3 });
  const eventTarget = createRedisEventTarget({ publishClient, subscribeClient });
  return {
    pubsub: createPubSub<Topics>({ eventTarget }),
    async close() {
      await Promise.allSettled([publishClient.quit(), subscribeClient.quit()]);
    },
  };
}
