import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { graphql } from '../__generated__/gql.ts';
import { createTestKey, startTestApp, useTestApp } from '../helpers/app.ts';
import { gql, postGraphQL } from '../helpers/graphql.ts';
import { decryptSecret } from '#src/crypto/secret-box.ts';

const BindAccount = graphql(`
  mutation BindAccount($input: BindAccountInput!) {
    bindAccount(input: $input) {
      __typename
      ... on BindAccountSuccess { data { id appId name type timeZone bound callbackPath safeMode } }
      ... on ValidationError { message issues { path message } }
      ... on ConflictError { message }
      ... on WeChatError { message errcode retryable }
    }
  }
`);
const UpdateAccount = graphql(`
  mutation UpdateAccount($id: ID!, $input: UpdateAccountInput!) {
    updateAccount(id: $id, input: $input) {
      __typename
      ... on UpdateAccountSuccess { data { id name timeZone type } }
      ... on ValidationError { issues { path message } }
      ... on NotFoundError { entity }
      ... on WeChatError { errcode retryable }
    }
  }
`);
const UnbindAccount = graphql(`
  mutation UnbindAccount($id: ID!) {
    unbindAccount(id: $id) { __typename ... on UnbindAccountSuccess { data { id bound } } ... on NotFoundError { entity } }
  }
`);
const Accounts = graphql(`
  query Accounts { accounts(first: 10) { totalCount edges { node { id appId name } } } }
`);
const AccountNode = graphql(`
  query AccountNode($id: ID!) { node(id: $id) { id ... on Account { appId } } }
`);

const input = (overrides: Record<string, unknown> = {}) => ({
  appId: `wx${Math.random().toString(16).slice(2, 18).padEnd(16, '0')}`,
  appSecret: 'super-secret-value-1234567890abcd',
  name: 'Brand news',
  type: 'SERVICE' as const,
  ...overrides,
});

describe('accounts', () => {
  const t = useTestApp();

  /** Input for an account the app's simulator knows, since binding checks credentials with WeChat. */
  const simInput = (overrides: Record<string, unknown> = {}) => {
    const value = input(overrides);
    if (!t.app.sim!.state.account(value.appId)) t.app.sim!.addAccount({ appId: value.appId, secret: value.appSecret, type: value.type });
    return value;
  };

  it('binds an account, stores the secret encrypted and never returns it', async () => {
    const result = await gql(t.app.url, t.key, BindAccount, { input: simInput({ timeZone: 'Europe/Paris' }) });
    expect(result.bindAccount.__typename).toBe('BindAccountSuccess');
    if (result.bindAccount.__typename !== 'BindAccountSuccess') return;
    expect(result.bindAccount.data).toMatchObject({ name: 'Brand news', type: 'SERVICE', timeZone: 'Europe/Paris', bound: true, safeMode: false });
    const row = await t.app.deps.prisma.officialAccount.findFirstOrThrow({ where: { appId: result.bindAccount.data.appId } });
    expect(row.secretCiphertext).not.toContain('super-secret');
    expect(decryptSecret(row.secretCiphertext, t.app.deps.secretKey)).toBe('super-secret-value-1234567890abcd');
    expect(result.bindAccount.data.callbackPath).toBe(`/wechat/callback/${row.id}`);
  });

  it('has no field anywhere in the schema that could return the secret', async () => {
    const { printSchemaFile } = await import('#schema/print.ts');
    const sdl = printSchemaFile();
    const outputTypes = sdl.split(/\n(?=type |input |enum |interface |union |scalar )/).filter((block) => block.startsWith('type '));
    expect(outputTypes.length).toBeGreaterThan(5);
    for (const block of outputTypes) expect(block).not.toMatch(/secret/i);
  });

  it('rejects bad input with typed errors naming the field, and writes nothing', async () => {
    const before = await t.app.deps.prisma.officialAccount.count();
    const empty = await gql(t.app.url, t.key, BindAccount, { input: input({ appId: '  ' }) });
    expect(empty.bindAccount).toMatchObject({ __typename: 'ValidationError', issues: [{ path: ['input', 'appId'], message: 'must not be empty' }] });
    const spaced = await gql(t.app.url, t.key, BindAccount, { input: input({ appId: 'wx 123' }) });
    expect(spaced.bindAccount).toMatchObject({ __typename: 'ValidationError', issues: [{ path: ['input', 'appId'], message: 'must not contain spaces' }] });
    const zone = await gql(t.app.url, t.key, BindAccount, { input: input({ timeZone: 'Mars/Olympus' }) });
    expect(zone.bindAccount).toMatchObject({ __typename: 'ValidationError', issues: [{ path: ['input', 'timeZone'] }] });
    // An unknown account type is refused by GraphQL's own enum validation, which names the field.
    const type = await postGraphQL(t.app.url, BindAccount, { input: input({ type: 'MINI' as never }) }, t.key);
    expect(type.status).toBe(400);
    expect(type.body.errors?.[0]?.message).toMatch(/input\.type.*AccountType/);
    expect(await t.app.deps.prisma.officialAccount.count()).toBe(before);
  });

  it('refuses to bind an t.app id twice, updates, unbinds and re-binds', async () => {
    const first = await gql(t.app.url, t.key, BindAccount, { input: simInput({ appId: 'wx_same_app' }) });
    if (first.bindAccount.__typename !== 'BindAccountSuccess') throw new Error(first.bindAccount.__typename);
    const id = first.bindAccount.data.id;
    const again = await gql(t.app.url, t.key, BindAccount, { input: simInput({ appId: 'wx_same_app' }) });
    expect(again.bindAccount.__typename).toBe('ConflictError');

    const updated = await gql(t.app.url, t.key, UpdateAccount, { id, input: { name: 'Renamed', timeZone: 'Asia/Tokyo' } });
    expect(updated.updateAccount).toMatchObject({ __typename: 'UpdateAccountSuccess', data: { name: 'Renamed', timeZone: 'Asia/Tokyo', type: 'SERVICE' } });
    const badZone = await gql(t.app.url, t.key, UpdateAccount, { id, input: { timeZone: 'nowhere' } });
    expect(badZone.updateAccount).toMatchObject({ __typename: 'ValidationError', issues: [{ path: ['input', 'timeZone'] }] });

    expect((await gql(t.app.url, t.key, UnbindAccount, { id })).unbindAccount).toMatchObject({ data: { bound: false } });
    const listed = await gql(t.app.url, t.key, Accounts, {});
    expect(listed.accounts.edges.map((edge) => edge.node.id)).not.toContain(id);
    const rebound = await gql(t.app.url, t.key, BindAccount, { input: simInput({ appId: 'wx_same_app', name: 'Back' }) });
    expect(rebound.bindAccount).toMatchObject({ __typename: 'BindAccountSuccess', data: { id, name: 'Back', bound: true } });
  });

  it('keeps workspaces apart: another workspace sees nothing and cannot touch the account', async () => {
    const mine = await gql(t.app.url, t.key, BindAccount, { input: simInput() });
    if (mine.bindAccount.__typename !== 'BindAccountSuccess') throw new Error(mine.bindAccount.__typename);
    const id = mine.bindAccount.data.id;
    const other = await createTestKey(t.app);
    const list = await gql(t.app.url, other.key, Accounts, {});
    expect(list.accounts.totalCount).toBe(0);
    expect((await gql(t.app.url, other.key, AccountNode, { id })).node).toBeNull();
    const update = await gql(t.app.url, other.key, UpdateAccount, { id, input: { name: 'Hijacked' } });
    expect(update.updateAccount).toMatchObject({ __typename: 'NotFoundError', entity: 'Account' });
    const unbind = await gql(t.app.url, other.key, UnbindAccount, { id });
    expect(unbind.unbindAccount.__typename).toBe('NotFoundError');
    expect((await gql(t.app.url, t.key, AccountNode, { id })).node).toMatchObject({ id });
  });

  it('verifies credentials with WeChat: a wrong secret or t.app id is a WeChatError and stores nothing', async () => {
    const before = await t.app.deps.prisma.officialAccount.count();
    const known = simInput();
    const wrongSecret = await gql(t.app.url, t.key, BindAccount, { input: { ...known, appSecret: 'not-the-secret' } });
    expect(wrongSecret.bindAccount).toMatchObject({ __typename: 'WeChatError', errcode: 40125, retryable: false });
    const unknownApp = await gql(t.app.url, t.key, BindAccount, { input: input() });
    expect(unknownApp.bindAccount).toMatchObject({ __typename: 'WeChatError', errcode: 40013, retryable: false });
    expect(await t.app.deps.prisma.officialAccount.count()).toBe(before);
    expect(await t.app.deps.prisma.officialAccount.findFirst({ where: { appId: known.appId } })).toBeNull();
  });

  it('verifies a new secret before it replaces the stored one', async () => {
    const account = simInput();
    const bound = await gql(t.app.url, t.key, BindAccount, { input: account });
    if (bound.bindAccount.__typename !== 'BindAccountSuccess') throw new Error(bound.bindAccount.__typename);
    const id = bound.bindAccount.data.id;
    const wrong = await gql(t.app.url, t.key, UpdateAccount, { id, input: { appSecret: 'not-the-secret', name: 'Not saved' } });
    expect(wrong.updateAccount).toMatchObject({ __typename: 'WeChatError', errcode: 40125 });
    const row = await t.app.deps.prisma.officialAccount.findFirstOrThrow({ where: { appId: account.appId } });
    expect(decryptSecret(row.secretCiphertext, t.app.deps.secretKey)).toBe(account.appSecret);
    expect(row.name).toBe('Brand news');

    // WeChat's console resets the secret; the new one is checked, then stored.
    t.app.sim!.state.account(account.appId)!.secret = 'the-new-secret-0123456789abcdef';
    const right = await gql(t.app.url, t.key, UpdateAccount, { id, input: { appSecret: 'the-new-secret-0123456789abcdef' } });
    expect(right.updateAccount.__typename).toBe('UpdateAccountSuccess');
    const updated = await t.app.deps.prisma.officialAccount.findFirstOrThrow({ where: { appId: account.appId } });
    expect(decryptSecret(updated.secretCiphertext, t.app.deps.secretKey)).toBe('the-new-secret-0123456789abcdef');
  });

  it('reports an unreachable WeChat as a retryable WeChatError and stores nothing', async () => {
    // A port that was just free: connections to it are refused.
    const probe = http.createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', () => resolve()));
    const { port } = probe.address() as AddressInfo;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    const offline = await startTestApp({ databaseUrl: t.db.url, wechatApiBase: `http://127.0.0.1:${port}` });
    try {
      const other = await createTestKey(offline);
      const result = await gql(offline.url, other.key, BindAccount, { input: input() });
      expect(result.bindAccount).toMatchObject({ __typename: 'WeChatError', errcode: -1, retryable: true });
      const rows = await offline.deps.prisma.officialAccount.count({ where: { workspaceId: other.workspaceId } });
      expect(rows).toBe(0);
    } finally {
      await offline.stop();
    }
  });
});
