import { createHash } from 'node:crypto';
import { encodeGlobalID } from '@pothos/plugin-relay';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphql } from '../__generated__/gql.ts';
import { createTestDatabase, queryDatabase } from '../helpers/database.ts';
import { createTestKey, startTestApp } from '../helpers/app.ts';
import { gql, postGraphQL } from '../helpers/graphql.ts';
import { historyOf, waitForRun, finished } from '../helpers/job-runs.ts';
import { encryptSecret } from '#src/crypto/secret-box.ts';
import { scopeToWorkspace } from '#src/db/scoped.ts';
import { createApiKey } from '#src/services/api-keys.ts';
import { overridePolicy } from '#src/jobs/registry.ts';
import { MASS_SEND_JOB_FINISH_XML } from '../fixtures/mass-send-job-finish.ts';

const WeChatEvents = graphql(`
  query WeChatEvents($accountId: ID!, $type: String, $first: Int, $after: String) {
    wechatEvents(accountId: $accountId, type: $type, first: $first, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { node { type msgId handling handlingError handlerAttempts handledAt } }
    }
  }
`);

const sign = (...parts: string[]) => createHash('sha1').update([...parts].sort().join('')).digest('hex');
const TOKEN = 'handlerToken';
const eventXml = (msgId: number) => MASS_SEND_JOB_FINISH_XML.replace('1000001625', String(msgId));
const subscribeXml = (openid: string) =>
  `<xml><ToUserName><![CDATA[gh_1]]></ToUserName><FromUserName><![CDATA[${openid}]]></FromUserName><CreateTime>1700000000</CreateTime>` +
  `<MsgType><![CDATA[event]]></MsgType><Event><![CDATA[subscribe]]></Event></xml>`;
// The handler's insert fails once for msg_id 41 and always for 42: real failures, from the database.
const STAGED_FAILURES = `
  CREATE SEQUENCE staged_failures;
  CREATE FUNCTION fail_mass_send_result() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    IF NEW.msg_id = 41 AND nextval('staged_failures') = 1 THEN RAISE EXCEPTION 'staged failure (once)'; END IF;
    IF NEW.msg_id = 42 THEN RAISE EXCEPTION 'staged failure (always)'; END IF;
    RETURN NEW;
  END $$;
  CREATE TRIGGER fail_mass_send_result BEFORE INSERT ON mass_send_results FOR EACH ROW EXECUTE FUNCTION fail_mass_send_result();`;

/**
 * Stored events reach their handlers through the job engine: MASSSENDJOBFINISH records its result
 * against the msg_id once, a failing handler is retried and its failure visible in wechatEvents.
 */
describe('WeChat event handlers', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let app: Awaited<ReturnType<typeof startTestApp>>;
  let key: string;
  let workspaceId: string;
  let accountId: string;

  beforeAll(async () => {
    overridePolicy('HANDLE_WECHAT_EVENT', { maxAttempts: 3, retryDelayMs: 0 });
    db = await createTestDatabase();
    await queryDatabase(db.url, STAGED_FAILURES);
    app = await startTestApp({ databaseUrl: db.url });
    ({ key, workspaceId } = await createTestKey(app));
    accountId = (
      await app.deps.prisma.officialAccount.create({
        data: { workspaceId, type: 'SERVICE', name: 'ev', appId: 'wxevents', secretCiphertext: encryptSecret('s', app.deps.secretKey), callbackToken: TOKEN },
      })
    ).id;
  });
  afterAll(async () => {
    overridePolicy('HANDLE_WECHAT_EVENT', undefined);
    await app?.stop();
    await db?.drop();
  });

  let nonces = 0;
  const push = async (body: string) => {
    const timestamp = String(Math.floor(Date.now() / 1000));
    const nonce = `h${nonces++}`;
    const params = new URLSearchParams({ timestamp, nonce, signature: sign(TOKEN, timestamp, nonce) });
    const response = await fetch(`${app.url}/wechat/callback/${accountId}?${params}`, { method: 'POST', body });
    expect(response.status).toBe(200);
  };
  const eventOf = (msgId: number) => app.deps.prisma.weChatEvent.findFirstOrThrow({ where: { accountId, msgId: BigInt(msgId) } });
  const handled = async (msgId: number) => {
    const event = await eventOf(msgId);
    return waitForRun(app.deps.prisma, event.jobRunId!, finished);
  };
  const events = async (type?: string) => {
    const data = await gql(app.url, key, WeChatEvents, { accountId: encodeGlobalID('Account', accountId), type, first: 20 });
    return data.wechatEvents;
  };

  it('records a MASSSENDJOBFINISH against its msg_id, once, and lists the event as handled', async () => {
    await push(eventXml(40));
    await push(eventXml(40)); // WeChat's redelivery
    expect((await handled(40)).status).toBe('SUCCEEDED');
    const results = await app.deps.prisma.massSendResult.findMany({ where: { accountId } });
    expect(results).toHaveLength(1);
    expect(results[0]).toMatchObject({ msgId: 40n, status: 'send success', totalCount: 100, filterCount: 80, sentCount: 75, errorCount: 5 });
    expect(results[0]!.finishedAt.toISOString()).toBe(new Date(1481013459 * 1000).toISOString());
    expect((await events('MASSSENDJOBFINISH')).edges.map((e) => e.node)).toEqual([
      expect.objectContaining({ type: 'MASSSENDJOBFINISH', msgId: '40', handling: 'HANDLED', handlingError: null, handlerAttempts: 1 }),
    ]);
  });

  it('stores an event without a handler as UNHANDLED, with no job', async () => {
    await push(subscribeXml('o-unhandled'));
    const event = await app.deps.prisma.weChatEvent.findFirstOrThrow({ where: { accountId, event: 'subscribe' } });
    expect(event).toMatchObject({ handling: 'UNHANDLED', jobRunId: null });
    expect((await events('subscribe')).edges.map((e) => e.node)).toEqual([expect.objectContaining({ type: 'subscribe', handling: 'UNHANDLED', handlerAttempts: 0 })]);
  });

  it('retries a handler that throws once; its effect happens once', async () => {
    await push(eventXml(41));
    const run = await handled(41);
    expect(run).toMatchObject({ status: 'SUCCEEDED', attempts: 2 });
    expect(await historyOf(app.deps.prisma, run.id)).toEqual(['STARTED', 'RETRY_SCHEDULED', 'STARTED', 'SUCCEEDED']);
    expect(await app.deps.prisma.massSendResult.count({ where: { msgId: 41n } })).toBe(1);
    expect(await eventOf(41)).toMatchObject({ handling: 'HANDLED', handlingError: null });
  });

  it('shows an event whose handler never succeeds as FAILED in wechatEvents, with the reason', async () => {
    await push(eventXml(42));
    const run = await handled(42);
    expect(run).toMatchObject({ status: 'FAILED', attempts: 3 });
    expect(await app.deps.prisma.massSendResult.count({ where: { msgId: 42n } })).toBe(0);
    const listed = (await events('MASSSENDJOBFINISH')).edges.map((e) => e.node).find((node) => node.msgId === '42');
    expect(listed).toMatchObject({ handling: 'FAILED', handlerAttempts: 3, handledAt: null });
    expect(listed!.handlingError).toMatch(/staged failure \(always\)/);
  });

  it('lists events newest first in pages, and only to admin keys', async () => {
    const all = await events();
    expect(all.totalCount).toBe(4);
    const page = await gql(app.url, key, WeChatEvents, { accountId: encodeGlobalID('Account', accountId), first: 2 });
    expect(page.wechatEvents.edges.map((e) => e.node.msgId)).toEqual(['42', '41']);
    const next = await gql(app.url, key, WeChatEvents, { accountId: encodeGlobalID('Account', accountId), first: 2, after: page.wechatEvents.pageInfo.endCursor });
    expect(next.wechatEvents.edges.map((e) => e.node.type)).toEqual(['subscribe', 'MASSSENDJOBFINISH']);

    const db = scopeToWorkspace(app.deps.prisma, workspaceId);
    const reader = await createApiKey(db, new Set(['read', 'write', 'admin'] as const), { name: 'reader', scopes: ['read', 'write'] });
    const refused = await postGraphQL(app.url, WeChatEvents, { accountId: encodeGlobalID('Account', accountId) }, reader.key);
    expect(refused.body.data?.wechatEvents ?? null).toBeNull();
    expect(refused.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});
