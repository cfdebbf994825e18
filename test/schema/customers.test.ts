import { describe, expect, it } from 'vitest';
import { graphql } from '../__generated__/gql.ts';
import { createTestKey, useTestApp } from '../helpers/app.ts';
import { gql, postGraphQL } from '../helpers/graphql.ts';
import { createAccount } from '../factories/account.ts';
import { addFollowersOf, createFollowers } from '../factories/follower.ts';
import { createCustomerGroup } from '../factories/customer-group.ts';
import { encodeGlobalID } from '@pothos/plugin-relay';

const Customers = graphql(`
  query Customers($first: Int, $after: String, $accountId: ID, $groupId: ID) {
    customers(first: $first, after: $after, accountId: $accountId, groupId: $groupId) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges {
        node {
          id
          unionid
          followers { id openid subscribed subscribeTime tagIds account { id name } }
        }
      }
    }
  }
`);

describe('customers', () => {
  const t = useTestApp();

  it('lists customers with their followers of every account, filtered by account and group', async () => {
    const news = await createAccount(t.app.deps.prisma, t.workspaceId, { name: 'News' });
    const shop = await createAccount(t.app.deps.prisma, t.workspaceId, { name: 'Shop' });
    const followers = await createFollowers(t.app.deps.prisma, { workspaceId: t.workspaceId, accountId: news.id, count: 30, unsubscribed: 5 });
    // The first ten also follow the shop account: one customer each, merged by unionid.
    await addFollowersOf(t.app.deps.prisma, shop.id, followers.slice(0, 10).map((f) => f.customerId));
    const group = await createCustomerGroup(t.app.deps.prisma, t.workspaceId, followers.slice(20, 27).map((f) => f.customerId));

    const all = await gql(t.app.url, t.key, Customers, { first: 100 });
    expect(all.customers.totalCount).toBe(30);
    const merged = all.customers.edges.find((edge) => edge.node.unionid === followers[0]!.unionid)!.node;
    expect(merged.followers.map((f) => f.account.name).sort()).toEqual(['News', 'Shop']);
    const single = all.customers.edges.find((edge) => edge.node.unionid === followers[29]!.unionid)!.node;
    expect(single.followers).toMatchObject([{ openid: followers[29]!.openid, subscribed: false, tagIds: [], account: { name: 'News' } }]);
    expect(single.followers[0]!.subscribeTime).toBeTruthy();

    const shopId = encodeGlobalID('Account', shop.id);
    const ofShop = await gql(t.app.url, t.key, Customers, { first: 100, accountId: shopId });
    expect(ofShop.customers.totalCount).toBe(10);
    expect(new Set(ofShop.customers.edges.map((e) => e.node.unionid))).toEqual(new Set(followers.slice(0, 10).map((f) => f.unionid)));

    const members = await gql(t.app.url, t.key, Customers, { first: 100, groupId: encodeGlobalID('CustomerGroup', group.id) });
    expect(members.customers.totalCount).toBe(7);
    const both = await gql(t.app.url, t.key, Customers, { first: 100, groupId: encodeGlobalID('CustomerGroup', group.id), accountId: shopId });
    expect(both.customers.totalCount).toBe(0);
  });

  it('pages through customers without gaps or repeats', async () => {
    const seen: string[] = [];
    let after: string | null | undefined;
    let total = 0;
    do {
      const page = await gql(t.app.url, t.key, Customers, { first: 7, after });
      total = page.customers.totalCount;
      seen.push(...page.customers.edges.map((edge) => edge.node.id));
      after = page.customers.pageInfo.hasNextPage ? page.customers.pageInfo.endCursor : null;
    } while (after);
    expect(seen.length).toBe(total);
    expect(new Set(seen).size).toBe(total);
  });

  it('treats an account or group of another workspace as not found, and shows it nothing', async () => {
    const other = await createTestKey(t.app);
    const theirs = await createAccount(t.app.deps.prisma, other.workspaceId);
    await createFollowers(t.app.deps.prisma, { workspaceId: other.workspaceId, accountId: theirs.id, count: 3 });
    const foreignGroup = await createCustomerGroup(t.app.deps.prisma, other.workspaceId);

    const byAccount = await postGraphQL(t.app.url, Customers, { first: 10, accountId: encodeGlobalID('Account', theirs.id) }, t.key);
    expect(byAccount.body.errors?.[0]).toMatchObject({ extensions: { code: 'NOT_FOUND' } });
    const byGroup = await postGraphQL(t.app.url, Customers, { first: 10, groupId: encodeGlobalID('CustomerGroup', foreignGroup.id) }, t.key);
    expect(byGroup.body.errors?.[0]).toMatchObject({ extensions: { code: 'NOT_FOUND' } });

    const mine = await gql(t.app.url, t.key, Customers, { first: 100 });
    expect(mine.customers.totalCount).toBe(30);
    const theirList = await gql(t.app.url, other.key, Customers, { first: 100 });
    expect(theirList.customers.totalCount).toBe(3);
  });
});
