import { Prisma } from '#src/generated/prisma/client.ts';

/**
 * Who a broadcast task reaches, as a SQL condition on the task `t` and a follower `f` of the
 * broadcast's account (the caller joins both and keeps `f.subscribed`): "all followers" and
 * "remaining followers" take every follower, a group audience those whose customer is in one of
 * the task's groups; a comparison group (position > 0) then loses every customer of the first
 * group (for groups: the overlap; for "remaining followers": everyone in the first group). The
 * size shown while authoring and the recipients frozen for sending both use this one rule.
 */
export const IN_TASK_AUDIENCE = Prisma.sql`
  (t.audience IN ('ALL_FOLLOWERS', 'REMAINING_FOLLOWERS')
   OR (t.audience = 'GROUPS' AND EXISTS (
         SELECT 1 FROM broadcast_task_groups g
         JOIN customer_group_members m ON m.group_id = g.group_id
         WHERE g.task_id = t.id AND m.customer_id = f.customer_id)))
  AND (t.position = 0 OR NOT EXISTS (
         SELECT 1 FROM broadcast_tasks ft
         JOIN broadcast_task_groups g ON g.task_id = ft.id
         JOIN customer_group_members m ON m.group_id = g.group_id
         WHERE ft.broadcast_id = t.broadcast_id AND ft.position = 0 AND m.customer_id = f.customer_id))`;
