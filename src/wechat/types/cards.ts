// WeChat wire types: cards (wxcard mass messages). Field names exactly as on the wire.
import type { WxErrorEnvelope } from '#src/wechat/types/envelope.ts';

/** Body of `POST /card/batchget`. */
export interface CardBatchGetRequest {
  offset: number;
  /** 1..50. */
  count: number;
  status_list?: string[];
}

export interface CardBatchGetResponse extends WxErrorEnvelope {
  card_id_list: string[];
  total_num: number;
}

/** The subset of a card's `base_info` wxcast reads. */
export interface CardBaseInfo {
  id: string;
  logo_url: string;
  code_type: string;
  brand_name: string;
  title: string;
  color: string;
  notice: string;
  description: string;
  status: string;
  date_info: { type: string; begin_timestamp?: number; end_timestamp?: number; fixed_term?: number; fixed_begin_term?: number };
  sku: { quantity: number; total_quantity?: number };
}

export interface CardGetResponse extends WxErrorEnvelope {
  card: {
    card_type: string;
    [cardTypeKey: string]: unknown;
  };
}
