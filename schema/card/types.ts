import { builder } from '#schema/builder.ts';
import { Account } from '#schema/account/types.ts';

/** WeChat statuses of a card that can still be given out (verified, or already dispatched). */
const USABLE_STATUSES = new Set(['CARD_STATUS_VERIFY_OK', 'CARD_STATUS_DISPATCH']);

/** A card (卡券) of an account's WeChat card library, as of its last sync. */
export const Card = builder.prismaNode('Card', {
  id: { field: 'id' },
  // node(id) of another workspace's row is null (the scoped client finds nothing), not an error.
  nullable: true,
  fields: (t) => ({
    account: t.relation('account', { type: Account }),
    cardId: t.exposeString('cardId', { description: 'WeChat\'s card_id (what a card broadcast sends)' }),
    type: t.exposeString('cardType', { description: 'WeChat\'s card_type: GROUPON, CASH, DISCOUNT, GIFT, GENERAL_COUPON…' }),
    title: t.exposeString('title'),
    status: t.exposeString('status', { description: 'WeChat\'s status, e.g. CARD_STATUS_VERIFY_OK, CARD_STATUS_NOT_VERIFY' }),
    usable: t.boolean({
      description: 'Whether the status lets the card be sent (CARD_STATUS_VERIFY_OK or CARD_STATUS_DISPATCH)',
      select: { status: true },
      resolve: (card) => USABLE_STATUSES.has(card.status),
    }),
    syncedAt: t.expose('syncedAt', { type: 'DateTime', description: 'When the last sync that saw this card ran' }),
  }),
});
