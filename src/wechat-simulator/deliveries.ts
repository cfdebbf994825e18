import type { SimState } from '#src/wechat-simulator/state.ts';
import type { MassMsgType } from '#src/wechat/types.ts';

/** One row of the delivery log: who received which message, when. */
export interface Delivery {
  appid: string;
  msgId: number;
  msgDataId?: number;
  msgtype: MassMsgType;
  kind: 'mass' | 'preview';
  openid?: string;
  /** Preview by WeChat id (no openid known). */
  towxname?: string;
  /** ISO time (simulated) the job finished / the preview went out. */
  deliveredAt: string;
}

export interface DeliveryQuery {
  appid?: string;
  openid?: string;
  msgId?: number;
  /** Page window over the matching rows (default 0 / 1000). */
  offset?: number;
  limit?: number;
}

/**
 * Reads the delivery log. Mass deliveries are stored per job as compact recipient lists, so
 * rows are materialised only for the requested window; `total` counts all matches.
 */
export function queryDeliveries(state: SimState, query: DeliveryQuery): { total: number; deliveries: Delivery[] } {
  const offset = Math.max(0, query.offset ?? 0);
  const limit = Math.max(0, query.limit ?? 1000);
  const out: Delivery[] = [];
  let total = 0;
  const take = (make: () => Delivery) => {
    if (total >= offset && out.length < limit) out.push(make());
    total++;
  };
  const jobs = [...state.jobs.values()]
    .filter((j) => j.delivered && (!query.appid || j.appId === query.appid) && (query.msgId === undefined || j.msgId === query.msgId))
    .sort((a, b) => (a.finishedAt ?? 0) - (b.finishedAt ?? 0) || a.msgId - b.msgId);
  for (const job of jobs) {
    const followers = state.account(job.appId)?.followers;
    const list = job.delivered!;
    if (!followers) continue;
    const row = (openid: string): Delivery => ({
      appid: job.appId,
      msgId: job.msgId,
      ...(job.msgDataId !== undefined ? { msgDataId: job.msgDataId } : {}),
      msgtype: job.msgtype,
      kind: 'mass',
      openid,
      deliveredAt: new Date(job.finishedAt ?? job.finishAt).toISOString(),
    });
    if (query.openid) {
      const index = followers.indexOf(query.openid);
      if (index !== undefined ? list.hasIndex(index) : list.hasOther(query.openid)) take(() => row(query.openid!));
      continue;
    }
    // Skip whole jobs before the window without materialising their openids.
    if (total + list.size <= offset) {
      total += list.size;
      continue;
    }
    for (const i of list.indices) take(() => row(followers.openidAt(i)));
    for (const o of list.others) take(() => row(o));
  }
  for (const p of state.previews) {
    if (query.appid && p.appId !== query.appid) continue;
    if (query.msgId !== undefined && p.msgId !== query.msgId) continue;
    if (query.openid && p.openid !== query.openid) continue;
    take(() => ({
      appid: p.appId,
      msgId: p.msgId,
      msgtype: p.msgtype,
      kind: 'preview',
      ...(p.openid ? { openid: p.openid } : {}),
      ...(p.towxname ? { towxname: p.towxname } : {}),
      deliveredAt: new Date(p.at).toISOString(),
    }));
  }
  return { total, deliveries: out };
}
