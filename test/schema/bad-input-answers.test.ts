/**
 * The bad inputs a new user and an attacker tried, one case each, with the exact typed answer:
 * ids that are malformed, of another type, raw or of another workspace are NotFoundError (null
 * for node) naming the id as sent; bad cursors, page sizes and NUL characters are VALIDATION on
 * the argument's path; limit refusals and broken bodies carry their own code and no internals.
 */
import { encodeGlobalID } from '@pothos/plugin-relay';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestKey, useTestApp } from '../helpers/app.ts';
import { wsClient } from '../helpers/graphql.ts';
import { seedWorkspace, uniqueTag, type SeededWorkspace } from './hostile/seed.ts';
import { sendHttp, sendWs } from './hostile/send.ts';

const NODE = 'query ($id: ID!) { node(id: $id) { id } }';
const NODES = 'query ($ids: [ID!]!) { nodes(ids: $ids) { id } }';
const result = (field: string, args: string) =>
  `mutation ($id: ID!) { ${field}(${args}) { __typename ... on NotFoundError { entity id message } } }`;
const list = (field: string, args: string) => `query (${args}) { ${field} { totalCount } }`;

describe('typed answers to bad input', () => {
  const fixture = useTestApp();
  let own: SeededWorkspace;
  let foreign: SeededWorkspace;
  const send = (query: string, variables: Record<string, unknown> = {}) => sendHttp(fixture.app.url, fixture.key, query, variables);

  beforeAll(async () => {
    own = await seedWorkspace(fixture.app.deps, fixture.workspaceId, uniqueTag('OWN'));
    foreign = await seedWorkspace(fixture.app.deps, (await createTestKey(fixture.app)).workspaceId, uniqueTag('FOREIGN'));
  });

  describe('node is null for any id that names no object of this workspace', () => {
    const cases: [string, () => string][] = [
      ['"!!!"', () => '!!!'],
      ['""', () => ''],
      ['a raw uuid', () => own.rows.Account!],
      ['"Account:notauuid" encoded', () => encodeGlobalID('Account', 'notauuid')],
      ['"Account:notauuid" as text', () => 'Account:notauuid'],
      ['an id of a type that does not exist', () => encodeGlobalID('Nothing', own.rows.Account!)],
      ['another workspace\'s account', () => foreign.ids.Account!],
    ];
    for (const [label, id] of cases) {
      it(label, async () => {
        expect((await send(NODE, { id: id() })).body).toEqual({ data: { node: null } });
      });
    }
    it('nodes keeps the good ones and gives null for the rest', async () => {
      const answer = await send(NODES, { ids: [own.ids.Account, '!!!', own.rows.Campaign, foreign.ids.Campaign, own.ids.Campaign] });
      expect(answer.body).toEqual({ data: { nodes: [{ id: own.ids.Account }, null, null, null, { id: own.ids.Campaign }] } });
    });
  });

  describe('mutations answer NotFoundError naming the id as sent', () => {
    const cases: [string, string, string, () => string][] = [
      ['updateAccount with a campaign id', 'updateAccount', 'id: $id, input: { name: "x" }', () => own.ids.Campaign!],
      ['updateAccount with a raw uuid', 'updateAccount', 'id: $id, input: { name: "x" }', () => own.rows.Account!],
      ['updateAccount with another workspace\'s account', 'updateAccount', 'id: $id, input: { name: "x" }', () => foreign.ids.Account!],
      ['unbindAccount with a campaign id', 'unbindAccount', 'id: $id', () => own.ids.Campaign!],
      ['unbindAccount with a raw uuid', 'unbindAccount', 'id: $id', () => own.rows.Account!],
      ['revokeApiKey with an account id', 'revokeApiKey', 'id: $id', () => own.ids.Account!],
      ['revokeApiKey with "ApiKey:<non-uuid>"', 'revokeApiKey', 'id: $id', () => encodeGlobalID('ApiKey', 'not-a-uuid')],
      ['revokeApiKey with another workspace\'s key', 'revokeApiKey', 'id: $id', () => foreign.ids.ApiKey!],
      ['refreshMaterial with garbage', 'refreshMaterial', 'id: $id', () => 'garbage'],
      ['syncFollowers with a raw uuid', 'syncFollowers', 'accountId: $id', () => own.rows.Account!],
      ['syncCards with another workspace\'s account', 'syncCards', 'accountId: $id', () => foreign.ids.Account!],
    ];
    const entityOf: Record<string, string> = { revokeApiKey: 'ApiKey', refreshMaterial: 'Material' };
    for (const [label, field, args, id] of cases) {
      it(label, async () => {
        const given = id();
        const entity = entityOf[field] ?? 'Account';
        const answer = await send(result(field, args), { id: given });
        expect(answer.body).toEqual({ data: { [field]: { __typename: 'NotFoundError', entity, id: given, message: `${entity} ${given} not found` } } });
      });
    }
  });

  describe('lists filtered by a bad id answer NOT_FOUND naming it', () => {
    const cases: [string, string, string, () => Record<string, unknown>, string][] = [
      ['cards with a raw uuid', 'cards(accountId: $a)', '$a: ID!', () => ({ a: own.rows.Account }), 'Account'],
      ['cards with a campaign id', 'cards(accountId: $a)', '$a: ID!', () => ({ a: own.ids.Campaign }), 'Account'],
      ['images with a raw uuid', 'images(accountId: $a)', '$a: ID!', () => ({ a: own.rows.Account }), 'Account'],
      ['images with another workspace\'s account', 'images(accountId: $a)', '$a: ID!', () => ({ a: foreign.ids.Account }), 'Account'],
      ['materials with a group id', 'materials(accountId: $a)', '$a: ID!', () => ({ a: own.ids.CustomerGroup }), 'Account'],
      ['customers with a raw uuid account', 'customers(accountId: $a)', '$a: ID', () => ({ a: own.rows.Account }), 'Account'],
      ['customers with a campaign id as group', 'customers(groupId: $a)', '$a: ID', () => ({ a: own.ids.Campaign }), 'CustomerGroup'],
    ];
    for (const [label, call, declaration, variables, entity] of cases) {
      it(label, async () => {
        const vars = variables();
        const answer = await send(list(call, declaration), vars);
        const field = call.slice(0, call.indexOf('('));
        expect(answer.body.data).toBeNull();
        expect(answer.body.errors).toEqual([{ message: `${entity} ${String(vars.a)} not found`, path: expect.arrayContaining([field]), extensions: { code: 'NOT_FOUND' } }]);
      });
    }
    it('followingCount(accountId: "zzz")', async () => {
      const answer = await send('query ($id: ID!) { node(id: $id) { ... on CustomerGroup { followingCount(accountId: "zzz") } } }', { id: own.ids.CustomerGroup });
      expect(answer.body.errors).toMatchObject([{ message: 'Account zzz not found', path: ['node', 'followingCount'], extensions: { code: 'NOT_FOUND' } }]);
    });
    it('jobProgress("bogus") over graphql-ws', async () => {
      const client = wsClient(fixture.app.url, fixture.key);
      try {
        const answer = await sendWs(client, 'subscription { jobProgress(jobId: "bogus") { status } }', {});
        expect(answer.body.errors).toMatchObject([{ message: 'Job bogus not found', extensions: { code: 'NOT_FOUND' } }]);
      } finally {
        await client.dispose();
      }
    });
  });
});
