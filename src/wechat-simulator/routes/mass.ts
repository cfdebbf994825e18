import { beijingDay } from '#src/wechat-simulator/clock.ts';
import type { SimConfig } from '#src/wechat-simulator/config.ts';
import { fail, WxError } from '#src/wechat-simulator/errors.ts';
import { readShape, resolveContent } from '#src/wechat-simulator/mass-content.ts';
import { checkClientMsgId, checkMassQuota, clientMsgIdOf, consumeMassQuota, rememberClientMsgId } from '#src/wechat-simulator/mass-guards.ts';
import { submitJob } from '#src/wechat-simulator/mass-jobs.ts';
import type { RouteRequest, RouteTable } from '#src/wechat-simulator/router.ts';
import { bumpDaily, type AccountState, type Audience } from '#src/wechat-simulator/state.ts';

const MIN_OPENIDS = 2;
const MAX_OPENIDS = 10_000;

function readAudience(account: AccountState, config: SimConfig, body: Record<string, unknown>, api: 'send' | 'sendall'): Audience {
  if (api === 'send') {
    const touser = body.touser;
    if (!Array.isArray(touser) || touser.length < MIN_OPENIDS) fail(40130);
    if (touser.length > MAX_OPENIDS) fail(40032);
    // Former followers are accepted (and filtered out later); strangers are 40003.
    for (const openid of touser) if (typeof openid !== 'string' || !account.followers.knows(openid)) fail(40003);
    return { kind: 'list', openids: [...new Set(touser as string[])] };
  }
  const filter = body.filter as Record<string, unknown> | undefined;
  if (filter?.is_to_all === true) return { kind: 'all' };
  const tagId = Number(filter?.tag_id);
  if (!Number.isInteger(tagId) || !account.tags.has(tagId)) fail(config.unknownTagErrcode);
  return { kind: 'tag', tagId };
}

/**
 * sendall / send, checked in turn: permission, message, audience, clientmsgid, quota, media — except that the clientmsgid check runs before the
 * quota check (unless `quotaBeforeClientMsgId`), so a retried submission is recognised
 * (45065/45066) instead of being reported as out of quota.
 */
function massSend(api: 'send' | 'sendall') {
  return ({ sim, account, json, now }: RouteRequest) => {
    const body = json();
    if (!account.verified || (api === 'send' && account.type !== 'SERVICE')) fail(48001);
    const shape = readShape(body);
    const { config } = sim.state;
    const audience = readAudience(account, config, body, api);
    const scope = audience.kind === 'list' ? [...audience.openids].sort() : audience;
    const key = clientMsgIdOf(body, scope, shape, config.clientMsgIdMaxBytes);
    const toAll = audience.kind === 'all';
    const before = account.clientMsgIds.get(key);
    const seenBefore = before && { ...before };
    let content;
    try {
      if (config.quotaBeforeClientMsgId) checkMassQuota(account, config, now, toAll);
      checkClientMsgId(account, key, now);
      if (!config.quotaBeforeClientMsgId) checkMassQuota(account, config, now, toAll);
      content = resolveContent(sim.state, account, shape, now);
    } catch (error) {
      if (error instanceof WxError && error.errcode === 45065 && config.duplicateConsumesQuota) consumeMassQuota(account, now, false);
      // Switch: a refused send does not count as an attempt of its clientmsgid.
      if (error instanceof WxError && error.errcode !== 45065 && error.errcode !== 45066 && !config.refusedClientMsgIdCounts) {
        if (seenBefore) account.clientMsgIds.set(key, seenBefore);
        else account.clientMsgIds.delete(key);
      }
      throw error;
    }
    const job = submitJob(
      sim,
      account,
      { api, msgtype: shape.msgtype, payload: shape.payload, audience, clientmsgid: key, sendIgnoreReprint: body.send_ignore_reprint === 1, articles: content.articles },
      now,
    );
    consumeMassQuota(account, now, toAll);
    rememberClientMsgId(account, key, job.msgId, now);
    // A mass-sent draft leaves the draft box, unless switched.
    if (content.draftMediaId && !config.draftKeptAfterSend) account.drafts.delete(content.draftMediaId);
    return { errcode: 0, errmsg: 'send job submission success', msg_id: job.msgId, ...(job.msgDataId !== undefined ? { msg_data_id: job.msgDataId } : {}) };
  };
}

function preview({ sim, account, json, now }: RouteRequest) {
  const body = json();
  const shape = readShape(body, true);
  const towxname = typeof body.towxname === 'string' && body.towxname ? body.towxname : undefined;
  const touser = typeof body.touser === 'string' && body.touser ? body.touser : undefined;
  if (!towxname) {
    if (!touser || !account.followers.knows(touser)) fail(40003);
    if (!account.followers.isFollower(touser)) fail(43004);
  }
  resolveContent(sim.state, account, shape, now);
  const dayKey = `preview-towxname:${beijingDay(now)}`;
  if (towxname && (account.daily.get(dayKey) ?? 0) >= sim.state.config.previewDailyLimit) fail(45009);
  if (towxname) bumpDaily(account, dayKey);
  const msgId = sim.state.nextMsgId();
  sim.state.previews.push({ appId: account.appId, msgId, msgtype: shape.msgtype, openid: towxname ? undefined : touser, towxname, at: now });
  return { errcode: 0, errmsg: 'preview success', msg_id: msgId };
}

/** `message/mass/send|sendall|preview`. */
export function massRoutes(): RouteTable {
  return {
    '/cgi-bin/message/mass/sendall': { method: 'POST', auth: true, unicodeErrcode: 40033, handle: massSend('sendall') },
    '/cgi-bin/message/mass/send': { method: 'POST', auth: true, unicodeErrcode: 40033, handle: massSend('send') },
    '/cgi-bin/message/mass/preview': { method: 'POST', auth: true, unicodeErrcode: 40033, handle: preview },
  };
}

