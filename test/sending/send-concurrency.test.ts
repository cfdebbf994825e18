import { describe, expect, it } from 'vitest';
import { useTestApp } from '../helpers/app.ts';
import { deliveriesByOpenid, finishAll, groupBroadcastTask } from '../helpers/sending.ts';
import { sendTask } from '#src/sending/send-task.ts';
import { RetryLaterError } from '#src/jobs/retry-later.ts';

describe('two workers sending the same task at once', () => {
  const t = useTestApp();

  it('freeze one audience, make one WeChat job, and deliver to each recipient once', async () => {
    const { prisma, account, openids, taskId } = await groupBroadcastTask(t, 6);
    const deps = { prisma, pubsub: t.app.deps.pubsub, wechat: t.app.deps.wechat };

    // What two workers holding the same run (a redelivery while the first still runs) would do.
    const runs = await Promise.allSettled([sendTask(deps, taskId), sendTask(deps, taskId)]);
    // Both are told to come back later: the loser because WeChat refuses the same clientmsgid
    // within a minute (45066), the winner to wait for WeChat's result (its run is rescheduled).
    for (const run of runs) expect(run.status === 'rejected' && run.reason).toBeInstanceOf(RetryLaterError);
    expect(runs.some((run) => run.status === 'rejected' && (run.reason as RetryLaterError).reason.startsWith('waiting for WeChat\'s results'))).toBe(true);
    expect(await prisma.sendRecord.count({ where: { taskId } })).toBe(1);
    const record = await prisma.sendRecord.findFirstOrThrow({ where: { taskId }, include: { batches: true } });
    expect(await prisma.sendRecordRecipient.count({ where: { recordId: record.id } })).toBe(6);
    expect(record.batches).toHaveLength(1);
    expect(record.batches[0]!.state).toBe('SUBMITTED');
    const jobs = t.app.sim!.jobs(account.appId).filter((j) => !j.seeded);
    expect(jobs).toHaveLength(1);
    expect(record.batches[0]!.msgId).toBe(BigInt(jobs[0]!.msgId));

    // A third run later (after WeChat's minute) adopts the same job instead of sending again.
    t.app.sim!.setClock({ advanceMs: 61_000 });
    await finishAll(t, account.appId);
    // Still waiting for the result event (or finding the record SENT): no new WeChat job either way.
    await sendTask(deps, taskId).catch((error: unknown) => expect(error).toBeInstanceOf(RetryLaterError));
    expect(t.app.sim!.jobs(account.appId).filter((j) => !j.seeded)).toHaveLength(1);
    await expect.poll(async () => (await prisma.sendRecord.findUniqueOrThrow({ where: { id: record.id } })).state, { timeout: 30_000 }).toBe('SENT');
    expect([...deliveriesByOpenid(t, account.appId).entries()].sort()).toEqual(openids.map((o) => [o, 1]).sort());
  });
});
