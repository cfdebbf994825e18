/**
 * Bad cursors, page sizes, NUL characters, query limits and broken bodies, one case each, with
 * the exact answer: VALIDATION naming the argument, or the limit's own code, never internals.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestApp } from '../helpers/app.ts';
import { QUERY_LIMITS } from '#src/armor.ts';
import { MAX_PAGE_SIZE } from '#schema/plugins/input-checks.ts';
import { seedWorkspace, uniqueTag, type SeededWorkspace } from './hostile/seed.ts';
import { sendHttp } from './hostile/send.ts';

const base64 = (text: string) => Buffer.from(text).toString('base64');
const NOT_A_CURSOR = 'is not a cursor of this list (use pageInfo.endCursor or startCursor)';

describe('VALIDATION answers and coded refusals', () => {
  const fixture = useTestApp();
  let own: SeededWorkspace;
  const send = (query: string, variables: Record<string, unknown> = {}) => sendHttp(fixture.app.url, fixture.key, query, variables);

  beforeAll(async () => {
    own = await seedWorkspace(fixture.app.deps, fixture.workspaceId, uniqueTag('OWN'));
  });

  describe('paging', () => {
    const PAGE = 'query ($a: ID!, $first: Int, $last: Int, $after: String, $before: String) { materials(accountId: $a, first: $first, last: $last, after: $after, before: $before) { totalCount } }';
    const cases: [string, () => Record<string, unknown>, { path: string[]; message: string }[]][] = [
      ['materials(after: "garbage")', () => ({ after: 'garbage' }), [{ path: ['after'], message: NOT_A_CURSOR }]],
      ['a cursor holding a bad uuid', () => ({ after: base64('GPC:S:not-a-uuid') }), [{ path: ['after'], message: NOT_A_CURSOR }]],
      ['before: "!!!"', () => ({ before: '!!!' }), [{ path: ['before'], message: NOT_A_CURSOR }]],
      ['first: -1', () => ({ first: -1 }), [{ path: ['first'], message: `must be between 0 and ${MAX_PAGE_SIZE}` }]],
      ['last: -5', () => ({ last: -5 }), [{ path: ['last'], message: `must be between 0 and ${MAX_PAGE_SIZE}` }]],
      ['a huge first', () => ({ first: 1_000_000 }), [{ path: ['first'], message: `must be between 0 and ${MAX_PAGE_SIZE}` }]],
      [
        'after and before together',
        () => ({ after: own.cursor, before: own.cursor }),
        [{ path: ['before'], message: 'cannot be combined with after: page forward with first and after, or backward with last and before' }],
      ],
      [
        'first and last together',
        () => ({ first: 1, last: 1 }),
        [{ path: ['last'], message: 'cannot be combined with first: page forward with first and after, or backward with last and before' }],
      ],
    ];
    for (const [label, variables, issues] of cases) {
      it(label, async () => {
        const answer = await send(PAGE, { a: own.ids.Account, ...variables() });
        expect(answer.status).toBe(200);
        expect(answer.body.errors).toMatchObject([{ path: ['materials'], extensions: { code: 'VALIDATION', issues } }]);
      });
    }
    it('customers(after: "!!!")', async () => {
      const answer = await send('{ customers(after: "!!!") { totalCount } }');
      expect(answer.body.errors).toMatchObject([{ extensions: { code: 'VALIDATION', issues: [{ path: ['after'], message: NOT_A_CURSOR }] } }]);
    });
    it('a cursor the list handed out still pages', async () => {
      const answer = await send('query ($after: String) { accounts(first: 1, after: $after) { totalCount } }', { after: own.cursor });
      expect(answer.body).toEqual({ data: { accounts: { totalCount: 1 } } });
    });
  });

  describe('NUL characters', () => {
    it('in a mutation input field: a ValidationError result on its path, nothing written', async () => {
      const before = await fixture.app.deps.prisma.campaign.count();
      const answer = await send('mutation { createCampaign(input: { name: "a\\u0000b" }) { __typename ... on ValidationError { issues { path message } } } }');
      expect(answer.body).toEqual({
        data: { createCampaign: { __typename: 'ValidationError', issues: [{ path: ['input', 'name'], message: 'must not contain NUL (\\u0000) characters' }] } },
      });
      expect(await fixture.app.deps.prisma.campaign.count()).toBe(before);
    });
    it('in a search argument', async () => {
      const answer = await send('query ($a: ID!) { materials(accountId: $a, search: "x\\u0000") { totalCount } }', { a: own.ids.Account });
      expect(answer.body.errors).toMatchObject([{ extensions: { code: 'VALIDATION', issues: [{ path: ['search'] }] } }]);
    });
    it('in an openid inside a list inside an input object', async () => {
      const answer = await send(
        'mutation ($input: AddCustomerGroupMembersInput!) { addCustomerGroupMembers(input: $input) { __typename ... on ValidationError { issues { path } } } }',
        { input: { groupId: own.ids.CustomerGroup, openids: { accountId: own.ids.Account, openids: ['o-1', 'o-\u0000'] } } },
      );
      expect(answer.body.data).toEqual({ addCustomerGroupMembers: { __typename: 'ValidationError', issues: [{ path: ['input', 'openids', 'openids', '1'] }] } });
    });
  });

  describe('limits and bodies', () => {
    const aliases = `{ ${Array.from({ length: QUERY_LIMITS.maxAliases + 1 }, (_, i) => `a${i}: viewer { scopes }`).join(' ')} }`;
    const deep = `{ customerGroups { edges { node { ${'splitFrom { '.repeat(QUERY_LIMITS.maxDepth)}name${' }'.repeat(QUERY_LIMITS.maxDepth)} } } } }`;
    const tokens = `{ viewer { ${'scopes '.repeat(QUERY_LIMITS.maxTokens)} } }`;
    const directives = `{ viewer { ${'scopes @skip(if: false) '.repeat(QUERY_LIMITS.maxDirectives + 1)} } }`;
    // A fragment spread 200 times costs 200 times its deep selection, in few tokens.
    const costly = `{ customerGroups { edges { node { ${'...F '.repeat(200)} } } } } fragment F on CustomerGroup { ${'splitFrom { '.repeat(7)}name${' }'.repeat(7)} }`;
    const cases: [string, string, string, RegExp][] = [
      ['too many aliases', aliases, 'MAX_ALIASES_EXCEEDED', /^Aliases limit of 30 exceeded, found 31\.$/],
      ['too deep', deep, 'MAX_DEPTH_EXCEEDED', /^Query depth limit of 12 exceeded/],
      ['too many tokens', tokens, 'MAX_TOKENS_EXCEEDED', /^Token limit of 1000 exceeded\.$/],
      ['too many directives', directives, 'MAX_DIRECTIVES_EXCEEDED', /^Directives limit of 50 exceeded, found 51\.$/],
      ['too costly', costly, 'MAX_COST_EXCEEDED', /^Query Cost limit of 20000 exceeded, found \d/],
    ];
    for (const [label, query, code, message] of cases) {
      it(`${label}: its own code and message`, async () => {
        const answer = await send(query);
        expect(answer.body.errors).toHaveLength(1);
        expect(answer.body.errors![0]!.extensions).toEqual({ code });
        expect(answer.body.errors![0]!.message).toMatch(message);
      });
    }
    it('a body that is not JSON: 400, BAD_REQUEST, without the parser\'s error', async () => {
      const response = await fetch(`${fixture.app.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${fixture.key}` },
        body: '{"query": "{ viewer { scopes } ',
      });
      expect(response.status).toBe(400);
      expect(await response.json()).toEqual({ errors: [{ message: 'POST body sent invalid JSON.', extensions: { code: 'BAD_REQUEST' } }] });
    });
    it('a callback path of 36 dashes is an unknown account (404), not a server error', async () => {
      const response = await fetch(`${fixture.app.url}/wechat/callback/${'-'.repeat(36)}?echostr=x`);
      expect(response.status).toBe(404);
    });
    it('a file argument given as JSON: BAD_USER_INPUT', async () => {
      const answer = await send('mutation ($a: ID!, $f: File!) { uploadImage(accountId: $a, file: $f, purpose: MATERIAL) { __typename } }', { a: own.ids.Account, f: 'not a file' });
      expect(answer.body.errors).toMatchObject([{ message: expect.stringContaining('must be a file sent as a multipart upload'), extensions: { code: 'BAD_USER_INPUT' } }]);
    });
  });
});
