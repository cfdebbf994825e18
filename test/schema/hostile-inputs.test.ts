/**
 * Hostile inputs, generated from the schema. For every root query, mutation and subscription it
 * takes a valid call (the ARGUMENTS table) and spoils one thing at a time: each ID-typed argument
 * (inside input objects and lists too) becomes malformed, empty, a number, a raw uuid, an id of
 * another type, an encoded non-uuid, or another workspace's id; each String argument gets a NUL
 * character; connections get negative, huge and conflicting page sizes and bad cursors. Every
 * answer must be typed: no 5xx, no INTERNAL_SERVER_ERROR, no error without a code, no internals,
 * and never a trace of the other workspace's data.
 *
 * Adding a root field: add ONE line to ARGUMENTS, `fieldName: (s) => ({ ...valid variables })`,
 * built from `s` (the calling workspace's seeded ids; see hostile/seed.ts). The test fails and
 * names every root field without an entry, so a new field cannot go unexercised.
 */
import { encodeGlobalID } from '@pothos/plugin-relay';
import { getNamedType, isInputObjectType, isInterfaceType, isObjectType, type GraphQLField, type GraphQLObjectType } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSchema } from '#schema/index.ts';
import { createTestKey, useTestApp } from '../helpers/app.ts';
import { wsClient } from '../helpers/graphql.ts';
import { argPathsOfScalar, operationFor, rootFields, withValueAt, type ArgPath } from '../helpers/schema-walk.ts';
import { seedWorkspace, uniqueTag, type SeededWorkspace } from './hostile/seed.ts';
import { sendHttp, sendWs, type Answer } from './hostile/send.ts';

type Vars = Record<string, unknown>;

/** A 1×1 PNG: enough for uploadImage to get past its file checks to the account lookup. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==', 'base64');

/**
 * A valid call of each root field, in the calling workspace (one line per field). A field whose
 * arguments are alternatives gives one call per alternative, so each id inside them is reached.
 */
const ARGUMENTS: Record<string, (s: SeededWorkspace) => Vars | Vars[]> = {
  accounts: () => ({}),
  campaigns: () => ({ search: 'campaign' }),
  cards: (s) => ({ accountId: s.ids.Account }),
  customerGroups: () => ({ search: 'group' }),
  customers: (s) => ({ accountId: s.ids.Account, groupId: s.ids.CustomerGroup }),
  wechatEvents: (s) => ({ accountId: s.ids.Account }),
  images: (s) => ({ accountId: s.ids.Account }),
  materials: (s) => ({ accountId: s.ids.Account, search: 'article' }),
  miniPrograms: () => ({}),
  node: (s) => ({ id: s.ids.Account }),
  nodes: (s) => ({ ids: [s.ids.Account, s.ids.Campaign] }),
  viewer: () => ({}),
  addCustomerGroupMembers: (s) => [
    { input: { groupId: s.ids.CustomerGroup, customerIds: [s.ids.Customer] } },
    { input: { groupId: s.ids.CustomerGroup, openids: { accountId: s.ids.Account, openids: ['o-1'] } } },
    { input: { groupId: s.ids.CustomerGroup, csv: new Blob(['openid\no-1\n'], { type: 'text/csv' }), csvAccountId: s.ids.Account } },
  ],
  bindAccount: () => ({ input: { appId: 'wxhostile', appSecret: 'secret', name: 'Hostile', type: 'SERVICE', timeZone: 'Asia/Shanghai' } }),
  bindMiniProgram: () => ({ input: { appId: 'wxhostilemp', name: 'Hostile' } }),
  createApiKey: () => ({ input: { name: 'hostile', scopes: ['read'] } }),
  createCampaign: () => ({ input: { name: 'Hostile', description: 'd' } }),
  createCustomerGroup: () => ({ input: { name: 'Hostile' } }),
  refreshMaterial: (s) => ({ id: s.ids.Material }),
  revokeApiKey: (s) => ({ id: s.ids.ApiKey }),
  schedulePing: () => ({ input: { message: 'hello' } }),
  splitCustomerGroup: (s) => ({ input: { groupId: s.ids.CustomerGroup, parts: 2, seed: 's', namePrefix: 'p' } }),
  syncCards: (s) => ({ accountId: s.ids.Account }),
  syncFollowers: (s) => ({ accountId: s.ids.Account }),
  syncMaterials: (s) => ({ accountId: s.ids.Account, count: 20 }),
  unbindAccount: (s) => ({ id: s.ids.Account }),
  updateAccount: (s) => ({ id: s.ids.Account, input: { name: 'Renamed', timeZone: 'Asia/Shanghai' } }),
  uploadImage: (s) => ({ accountId: s.ids.Account, file: new Blob([PNG], { type: 'image/png' }), purpose: 'MATERIAL' }),
  jobProgress: (s) => ({ jobId: s.ids.Job }),
  // Sending engine (records of an account; batchResult needs a broadcast: the seed's, once it has one).
  sendRecords: (s) => [{ accountId: s.ids.Account }, { broadcastId: s.ids.Broadcast ?? encodeGlobalID('Broadcast', '00000000-0000-4000-8000-000000000000') }],
  batchResult: (s) => ({ broadcastId: s.ids.Broadcast ?? encodeGlobalID('Broadcast', '00000000-0000-4000-8000-000000000000') }),
};

/** What a spoiled call must get besides a clean answer: refused (not found, invalid, null) or a VALIDATION. */
type Expectation = 'refused' | 'validation' | 'clean';

interface Variant {
  label: string;
  variables: Vars;
  expect: Expectation;
}

const valueAt = (vars: Vars, path: ArgPath): unknown => path.reduce<unknown>((node, key) => (node as Record<string | number, unknown> | undefined)?.[key], vars);

/** The type name inside a global id (Account when the valid call leaves the argument out). */
const typeOf = (globalId: unknown) => {
  const decoded = typeof globalId === 'string' ? Buffer.from(globalId, 'base64').toString() : '';
  return /^[A-Za-z]+(?=:)/.exec(decoded)?.[0] ?? 'Account';
};

/** The first valid call that holds the object `path` leads into (or the first call). */
const baseFor = (bases: Vars[], path: ArgPath) => bases.find((base) => path.length === 1 || valueAt(base, path.slice(0, -1)) !== undefined) ?? bases[0]!;

function variantsOf(field: GraphQLField<unknown, unknown>, bases: Vars[], own: SeededWorkspace, foreign: SeededWorkspace): Variant[] {
  const variants: Variant[] = [];
  for (const path of argPathsOfScalar(field, 'ID')) {
    const base = baseFor(bases, path);
    const type = typeOf(valueAt(base, path));
    const other = type === 'Campaign' ? 'Account' : 'Campaign';
    const bad: [string, unknown][] = [
      ['malformed', '!!!'],
      ['empty', ''],
      ['number', 12345],
      ['raw uuid', own.rows[type]],
      ['another type', encodeGlobalID(other, own.rows[type]!)],
      ['encoded non-uuid', encodeGlobalID(type, 'notauuid')],
      ['foreign', foreign.ids[type]],
    ];
    for (const [kind, value] of bad) {
      variants.push({ label: `${path.join('.')} = ${kind} id`, variables: withValueAt(base, path, value), expect: 'refused' });
    }
  }
  for (const path of argPathsOfScalar(field, 'String')) {
    variants.push({ label: `${path.join('.')} with NUL`, variables: withValueAt(baseFor(bases, path), path, 'bad\u0000value'), expect: 'validation' });
  }
  const base = bases[0]!;
  if (['first', 'last', 'after', 'before'].every((name) => field.args.some((arg) => arg.name === name))) {
    const notAUuid = Buffer.from('GPC:S:notauuid').toString('base64');
    const pages: [string, Vars][] = [
      ['first: -1', { first: -1 }],
      ['last: -5', { last: -5 }],
      ['first: 101', { first: 101 }],
      ['first: 2^31-1', { first: 2 ** 31 - 1 }],
      ['after: garbage', { after: 'garbage' }],
      ['after: !!!', { after: '!!!' }],
      ['after: cursor of a non-uuid', { after: notAUuid }],
      ['after and before', { after: own.cursor, before: own.cursor }],
      ['first and before', { first: 1, before: own.cursor }],
      ['last and after', { last: 1, after: own.cursor }],
      ['foreign cursor', { first: 5, after: foreign.cursor }],
    ];
    for (const [label, page] of pages) {
      variants.push({ label, variables: { ...base, ...page }, expect: label === 'foreign cursor' ? 'clean' : 'validation' });
    }
  }
  return variants;
}

const codesOf = (answer: Answer) => (answer.body.errors ?? []).map((error) => error.extensions?.code);
const hasResult = (answer: Answer, typename: string) => answer.text.includes(`"__typename":"${typename}"`);

/** Whether the answer refuses the call as it should: a VALIDATION error or ValidationError result. */
const isValidation = (answer: Answer) => codesOf(answer).includes('VALIDATION') || hasResult(answer, 'ValidationError');

/**
 * Whether the answer refuses a spoiled id: not found, invalid, a null node, or (for lists of ids
 * that report what matched nothing, like addCustomerGroupMembers) the id among the unknown.
 */
function isRefusal(answer: Answer, variables: Vars): boolean {
  const data = answer.body.data as Record<string, unknown> | null | undefined;
  if (codesOf(answer).some((code) => code === 'NOT_FOUND' || code === 'BAD_USER_INPUT')) return true;
  if (isValidation(answer) || hasResult(answer, 'NotFoundError')) return true;
  if (data && ('node' in data ? data.node === null : 'nodes' in data && (data.nodes as unknown[]).includes(null))) return true;
  const unknown = /"unknown":(\[[^\]]*\])/.exec(answer.text);
  return unknown !== null && (JSON.parse(unknown[1]!) as unknown[]).some((id) => JSON.stringify(variables).includes(String(id)));
}

/** Why an answer is not acceptable, or null when it is. */
function faultOf(answer: Answer, variant: Variant, foreign: SeededWorkspace): string | null {
  if (answer.status >= 500) return `HTTP ${answer.status}`;
  for (const error of answer.body.errors ?? []) {
    const code = error.extensions?.code;
    if (!code) return `error without a code: ${error.message}`;
    if (code === 'INTERNAL_SERVER_ERROR') return `internal error: ${error.message}`;
    if (error.extensions && 'originalError' in error.extensions) return 'originalError exposed';
  }
  const leaked = foreign.markers.find((marker) => answer.text.includes(marker));
  if (leaked) return `shows another workspace's data or row id (${leaked})`;
  if (variant.expect === 'validation' && !isValidation(answer)) return `not refused as invalid: ${answer.text.slice(0, 300)}`;
  if (variant.expect === 'refused' && !isRefusal(answer, variant.variables)) return `not refused: ${answer.text.slice(0, 300)}`;
  return null;
}

describe('hostile inputs on every root field', () => {
  const fixture = useTestApp();
  const schema = buildSchema();
  let own: SeededWorkspace;
  let foreign: SeededWorkspace;
  let ws: ReturnType<typeof wsClient>;

  beforeAll(async () => {
    own = await seedWorkspace(fixture.app.deps.prisma, fixture.workspaceId, uniqueTag('OWN'));
    const other = await createTestKey(fixture.app);
    foreign = await seedWorkspace(fixture.app.deps.prisma, other.workspaceId, uniqueTag('FOREIGN'));
    ws = wsClient(fixture.app.url, fixture.key);
  });
  afterAll(async () => {
    await ws?.dispose();
  });

  it('has valid arguments for every root field, and none for fields that are gone', () => {
    const names = rootFields(schema).map(({ field }) => field.name);
    expect(names.filter((name) => !(name in ARGUMENTS)), 'root fields without an ARGUMENTS entry').toEqual([]);
    expect(Object.keys(ARGUMENTS).filter((name) => !names.includes(name)), 'ARGUMENTS entries of no root field').toEqual([]);
  });

  it('decodes every ID argument with schema/global-ids.ts: relay\'s own globalID arguments only on node and nodes', () => {
    const relayDecoded: string[] = [];
    for (const type of Object.values(schema.getTypeMap())) {
      if (isObjectType(type) || isInterfaceType(type)) {
        for (const field of Object.values(type.getFields())) {
          for (const arg of field.args) if (arg.extensions.isRelayGlobalID) relayDecoded.push(`${type.name}.${field.name}(${arg.name})`);
        }
      }
      if (isInputObjectType(type)) {
        for (const field of Object.values(type.getFields())) if (field.extensions.isRelayGlobalID) relayDecoded.push(`${type.name}.${field.name}`);
      }
    }
    expect(relayDecoded).toEqual(['Query.node(id)', 'Query.nodes(ids)']);
  });

  it('answers every spoiled argument with a typed answer and never with foreign data', async () => {
    const faults: string[] = [];
    let sent = 0;
    for (const { operation, field } of rootFields(schema)) {
      const build = ARGUMENTS[field.name];
      if (!build) continue;
      // Everything the answer can show; for a connection also its totalCount alone, which it
      // resolves on its own (a count query), so bad arguments must be refused there as well.
      const queries = [operationFor(schema, operation, field, 3)];
      if (isObjectType(getNamedType(field.type)) && 'totalCount' in (getNamedType(field.type) as GraphQLObjectType).getFields()) {
        queries.push(operationFor(schema, operation, field, 3, '{ totalCount }'));
      }
      for (const variant of variantsOf(field, [build(own)].flat(), own, foreign)) {
        for (const query of queries) {
          const answer = operation === 'subscription'
            ? await sendWs(ws, query, variant.variables)
            : await sendHttp(fixture.app.url, fixture.key, query, variant.variables);
          sent += 1;
          const fault = faultOf(answer, variant, foreign);
          if (fault) faults.push(`${field.name}${query.includes('{ totalCount }') ? ' { totalCount }' : ''} (${variant.label}): ${fault}`);
        }
      }
    }
    expect(faults).toEqual([]);
    expect(sent).toBeGreaterThan(200);
  }, 120_000);
});
