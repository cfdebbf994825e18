import { describe, expect, it } from 'vitest';
import { graphql } from '../__generated__/gql.ts';
import { createTestKey, useTestApp } from '../helpers/app.ts';
import { gql } from '../helpers/graphql.ts';

const CreateCampaign = graphql(`
  mutation CreateCampaign($input: CreateCampaignInput!) {
    createCampaign(input: $input) {
      __typename
      ... on CreateCampaignSuccess { data { id name description createdAt } }
      ... on ValidationError { issues { path message } }
      ... on ConflictError { message }
    }
  }
`);
const Campaigns = graphql(`
  query Campaigns($first: Int, $after: String, $search: String) {
    campaigns(first: $first, after: $after, search: $search) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { node { id name } }
    }
  }
`);
const CreateCampaignTypename = graphql(`
  mutation CreateCampaignTypename($input: CreateCampaignInput!) { createCampaign(input: $input) { __typename } }
`);
const CampaignNode = graphql(`
  query CampaignNode($id: ID!) { node(id: $id) { id ... on Campaign { name } } }
`);

describe('campaigns', () => {
  const t = useTestApp();

  const create = async (name: string, description?: string) => {
    const result = await gql(t.app.url, t.key, CreateCampaign, { input: { name, description } });
    if (result.createCampaign.__typename !== 'CreateCampaignSuccess') throw new Error(result.createCampaign.__typename);
    return result.createCampaign.data;
  };

  it('creates campaigns and lists them newest first, with search and paging', async () => {
    const spring = await create('  Spring sale  ', 'Coupons for March');
    expect(spring).toMatchObject({ name: 'Spring sale', description: 'Coupons for March' });
    const summer = await create('Summer sale');
    expect(summer.description).toBe('');
    const launch = await create('Product launch');

    const all = await gql(t.app.url, t.key, Campaigns, { first: 10 });
    expect(all.campaigns.totalCount).toBe(3);
    expect(all.campaigns.edges.map((edge) => edge.node.id)).toEqual([launch.id, summer.id, spring.id]);

    const sales = await gql(t.app.url, t.key, Campaigns, { first: 10, search: 'SALE' });
    expect(sales.campaigns.totalCount).toBe(2);
    expect(sales.campaigns.edges.map((edge) => edge.node.name)).toEqual(['Summer sale', 'Spring sale']);

    const page1 = await gql(t.app.url, t.key, Campaigns, { first: 2 });
    expect(page1.campaigns.pageInfo.hasNextPage).toBe(true);
    const page2 = await gql(t.app.url, t.key, Campaigns, { first: 2, after: page1.campaigns.pageInfo.endCursor });
    expect(page2.campaigns.edges.map((edge) => edge.node.id)).toEqual([spring.id]);
    expect(page2.campaigns.pageInfo.hasNextPage).toBe(false);
  });

  it('answers a mutation that selects only __typename of its result', async () => {
    const created = await gql(t.app.url, t.key, CreateCampaignTypename, { input: { name: 'Typename only' } });
    expect(created.createCampaign.__typename).toBe('CreateCampaignSuccess');
  });

  it('refuses a duplicate name and bad input with typed errors, writing nothing', async () => {
    await create('Double 11');
    const before = await t.app.deps.prisma.campaign.count();
    const again = await gql(t.app.url, t.key, CreateCampaign, { input: { name: 'Double 11' } });
    expect(again.createCampaign).toMatchObject({ __typename: 'ConflictError', message: expect.stringContaining('Double 11') });
    const empty = await gql(t.app.url, t.key, CreateCampaign, { input: { name: '   ' } });
    expect(empty.createCampaign).toMatchObject({ __typename: 'ValidationError', issues: [{ path: ['input', 'name'] }] });
    const long = await gql(t.app.url, t.key, CreateCampaign, { input: { name: 'x', description: 'y'.repeat(2001) } });
    expect(long.createCampaign).toMatchObject({ __typename: 'ValidationError', issues: [{ path: ['input', 'description'] }] });
    expect(await t.app.deps.prisma.campaign.count()).toBe(before);
  });

  it('keeps campaigns per workspace: names may repeat across workspaces, rows stay invisible', async () => {
    const mine = await create('Shared name');
    const other = await createTestKey(t.app);
    const theirs = await gql(t.app.url, other.key, CreateCampaign, { input: { name: 'Shared name' } });
    expect(theirs.createCampaign.__typename).toBe('CreateCampaignSuccess');
    const list = await gql(t.app.url, other.key, Campaigns, { first: 10 });
    expect(list.campaigns.totalCount).toBe(1);
    expect(list.campaigns.edges[0]!.node.id).not.toBe(mine.id);
    expect((await gql(t.app.url, other.key, CampaignNode, { id: mine.id })).node).toBeNull();
    expect((await gql(t.app.url, t.key, CampaignNode, { id: mine.id })).node).toMatchObject({ name: 'Shared name' });
  });
});
