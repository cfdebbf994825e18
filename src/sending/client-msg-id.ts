import { createHash } from 'node:crypto';

/** What identifies one submission: e.g. `['batch', recordId, batchIndex]`. Order matters. */
export type SubmissionIdentity = readonly (string | number)[];

/** WeChat rejects longer clientmsgids with 45067 (real calls: 34 characters failed, 32 passed). */
export const CLIENT_MSG_ID_BYTES = 32;

/**
 * The clientmsgid of a submission: the first 128 bits of SHA-256 over the identity, as 32
 * lowercase hex characters — ASCII, exactly 32 bytes, the same on every retry, rerun or worker,
 * so WeChat deduplicates a repeat within 24 h (45065 with the first job's msg_id). The parts are
 * JSON-encoded before hashing, so `['a', 'b-c']` and `['a-b', 'c']` cannot collide by joining.
 */
export function clientMsgId(identity: SubmissionIdentity): string {
  if (identity.length === 0) throw new RangeError('a clientmsgid needs a non-empty identity');
  return createHash('sha256').update(JSON.stringify(identity)).digest('hex').slice(0, CLIENT_MSG_ID_BYTES);
}
