import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print, type ExecutionResult } from 'graphql';

/** One server-sent event of Yoga's GraphQL over SSE: `next` (with a result) or `complete`. */
export interface SseEvent<TData> {
  event: string;
  data?: ExecutionResult<TData>;
}

/**
 * A subscription over real HTTP with `accept: text/event-stream` (what SSE clients send). Events
 * are collected as they arrive; `ended` resolves when the server ends the response.
 */
export async function sseSubscribe<TData, TVars>(baseUrl: string, apiKey: string, document: TypedDocumentNode<TData, TVars>, variables: TVars) {
  const abort = new AbortController();
  const response = await fetch(`${baseUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'text/event-stream', authorization: `Bearer ${apiKey}` },
    body: JSON.stringify({ query: print(document), variables }),
    signal: abort.signal,
  });
  if (response.status !== 200 || !response.body) throw new Error(`SSE request failed (${response.status}): ${await response.text()}`);
  const events: SseEvent<TData>[] = [];
  const waiters: { predicate: (e: SseEvent<TData>[]) => boolean; resolve: () => void }[] = [];
  const notify = () => {
    for (const waiter of [...waiters]) {
      if (waiter.predicate(events)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve();
      }
    }
  };
  const ended = (async () => {
    const decoder = new TextDecoder();
    let buffered = '';
    try {
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
        buffered += decoder.decode(chunk, { stream: true });
        let split: number;
        while ((split = buffered.indexOf('\n\n')) >= 0) {
          const block = buffered.slice(0, split);
          buffered = buffered.slice(split + 2);
          const event = /^event: (.*)$/m.exec(block)?.[1];
          if (!event) continue; // keep-alive comments
          const data = /^data: (.*)$/m.exec(block)?.[1];
          events.push({ event, data: data ? (JSON.parse(data) as ExecutionResult<TData>) : undefined });
          notify();
        }
      }
    } catch (error) {
      if (!abort.signal.aborted) throw error;
    }
  })();
  const until = (predicate: (e: SseEvent<TData>[]) => boolean, timeoutMs = 15_000) =>
    new Promise<void>((resolve, reject) => {
      if (predicate(events)) return resolve();
      const timer = setTimeout(() => reject(new Error(`timed out; got ${JSON.stringify(events)}`)), timeoutMs);
      waiters.push({ predicate, resolve: () => (clearTimeout(timer), resolve()) });
    });
  return { events, ended, until, close: () => abort.abort() };
}
