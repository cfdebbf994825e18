import type { Db } from '#src/db/client.ts';
import { IN_TASK_AUDIENCE } from '#src/authoring/audience-rule.ts';

/** WeChat delivers at most this many mass messages to one service-account follower per calendar month. */
export const MONTHLY_SENDS_PER_FOLLOWER = 4;

export interface AudienceSize {
  taskId: string;
  /** Current followers the task reaches, after filtering out the first group's members (comparison groups). */
  size: number;
  /**
   * Of those, followers that wxcast already sent 4 mass messages in the calendar month (account
   * time zone) of the task's send time (now when it has none): WeChat will filter them out.
   */
  atMonthlyLimit: number;
}

/**
 * Audience sizes of tasks, in one statement: current followers of the broadcast's account in
 * the task's audience; a comparison group loses every customer of the first group (groups: the
 * overlap; "remaining followers": everyone in the first group).
 */
export async function audienceSizes(prisma: Db, taskIds: string[], now: Date): Promise<AudienceSize[]> {
  if (taskIds.length === 0) return [];
  return prisma.$queryRaw<AudienceSize[]>`
    SELECT t.id AS "taskId", s.size, s.at_limit AS "atMonthlyLimit"
    FROM broadcast_tasks t
    JOIN broadcasts b ON b.id = t.broadcast_id
    JOIN official_accounts a ON a.id = b.account_id
    CROSS JOIN LATERAL (
      SELECT count(*)::int AS size,
             count(*) FILTER (WHERE ms.count >= ${MONTHLY_SENDS_PER_FOLLOWER})::int AS at_limit
      FROM followers f
      LEFT JOIN follower_monthly_sends ms
        ON ms.follower_id = f.id
       AND ms.month = date_trunc('month', COALESCE(t.send_at, ${now}::timestamptz) AT TIME ZONE a.time_zone)::date
      WHERE f.account_id = b.account_id AND f.subscribed AND ${IN_TASK_AUDIENCE}
    ) s
    WHERE t.id = ANY(${taskIds}::uuid[])`;
}
