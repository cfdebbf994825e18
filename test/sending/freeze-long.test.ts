import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { useTestApp } from '../helpers/app.ts';
import { createBroadcastOk, gid, rawId } from '../helpers/broadcasts.ts';
import { groupOf, groupsAudience, sendingAccount, text } from '../helpers/sending.ts';
import { ensureSendRecord, freezeAudience } from '#src/sending/audience.ts';
import { ensureAbSamples } from '#src/sending/ab-samples.ts';

/** Prisma ends an interactive transaction after this long unless told otherwise. */
const PRISMA_DEFAULT_TRANSACTION_MS = 5_000;

describe('freezing an audience that takes longer than Prisma\'s default transaction', () => {
  const t = useTestApp();

  it('commits the freeze (1,000,000 followers take 10 s and more on a busy machine)', async () => {
    const { account, openids, customerOf } = await sendingAccount(t, 4);
    const group = await groupOf(t, customerOf, openids);
    const created = await createBroadcastOk(t, { accountId: gid('Account', account.id), name: 'Long freeze', firstTask: { ...groupsAudience(group.id), content: text('long') } });
    const prisma = t.app.deps.prisma;
    const task = await prisma.broadcastTask.findFirstOrThrow({ where: { broadcastId: rawId(created.id) } });
    const record = await ensureSendRecord(prisma, task.id);

    // The batch cut waits behind this lock, so the freeze's transaction outlives Prisma's default.
    const blocker = new pg.Client({ connectionString: t.db.url });
    await blocker.connect();
    try {
      await blocker.query('BEGIN');
      await blocker.query('LOCK TABLE send_batches IN SHARE ROW EXCLUSIVE MODE');
      const freezing = freezeAudience(prisma, record);
      // Asked outside the blocker's transaction, which would keep seeing its first snapshot of pg_stat_activity.
      const waiting = () => prisma.$queryRaw<unknown[]>`SELECT pid FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE '%INSERT INTO send_batches%'`;
      await expect.poll(async () => (await waiting()).length, { timeout: 20_000 }).toBe(1);
      await new Promise((resolve) => setTimeout(resolve, PRISMA_DEFAULT_TRANSACTION_MS + 1_000));
      await blocker.query('COMMIT');
      const move = await freezing;
      expect(move?.event.record.state).toBe('PREPARING');
      expect(move?.event.record.recipientCount).toBe(4);
    } finally {
      await blocker.end();
    }
    expect(await prisma.sendRecordRecipient.count({ where: { recordId: record.id } })).toBe(4);
  });

  it('commits the A/B samples (600,000 followers took 8.6 s and more on a busy machine)', async () => {
    const { account, openids, customerOf } = await sendingAccount(t, 4);
    const group = await groupOf(t, customerOf, openids);
    const created = await createBroadcastOk(t, { accountId: gid('Account', account.id), name: 'Long sampling', firstTask: { ...groupsAudience(group.id), content: text('long') } });
    const prisma = t.app.deps.prisma;
    const task = await prisma.broadcastTask.findFirstOrThrow({ where: { broadcastId: rawId(created.id) } });
    // Two test groups of 50 % each would leave no remainder through the API; the draw does not care.
    await prisma.abTestGroup.createMany({ data: [0, 1].map((position) => ({ taskId: task.id, position, percentage: 50, content: {} })) });

    // The samples' insert waits behind this lock, so the sampling's transaction outlives Prisma's default.
    const blocker = new pg.Client({ connectionString: t.db.url });
    await blocker.connect();
    try {
      await blocker.query('BEGIN');
      await blocker.query('LOCK TABLE ab_test_samples IN SHARE ROW EXCLUSIVE MODE');
      const drawing = ensureAbSamples(prisma, task.id);
      const waiting = () => prisma.$queryRaw<unknown[]>`SELECT pid FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE '%INSERT INTO ab_test_samples%'`;
      await expect.poll(async () => (await waiting()).length, { timeout: 20_000 }).toBe(1);
      await new Promise((resolve) => setTimeout(resolve, PRISMA_DEFAULT_TRANSACTION_MS + 1_000));
      await blocker.query('COMMIT');
      await drawing;
    } finally {
      await blocker.end();
    }
    expect(await prisma.abTestSample.count({ where: { taskId: task.id } })).toBe(4);
  });
});
