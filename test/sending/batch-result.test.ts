import { describe, expect, it } from 'vitest';
import { batchResultOf } from '#src/sending/batch-result.ts';
import { sendBatch, SENDING_CLIENT_OPTIONS } from '#src/sending/batch-sender.ts';
import { clientMsgId } from '#src/sending/client-msg-id.ts';
import { buildFinishEvent } from '#src/wechat-simulator/mass-jobs.ts';
import { createSlotLimiter } from '#src/wechat/slot-limiter.ts';
import type { MassMessageContent } from '#src/wechat/types.ts';
import { clientFor, SERVICE, useWeChatEnv } from '../wechat/helpers.ts';

const t = useWeChatEnv();

/** Sends one batch to the first 6 followers, finishes it, and maps the simulator's MASSSENDJOBFINISH. */
async function sendAndMap(message: MassMessageContent, sendIgnoreReprint = false) {
  const openids = (await clientFor(t.env).getFollowers()).data!.openid.slice(0, 6);
  const deps = { accountId: t.env.accountIds[SERVICE.appId]!, client: clientFor(t.env, SERVICE, SENDING_CLIENT_OPTIONS), slots: createSlotLimiter({ limit: 60 }) };
  const outcome = await sendBatch(deps, { target: { kind: 'openids', openids }, message, clientMsgId: clientMsgId(['r', 0]), sendIgnoreReprint });
  const msgId = (outcome as { msgId: number }).msgId;
  t.env.sim.finishJob(msgId);
  const job = t.env.sim.state.jobs.get(msgId)!;
  return { openids, result: batchResultOf(buildFinishEvent(t.env.sim.state.account(SERVICE.appId)!, job)) };
}

describe('batch results from the simulator', () => {
  it('maps partial delivery: messages turned off are filtered out, failed deliveries make it PARTLY_FAILED', async () => {
    const openids = (await clientFor(t.env).getFollowers()).data!.openid.slice(0, 6);
    t.env.sim.sending.followerFlags({ appid: SERVICE.appId, openids: openids.slice(0, 1), messagesOff: true });
    t.env.sim.sending.followerFlags({ appid: SERVICE.appId, openids: openids.slice(1, 3), failDelivery: true });
    const { result } = await sendAndMap({ msgtype: 'text', text: { content: '部分失败' } });
    expect(result).toMatchObject({ status: 'PARTLY_FAILED', totalCount: 6, filterCount: 5, sentCount: 3, errorCount: 2, filteredOut: 1 });
  });

  it('maps an originality refusal to FAILED with its reason', async () => {
    t.env.sim.sending.addCopyrightRule({ title: '转载', outcome: 'reprint-allowed' });
    const client = clientFor(t.env);
    const thumb = (await client.batchGetMaterial({ type: 'image', offset: 0, count: 1 })).item[0]!.media_id;
    const draft = await client.addDraft({ articles: [{ title: '转载', content: '<p>x</p>', thumb_media_id: thumb }] });
    const { result } = await sendAndMap({ msgtype: 'mpnews', mpnews: { media_id: draft } });
    expect(result).toMatchObject({ status: 'FAILED', copyrightCheckState: 3, failure: { errcode: 30003 } });
  });
});
