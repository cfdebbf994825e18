import { describe, expect, it } from 'vitest';
import { useTestApp } from '../helpers/app.ts';
import { selectingRecord } from '../helpers/sending.ts';
import { freezeAudience } from '#src/sending/audience.ts';
import { ensureAbSamples } from '#src/sending/ab-samples.ts';

/**
 * Rows the sending engine writes by the hundred thousand have no foreign keys (their per-row
 * checks were a large part of the freeze, the A/B draw and the monthly counting); triggers delete
 * them with what they belong to instead. Each test deletes one owner and checks that another's
 * rows stay.
 */
describe('rows deleted with their owner, by trigger', () => {
  const t = useTestApp();

  it('removes a record\'s recipients when the record goes (deleted with its broadcast)', async () => {
    const { prisma, broadcastId, record } = await selectingRecord(t, 4);
    await freezeAudience(prisma, record);
    const other = await selectingRecord(t, 2);
    await freezeAudience(other.prisma, other.record);
    expect(await prisma.sendRecordRecipient.count({ where: { recordId: record.id } })).toBe(4);

    await prisma.broadcast.delete({ where: { id: broadcastId } });
    expect(await prisma.sendRecord.count({ where: { id: record.id } })).toBe(0);
    expect(await prisma.sendRecordRecipient.count({ where: { recordId: record.id } })).toBe(0);
    // Only the deleted record's: another record's recipients stay.
    expect(await prisma.sendRecordRecipient.count({ where: { recordId: other.record.id } })).toBe(2);
  });

  it('removes a task\'s A/B samples when the task goes (deleted with its broadcast)', async () => {
    const drawnTask = async () => {
      const made = await selectingRecord(t, 4);
      await made.prisma.abTestGroup.createMany({ data: [0, 1].map((position) => ({ taskId: made.taskId, position, percentage: 25, content: {} })) });
      await ensureAbSamples(made.prisma, made.taskId);
      return made;
    };
    const gone = await drawnTask();
    const kept = await drawnTask();
    const prisma = gone.prisma;
    expect(await prisma.abTestSample.count({ where: { taskId: gone.taskId } })).toBe(2);

    await prisma.broadcast.delete({ where: { id: gone.broadcastId } });
    expect(await prisma.abTestSample.count({ where: { taskId: gone.taskId } })).toBe(0);
    expect(await prisma.abTestSample.count({ where: { taskId: kept.taskId } })).toBe(2);
  });

  it('removes followers\' monthly counts when the followers go (deleted with their account)', async () => {
    const gone = await selectingRecord(t, 3);
    const kept = await selectingRecord(t, 2);
    const prisma = gone.prisma;
    for (const { account } of [gone, kept]) {
      await prisma.$executeRaw`
        INSERT INTO follower_monthly_sends (follower_id, account_id, month, count)
        SELECT id, account_id, '2027-03-01', 1 FROM followers WHERE account_id = ${account.id}::uuid`;
    }
    expect(await prisma.followerMonthlySend.count({ where: { accountId: gone.account.id } })).toBe(3);

    await prisma.officialAccount.delete({ where: { id: gone.account.id } });
    expect(await prisma.follower.count({ where: { accountId: gone.account.id } })).toBe(0);
    expect(await prisma.followerMonthlySend.count({ where: { accountId: gone.account.id } })).toBe(0);
    expect(await prisma.followerMonthlySend.count({ where: { accountId: kept.account.id } })).toBe(2);
  });
});
