import type { WeChatCaller } from '#src/wechat/call.ts';
import type { CardBatchGetRequest, CardBatchGetResponse, CardGetResponse } from '#src/wechat/types.ts';

/**
 * The card library (shapes as in WeChat's card docs mirrored by WxJava
 * WxMpCardService, which the simulator follows). Cards are mass-sent as `wxcard` messages.
 */
export interface CardsApi {
  /** `POST /card/batchget`: one page of card ids (count 1..50), optionally by status. */
  batchGetCards(request: CardBatchGetRequest): Promise<CardBatchGetResponse>;
  /** `POST /card/get`: one card (`card.card_type` and `card[<type>].base_info`). */
  getCard(cardId: string): Promise<CardGetResponse['card']>;
}

/** The card methods over a caller. */
export function cardsApi(caller: WeChatCaller): CardsApi {
  return {
    batchGetCards: (request) => caller.json<CardBatchGetResponse>({ method: 'POST', path: '/card/batchget', json: request }),
    getCard: async (cardId) => (await caller.json<CardGetResponse>({ method: 'POST', path: '/card/get', json: { card_id: cardId } })).card,
  };
}
