import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { useTestApp } from '../helpers/app.ts';
import { groupBroadcastTask, selectingRecord } from '../helpers/sending.ts';
import { freezeAudience } from '#src/sending/audience.ts';
import { ensureAbSamples } from '#src/sending/ab-samples.ts';

/** Prisma ends an interactive transaction after this long unless told otherwise. */
const PRISMA_DEFAULT_TRANSACTION_MS = 5_000;

describe('freezing an audience that takes longer than Prisma\'s default transaction', () => {
  const t = useTestApp();

  /**
   * Runs `work` while another transaction locks `table`, and lets the lock go only once `work`'s
   * insert into the table has waited longer than Prisma's default transaction: its transaction
   * then outlives that default and must still commit.
   */
  async function pastPrismaDefault<T>(table: string, work: () => Promise<T>): Promise<T> {
    const blocker = new pg.Client({ connectionString: t.db.url });
    await blocker.connect();
    try {
      await blocker.query('BEGIN');
      await blocker.query(`LOCK TABLE ${table} IN SHARE ROW EXCLUSIVE MODE`);
      const working = work();
      // Asked outside the blocker's transaction, which would keep seeing its first snapshot of pg_stat_activity.
      const waiting = () => t.app.deps.prisma.$queryRawUnsafe<unknown[]>(`SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE '%INSERT INTO ${table}%'`);
      await expect.poll(async () => (await waiting()).length, { timeout: 20_000 }).toBe(1);
      await new Promise((resolve) => setTimeout(resolve, PRISMA_DEFAULT_TRANSACTION_MS + 1_000));
      await blocker.query('COMMIT');
      return await working;
    } finally {
      await blocker.end();
    }
  }

  it('commits the freeze (1,000,000 followers take 10 s and more on a busy machine)', async () => {
    const { prisma, record } = await selectingRecord(t, 4);
    // The batch cut waits behind the lock.
    const move = await pastPrismaDefault('send_batches', () => freezeAudience(prisma, record));
    expect(move?.event.record.state).toBe('PREPARING');
    expect(move?.event.record.recipientCount).toBe(4);
    expect(await prisma.sendRecordRecipient.count({ where: { recordId: record.id } })).toBe(4);
  });

  it('commits the A/B samples (600,000 followers took 8.6 s and more on a busy machine)', async () => {
    const { prisma, taskId } = await groupBroadcastTask(t, 4);
    // Two test groups of 50 % each would leave no remainder through the API; the draw does not care.
    await prisma.abTestGroup.createMany({ data: [0, 1].map((position) => ({ taskId, position, percentage: 50, content: {} })) });
    // The samples' insert waits behind the lock.
    await pastPrismaDefault('ab_test_samples', () => ensureAbSamples(prisma, taskId));
    expect(await prisma.abTestSample.count({ where: { taskId } })).toBe(4);
  });
});
