import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print, type ExecutionResult } from 'graphql';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';

/** One GraphQL request over real HTTP; returns the status with the body. */
export async function postGraphQL<TData, TVars>(
  baseUrl: string,
  document: TypedDocumentNode<TData, TVars>,
  variables: TVars,
  apiKey?: string,
): Promise<{ status: number; body: ExecutionResult<TData> }> {
  const response = await fetch(`${baseUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(apiKey ? { authorization: `Bearer ${apiKey}` } : {}) },
    body: JSON.stringify({ query: print(document), variables }),
  });
  return { status: response.status, body: (await response.json()) as ExecutionResult<TData> };
}

/** Like postGraphQL but fails on any GraphQL error and returns the data. */
export async function gql<TData, TVars>(baseUrl: string, apiKey: string, document: TypedDocumentNode<TData, TVars>, variables: TVars): Promise<TData> {
  const { status, body } = await postGraphQL(baseUrl, document, variables, apiKey);
  if (status !== 200 || body.errors?.length || !body.data) {
    throw new Error(`GraphQL request failed (${status}): ${JSON.stringify(body.errors ?? body)}`);
  }
  return body.data;
}

/** A graphql-ws client to the server's /graphql; no retries, so failures surface in tests. */
export function wsClient(baseUrl: string, apiKey?: string, onClose?: (event: { code: number; reason: string }) => void): Client {
  return createClient({
    url: `${baseUrl.replace(/^http/, 'ws')}/graphql`,
    webSocketImpl: WebSocket,
    retryAttempts: 0,
    lazy: false,
    // A non-lazy client console.errors its socket closing by default; tests read closes from
    // `on.closed` and from their subscriptions' error sinks instead.
    onNonLazyError: () => {},
    connectionParams: apiKey ? { authorization: `Bearer ${apiKey}` } : {},
    on: onClose ? { closed: (event) => onClose(event as { code: number; reason: string }) } : undefined,
  });
}

/**
 * Subscribes and collects results. `ready` resolves once the server acknowledged the socket and
 * the first result arrived, so a test can trigger the event only after it is listening.
 */
export function collect<TData, TVars>(client: Client, document: TypedDocumentNode<TData, TVars>, variables: TVars) {
  const results: ExecutionResult<TData>[] = [];
  const waiters: { predicate: (r: ExecutionResult<TData>[]) => boolean; resolve: () => void }[] = [];
  let completed!: () => void;
  let failed!: (error: unknown) => void;
  const done = new Promise<void>((resolve, reject) => {
    completed = resolve;
    failed = reject;
  });
  const notify = () => {
    for (const waiter of [...waiters]) {
      if (waiter.predicate(results)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve();
      }
    }
  };
  const unsubscribe = client.subscribe<TData>(
    { query: print(document), variables: variables as Record<string, unknown> },
    {
      next: (result) => {
        results.push(result as ExecutionResult<TData>);
        notify();
      },
      error: (error) => failed(error),
      complete: () => completed(),
    },
  );
  const until = (predicate: (r: ExecutionResult<TData>[]) => boolean, timeoutMs = 15_000) =>
    new Promise<void>((resolve, reject) => {
      if (predicate(results)) return resolve();
      const timer = setTimeout(() => reject(new Error(`timed out; got ${JSON.stringify(results)}`)), timeoutMs);
      waiters.push({ predicate, resolve: () => (clearTimeout(timer), resolve()) });
    });
  return { results, done, until, unsubscribe };
}
