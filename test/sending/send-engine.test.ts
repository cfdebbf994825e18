import { describe, expect, it } from 'vitest';
import { useTestApp } from '../helpers/app.ts';
import { gid, rawId } from '../helpers/broadcasts.ts';
import { deliveriesByOpenid, finishAll, groupOf, groupsAudience, sendingAccount, sendNow, simJobs, text } from '../helpers/sending.ts';
import { clientMsgId } from '#src/sending/client-msg-id.ts';

describe('the sending engine', () => {
  const t = useTestApp();
  const prisma = () => t.app.deps.prisma;
  const recordOf = async (broadcastId: string) =>
    prisma().sendRecord.findFirstOrThrow({ where: { broadcastId: rawId(broadcastId) }, include: { batches: { orderBy: { batchNo: 'asc' } } } });

  it('sends a group on a service account: each current member exactly once, record SENT with WeChat counts', async () => {
    const { account, openids, customerOf } = await sendingAccount(t, 8);
    const group = await groupOf(t, customerOf, openids.slice(0, 5));
    // A member who unfollowed is not a recipient.
    await prisma().follower.update({ where: { accountId_openid: { accountId: account.id, openid: openids[4]! } }, data: { subscribed: false } });
    const broadcastId = await sendNow(t, { accountId: gid('Account', account.id), name: 'Group', firstTask: { ...groupsAudience(group.id), content: text('你好') } });
    const [job] = await simJobs(t, account.appId, 1);
    expect(job).toMatchObject({ api: 'send', totalCount: 4 });
    await expect.poll(async () => (await recordOf(broadcastId)).state, { timeout: 15_000 }).toBe('SENDING');
    await finishAll(t, account.appId);
    await expect.poll(async () => (await recordOf(broadcastId)).state, { timeout: 15_000 }).toBe('SENT');
    const record = await recordOf(broadcastId);
    expect(record).toMatchObject({ recipientCount: 4, batchCount: 1, sentCount: 4, errorCount: 0 });
    expect(record.batches).toEqual([expect.objectContaining({ batchNo: 0, state: 'SENT', msgId: BigInt(job!.msgId), recipientCount: 4, clientMsgId: clientMsgId(['batch', record.id, 0]) })]);
    const delivered = deliveriesByOpenid(t, account.appId);
    expect([...delivered.entries()].sort()).toEqual(openids.slice(0, 4).map((o) => [o, 1]).sort());
    expect(await prisma().followerMonthlySend.aggregate({ where: { accountId: account.id }, _sum: { count: true } })).toMatchObject({ _sum: { count: 4 } });
  });
});
