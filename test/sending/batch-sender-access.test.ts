import { describe, expect, it } from 'vitest';
import { sendBatch } from '#src/sending/batch-sender.ts';
import { clientMsgId } from '#src/sending/client-msg-id.ts';
import { createWeChatAccess } from '#src/wechat/access.ts';
import { bindSimAccount, useTestApp } from '../helpers/app.ts';

/** The batch sender wired as the app wires it: the account's shared slots and its sending client. */
describe('sendBatch through WeChatAccess', () => {
  const t = useTestApp();

  it('takes slots of the shared limit (WXCAST_MASS_SEND_PER_MINUTE) and answers retry-after when none is free', async () => {
    const account = await bindSimAccount(t.app, t.workspaceId, { followers: 10 });
    const access = createWeChatAccess({ prisma: t.app.deps.prisma, secretKey: t.app.deps.secretKey, baseUrl: t.app.sim!.url, massSendsPerMinute: 1 });
    const client = await access.sendingClientFor(account.id);
    const openids = (await client.getFollowers()).data!.openid.slice(0, 3);
    const deps = { accountId: account.id, client, slots: access.slots };
    const submission = (n: number) => ({ target: { kind: 'openids' as const, openids }, message: { msgtype: 'text' as const, text: { content: `第${n}批` } }, clientMsgId: clientMsgId(['b', account.id, n]) });
    expect(await sendBatch(deps, submission(0))).toMatchObject({ kind: 'accepted' });
    const started = Date.now();
    const refused = await sendBatch(deps, submission(1));
    // Answered at once, not after the minute.
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(refused).toMatchObject({ kind: 'retry-after', errcode: null });
    expect((refused as { retryAt: Date }).retryAt.getTime()).toBeGreaterThan(Date.now() + 30_000);
    expect(t.app.sim!.jobs(account.appId).filter((job) => !job.seeded)).toHaveLength(1);
    // A second process's access shares the same slots.
    const other = createWeChatAccess({ prisma: t.app.deps.prisma, secretKey: t.app.deps.secretKey, baseUrl: t.app.sim!.url, massSendsPerMinute: 1 });
    expect(await other.slots.tryAcquire(account.id)).toMatchObject({ acquired: false });
  });
});
