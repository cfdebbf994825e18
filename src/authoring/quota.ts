import { DateTime } from 'luxon';
import type { Db } from '#src/db/client.ts';
import type { ScopedDb } from '#src/db/scoped.ts';
import { QuotaExceededError } from '#src/authoring/errors.ts';
import type { LoadedBroadcast } from '#src/authoring/broadcasts.ts';
import type { Slot } from '#src/authoring/slots.ts';
import { MONTHLY_SENDS_PER_FOLLOWER } from '#src/authoring/audience.ts';
import { sendsOnDay, takenDays } from '#src/sending/daily-sends.ts';

type Tx = Parameters<Parameters<ScopedDb['$transaction']>[0]>[0];

/** The calendar day of an instant in a time zone, as YYYY-MM-DD. */
export const dayIn = (instant: Date, timeZone: string) => DateTime.fromJSDate(instant, { zone: timeZone }).toISODate()!;

/**
 * A subscription account mass-sends once per calendar day (its time zone): refuses a plan with
 * two sends on one day, within the broadcast, with another planned (or sending) broadcast of
 * the account, or on a day a send already took (one WeChat accepted, or a 45028 refusal saying a
 * send made outside wxcast took it), naming the day and the other broadcast. Service accounts
 * have no daily limit.
 */
export async function checkDailySends(tx: Tx, broadcast: LoadedBroadcast, plan: { slot: Slot; sendAt: Date }[]) {
  if (broadcast.account.type !== 'SUBSCRIPTION' || plan.length === 0) return;
  const zone = broadcast.account.timeZone;
  const seen = new Map<string, Slot>();
  for (const { slot, sendAt } of plan) {
    const day = dayIn(sendAt, zone);
    const earlier = seen.get(day);
    if (earlier) {
      const abTest = slot.abTest || earlier.abTest;
      throw new QuotaExceededError(day, null, `two sends of this broadcast fall on ${day} (${zone}); a subscription account sends once a day` +
        (abTest ? '; on a subscription account every A/B test group and the remainder must be sent on different days' : ''));
    }
    seen.set(day, slot);
  }
  const [taken] = await takenDays(tx, broadcast.accountId, [...seen.keys()]);
  if (taken) {
    throw new QuotaExceededError(taken.day, taken.broadcastId, taken.kind === 'SENT'
      ? `broadcast "${taken.broadcastName}" already sent on ${taken.day} (${zone}); a subscription account sends once a day`
      : `WeChat refused broadcast "${taken.broadcastName}" on ${taken.day} (${zone}) because that day's send was already used outside wxcast (45028); a subscription account sends once a day`);
  }
  const times = plan.map(({ sendAt }) => sendAt.getTime());
  // A day is at most 26 hours wide in any zone: a window of ±2 days around the plan catches every neighbour.
  const from = new Date(Math.min(...times) - 2 * 86_400_000);
  const to = new Date(Math.max(...times) + 2 * 86_400_000);
  const busy = { accountId: broadcast.accountId, id: { not: broadcast.id } };
  const active = { in: ['SCHEDULED', 'DUE'] as ('SCHEDULED' | 'DUE')[] };
  const [tasks, groups] = await Promise.all([
    // A due task whose record finished no longer plans a send: if it sent, its day is in takenDays above.
    tx.broadcastTask.findMany({ where: { broadcast: busy, slotState: active, sendAt: { gte: from, lte: to }, sendRecords: { none: { state: { in: ['SENT', 'PARTLY_FAILED', 'FAILED'] } } } }, select: { sendAt: true, broadcast: { select: { id: true, name: true } } } }),
    tx.abTestGroup.findMany({ where: { task: { broadcast: busy }, slotState: active, sendAt: { gte: from, lte: to } }, select: { sendAt: true, task: { select: { broadcast: { select: { id: true, name: true } } } } } }),
  ]);
  const others = [...tasks.map((row) => ({ sendAt: row.sendAt!, broadcast: row.broadcast })), ...groups.map((row) => ({ sendAt: row.sendAt!, broadcast: row.task.broadcast }))];
  for (const other of others) {
    const day = dayIn(other.sendAt, zone);
    if (seen.has(day)) {
      throw new QuotaExceededError(day, other.broadcast.id, `broadcast "${other.broadcast.name}" already sends on ${day} (${zone}); a subscription account sends once a day`);
    }
  }
}

/** What an account may still send: a subscription account's day, or a service account's month. */
export interface AccountQuota {
  accountType: 'SUBSCRIPTION' | 'SERVICE';
  period: 'DAY' | 'MONTH';
  /** The period in the account's time zone. */
  periodStart: Date;
  periodEnd: Date;
  /** Subscription: sends per day (1). Service: mass messages per follower per month (4). */
  limit: number;
  /**
   * Subscription: sends made that day (accepted by WeChat, or 1 when WeChat answered 45028 because
   * a send made outside wxcast took it) plus sends planned that day and not made yet.
   * Service: the most any current follower got from wxcast this month.
   */
  used: number;
  /** Subscription: sends left that day. Service: followers who can still receive at least one more. */
  left: number;
  /** Service: current followers wxcast already sent 4 this month (WeChat filters them out); 0 for subscription accounts. */
  followersAtLimit: number;
  /** Sends planned in the period (scheduled, or due) that WeChat has not accepted yet and that have not finished. */
  plannedSends: number;
  /** Subscription: sends that took the day (see `used`). Service: send records with a batch WeChat accepted in the month. */
  sendsMade: number;
}

/** The quota of an account for the day (subscription) or month (service) that contains `at`. */
export async function accountQuota(prisma: Db, account: { id: string; type: 'SUBSCRIPTION' | 'SERVICE'; timeZone: string }, at: Date): Promise<AccountQuota> {
  const local = DateTime.fromJSDate(at, { zone: account.timeZone });
  const daily = account.type === 'SUBSCRIPTION';
  const start = local.startOf(daily ? 'day' : 'month');
  const end = start.plus(daily ? { days: 1 } : { months: 1 });
  // A due task whose record WeChat already accepted a batch of is made, not planned (it is in
  // sendsMade); one whose record finished without a send (refused, failed before sending) no longer plans one.
  const [planned] = await prisma.$queryRaw<{ sends: number }[]>`
    SELECT (
      (SELECT count(*) FROM broadcast_tasks t JOIN broadcasts b ON b.id = t.broadcast_id
        WHERE b.account_id = ${account.id}::uuid AND t.slot_state IN ('SCHEDULED', 'DUE') AND t.send_at >= ${start.toJSDate()} AND t.send_at < ${end.toJSDate()}
          AND NOT EXISTS (SELECT 1 FROM send_records r WHERE r.task_id = t.id
            AND (r.state IN ('SENT', 'PARTLY_FAILED', 'FAILED') OR EXISTS (SELECT 1 FROM send_batches sb WHERE sb.record_id = r.id AND sb.msg_id IS NOT NULL))))
      + (SELECT count(*) FROM ab_test_groups g JOIN broadcast_tasks t ON t.id = g.task_id JOIN broadcasts b ON b.id = t.broadcast_id
        WHERE b.account_id = ${account.id}::uuid AND g.slot_state IN ('SCHEDULED', 'DUE') AND g.send_at >= ${start.toJSDate()} AND g.send_at < ${end.toJSDate()})
    )::int AS sends`;
  const plannedSends = planned?.sends ?? 0;
  if (daily) {
    const sendsMade = await sendsOnDay(prisma, account.id, start.toISODate()!);
    const used = sendsMade + plannedSends;
    return { accountType: 'SUBSCRIPTION', period: 'DAY', periodStart: start.toJSDate(), periodEnd: end.toJSDate(), limit: 1, used, left: Math.max(0, 1 - used), followersAtLimit: 0, plannedSends, sendsMade };
  }
  const [made] = await prisma.$queryRaw<{ records: number }[]>`
    SELECT count(DISTINCT record_id)::int AS records FROM send_batches
    WHERE account_id = ${account.id}::uuid AND msg_id IS NOT NULL AND submitted_at >= ${start.toJSDate()} AND submitted_at < ${end.toJSDate()}`;
  const [followers] = await prisma.$queryRaw<{ atLimit: number; withRoom: number; most: number }[]>`
    SELECT count(*) FILTER (WHERE COALESCE(ms.count, 0) >= ${MONTHLY_SENDS_PER_FOLLOWER})::int AS "atLimit",
           count(*) FILTER (WHERE COALESCE(ms.count, 0) < ${MONTHLY_SENDS_PER_FOLLOWER})::int AS "withRoom",
           COALESCE(max(ms.count), 0)::int AS most
    FROM followers f
    LEFT JOIN follower_monthly_sends ms ON ms.follower_id = f.id AND ms.month = ${start.toISODate()}::date
    WHERE f.account_id = ${account.id}::uuid AND f.subscribed`;
  return {
    accountType: 'SERVICE', period: 'MONTH', periodStart: start.toJSDate(), periodEnd: end.toJSDate(), limit: MONTHLY_SENDS_PER_FOLLOWER,
    used: followers?.most ?? 0, left: followers?.withRoom ?? 0, followersAtLimit: followers?.atLimit ?? 0, plannedSends, sendsMade: made?.records ?? 0,
  };
}
