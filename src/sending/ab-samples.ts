import { randomBytes } from 'node:crypto';
import type { Db } from '#src/db/client.ts';
import { Prisma } from '#src/generated/prisma/client.ts';
import { IN_TASK_AUDIENCE } from '#src/authoring/audience-rule.ts';
import { FREEZE_TIMEOUT_MS, FREEZE_WORK_MEM } from '#src/sending/audience.ts';

/**
 * The samples a seed draws from a task's current audience, as a SQL query of
 * (position, follower_id): the audience (the task's rule, current followers) is ranked by
 * md5(seed || follower id) — a uniform random order that the seed alone fixes — and test group
 * i takes the ranks [⌊N·before(i)/100⌋, ⌊N·(before(i)+percentage(i))/100⌋), where before(i) is
 * the sum of the percentages of the groups before it. The ranges do not overlap, so the samples
 * are disjoint; each is ⌊N·p/100⌋ or one more. Everything stays in PostgreSQL.
 */
export function drawnSamples(taskId: string, seed: string): Prisma.Sql {
  return Prisma.sql`
    WITH audience AS (
      SELECT f.id, row_number() OVER (ORDER BY md5(${seed} || f.id::text), f.id) - 1 AS rank, count(*) OVER () AS n
      FROM broadcast_tasks t
      JOIN broadcasts b ON b.id = t.broadcast_id
      JOIN followers f ON f.account_id = b.account_id AND f.subscribed
      WHERE t.id = ${taskId}::uuid AND ${IN_TASK_AUDIENCE}),
    ranges AS (
      SELECT position, sum(percentage) OVER (ORDER BY position) - percentage AS before, sum(percentage) OVER (ORDER BY position) AS upto
      FROM ab_test_groups WHERE task_id = ${taskId}::uuid)
    SELECT g.position, a.id AS follower_id
    FROM audience a JOIN ranges g ON a.rank >= (a.n * g.before) / 100 AND a.rank < (a.n * g.upto) / 100`;
}

/**
 * Draws the task's A/B samples once: the first run to get here stores a new seed and, in the
 * same transaction, the samples it draws; a rerun or a second worker finds the seed (its
 * INSERT … ON CONFLICT waits for the first transaction and then does nothing) and keeps the
 * samples already stored. Returns the stored seed.
 */
export async function ensureAbSamples(prisma: Db, taskId: string): Promise<string> {
  return prisma.$transaction(async (tx) => {
    // As the freeze: ranking a large audience sorts it (work_mem), and 600,000 followers took
    // 8.6 s and more on a busy machine, past Prisma's default 5 s for a transaction.
    await tx.$executeRawUnsafe(`SET LOCAL work_mem = '${FREEZE_WORK_MEM}'`);
    const seed = randomBytes(16).toString('hex');
    const drawn = await tx.$executeRaw`
      INSERT INTO ab_test_samplings (task_id, seed, audience_count)
      SELECT t.id, ${seed}, count(f.id)::int
      FROM broadcast_tasks t
      JOIN broadcasts b ON b.id = t.broadcast_id
      LEFT JOIN followers f ON f.account_id = b.account_id AND f.subscribed AND ${IN_TASK_AUDIENCE}
      WHERE t.id = ${taskId}::uuid
      GROUP BY t.id
      ON CONFLICT (task_id) DO NOTHING`;
    if (drawn) {
      await tx.$executeRaw`INSERT INTO ab_test_samples (task_id, position, follower_id) SELECT ${taskId}::uuid, position, follower_id FROM (${drawnSamples(taskId, seed)}) s`;
      return seed;
    }
    const [stored] = await tx.$queryRaw<{ seed: string }[]>`SELECT seed FROM ab_test_samplings WHERE task_id = ${taskId}::uuid`;
    if (!stored) throw new Error(`broadcast task ${taskId} does not exist`);
    return stored.seed;
  }, { timeout: FREEZE_TIMEOUT_MS });
}
