import type { Db } from '#src/db/client.ts';
import { Prisma } from '#src/generated/prisma/client.ts';
import { audienceTasks, inTaskAudience } from '#src/authoring/audience-rule.ts';

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
 * Audience sizes of tasks, in one statement (one count per task, each with the task's own audience
 * rule): current followers of the broadcast's account in the task's audience; a comparison group
 * loses every customer of the first group (groups: the overlap; "remaining followers": everyone in
 * the first group).
 */
export async function audienceSizes(prisma: Db, taskIds: string[], now: Date): Promise<AudienceSize[]> {
  const tasks = await audienceTasks(prisma, taskIds);
  if (tasks.length === 0) return [];
  const counts = tasks.map((task) => Prisma.sql`
    SELECT ${task.taskId}::uuid AS "taskId", count(*)::int AS size,
           count(*) FILTER (WHERE ms.count >= ${MONTHLY_SENDS_PER_FOLLOWER})::int AS "atMonthlyLimit"
    FROM followers f
    LEFT JOIN follower_monthly_sends ms ON ms.follower_id = f.id AND ms.month = (
      SELECT date_trunc('month', COALESCE(t.send_at, ${now}::timestamptz) AT TIME ZONE a.time_zone)::date
      FROM broadcast_tasks t JOIN official_accounts a ON a.id = ${task.accountId}::uuid
      WHERE t.id = ${task.taskId}::uuid)
    WHERE ${inTaskAudience(task)}`);
  return prisma.$queryRaw<AudienceSize[]>`${Prisma.join(counts, ' UNION ALL ')}`;
}
