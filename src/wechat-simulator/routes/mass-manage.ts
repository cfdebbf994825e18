import { fail } from '#src/wechat-simulator/errors.ts';
import type { RouteRequest, RouteTable } from '#src/wechat-simulator/router.ts';
import type { MassJob } from '#src/wechat-simulator/state.ts';

/** Speed level → real speed in 10,000/minute (WeChat's speed/get table; its example contradicts it). */
const REAL_SPEED = [80, 60, 45, 30, 10];

function jobOf({ sim, account }: RouteRequest, value: unknown): MassJob {
  const msgId = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
  const job = typeof msgId === 'number' ? sim.state.jobs.get(msgId) : undefined;
  if (!job || job.appId !== account.appId) fail(40059);
  return job;
}

/**
 * `mass/delete`: msg_id wins over url; article_idx is 1-based (0/absent = all). Only successfully
 * sent jobs (40059 otherwise) of mpnews or video (40008). The job shows DELETE once every
 * article is gone.
 */
function remove(request: RouteRequest) {
  const body = request.json();
  let job: MassJob | undefined;
  if (body.msg_id !== undefined && body.msg_id !== '') job = jobOf(request, body.msg_id);
  else if (typeof body.url === 'string' && body.url) {
    job = [...request.sim.state.jobs.values()].find((j) => j.appId === request.account.appId && j.articles.some((a) => a.url === body.url));
    if (!job) fail(40059);
  } else fail(40059);
  if (job.status !== 'SEND_SUCCESS') fail(40059);
  if (job.msgtype !== 'mpnews' && job.msgtype !== 'mpvideo') fail(40008);
  const idx = body.msg_id !== undefined && body.msg_id !== '' ? Number(body.article_idx ?? 0) : 0;
  if (job.msgtype === 'mpvideo') {
    if (idx > 1 || idx < 0) fail(40060);
    job.status = 'DELETE';
    return { errcode: 0, errmsg: 'ok' };
  }
  if (!Number.isInteger(idx) || idx < 0 || idx > job.articles.length) fail(40060);
  if (idx === 0) job.articles.forEach((a) => (a.deleted = true));
  else {
    const article = job.articles[idx - 1]!;
    if (article.deleted) fail(40060);
    article.deleted = true;
  }
  if (job.articles.every((a) => a.deleted)) job.status = 'DELETE';
  return { errcode: 0, errmsg: 'ok' };
}

function get(request: RouteRequest) {
  const job = jobOf(request, request.json().msg_id);
  return { msg_id: job.msgId, msg_status: job.status };
}

function speedGet({ account }: RouteRequest) {
  return { speed: account.speed, realspeed: REAL_SPEED[account.speed]! };
}

function speedSet({ account, json }: RouteRequest) {
  const speed = json().speed;
  if (typeof speed !== 'number' || !Number.isInteger(speed) || speed < 0 || speed > 4) fail(45083);
  account.speed = speed;
  return { errcode: 0, errmsg: 'ok' };
}

/** `message/mass/delete|get|speed/get|speed/set`. */
export function massManageRoutes(): RouteTable {
  return {
    '/cgi-bin/message/mass/delete': { method: 'POST', auth: true, unicodeErrcode: 40033, handle: remove },
    '/cgi-bin/message/mass/get': { method: 'POST', auth: true, unicodeErrcode: 40033, handle: get },
    '/cgi-bin/message/mass/speed/get': { method: 'POST', auth: true, handle: speedGet },
    '/cgi-bin/message/mass/speed/set': { method: 'POST', auth: true, unicodeErrcode: 40033, handle: speedSet },
  };
}
