import { describe, expect, it } from 'vitest';
import { graphql } from '../__generated__/gql.ts';
import { createTestKey, useTestApp } from '../helpers/app.ts';
import { collect, gql, postGraphQL, wsClient } from '../helpers/graphql.ts';
import { scopeToWorkspace } from '#src/db/scoped.ts';
import { createApiKey } from '#src/services/api-keys.ts';
import { JobProgress, SchedulePing } from '../documents/jobs.ts';
import { makeJobDueNow } from '../helpers/jobs.ts';

const JobNode = graphql(`
  query JobNode($id: ID!) { node(id: $id) { ... on Job { status result kind error attempts history { type attempt } } } }
`);

describe('jobs runtime (Agenda on PostgreSQL)', () => {
  const t = useTestApp();

  it('runs a job scheduled at a time, streams its progress and shows its result', async () => {
    // An hour ahead, made due once the subscription has seen it QUEUED (no race with the clock).
    const at = new Date(Date.now() + 3_600_000);
    const scheduled = await gql(t.app.url, t.key, SchedulePing, { input: { at: at.toISOString(), message: 'hello 群发' } });
    if (scheduled.schedulePing.__typename !== 'SchedulePingSuccess') throw new Error(scheduled.schedulePing.__typename);
    const job = scheduled.schedulePing.data;
    expect(job.status).toBe('QUEUED');

    const client = wsClient(t.app.url, t.key);
    const progress = collect(client, JobProgress, { jobId: job.id });
    await progress.until((results) => results.length > 0, 30_000);
    const dueFrom = Date.now();
    await makeJobDueNow(t.app, job.id);
    await progress.done; // completes after the final status
    const statuses = progress.results.map((r) => r.data?.jobProgress.status);
    expect(statuses[0]).toBe('QUEUED');
    expect(statuses).toContain('RUNNING');
    expect(statuses.at(-1)).toBe('SUCCEEDED');
    const final = progress.results.at(-1)!.data!.jobProgress.job;
    // It ran when it became due, not before (a lower bound: a busy machine only makes it later).
    expect(new Date(final.startedAt!).getTime()).toBeGreaterThanOrEqual(dueFrom - 50);
    await client.dispose();

    const node = await gql(t.app.url, t.key, JobNode, { id: job.id });
    expect(node.node).toMatchObject({ kind: 'PING', status: 'SUCCEEDED', error: null, result: { message: 'hello 群发' }, attempts: 1 });
    expect(node.node && 'history' in node.node ? node.node.history : null).toEqual([
      { type: 'STARTED', attempt: 1 },
      { type: 'SUCCEEDED', attempt: 1 },
    ]);
  });

  it('schedules pings for admin keys only', async () => {
    const db = scopeToWorkspace(t.app.deps.prisma, t.workspaceId);
    const writer = await createApiKey(db, new Set(['read', 'write', 'admin'] as const), { name: 'writer', scopes: ['read', 'write'] });
    const refused = await postGraphQL(t.app.url, SchedulePing, { input: { message: 'not allowed' } }, writer.key);
    expect(refused.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(await t.app.deps.prisma.jobRun.count({ where: { kind: 'PING', params: { equals: { message: 'not allowed' } } } })).toBe(0);
  });

  it('does not show a job to another workspace', async () => {
    const scheduled = await gql(t.app.url, t.key, SchedulePing, { input: { message: 'private' } });
    if (scheduled.schedulePing.__typename !== 'SchedulePingSuccess') throw new Error(scheduled.schedulePing.__typename);
    const other = await createTestKey(t.app);
    expect((await gql(t.app.url, other.key, JobNode, { id: scheduled.schedulePing.data.id })).node).toBeNull();
    const client = wsClient(t.app.url, other.key);
    const progress = collect(client, JobProgress, { jobId: scheduled.schedulePing.data.id });
    await progress.done;
    expect(progress.results[0]?.errors?.[0]?.message).toMatch(/not found/);
    await client.dispose();
  });
});
