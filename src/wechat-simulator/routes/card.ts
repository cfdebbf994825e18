import { imageUrl } from '#src/wechat-simulator/content.ts';
import { fail } from '#src/wechat-simulator/errors.ts';
import { intField, type RouteRequest, type RouteTable } from '#src/wechat-simulator/router.ts';
import type { Card } from '#src/wechat-simulator/state.ts';

/*
 * Card API shapes follow WeChat's card documentation as mirrored by
 * the public SDKs (WxJava WxMpCardService, Senparc CardApi): `card/batchget` pages card ids
 * (count ≤ 50) with an optional status filter, `card/get` returns `{card:{card_type, <type>:{base_info}}}`.
 */
const PAGE_MAX = 50;

function batchGet({ account, json }: RouteRequest) {
  const body = json();
  const offset = intField(body, 'offset', 47001, 0);
  const count = intField(body, 'count', 47001);
  if (count < 1 || count > PAGE_MAX) fail(47001);
  const statuses = Array.isArray(body.status_list) ? (body.status_list as unknown[]).map(String) : undefined;
  const all = [...account.cards.values()].filter((c) => !statuses || statuses.includes(c.status));
  return { errcode: 0, errmsg: 'ok', card_id_list: all.slice(offset, offset + count).map((c) => c.cardId), total_num: all.length };
}

function baseInfo(card: Card) {
  return {
    id: card.cardId,
    logo_url: imageUrl(`card-logo:${card.cardId}`, 'png'),
    code_type: 'CODE_TYPE_QRCODE',
    brand_name: card.brandName,
    title: card.title,
    color: card.color,
    notice: card.notice,
    description: card.description,
    status: card.status,
    date_info: { type: 'DATE_TYPE_FIX_TERM', fixed_term: 30, fixed_begin_term: 0 },
    sku: { quantity: card.quantity, total_quantity: card.quantity },
    create_time: card.createTime,
    update_time: card.createTime,
  };
}

function get({ account, json }: RouteRequest) {
  const id = json().card_id;
  const card = typeof id === 'string' ? account.cards.get(id) : undefined;
  if (!card) fail(40073);
  const key = card.cardType.toLowerCase();
  const extra = card.cardType === 'CASH' ? { least_cost: 10000, reduce_cost: 2000 } : card.cardType === 'DISCOUNT' ? { discount: 10 } : card.cardType === 'GIFT' ? { gift: card.title } : card.cardType === 'GROUPON' ? { deal_detail: card.title } : { default_detail: card.title };
  return { errcode: 0, errmsg: 'ok', card: { card_type: card.cardType, [key]: { base_info: baseInfo(card), ...extra } } };
}

/** The card library (card/batchget, card/get). */
export function cardRoutes(): RouteTable {
  return {
    '/card/batchget': { method: 'POST', auth: true, handle: batchGet },
    '/card/get': { method: 'POST', auth: true, handle: get },
  };
}
