import { encodeGlobalID } from '@pothos/plugin-relay';
import { expect } from 'vitest';
import { gql } from './graphql.ts';
import { BroadcastNode, CreateBroadcast } from '../documents/broadcasts.ts';
import type { TestAppFixture } from './app.ts';
import type { CreateBroadcastInput } from '../__generated__/graphql.ts';

export const gid = (typename: string, id: string) => encodeGlobalID(typename, id);

/** Creates a broadcast through GraphQL and fails unless it succeeded; returns the created data. */
export async function createBroadcastOk(t: TestAppFixture, input: CreateBroadcastInput, key = t.key) {
  const result = (await gql(t.app.url, key, CreateBroadcast, { input })).createBroadcast;
  if (result.__typename !== 'CreateBroadcastSuccess') throw new Error(`${result.__typename}: ${'message' in result ? result.message : ''}`);
  return result.data;
}

/** Creates a broadcast through GraphQL expecting a typed error; returns it. */
export async function createBroadcastError(t: TestAppFixture, input: CreateBroadcastInput) {
  const result = (await gql(t.app.url, t.key, CreateBroadcast, { input })).createBroadcast;
  expect(result.__typename).not.toBe('CreateBroadcastSuccess');
  return result as Exclude<typeof result, { __typename: 'CreateBroadcastSuccess' }>;
}

/** A clock tests move by hand; services read "now" from it. */
export class TestClock {
  constructor(private instant: Date) {}
  now = () => new Date(this.instant);
  set(iso: string | Date) {
    this.instant = new Date(iso);
  }
}

/** The broadcast as `node` shows it; fails when it is not there. */
export async function readBroadcast(t: TestAppFixture, id: string) {
  const node = (await gql(t.app.url, t.key, BroadcastNode, { id })).node;
  if (node?.__typename !== 'Broadcast') throw new Error(`broadcast ${id} not found`);
  return node;
}
