import { describe, expect, it } from 'vitest';
import { graphql } from '../__generated__/gql.ts';
import { createTestKey, useTestApp } from '../helpers/app.ts';
import { gql } from '../helpers/graphql.ts';

const BindMiniProgram = graphql(`
  mutation BindMiniProgram($input: BindMiniProgramInput!) {
    bindMiniProgram(input: $input) {
      __typename
      ... on BindMiniProgramSuccess { data { id appId name createdAt } }
      ... on ValidationError { issues { path message } }
      ... on ConflictError { message }
    }
  }
`);
const MiniPrograms = graphql(`
  query MiniPrograms { miniPrograms(first: 10) { totalCount edges { node { id appId name } } } }
`);

describe('mini programs', () => {
  const t = useTestApp();

  it('binds mini programs and lists them in binding order', async () => {
    const shop = await gql(t.app.url, t.key, BindMiniProgram, { input: { appId: 'wxshop0000000001', name: 'Shop' } });
    expect(shop.bindMiniProgram).toMatchObject({ __typename: 'BindMiniProgramSuccess', data: { appId: 'wxshop0000000001', name: 'Shop' } });
    await gql(t.app.url, t.key, BindMiniProgram, { input: { appId: 'wxclub0000000002', name: 'Members club' } });
    const list = await gql(t.app.url, t.key, MiniPrograms, {});
    expect(list.miniPrograms.totalCount).toBe(2);
    expect(list.miniPrograms.edges.map((edge) => edge.node.name)).toEqual(['Shop', 'Members club']);
  });

  it('refuses an t.app id bound twice and bad input, writing nothing', async () => {
    await gql(t.app.url, t.key, BindMiniProgram, { input: { appId: 'wxtwice000000003', name: 'Once' } });
    const before = await t.app.deps.prisma.miniProgram.count();
    const again = await gql(t.app.url, t.key, BindMiniProgram, { input: { appId: 'wxtwice000000003', name: 'Twice' } });
    expect(again.bindMiniProgram.__typename).toBe('ConflictError');
    const spaces = await gql(t.app.url, t.key, BindMiniProgram, { input: { appId: 'wx has spaces', name: 'Bad' } });
    expect(spaces.bindMiniProgram).toMatchObject({ __typename: 'ValidationError', issues: [{ path: ['input', 'appId'] }] });
    const noName = await gql(t.app.url, t.key, BindMiniProgram, { input: { appId: 'wxnoname00000004', name: '' } });
    expect(noName.bindMiniProgram).toMatchObject({ __typename: 'ValidationError', issues: [{ path: ['input', 'name'] }] });
    expect(await t.app.deps.prisma.miniProgram.count()).toBe(before);
  });

  it('binds per workspace: another workspace may bind the same t.app id and sees only its own', async () => {
    await gql(t.app.url, t.key, BindMiniProgram, { input: { appId: 'wxshared00000005', name: 'Mine' } });
    const other = await createTestKey(t.app);
    const theirs = await gql(t.app.url, other.key, BindMiniProgram, { input: { appId: 'wxshared00000005', name: 'Theirs' } });
    expect(theirs.bindMiniProgram.__typename).toBe('BindMiniProgramSuccess');
    const list = await gql(t.app.url, other.key, MiniPrograms, {});
    expect(list.miniPrograms.edges.map((edge) => edge.node.name)).toEqual(['Theirs']);
  });
});
