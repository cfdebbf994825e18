import { describe, expect, it } from 'vitest';
import { useTestApp } from '../helpers/app.ts';
import { failFirstWrite } from '../helpers/fail-once.ts';
import { finishAll, selectingRecord } from '../helpers/sending.ts';
import { sendTask } from '#src/sending/send-task.ts';
import { RetryLaterError } from '#src/jobs/retry-later.ts';

describe('a batch\'s answer that cannot be stored', () => {
  const t = useTestApp();

  it('stops the run after the batch already out; the rerun adopts both jobs (45065) and sends the rest once', async () => {
    // 20,002 recipients: batches of 10,000 / 10,000 / 2.
    const { prisma, account, taskId, record } = await selectingRecord(t, 20_002);
    const deps = { prisma, pubsub: t.app.deps.pubsub, wechat: t.app.deps.wechat };
    const sentJobs = () => t.app.sim!.jobs(account.appId).filter((j) => !j.seeded);
    const batches = () => prisma.sendBatch.findMany({ where: { recordId: record.id }, orderBy: { batchNo: 'asc' }, select: { state: true, msgId: true, attempts: true } });
    // Storing batch 0's msg_id fails once. A batch's answer is stored while the next batch is
    // sent, so batch 1 is out when the run learns of the failure; batch 2 is never sent.
    const tag = `store_fails_${account.id.replaceAll('-', '')}`;
    await failFirstWrite(prisma, { name: tag, table: 'send_batches', on: 'UPDATE', when: `NEW.account_id = '${account.id}'::uuid AND NEW.batch_no = 0 AND NEW.state = 'SUBMITTED'` });

    await expect(sendTask(deps, taskId)).rejects.toThrow(tag);
    expect(sentJobs().map((j) => j.totalCount)).toEqual([10_000, 10_000]);
    expect((await batches()).map((b) => b.state)).toEqual(['SUBMITTING', 'SUBMITTING', 'PENDING']);

    // After WeChat's minute (it refuses a clientmsgid seen within a minute, 45066), the rerun
    // resubmits batches 0 and 1 with their clientmsgids: WeChat answers 45065 with the jobs it
    // made, which the batches adopt; batch 2 goes out once.
    t.app.sim!.setClock({ advanceMs: 61_000 });
    await expect(sendTask(deps, taskId)).rejects.toBeInstanceOf(RetryLaterError);
    const jobs = sentJobs();
    expect(jobs.map((j) => j.totalCount)).toEqual([10_000, 10_000, 2]);
    const stored = await batches();
    expect(stored.map((b) => [String(b.msgId), b.attempts])).toEqual(jobs.map((j, i) => [String(j.msgId), i < 2 ? 2 : 1]));
    // Submitted, or already finished by a result that came in the meantime (the clock moved on).
    for (const batch of stored) expect(['SUBMITTED', 'SENT']).toContain(batch.state);

    await finishAll(t, account.appId);
    await expect.poll(async () => (await prisma.sendRecord.findUniqueOrThrow({ where: { id: record.id } })).state, { timeout: 30_000 }).toBe('SENT');
    // Every recipient was in exactly one WeChat job.
    const delivered = jobs.flatMap((j) => {
      const list = t.app.sim!.state.jobs.get(j.msgId)!.delivered!;
      return [...list.indices, ...list.others];
    });
    expect(new Set(delivered).size).toBe(delivered.length);
  }, 120_000);
});
