import { encodeGlobalID } from '@pothos/plugin-relay';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphql } from '../__generated__/gql.ts';
import { createTestDatabase } from '../helpers/database.ts';
import { createTestKey, startTestApp } from '../helpers/app.ts';
import { gql, postGraphQL } from '../helpers/graphql.ts';
import { postMultipart } from '../helpers/multipart.ts';
import { createAccount } from '../factories/account.ts';
import { addFollowersOf, createFollowers, type FollowerRow } from '../factories/follower.ts';
import { createCustomerGroup } from '../factories/customer-group.ts';

const CreateCustomerGroup = graphql(`
  mutation CreateCustomerGroup($input: CreateCustomerGroupInput!) {
    createCustomerGroup(input: $input) {
      __typename
      ... on CreateCustomerGroupSuccess { data { id name memberCount } }
      ... on ValidationError { issues { path message } }
      ... on ConflictError { message }
    }
  }
`);
const AddMembers = graphql(`
  mutation AddCustomerGroupMembers($input: AddCustomerGroupMembersInput!) {
    addCustomerGroupMembers(input: $input) {
      __typename
      ... on AddCustomerGroupMembersSuccess { data { received added alreadyMembers unknown unknownCount group { id memberCount } } }
      ... on ValidationError { issues { path message } }
      ... on NotFoundError { entity id }
    }
  }
`);
const SplitGroup = graphql(`
  mutation SplitCustomerGroup($input: SplitCustomerGroupInput!) {
    splitCustomerGroup(input: $input) {
      __typename
      ... on SplitCustomerGroupSuccess {
        data { seed group { id splitParts { id } } parts { id name memberCount splitFrom { id } } }
      }
      ... on ValidationError { issues { path message } }
      ... on NotFoundError { entity }
      ... on ConflictError { message }
    }
  }
`);
const GroupCounts = graphql(`
  query GroupCounts($id: ID!, $accountId: ID!) {
    node(id: $id) { ... on CustomerGroup { name memberCount followingCount(accountId: $accountId) } }
  }
`);
const GroupMembers = graphql(`
  query GroupMembers($id: ID!, $first: Int, $after: String) {
    node(id: $id) {
      ... on CustomerGroup { members(first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { id } } } }
    }
  }
`);
const CustomerGroups = graphql(`
  query CustomerGroups($search: String) {
    customerGroups(first: 50, search: $search) { totalCount edges { node { id name memberCount } } }
  }
`);

const customerId = (row: FollowerRow) => encodeGlobalID('Customer', row.customerId);

describe('customer groups', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let app: Awaited<ReturnType<typeof startTestApp>>;
  let key: string;
  let workspaceId: string;
  let accountId: string;
  let followers: FollowerRow[];

  const newGroup = async (name = `Group ${Math.random().toString(36).slice(2)}`) => {
    const result = await gql(app.url, key, CreateCustomerGroup, { input: { name } });
    if (result.createCustomerGroup.__typename !== 'CreateCustomerGroupSuccess') throw new Error(result.createCustomerGroup.__typename);
    return result.createCustomerGroup.data;
  };
  const memberIds = async (groupId: string) =>
    (await app.deps.prisma.customerGroupMember.findMany({ where: { groupId }, select: { customerId: true } })).map((m) => m.customerId);
  const rowId = (globalId: string) => Buffer.from(globalId, 'base64').toString().split(':')[1]!;

  beforeAll(async () => {
    db = await createTestDatabase();
    app = await startTestApp({ databaseUrl: db.url });
    ({ key, workspaceId } = await createTestKey(app));
    const account = await createAccount(app.deps.prisma, workspaceId);
    accountId = encodeGlobalID('Account', account.id);
    followers = await createFollowers(app.deps.prisma, { workspaceId, accountId: account.id, count: 1001, unsubscribed: 1 });
  });
  afterAll(async () => {
    await app?.stop();
    await db?.drop();
  });

  it('creates groups with unique names and lists them newest first', async () => {
    const vip = await newGroup('VIP customers');
    expect(vip).toMatchObject({ name: 'VIP customers', memberCount: 0 });
    const again = await gql(app.url, key, CreateCustomerGroup, { input: { name: 'VIP customers' } });
    expect(again.createCustomerGroup.__typename).toBe('ConflictError');
    const empty = await gql(app.url, key, CreateCustomerGroup, { input: { name: ' ' } });
    expect(empty.createCustomerGroup).toMatchObject({ __typename: 'ValidationError', issues: [{ path: ['input', 'name'] }] });
    const newer = await newGroup('VIP prospects');
    const listed = await gql(app.url, key, CustomerGroups, { search: 'vip' });
    expect(listed.customerGroups.totalCount).toBe(2);
    expect(listed.customerGroups.edges.map((e) => e.node.id)).toEqual([newer.id, vip.id]);
  });

  it('adds members by customer ids, reporting unknown ids and members already there', async () => {
    const group = await newGroup();
    const other = await createTestKey(app);
    const foreignAccount = await createAccount(app.deps.prisma, other.workspaceId);
    const [foreign] = await createFollowers(app.deps.prisma, { workspaceId: other.workspaceId, accountId: foreignAccount.id, count: 1 });
    const ids = followers.slice(0, 50).map(customerId);
    const strangers = [customerId(foreign!), 'not-a-global-id', accountId, encodeGlobalID('Customer', 'not-a-uuid')];

    const first = await gql(app.url, key, AddMembers, { input: { groupId: group.id, customerIds: [...ids, ids[0]!, ...strangers] } });
    expect(first.addCustomerGroupMembers).toMatchObject({
      __typename: 'AddCustomerGroupMembersSuccess',
      // The repeated id counts as already a member: every id is counted once.
      data: { received: 55, added: 50, alreadyMembers: 1, unknownCount: 4, group: { memberCount: 50 } },
    });
    if (first.addCustomerGroupMembers.__typename !== 'AddCustomerGroupMembersSuccess') return;
    expect(new Set(first.addCustomerGroupMembers.data.unknown)).toEqual(new Set(strangers));

    const second = await gql(app.url, key, AddMembers, { input: { groupId: group.id, customerIds: followers.slice(40, 60).map(customerId) } });
    expect(second.addCustomerGroupMembers).toMatchObject({ data: { added: 10, alreadyMembers: 10, unknown: [], unknownCount: 0, group: { memberCount: 60 } } });
    expect((await memberIds(rowId(group.id))).sort()).toEqual(followers.slice(0, 60).map((f) => f.customerId).sort());
  });

  it('adds members by openids of an account; openids of other accounts are unknown', async () => {
    const group = await newGroup();
    const shop = await createAccount(app.deps.prisma, workspaceId);
    const [shopOnly] = await createFollowers(app.deps.prisma, { workspaceId, accountId: shop.id, count: 1 });
    const openids = [...followers.slice(100, 120).map((f) => f.openid), shopOnly!.openid, 'o-nobody'];
    const result = await gql(app.url, key, AddMembers, { input: { groupId: group.id, openids: { accountId, openids } } });
    expect(result.addCustomerGroupMembers).toMatchObject({
      data: { received: 22, added: 20, alreadyMembers: 0, unknown: [shopOnly!.openid, 'o-nobody'], unknownCount: 2 },
    });
  });

  it('adds members from a CSV upload of openids and unionids, reporting unmatched rows', async () => {
    const group = await newGroup();
    const shop = await createAccount(app.deps.prisma, workspaceId);
    const [shopOnly] = await createFollowers(app.deps.prisma, { workspaceId, accountId: shop.id, count: 1 });
    const rows = [
      '\uFEFFopenid', // header, after a byte order mark as Excel writes it
      ...followers.slice(200, 300).map((f) => f.openid),
      '',
      ...followers.slice(300, 310).map((f) => f.unionid), // unionids of customers of this account
      shopOnly!.unionid, // a unionid of a customer who follows only another account
      followers[200]!.openid, // a repeated row
      followers[300]!.openid, // the openid of a customer already listed by unionid
      'o-unknown-1',
      '  o-unknown-2  ',
    ];
    const { status, body } = await postMultipart(
      app.url,
      key,
      AddMembers,
      { input: { groupId: group.id, csv: null, csvAccountId: accountId } },
      [{ path: 'input.csv', content: rows.join('\r\n'), filename: 'members.csv' }],
    );
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    expect(body.data!.addCustomerGroupMembers).toMatchObject({
      __typename: 'AddCustomerGroupMembersSuccess',
      // 115 non-blank rows: the repeat and the second row of one customer count as already members.
      data: { received: 115, added: 111, alreadyMembers: 2, unknown: ['o-unknown-1', 'o-unknown-2'], unknownCount: 2 },
    });
    const expected = [...followers.slice(200, 310).map((f) => f.customerId), shopOnly!.customerId];
    expect((await memberIds(rowId(group.id))).sort()).toEqual(expected.sort());

    // Without csvAccountId, rows are unionids only: the openids match nothing.
    const plain = await postMultipart(app.url, key, AddMembers, { input: { groupId: group.id, csv: null } }, [
      { path: 'input.csv', content: [followers[400]!.unionid, followers[401]!.openid].join('\n'), filename: 'ids.csv' },
    ]);
    expect(plain.body.data!.addCustomerGroupMembers).toMatchObject({ data: { added: 1, unknown: [followers[401]!.openid] } });
  });

  it('refuses invalid input with field paths and writes nothing', async () => {
    const group = await newGroup();
    const before = await app.deps.prisma.customerGroupMember.count();
    const ids = followers.slice(0, 3).map(customerId);
    const cases: [Record<string, unknown>, string[][]][] = [
      [{ groupId: group.id }, [['input']]],
      [{ groupId: group.id, customerIds: ids, openids: { accountId, openids: ['o-1'] } }, [['input', 'customerIds'], ['input', 'openids']]],
      [{ groupId: group.id, customerIds: [] }, [['input', 'customerIds']]],
      [{ groupId: group.id, customerIds: ids, csvAccountId: accountId }, [['input', 'csvAccountId']]],
      [{ groupId: group.id, openids: { accountId, openids: [''] } }, [['input', 'openids', 'openids', '0']]],
    ];
    for (const [input, paths] of cases) {
      const result = await gql(app.url, key, AddMembers, { input: input as never });
      if (result.addCustomerGroupMembers.__typename !== 'ValidationError') throw new Error(`${JSON.stringify(input)}: ${result.addCustomerGroupMembers.__typename}`);
      expect(result.addCustomerGroupMembers.issues.map((issue) => issue.path)).toEqual(paths);
    }

    const empty = await postMultipart(app.url, key, AddMembers, { input: { groupId: group.id, csv: null } }, [
      { path: 'input.csv', content: 'openid\n\n', filename: 'empty.csv' },
    ]);
    expect(empty.body.data!.addCustomerGroupMembers).toMatchObject({ __typename: 'ValidationError', issues: [{ path: ['input', 'csv'] }] });

    const huge = `openid\n${`${'o'.repeat(99)}\n`.repeat(Math.ceil((20 * 1024 * 1024) / 100) + 10)}`;
    const tooBig = await postMultipart(app.url, key, AddMembers, { input: { groupId: group.id, csv: null, csvAccountId: accountId } }, [
      { path: 'input.csv', content: huge, filename: 'huge.csv' },
    ]);
    expect(tooBig.body.data!.addCustomerGroupMembers).toMatchObject({
      __typename: 'ValidationError',
      issues: [{ path: ['input', 'csv'], message: expect.stringContaining('20 MB') }],
    });
    expect(await app.deps.prisma.customerGroupMember.count()).toBe(before);
  });

  it('treats groups and accounts of another workspace as not found', async () => {
    const group = await newGroup();
    const other = await createTestKey(app);
    const foreignAccount = await createAccount(app.deps.prisma, other.workspaceId);
    const foreignGroup = await createCustomerGroup(app.deps.prisma, other.workspaceId);
    const before = await app.deps.prisma.customerGroupMember.count();

    const intoForeign = await gql(app.url, key, AddMembers, {
      input: { groupId: encodeGlobalID('CustomerGroup', foreignGroup.id), customerIds: [customerId(followers[0]!)] },
    });
    expect(intoForeign.addCustomerGroupMembers).toMatchObject({ __typename: 'NotFoundError', entity: 'CustomerGroup' });
    const wrongType = await gql(app.url, key, AddMembers, { input: { groupId: accountId, customerIds: [customerId(followers[0]!)] } });
    expect(wrongType.addCustomerGroupMembers).toMatchObject({ __typename: 'NotFoundError', entity: 'CustomerGroup' });
    const viaForeignAccount = await gql(app.url, key, AddMembers, {
      input: { groupId: group.id, openids: { accountId: encodeGlobalID('Account', foreignAccount.id), openids: ['o-1'] } },
    });
    expect(viaForeignAccount.addCustomerGroupMembers).toMatchObject({ __typename: 'NotFoundError', entity: 'Account' });
    const split = await gql(app.url, key, SplitGroup, { input: { groupId: encodeGlobalID('CustomerGroup', foreignGroup.id), parts: 2 } });
    expect(split.splitCustomerGroup).toMatchObject({ __typename: 'NotFoundError', entity: 'CustomerGroup' });
    expect(await app.deps.prisma.customerGroupMember.count()).toBe(before);
    const theirList = await gql(app.url, other.key, CustomerGroups, {});
    expect(theirList.customerGroups.edges.map((e) => e.node.id)).toEqual([encodeGlobalID('CustomerGroup', foreignGroup.id)]);
  });

  it('counts members, and members who follow a given account now', async () => {
    const group = await newGroup();
    // followers[1000] has unfollowed the account; five more follow a second account, two of them no longer.
    const members = [...followers.slice(990, 1001)];
    await gql(app.url, key, AddMembers, { input: { groupId: group.id, customerIds: members.map(customerId) } });
    const shop = await createAccount(app.deps.prisma, workspaceId);
    await addFollowersOf(app.deps.prisma, shop.id, members.slice(0, 3).map((f) => f.customerId), true);
    await addFollowersOf(app.deps.prisma, shop.id, members.slice(3, 5).map((f) => f.customerId), false);

    const counts = await gql(app.url, key, GroupCounts, { id: group.id, accountId });
    expect(counts.node).toMatchObject({ memberCount: 11, followingCount: 10 });
    const shopCounts = await gql(app.url, key, GroupCounts, { id: group.id, accountId: encodeGlobalID('Account', shop.id) });
    expect(shopCounts.node).toMatchObject({ memberCount: 11, followingCount: 3 });
    const foreign = await createAccount(app.deps.prisma, (await createTestKey(app)).workspaceId);
    // Another workspace's account is not found, as anywhere else (a 0 would read as "nobody follows it").
    const foreignId = encodeGlobalID('Account', foreign.id);
    const foreignCounts = await postGraphQL(app.url, GroupCounts, { id: group.id, accountId: foreignId }, key);
    expect(foreignCounts.body.errors).toMatchObject([{ message: `Account ${foreignId} not found`, extensions: { code: 'NOT_FOUND' }, path: ['node', 'followingCount'] }]);

    const seen: string[] = [];
    let after: string | null | undefined;
    do {
      const page = await gql(app.url, key, GroupMembers, { id: group.id, first: 4, after });
      if (!page.node || !('members' in page.node)) throw new Error('not a group');
      expect(page.node.members.totalCount).toBe(11);
      seen.push(...page.node.members.edges.map((e) => rowId(e.node.id)));
      after = page.node.members.pageInfo.hasNextPage ? page.node.members.pageInfo.endCursor : null;
    } while (after);
    expect(seen.sort()).toEqual(members.map((f) => f.customerId).sort());
  });

  describe('random split', () => {
    let source: { id: string; name: string };
    let all: string[];
    const split = async (input: { parts: number; seed?: string; namePrefix?: string }) => {
      const result = await gql(app.url, key, SplitGroup, { input: { groupId: source.id, ...input } });
      if (result.splitCustomerGroup.__typename !== 'SplitCustomerGroupSuccess') throw new Error(JSON.stringify(result.splitCustomerGroup));
      return result.splitCustomerGroup.data;
    };
    const membersOf = async (parts: { id: string }[]) => Promise.all(parts.map(async (part) => new Set(await memberIds(rowId(part.id)))));

    beforeAll(async () => {
      source = await newGroup('Spring audience');
      await gql(app.url, key, AddMembers, { input: { groupId: source.id, customerIds: followers.map(customerId) } });
      all = followers.map((f) => f.customerId).sort();
    });

    it('splits into disjoint, exhaustive parts whose sizes differ by at most one', async () => {
      const result = await split({ parts: 3, seed: 'spring-2026' });
      expect(result.seed).toBe('spring-2026');
      expect(result.parts.map((p) => p.name)).toEqual(['Spring audience · 1/3', 'Spring audience · 2/3', 'Spring audience · 3/3']);
      expect(result.parts.map((p) => p.memberCount).sort()).toEqual([333, 334, 334]);
      expect(result.parts.every((p) => p.splitFrom?.id === source.id)).toBe(true);
      expect(result.group.splitParts.map((p) => p.id)).toEqual(result.parts.map((p) => p.id));
      const sets = await membersOf(result.parts);
      const union = sets.flatMap((set) => [...set]);
      expect(union.length).toBe(1001); // no customer in two parts
      expect(union.sort()).toEqual(all); // and every member in one
    });

    it('gives the same parts for the same seed and different parts for another seed', async () => {
      const first = await membersOf((await split({ parts: 3, seed: 'repeatable', namePrefix: 'Run A' })).parts);
      const again = await membersOf((await split({ parts: 3, seed: 'repeatable', namePrefix: 'Run B' })).parts);
      expect(again.map((set) => [...set].sort())).toEqual(first.map((set) => [...set].sort()));
      const other = await membersOf((await split({ parts: 3, seed: 'another seed', namePrefix: 'Run C' })).parts);
      expect(other.map((set) => [...set].sort())).not.toEqual(first.map((set) => [...set].sort()));
      // A random split overlaps each part of another split by about a third.
      const overlap = [...other[0]!].filter((id) => first[0]!.has(id)).length;
      expect(overlap).toBeGreaterThan(70);
      expect(overlap).toBeLessThan(200);
    });

    it('generates and returns a seed when none is given, which reproduces the split', async () => {
      const generated = await split({ parts: 2, namePrefix: 'Halves' });
      expect(generated.seed.length).toBeGreaterThanOrEqual(8);
      const replay = await split({ parts: 2, seed: generated.seed, namePrefix: 'Halves again' });
      expect((await membersOf(replay.parts)).map((s) => [...s].sort())).toEqual((await membersOf(generated.parts)).map((s) => [...s].sort()));
    });

    it('refuses bad parts, too few members and taken names, creating nothing', async () => {
      const groupsBefore = await app.deps.prisma.customerGroup.count();
      const membersBefore = await app.deps.prisma.customerGroupMember.count();
      for (const parts of [1, 0, 101]) {
        const result = await gql(app.url, key, SplitGroup, { input: { groupId: source.id, parts } });
        expect(result.splitCustomerGroup).toMatchObject({ __typename: 'ValidationError', issues: [{ path: ['input', 'parts'] }] });
      }
      const small = await createCustomerGroup(app.deps.prisma, workspaceId, followers.slice(0, 2).map((f) => f.customerId));
      const tooFew = await gql(app.url, key, SplitGroup, { input: { groupId: encodeGlobalID('CustomerGroup', small.id), parts: 3 } });
      expect(tooFew.splitCustomerGroup).toMatchObject({ __typename: 'ValidationError', issues: [{ path: ['input', 'parts'] }] });
      const taken = await gql(app.url, key, SplitGroup, { input: { groupId: source.id, parts: 3 } }); // "Spring audience · k/3" exist
      expect(taken.splitCustomerGroup.__typename).toBe('ConflictError');
      expect(await app.deps.prisma.customerGroup.count()).toBe(groupsBefore + 1); // only the factory's group
      expect(await app.deps.prisma.customerGroupMember.count()).toBe(membersBefore + 2);
    });
  });
});
