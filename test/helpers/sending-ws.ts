import { collect, wsClient } from './graphql.ts';
import { rawId } from './broadcasts.ts';
import type { TestAppFixture } from './app.ts';
import { BatchResults, SendingStatus } from '../documents/sending.ts';
import type { BatchResultEvent } from '#src/pubsub.ts';

/**
 * Subscribes over graphql-ws to a broadcast's batch results and its account's status changes, and
 * returns once both subscriptions are live (graphql-ws does not acknowledge a subscription, so
 * probes are published on both topics until each is heard). `batches()` and `status()` give what
 * was heard since, in arrival order, without the probes.
 */
export async function listenToSending(t: TestAppFixture, account: { id: string }, accountGid: string, broadcastGid: string) {
  const client = wsClient(t.app.url, t.key);
  const batchSub = collect(client, BatchResults, { broadcastId: broadcastGid });
  const statusSub = collect(client, SendingStatus, { accountId: accountGid });
  const probe: BatchResultEvent = {
    broadcastId: rawId(broadcastGid), recordId: rawId(broadcastGid), batchId: 'probe', batchNo: -1, state: 'PENDING', recipientCount: 0, msgId: null,
    totalCount: null, filterCount: null, filteredOut: null, sentCount: null, errorCount: null, errcode: null, reason: null,
  };
  while (!batchSub.results.length || !statusSub.results.length) {
    t.app.deps.pubsub.publish('send:batch', rawId(broadcastGid), probe);
    t.app.deps.pubsub.publish('broadcast:status', account.id, { broadcastId: 'probe', state: null, version: 0 });
    await Promise.race([batchSub.until((r) => r.length > 0, 200), statusSub.until((r) => r.length > 0, 200)]).catch(() => {});
  }
  const batchesFrom = batchSub.results.length;
  const statusFrom = statusSub.results.length;
  const batches = () => batchSub.results.slice(batchesFrom).map((e) => e.data!.batchResult).filter((b) => b.batchNo >= 0);
  const status = () => statusSub.results.slice(statusFrom).map((e) => e.data!.broadcastStatusChanged).filter((e) => e.broadcastId === broadcastGid);
  return {
    batches,
    status,
    /** Waits until the broadcast's status events satisfy `predicate`. */
    untilStatus: (predicate: (events: ReturnType<typeof status>) => boolean, timeoutMs = 30_000) => statusSub.until(() => predicate(status()), timeoutMs),
    untilBatches: (predicate: (events: ReturnType<typeof batches>) => boolean, timeoutMs = 30_000) => batchSub.until(() => predicate(batches()), timeoutMs),
    async close() {
      batchSub.unsubscribe();
      statusSub.unsubscribe();
      await client.dispose();
    },
  };
}

/** Collects a pub/sub topic's events (in-process) in arrival order, in the background until the test ends. */
export function collectEvents<T>(events: AsyncIterable<T>): T[] {
  const seen: T[] = [];
  void (async () => {
    for await (const event of events) seen.push(event);
  })();
  return seen;
}
