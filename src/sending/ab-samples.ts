import { randomBytes } from 'node:crypto';
import type { Db } from '#src/db/client.ts';
import { Prisma } from '#src/generated/prisma/client.ts';
import { audienceTask, inTaskAudience, type AudienceTask } from '#src/authoring/audience-rule.ts';
import { FREEZE_TIMEOUT_MS, setBulkPlanning } from '#src/sending/audience.ts';

/**
 * The task's current audience (the task's rule, current followers) ranked by md5(seed || follower
 * id) — a uniform random order that the seed alone fixes — as rows (id, rank from 0, n: the
 * audience's size). The digest is sorted as its 16 bytes, not its hex text: the same order, but
 * 600,000 of them sort in memory (work_mem 64 MB) instead of spilling 35 MB to disk.
 */
function rankedAudience(task: AudienceTask, seed: string): Prisma.Sql {
  return Prisma.sql`
    SELECT f.id, row_number() OVER (ORDER BY decode(md5(${seed} || f.id::text), 'hex'), f.id) - 1 AS rank, count(*) OVER () AS n
    FROM followers f WHERE ${inTaskAudience(task)}`;
}

/**
 * The samples drawn from a ranked audience named `audience` (see {@link rankedAudience}), as rows
 * (position, follower_id): test group i takes the ranks [⌊N·before(i)/100⌋,
 * ⌊N·(before(i)+percentage(i))/100⌋), where before(i) is the sum of the percentages of the groups
 * before it. The ranges do not overlap, so the samples are disjoint; each is ⌊N·p/100⌋ or one more.
 */
function samplesOfRanked(taskId: string): Prisma.Sql {
  return Prisma.sql`
    SELECT g.position, a.id AS follower_id
    FROM audience a JOIN (
      SELECT position, sum(percentage) OVER (ORDER BY position) - percentage AS before, sum(percentage) OVER (ORDER BY position) AS upto
      FROM ab_test_groups WHERE task_id = ${taskId}::uuid) g
    ON a.rank >= (a.n * g.before) / 100 AND a.rank < (a.n * g.upto) / 100`;
}

/** The samples a seed draws from a task's current audience, as a SQL query of (position, follower_id). Everything stays in PostgreSQL. */
export function drawnSamples(task: AudienceTask, seed: string): Prisma.Sql {
  return Prisma.sql`WITH audience AS (${rankedAudience(task, seed)}) ${samplesOfRanked(task.taskId)}`;
}

/**
 * Stores the samples a seed draws and the audience's size on the task's sampling row, in one
 * statement that ranks the audience once. Exported for the send bench, which times it as plain SQL.
 */
export function drawSamplesStatement(task: AudienceTask, seed: string): Prisma.Sql {
  return Prisma.sql`
    WITH audience AS (${rankedAudience(task, seed)}),
    samples AS (INSERT INTO ab_test_samples (task_id, position, follower_id) SELECT ${task.taskId}::uuid, position, follower_id FROM (${samplesOfRanked(task.taskId)}) s)
    UPDATE ab_test_samplings SET audience_count = (SELECT count(*) FROM audience)::int WHERE task_id = ${task.taskId}::uuid`;
}

/**
 * Draws the task's A/B samples once: the first run to get here stores a new seed and, in the
 * same transaction, the samples it draws and the audience's size, with one statement that ranks
 * the audience once; a rerun or a second worker finds the seed (its INSERT … ON CONFLICT waits
 * for the first transaction and then does nothing) and keeps the samples already stored. Returns
 * the stored seed.
 */
export async function ensureAbSamples(prisma: Db, taskId: string): Promise<string> {
  const task = await audienceTask(prisma, taskId);
  return prisma.$transaction(async (tx) => {
    // As the freeze: ranking a large audience sorts it, and 600,000 followers took 8.6 s and
    // more on a busy machine, past Prisma's default 5 s for a transaction.
    await setBulkPlanning(tx);
    const seed = randomBytes(16).toString('hex');
    const drawn = await tx.$executeRaw`
      INSERT INTO ab_test_samplings (task_id, seed, audience_count) VALUES (${taskId}::uuid, ${seed}, 0)
      ON CONFLICT (task_id) DO NOTHING`;
    if (drawn) {
      await tx.$executeRaw(drawSamplesStatement(task, seed));
      return seed;
    }
    const [stored] = await tx.$queryRaw<{ seed: string }[]>`SELECT seed FROM ab_test_samplings WHERE task_id = ${taskId}::uuid`;
    if (!stored) throw new Error(`broadcast task ${taskId} does not exist`);
    return stored.seed;
  }, { timeout: FREEZE_TIMEOUT_MS });
}
