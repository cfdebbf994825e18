import { GraphQLError, type ExecutionResult } from 'graphql';
import { Repeater, type Plugin } from 'graphql-yoga';
import type { Viewer } from '#src/context.ts';
import type { KeyRevocations } from '#src/auth/key-revocations.ts';

/** The last event of a stream whose key was revoked, before the stream completes. */
function keyRevokedError() {
  return new GraphQLError('The API key of this subscription was revoked', { extensions: { code: 'UNAUTHENTICATED' } });
}

const isAsyncIterable = (value: unknown): value is AsyncIterable<ExecutionResult> =>
  typeof value === 'object' && value !== null && Symbol.asyncIterator in value;

/**
 * Passes a subscription's results through until its key is revoked, then sends one error result
 * (UNAUTHENTICATED) and completes, releasing the source.
 */
function untilRevoked(source: AsyncIterable<ExecutionResult>, revocations: KeyRevocations, apiKeyId: string) {
  return new Repeater<ExecutionResult>(async (push, stop) => {
    const unwatch = revocations.watch(apiKeyId, () => {
      void push({ errors: [keyRevokedError()] });
      stop();
    });
    const iterator = source[Symbol.asyncIterator]();
    const stopped = stop.then(() => ({ done: true, value: undefined }) as const);
    try {
      for (;;) {
        const next = await Promise.race([iterator.next(), stopped]);
        if (next.done) break;
        await push(next.value);
      }
    } finally {
      unwatch();
      stop();
      await iterator.return?.();
    }
  });
}

/**
 * Ends subscriptions served over HTTP (Yoga's SSE) when their API key is revoked. graphql-ws
 * subscriptions are left to the socket, which is closed as a whole with 4403 (src/graphql-ws.ts):
 * their context carries the socket.
 */
export function useEndRevokedStreams(revocations: KeyRevocations): Plugin<{ viewer?: Viewer; socket?: unknown }> {
  return {
    onSubscribe({ args }) {
      const { viewer, socket } = args.contextValue;
      if (!viewer || socket) return;
      return {
        onSubscribeResult({ result, setResult }) {
          if (isAsyncIterable(result)) setResult(untilRevoked(result, revocations, viewer.apiKeyId));
        },
      };
    },
  };
}
