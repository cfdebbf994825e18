import { builder } from '#schema/builder.ts';
import '#schema/errors.ts';
import '#schema/viewer/types.ts';
import '#schema/viewer/queries.ts';
import '#schema/viewer/mutations.ts';
import '#schema/account/types.ts';
import '#schema/account/queries.ts';
import '#schema/account/mutations.ts';
import '#schema/job/types.ts';
import '#schema/job/mutations.ts';
import '#schema/job/subscriptions.ts';
import '#schema/campaign/types.ts';
import '#schema/campaign/queries.ts';
import '#schema/campaign/mutations.ts';
import '#schema/mini-program/types.ts';
import '#schema/mini-program/queries.ts';
import '#schema/mini-program/mutations.ts';
import '#schema/customer/types.ts';
import '#schema/customer/queries.ts';
import '#schema/customer-group/types.ts';
import '#schema/customer-group/queries.ts';
import '#schema/customer-group/mutations.ts';
import '#schema/follower-sync/mutations.ts';
import '#schema/image/types.ts';
import '#schema/image/queries.ts';
import '#schema/image/mutations.ts';
import '#schema/card/types.ts';
import '#schema/card/queries.ts';
import '#schema/card/mutations.ts';
import '#schema/material/types.ts';
import '#schema/material/queries.ts';
import '#schema/material/mutations.ts';
import '#schema/wechat-event/types.ts';
import '#schema/wechat-event/queries.ts';
import '#schema/broadcast/types.ts';
import '#schema/broadcast/errors.ts';
import '#schema/broadcast/queries.ts';
import '#schema/broadcast/mutations.ts';
import '#schema/broadcast/plan-mutations.ts';
import '#schema/broadcast/subscriptions.ts';
import '#schema/broadcast/quota.ts';
import '#schema/broadcast/test-send.ts';

/** Builds the executable schema from every domain's side-effect registration above. */
export function buildSchema() {
  return builder.toSchema({ sortSchema: true });
}
