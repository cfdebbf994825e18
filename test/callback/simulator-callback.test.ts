import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../helpers/database.ts';
import { createTestKey, startTestApp } from '../helpers/app.ts';
import { scopeToWorkspace } from '#src/db/scoped.ts';
import { bindAccount } from '#src/services/accounts.ts';
import type { WeChatEventReceived } from '#src/pubsub.ts';

const AES_KEY = 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG';

/**
 * The simulator as WeChat's push side and the app as the receiver, both real over HTTP: a mass
 * send finishes in the simulator, its MASSSENDJOBFINISH reaches /wechat/callback/:accountId
 * signed (and, in safe mode, encrypted) with the account's token, is stored, published and handled.
 */
describe('simulator → callback endpoint', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let app: Awaited<ReturnType<typeof startTestApp>>;
  let workspaceId: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    app = await startTestApp({ databaseUrl: db.url });
    ({ workspaceId } = await createTestKey(app));
  });
  afterAll(async () => {
    await app?.stop();
    await db?.drop();
  });

  /** An account in the simulator and bound in wxcast with the same callback settings. */
  async function boundAccount(appId: string, callbackAesKey?: string) {
    const secret = `${appId}-secret`;
    const callbackToken = `tok${appId.replace(/[^A-Za-z0-9]/g, '')}`.slice(0, 32);
    app.sim!.addAccount({ appId, secret, type: 'SERVICE', followers: 5, callbackToken, encodingAesKey: callbackAesKey });
    const account = await bindAccount(
      scopeToWorkspace(app.deps.prisma, workspaceId),
      { secretKey: app.deps.secretKey, verifyCredentials: app.deps.wechat.verifyCredentials },
      { appId, appSecret: secret, name: appId, type: 'SERVICE', callbackToken, callbackAesKey },
    );
    app.sim!.setCallbackUrl(`${app.url}/wechat/callback/${account.id}`, appId);
    return account;
  }

  for (const mode of ['plaintext', 'safe'] as const) {
    it(`stores and publishes a finished mass send pushed in ${mode} mode`, async () => {
      const appId = `wxsimcb${mode}`;
      const account = await boundAccount(appId, mode === 'safe' ? AES_KEY : undefined);
      const received: WeChatEventReceived[] = [];
      const events = app.deps.pubsub.subscribe('wechat:event', account.id);
      const reading = (async () => {
        for await (const event of events) received.push(event);
      })();

      const client = await app.deps.wechat.clientFor(account.id);
      const sent = await client.massSendAll({ filter: { is_to_all: true }, msgtype: 'text', text: { content: `hello ${mode}` }, clientmsgid: `simcb-${mode}` });
      app.sim!.finishJob(sent.msgId);
      await app.sim!.idle();

      expect(app.sim!.callbacks({ appid: appId, msgId: sent.msgId })).toEqual([expect.objectContaining({ outcome: 200, ok: true })]);
      const rows = await app.deps.prisma.weChatEvent.findMany({ where: { accountId: account.id } });
      expect(rows).toHaveLength(1);
      const job = app.sim!.jobs(appId).find((j) => j.msgId === sent.msgId)!;
      expect(rows[0]).toMatchObject({ msgType: 'event', event: 'MASSSENDJOBFINISH', msgId: BigInt(sent.msgId) });
      // The stored payload keeps the XML's text values as WeChat sent them.
      expect(rows[0]!.payload).toMatchObject({ MsgID: String(sent.msgId), Status: 'send success', TotalCount: String(job.totalCount), SentCount: String(job.sentCount) });
      expect(job.sentCount).toBe(5);

      // Its handler records the result against the msg_id, through the job engine.
      await expect.poll(async () => (await app.deps.prisma.weChatEvent.findUniqueOrThrow({ where: { id: rows[0]!.id } })).handling, { timeout: 15_000 }).toBe('HANDLED');
      expect(await app.deps.prisma.massSendResult.findMany({ where: { accountId: account.id } })).toEqual([
        expect.objectContaining({ msgId: BigInt(sent.msgId), status: 'send success', totalCount: job.totalCount, sentCount: 5, eventId: rows[0]!.id }),
      ]);

      await expect.poll(() => received.length).toBe(1);
      expect(received[0]).toEqual({ eventId: rows[0]!.id, event: 'MASSSENDJOBFINISH' });
      await events.return?.();
      await reading;
    });
  }
});
