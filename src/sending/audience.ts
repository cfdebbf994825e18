import type { Db } from '#src/db/client.ts';
import { Prisma } from '#src/generated/prisma/client.ts';
import { audienceTask, inTaskAudience, type AudienceTask } from '#src/authoring/audience-rule.ts';
import { abTestGroupPosition, REMAINDER_PART, TASK_PART, type RecordPart } from '#src/sending/record-part.ts';
import { moveRecord, type RecordMove } from '#src/sending/record-state.ts';

/** WeChat's largest openid list for one `message/mass/send`. */
export const BATCH_SIZE = 10_000;

/**
 * How long the freeze's transaction may run. Prisma ends an interactive transaction after 5 s by
 * default, and freezing 1,000,000 followers takes longer (10 to 17 s per attempt in the send bench
 * on a busy 2-core machine): every attempt was rolled back and the send failed. Well under the job's lease, which its heartbeat renews.
 */
export const FREEZE_TIMEOUT_MS = 10 * 60_000;

/** Memory for the freeze's sort by openid (its transaction only): 1,000,000 openids need about 60 MB. */
export const FREEZE_WORK_MEM = '64MB';

/**
 * Plans the statements of a freeze or an A/B draw, which read a whole audience, for that (in the
 * current transaction only). The recipients are numbered in openid order, and with the default
 * work_mem (4 MB) that sort of a large audience spills to disk (600,000 followers: 32 MB; the
 * SELECT took 3.3 s, not 1.0 s). Nested loops are off: every join here is over a whole audience,
 * where hash joins are right, and a group's statistics lag its import (a group of 600,000 members
 * imported minutes earlier was estimated at a few thousand and looked up follower by follower,
 * 3.4 s instead of 1.2 s).
 */
export async function setBulkPlanning(tx: Pick<Db, '$executeRawUnsafe'>): Promise<void> {
  await tx.$executeRawUnsafe(`SET LOCAL work_mem = '${FREEZE_WORK_MEM}'`);
  await tx.$executeRawUnsafe('SET LOCAL enable_nestloop = off');
}

/** How a record reaches WeChat: openid lists (service accounts), a tag made for it (subscription accounts), or everyone. */
export type RecordRoute = 'openids' | 'tag' | 'all';

export interface SendRecordRow {
  id: string;
  broadcastId: string;
  accountId: string;
  taskId: string;
  part: RecordPart;
  state: 'SELECTING' | 'PREPARING' | 'QUEUED' | 'SENDING' | 'SENT' | 'PARTLY_FAILED' | 'FAILED';
  tagId: number | null;
  route: RecordRoute;
  accountType: 'SERVICE' | 'SUBSCRIPTION';
}

/**
 * The send record of a task's part, created on the first run (a rerun, or a second worker, finds it: one
 * record per task and part). The route follows from the audience and the account type: the
 * first group's "all followers" goes out with `is_to_all` (the only sends that enter the
 * public history); every other audience goes to its frozen list of followers.
 */
export async function ensureSendRecord(prisma: Db, taskId: string, part: RecordPart = TASK_PART): Promise<SendRecordRow> {
  await prisma.$executeRaw`
    INSERT INTO send_records (broadcast_id, task_id, account_id, part)
    SELECT t.broadcast_id, t.id, b.account_id, ${part} FROM broadcast_tasks t JOIN broadcasts b ON b.id = t.broadcast_id
    WHERE t.id = ${taskId}::uuid
    ON CONFLICT (task_id, part) DO NOTHING`;
  const row = await readSendRecord(prisma, taskId, part);
  if (!row) throw new Error(`broadcast task ${taskId} does not exist`);
  return row;
}

/** The send record of a task's part as {@link ensureSendRecord} returns it, or null when it was not made. */
export async function readSendRecord(prisma: Db, taskId: string, part: RecordPart): Promise<SendRecordRow | null> {
  const [row] = await prisma.$queryRaw<SendRecordRow[]>`
    SELECT r.id, r.broadcast_id AS "broadcastId", r.account_id AS "accountId", r.task_id AS "taskId", r.part, r.state::text AS state,
      r.tag_id AS "tagId", a.type::text AS "accountType",
      CASE WHEN t.audience = 'ALL_FOLLOWERS' AND t.position = 0 THEN 'all'
           WHEN a.type = 'SUBSCRIPTION' THEN 'tag' ELSE 'openids' END AS route
    FROM send_records r JOIN broadcast_tasks t ON t.id = r.task_id JOIN official_accounts a ON a.id = r.account_id
    WHERE r.task_id = ${taskId}::uuid AND r.part = ${part}`;
  return row ?? null;
}

/**
 * Freezes a SELECTING record's recipients and cuts its batches, in one transaction of two
 * set-based statements (the audience never passes through Node): the current followers of the
 * account in the record's audience ({@link inRecordAudience}). Openid-list records are cut into batches of
 * 10,000 by row number; a tag or everyone is one submission. Each batch's clientmsgid is derived
 * from (record, batch number) in SQL exactly as `clientMsgId(['batch', recordId, batchNo])`
 * derives it. The record then moves to PREPARING. The transaction first locks the record while
 * it is SELECTING: a concurrent freeze waits for that lock, then finds the record PREPARING and
 * does nothing (or, if the first one rolled back, freezes it itself). The recipients' insert can
 * therefore do without `ON CONFLICT`, which cost 1.2 of 5.9 s for 600,000 rows. An empty audience
 * fails the record.
 */
export async function freezeAudience(prisma: Db, record: SendRecordRow): Promise<RecordMove | null> {
  const task = await audienceTask(prisma, record.taskId);
  return prisma.$transaction(async (tx) => {
    const [selecting] = await tx.$queryRaw<unknown[]>`SELECT 1 FROM send_records WHERE id = ${record.id}::uuid AND state = 'SELECTING' FOR UPDATE`;
    if (!selecting) return null;
    await setBulkPlanning(tx);
    const statements = freezeStatements(record, task);
    const recipients = await tx.$executeRaw(statements.recipients);
    const batches = await tx.$executeRaw(statements.batches);
    const counts = { recipientCount: recipients, batchCount: batches };
    if (recipients === 0) return moveRecord(tx, record.id, 'SELECTING', 'FAILED', { counts, failureReason: 'no current follower is in the audience' });
    const move = await moveRecord(tx, record.id, 'SELECTING', 'PREPARING', { counts });
    // Cannot happen while the record is locked; if it did, the rows must not outlive the move.
    if (!move) throw new Error(`send record ${record.id} left SELECTING while its freeze held it`);
    return move;
  }, { timeout: FREEZE_TIMEOUT_MS });
}

/**
 * The freeze's two statements: the recipients (the audience's followers, numbered in openid order
 * — byte order, the recipients' column's collation — into batches of 10,000 for an openid-list
 * record; batch 0 for a tag or everyone) and the batches cut from them. Exported for the send
 * bench, which times them as plain SQL.
 */
export function freezeStatements(record: Pick<SendRecordRow, 'id' | 'accountId' | 'route' | 'part'>, task: AudienceTask): { recipients: Prisma.Sql; batches: Prisma.Sql } {
  const perBatch = record.route === 'openids';
  return {
    recipients: Prisma.sql`
      INSERT INTO send_record_recipients (record_id, batch_no, openid, follower_id)
      SELECT ${record.id}::uuid,
        CASE WHEN ${perBatch} THEN ((row_number() OVER (ORDER BY f.openid COLLATE "C")) - 1) / ${BATCH_SIZE} ELSE 0 END,
        f.openid, f.id
      FROM followers f WHERE ${inRecordAudience(task, record.part)}`,
    batches: Prisma.sql`
      INSERT INTO send_batches (record_id, account_id, batch_no, client_msg_id, recipient_count)
      SELECT ${record.id}::uuid, ${record.accountId}::uuid, batch_no,
        left(encode(sha256(convert_to('["batch","' || ${record.id}::text || '",' || batch_no || ']', 'UTF8')), 'hex'), 32),
        count(*)::int
      FROM send_record_recipients WHERE record_id = ${record.id}::uuid GROUP BY batch_no`,
  };
}

/**
 * Who a record's part reaches, as a SQL condition on a follower `f`: a plain task its audience
 * (members of its groups, or everyone; a comparison group without the first group's members); an
 * A/B test group the followers drawn into its sample (those still following); the A/B remainder
 * the task's audience at the remainder's own time, minus every follower drawn into any test
 * group's sample (they had their test message).
 */
export function inRecordAudience(task: AudienceTask, part: RecordPart): Prisma.Sql {
  const position = abTestGroupPosition(part);
  if (position !== null) {
    return Prisma.sql`f.account_id = ${task.accountId}::uuid AND f.subscribed
      AND f.id IN (SELECT s.follower_id FROM ab_test_samples s WHERE s.task_id = ${task.taskId}::uuid AND s.position = ${position})`;
  }
  if (part === REMAINDER_PART) {
    return Prisma.sql`${inTaskAudience(task)} AND NOT EXISTS (SELECT 1 FROM ab_test_samples s WHERE s.task_id = ${task.taskId}::uuid AND s.follower_id = f.id)`;
  }
  return inTaskAudience(task);
}
