import { decodeGlobalID, encodeGlobalID } from '@pothos/plugin-relay';
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

/** The plan's job runs and Agenda entries of a broadcast's sends, as the database holds them. */
export async function planJobs(databaseUrl: string, broadcastId: string) {
  const { queryDatabase } = await import('./database.ts');
  const runs = await queryDatabase<{ id: string; status: string; run_at: Date; slot_id: string }>(databaseUrl, `
    SELECT r.id, r.status::text, r.run_at, r.params->>'slotId' AS slot_id FROM job_runs r
    WHERE r.kind = 'SEND_BROADCAST_TASK' AND (r.params->>'slotId')::uuid IN (
      SELECT id FROM broadcast_tasks WHERE broadcast_id = $1 UNION ALL
      SELECT g.id FROM ab_test_groups g JOIN broadcast_tasks t ON t.id = g.task_id WHERE t.broadcast_id = $1)
    ORDER BY r.run_at`, [broadcastId]);
  const agendaJobs = await queryDatabase<{ job_run_id: string }>(databaseUrl,
    `SELECT data->>'jobRunId' AS job_run_id FROM agenda.agenda_jobs WHERE name = 'send-broadcast-task'`);
  const ids = new Set(runs.map((run) => run.id));
  return { runs, agendaJobs: agendaJobs.filter((job) => ids.has(job.job_run_id)), allAgendaJobs: agendaJobs };
}

/** The row id inside a global id. */
export const rawId = (globalId: string) => decodeGlobalID(globalId).id;
