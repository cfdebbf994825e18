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

/** Builds the executable schema from every domain's side-effect registration above. */
export function buildSchema() {
  return builder.toSchema({ sortSchema: true });
}
