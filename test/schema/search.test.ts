import { encodeGlobalID } from '@pothos/plugin-relay';
import { beforeAll, describe, expect, it } from 'vitest';
import { graphql } from '../__generated__/gql.ts';
import { useTestApp } from '../helpers/app.ts';
import { gql } from '../helpers/graphql.ts';
import { createAccount } from '../factories/account.ts';

const SearchCampaigns = graphql(`query SearchCampaigns($search: String) { campaigns(search: $search, first: 50) { edges { node { name } } } }`);
const SearchGroups = graphql(`query SearchGroups($search: String) { customerGroups(search: $search, first: 50) { edges { node { name } } } }`);
const SearchMaterials = graphql(`
  query SearchMaterials($accountId: ID!, $search: String) {
    materials(accountId: $accountId, search: $search, first: 50) { edges { node { articles { title digest } } } }
  }
`);

/** Names holding LIKE's special characters, and look-alikes a wildcard would also match. */
const NAMES = ['50% off', '500 off', 'a_b', 'axb', 'back\\slash', 'backslash', 'Plain'];
/** Each search and the only names it may find: every character matches itself. */
const CASES: [string, string[]][] = [
  ['%', ['50% off']],
  ['50%', ['50% off']],
  ['_', ['a_b']],
  ['a_b', ['a_b']],
  ['\\', ['back\\slash']],
  ['k\\s', ['back\\slash']],
  ['%%', []],
  ['plain', ['Plain']],
];

describe('search arguments match their text literally', () => {
  const t = useTestApp();
  let accountId: string;

  beforeAll(async () => {
    const prisma = t.app.deps.prisma;
    await prisma.campaign.createMany({ data: NAMES.map((name) => ({ workspaceId: t.workspaceId, name })) });
    await prisma.customerGroup.createMany({ data: NAMES.map((name) => ({ workspaceId: t.workspaceId, name })) });
    const account = await createAccount(prisma, t.workspaceId);
    accountId = encodeGlobalID('Account', account.id);
    for (const [i, title] of NAMES.entries()) {
      await prisma.material.create({
        data: {
          accountId: account.id,
          mediaId: `media-${i}`,
          source: 'DRAFT',
          updatedAtWeChat: new Date(),
          syncedAt: new Date(),
          // Half the names in titles, half in digests: both are searched.
          articles: { create: { index: 0, title: i % 2 ? title : 'Untitled', digest: i % 2 ? '' : title } },
        },
      });
    }
  });

  it.each(CASES)('campaigns(search: %j)', async (search, expected) => {
    const data = await gql(t.app.url, t.key, SearchCampaigns, { search });
    expect(data.campaigns.edges.map((e) => e.node.name).sort()).toEqual(expected);
  });

  it.each(CASES)('customerGroups(search: %j)', async (search, expected) => {
    const data = await gql(t.app.url, t.key, SearchGroups, { search });
    expect(data.customerGroups.edges.map((e) => e.node.name).sort()).toEqual(expected);
  });

  it.each(CASES)('materials(search: %j) in titles and digests', async (search, expected) => {
    const data = await gql(t.app.url, t.key, SearchMaterials, { accountId, search });
    const found = data.materials.edges.map(({ node }) => (node.articles[0]!.digest || node.articles[0]!.title));
    expect(found.sort()).toEqual(expected);
  });
});
