import { randomBytes } from 'node:crypto';
import type { Db } from '#src/db/client.ts';

export interface FollowerRow {
  id: string;
  customerId: string;
  openid: string;
  unionid: string;
  subscribed: boolean;
}

export interface CreateFollowersOptions {
  workspaceId: string;
  accountId: string;
  count: number;
  /** How many of them (the last ones) have unfollowed. */
  unsubscribed?: number;
}

/**
 * `count` new customers, each with one follower of the account, in one set-based statement
 * (generate_series), so tests can make thousands of rows quickly. Openids and unionids are unique
 * per call; rows come back in creation order.
 */
export async function createFollowers(prisma: Db, options: CreateFollowersOptions): Promise<FollowerRow[]> {
  const tag = randomBytes(6).toString('hex');
  const subscribedCount = options.count - (options.unsubscribed ?? 0);
  const rows = await prisma.$queryRaw<FollowerRow[]>`
    WITH series AS (SELECT g FROM generate_series(1, ${options.count}::int) AS g),
    customers AS (
      INSERT INTO customers (workspace_id, unionid)
      SELECT ${options.workspaceId}::uuid, 'u-' || ${tag}::text || '-' || g FROM series
      RETURNING id, unionid
    )
    INSERT INTO followers (account_id, customer_id, openid, unionid, subscribed, subscribe_time, unsubscribed_at)
    SELECT ${options.accountId}::uuid, c.id, 'o-' || ${tag}::text || '-' || s.g, c.unionid,
           s.g <= ${subscribedCount}::int, now() - interval '30 days',
           CASE WHEN s.g > ${subscribedCount}::int THEN now() END
    FROM series s JOIN customers c ON c.unionid = 'u-' || ${tag}::text || '-' || s.g
    RETURNING id, customer_id AS "customerId", openid, unionid, subscribed`;
  const position = (row: FollowerRow) => Number(row.openid.slice(row.openid.lastIndexOf('-') + 1));
  return rows.sort((a, b) => position(a) - position(b));
}

/**
 * Followers of another account for existing customers (the same people following a second
 * account, merged by unionid), in one statement. `subscribed` applies to all of them.
 */
export async function addFollowersOf(prisma: Db, accountId: string, customerIds: string[], subscribed = true): Promise<FollowerRow[]> {
  return prisma.$queryRaw<FollowerRow[]>`
    INSERT INTO followers (account_id, customer_id, openid, unionid, subscribed, unsubscribed_at)
    SELECT ${accountId}::uuid, c.id, 'o2-' || ${randomBytes(4).toString('hex')}::text || '-' || c.id, c.unionid,
           ${subscribed}, CASE WHEN ${subscribed} THEN NULL ELSE now() END
    FROM customers c WHERE c.id = ANY(${customerIds}::uuid[])
    RETURNING id, customer_id AS "customerId", openid, unionid, subscribed`;
}
