import type { Client } from 'graphql-ws';
import type { ExecutionResult } from 'graphql';

/** An answer as the test judges it: HTTP status (200 for WebSocket messages), the parsed body and its text. */
export interface Answer {
  status: number;
  body: ExecutionResult & { errors?: { message: string; extensions?: Record<string, unknown> }[] };
  text: string;
}

function blobPaths(value: unknown, path: string[] = []): { path: string; blob: Blob }[] {
  if (value instanceof Blob) return [{ path: path.join('.'), blob: value }];
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([key, inner]) => blobPaths(inner, [...path, key]));
  return [];
}

const withoutBlobs = (value: unknown): unknown => {
  if (value instanceof Blob) return null;
  if (Array.isArray(value)) return value.map(withoutBlobs);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, withoutBlobs(inner)]));
  return value;
};

/** One operation over real HTTP: JSON, or a multipart upload when the variables hold files. */
export async function sendHttp(url: string, key: string, query: string, variables: Record<string, unknown>): Promise<Answer> {
  const files = blobPaths(variables);
  let response: Response;
  if (files.length === 0) {
    response = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
      body: JSON.stringify({ query, variables }),
    });
  } else {
    const form = new FormData();
    form.append('operations', JSON.stringify({ query, variables: withoutBlobs(variables) }));
    form.append('map', JSON.stringify(Object.fromEntries(files.map((file, i) => [String(i), [`variables.${file.path}`]]))));
    files.forEach((file, i) => form.append(String(i), file.blob, `file-${i}`));
    response = await fetch(`${url}/graphql`, { method: 'POST', headers: { authorization: `Bearer ${key}` }, body: form });
  }
  const text = await response.text();
  return { status: response.status, body: JSON.parse(text) as Answer['body'], text };
}

/** One subscription over graphql-ws: its first result (or the error that ended it), then unsubscribed. */
export function sendWs(client: Client, query: string, variables: Record<string, unknown>): Promise<Answer> {
  return new Promise((resolve) => {
    const settle = (body: Answer['body']) => {
      unsubscribe();
      resolve({ status: 200, body, text: JSON.stringify(body) });
    };
    const unsubscribe = client.subscribe(
      { query, variables },
      {
        next: (result) => settle(result as Answer['body']),
        // graphql-ws hands operation errors over as the list of GraphQL errors.
        error: (error) => settle({ errors: Array.isArray(error) ? error : [{ message: String(error), extensions: { code: 'SOCKET_ERROR' } }] }),
        complete: () => settle({ data: null }),
      },
    );
  });
}
