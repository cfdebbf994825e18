import { print } from 'graphql';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { graphql } from '../__generated__/gql.ts';
import { createTestDatabase } from '../helpers/database.ts';
import { createTestKey, startTestApp } from '../helpers/app.ts';
import { collect, gql, postGraphQL, wsClient } from '../helpers/graphql.ts';
import { KEYLESS_SOCKET_GRACE_MS } from '#src/server.ts';

const Viewer = graphql(`query Viewer { viewer { scopes workspace { name } apiKey { prefix } } }`);
const CreateApiKey = graphql(`
  mutation CreateApiKey($input: CreateApiKeyInput!) {
    createApiKey(input: $input) {
      __typename
      ... on CreateApiKeySuccess { data { key apiKey { id scopes } } }
      ... on ValidationError { issues { path message } }
    }
  }
`);
const RevokeApiKey = graphql(`
  mutation RevokeApiKey($id: ID!) { revokeApiKey(id: $id) { __typename ... on RevokeApiKeySuccess { data { revokedAt } } } }
`);
const CampaignForScopes = graphql(`
  mutation CampaignForScopes($input: CreateCampaignInput!) {
    createCampaign(input: $input) { __typename ... on CreateCampaignSuccess { data { id name } } }
  }
`);
const BindForScopes = graphql(`
  mutation BindForScopes($input: BindAccountInput!) { bindAccount(input: $input) { __typename } }
`);

describe('API keys over HTTP and graphql-ws', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let app: Awaited<ReturnType<typeof startTestApp>>;
  let key: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    app = await startTestApp({ databaseUrl: db.url });
    ({ key } = await createTestKey(app, 'acme'));
  });
  afterAll(async () => {
    await app?.stop();
    await db?.drop();
  });

  it('answers 401 with a GraphQL error body when the key is missing or wrong', async () => {
    for (const bad of [undefined, 'wxk_not-a-real-key']) {
      const { status, body } = await postGraphQL(app.url, Viewer, {}, bad);
      expect(status).toBe(401);
      expect(body.errors?.[0]).toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
      expect(body.data ?? null).toBeNull();
    }
  });

  it('takes exactly `Bearer <key>` over HTTP: a bare key or another form is 401; the scheme is case-insensitive (RFC 7235)', async () => {
    const status = async (authorization: string) =>
      (await fetch(`${app.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization },
        body: JSON.stringify({ query: print(Viewer) }),
      })).status;
    for (const refused of [key, `Basic ${key}`, 'Bearer', `Bearer ${key} extra`, `Bearer:${key}`, `Token ${key}`]) {
      expect(await status(refused), refused.replace(key, '<key>')).toBe(401);
    }
    for (const accepted of [`Bearer ${key}`, `bearer ${key}`, `BEARER ${key}`, `Bearer  ${key}`]) {
      expect(await status(accepted), accepted.replace(key, '<key>')).toBe(200);
    }
  });

  it('refuses a bare key on graphql-ws too, in connectionParams and in an operation\'s headers', async () => {
    const closeCode = (connectionParams: Record<string, unknown>, extensions?: Record<string, unknown>) =>
      new Promise<number>((resolve) => {
        const client = createClient({
          url: `${app.url.replace(/^http/, 'ws')}/graphql`,
          webSocketImpl: WebSocket,
          retryAttempts: 0,
          connectionParams,
          on: { closed: (event) => resolve((event as { code: number }).code) },
        });
        client.subscribe({ query: print(Viewer), extensions }, { next: () => {}, error: () => {}, complete: () => {} });
      });
    expect(await closeCode({ authorization: key })).toBe(4403);
    expect(await closeCode({}, { headers: { Authorization: key } })).toBe(4403);
  });

  it('identifies the workspace of a valid key; only the hash is stored', async () => {
    const data = await gql(app.url, key, Viewer, {});
    expect(data.viewer.workspace.name).toBe('acme');
    expect(data.viewer.scopes.sort()).toEqual(['admin', 'read', 'write']);
    expect(key.startsWith(data.viewer.apiKey.prefix)).toBe(true);
    const rows = await app.deps.prisma.apiKey.findMany();
    expect(JSON.stringify(rows)).not.toContain(key);
  });

  it('closes a graphql-ws socket without a valid key with 4403 Forbidden', async () => {
    for (const bad of [undefined, 'wxk_wrong']) {
      const closed = new Promise<{ code: number }>((resolve) => {
        const client = wsClient(app.url, bad, (event) => resolve(event));
        client.subscribe({ query: '{ __typename }' }, { next: () => {}, error: () => {}, complete: () => {} });
      });
      expect((await closed).code).toBe(4403);
    }
  });

  it('takes the key with each operation, as GraphiQL sends it, on a socket that gave none', async () => {
    // GraphiQL connects without connectionParams and puts its headers into extensions.headers.
    const client = wsClient(app.url);
    const viewer = await new Promise<unknown>((resolve, reject) => {
      client.subscribe(
        { query: print(Viewer), extensions: { headers: { Authorization: `Bearer ${key}` } } },
        { next: (result) => resolve(result.data), error: reject, complete: () => {} },
      );
    });
    expect(viewer).toMatchObject({ viewer: { workspace: { name: 'acme' } } });
    await client.dispose();

    // A wrong key there ends like a wrong key at connection time.
    const closed = new Promise<{ code: number }>((resolve) => {
      const refused = wsClient(app.url, undefined, (event) => resolve(event));
      refused.subscribe({ query: print(Viewer), extensions: { headers: { authorization: 'Bearer wxk_wrong' } } }, { next: () => {}, error: () => {}, complete: () => {} });
    });
    expect((await closed).code).toBe(4403);
  });

  it('closes a socket that gave no key and brings none with an operation, after its grace period', async () => {
    // An app of its own with a short grace: the default (10 s) would be a real 10 s wait.
    const graceMs = 300;
    const short = await startTestApp({ databaseUrl: db.url, keylessSocketGraceMs: graceMs });
    onTestFinished(() => short.stop());
    const opened = performance.now();
    const closed = await new Promise<{ code: number }>((resolve) => void wsClient(short.url, undefined, (event) => resolve(event)));
    expect(closed.code).toBe(4403);
    // Not before the grace ended (a lower bound only; 1 ms of timer grain).
    expect(performance.now() - opened).toBeGreaterThanOrEqual(graceMs - 1);
    expect(KEYLESS_SOCKET_GRACE_MS).toBe(10_000); // the default the README states
  });

  it('serves queries over graphql-ws with the same auth and context', async () => {
    const client = wsClient(app.url, key);
    const sub = collect(client, Viewer, {});
    await sub.done;
    expect(sub.results[0]?.data?.viewer.workspace.name).toBe('acme');
    await client.dispose();
  });

  it('enforces scopes per root field and lets a key hand out only scopes it holds', async () => {
    const created = await gql(app.url, key, CreateApiKey, { input: { name: 'dashboard', scopes: ['read'] } });
    if (created.createApiKey.__typename !== 'CreateApiKeySuccess') throw new Error(created.createApiKey.__typename);
    const readKey = created.createApiKey.data.key;
    expect((await gql(app.url, readKey, Viewer, {})).viewer.scopes).toEqual(['read']);

    const write = await postGraphQL(app.url, BindForScopes, { input: { appId: 'wx1', appSecret: 's', name: 'n', type: 'SERVICE' } }, readKey);
    expect(write.body.errors?.[0]?.message).toMatch(/Not authorized/i);
    expect(write.body.errors?.[0]).toMatchObject({ path: ['bindAccount'], extensions: { code: 'FORBIDDEN' } });
    expect(await app.deps.prisma.officialAccount.count()).toBe(0);

    const escalate = await postGraphQL(app.url, CreateApiKey, { input: { name: 'x', scopes: ['admin'] } }, readKey);
    expect(escalate.body.errors?.[0]?.message).toMatch(/Not authorized/i);
    expect(escalate.body.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN' });

    const invalidScope = await gql(app.url, key, CreateApiKey, { input: { name: 'x', scopes: ['root'] } });
    expect(invalidScope.createApiKey).toMatchObject({ __typename: 'ValidationError', issues: [{ path: ['input', 'scopes', '0'] }] });
  });

  it('lets `write` read (every mutation answers with what it changed) but not `admin` alone', async () => {
    const keyWith = async (scopes: string[]) => {
      const created = await gql(app.url, key, CreateApiKey, { input: { name: scopes.join('+'), scopes } });
      if (created.createApiKey.__typename !== 'CreateApiKeySuccess') throw new Error(created.createApiKey.__typename);
      return created.createApiKey.data.key;
    };
    const writeKey = await keyWith(['write']);
    expect((await gql(app.url, writeKey, Viewer, {})).viewer.scopes).toEqual(['write']);
    const campaign = await gql(app.url, writeKey, CampaignForScopes, { input: { name: 'written and read back' } });
    expect(campaign.createCampaign).toMatchObject({ __typename: 'CreateCampaignSuccess', data: { name: 'written and read back' } });

    const adminKey = await keyWith(['admin']);
    const read = await postGraphQL(app.url, Viewer, {}, adminKey);
    expect(read.body.errors?.[0]).toMatchObject({ path: ['viewer'], extensions: { code: 'FORBIDDEN' } });
  });

  it('refuses a revoked key', async () => {
    const created = await gql(app.url, key, CreateApiKey, { input: { name: 'temp', scopes: ['read'] } });
    if (created.createApiKey.__typename !== 'CreateApiKeySuccess') throw new Error(created.createApiKey.__typename);
    const { key: tempKey, apiKey } = created.createApiKey.data;
    expect((await postGraphQL(app.url, Viewer, {}, tempKey)).status).toBe(200);
    const revoked = await gql(app.url, key, RevokeApiKey, { id: apiKey.id });
    expect(revoked.revokeApiKey.__typename).toBe('RevokeApiKeySuccess');
    expect((await postGraphQL(app.url, Viewer, {}, tempKey)).status).toBe(401);
  });
});
