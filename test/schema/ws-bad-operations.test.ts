import net from 'node:net';
import { encodeGlobalID } from '@pothos/plugin-relay';
import { print } from 'graphql';
import { afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from 'vitest';
import WebSocket from 'ws';
import { useTestApp } from '../helpers/app.ts';
import { JobProgress } from '../documents/jobs.ts';

interface Message {
  type: string;
  id?: string;
  payload?: unknown;
}

/**
 * A raw graphql-transport-ws socket, so the test sees every message with its id and the close
 * frame exactly as the server sends them (no client library in between).
 */
async function rawSocket(baseUrl: string, key: string) {
  const socket = new WebSocket(`${baseUrl.replace(/^http/, 'ws')}/graphql`, 'graphql-transport-ws');
  const messages: Message[] = [];
  const waiters: { predicate: (m: Message) => boolean; resolve: (m: Message) => void }[] = [];
  let closed: { code: number; reason: string } | undefined;
  socket.on('message', (data) => {
    const message = JSON.parse(String(data)) as Message;
    messages.push(message);
    for (const waiter of [...waiters]) {
      if (waiter.predicate(message)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(message);
      }
    }
  });
  socket.on('close', (code, reason) => (closed = { code, reason: String(reason) }));
  const next = (predicate: (m: Message) => boolean) =>
    new Promise<Message>((resolve, reject) => {
      const seen = messages.find(predicate);
      if (seen) return resolve(seen);
      waiters.push({ predicate, resolve });
      socket.once('close', (code) => reject(new Error(`socket closed with ${code} while waiting; got ${JSON.stringify(messages)}`)));
    });
  await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
  const send = (message: Message) => socket.send(JSON.stringify(message));
  send({ type: 'connection_init', payload: { authorization: `Bearer ${key}` } });
  await next((m) => m.type === 'connection_ack');
  const operation = (id: string, query: string, variables?: Record<string, unknown>) => send({ id, type: 'subscribe', payload: { query, variables } });
  return { socket, messages, next, operation, closed: () => closed };
}

describe('a graphql-ws socket survives bad operations', () => {
  const t = useTestApp();
  let printed: MockInstance[];

  beforeEach(() => {
    printed = (['error', 'warn', 'log', 'info'] as const).map((level) => vi.spyOn(console, level));
  });
  afterEach(() => vi.restoreAllMocks());

  it('answers a syntax error, a validation error and refused limits with an error for that id only', async () => {
    const job = await t.app.deps.prisma.jobRun.create({ data: { workspaceId: t.workspaceId, kind: 'PING' } });
    const ws = await rawSocket(t.app.url, t.key);
    ws.operation('live', print(JobProgress), { jobId: encodeGlobalID('Job', job.id) });
    await ws.next((m) => m.id === 'live' && m.type === 'next');

    const bad = {
      syntax: '{ viewer { scopes ',
      unknownField: '{ viewer { nope } }',
      tooManyTokens: `{ ${'__typename '.repeat(1200)}}`,
      tooManyAliases: `{ ${Array.from({ length: 40 }, (_, i) => `a${i}: viewer { scopes }`).join(' ')} }`,
    };
    for (const [id, query] of Object.entries(bad)) ws.operation(id, query);
    for (const id of Object.keys(bad)) {
      const answer = await ws.next((m) => m.id === id);
      expect(answer.type, id).toBe('error');
      expect((answer.payload as { message: string }[])[0]?.message, id).toEqual(expect.any(String));
    }

    // The socket and its other subscription stay: a good operation runs, the live one hears the next event.
    ws.operation('good', '{ viewer { scopes } }');
    expect(await ws.next((m) => m.id === 'good')).toMatchObject({ type: 'next', payload: { data: { viewer: { scopes: expect.any(Array) } } } });
    // In-process pub/sub: the subscription listened as soon as its first result was sent, several
    // round trips ago, so the event cannot be published before it.
    const running = ws.next((m) => m.id === 'live' && JSON.stringify(m.payload).includes('RUNNING'));
    await t.app.deps.pubsub.publish('job:progress', job.id, { jobId: job.id, status: 'RUNNING', done: 1, total: 2 });
    expect(await running).toMatchObject({ type: 'next' });
    expect(ws.closed()).toBeUndefined();
    expect(ws.socket.readyState).toBe(WebSocket.OPEN);
    // Nothing went to the console (graphql-ws prints there when a hook throws); only the JSON log is used.
    for (const spy of printed) expect(spy).not.toHaveBeenCalled();
    ws.socket.close();
  });

  it('logs a malformed WebSocket frame instead of printing it, and closes only that socket', async () => {
    const bystander = await rawSocket(t.app.url, t.key);
    const { port } = new URL(t.app.url);
    const tcp = net.connect(Number(port), '127.0.0.1');
    const received: Buffer[] = [];
    tcp.on('data', (chunk) => received.push(chunk));
    const ended = new Promise((resolve) => tcp.once('close', resolve));
    tcp.write(
      'GET /graphql HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n' +
        'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Protocol: graphql-transport-ws\r\n\r\n',
    );
    await new Promise<void>((resolve) => tcp.on('data', function upgraded() {
      if (Buffer.concat(received).includes('\r\n\r\n')) (tcp.off('data', upgraded), resolve());
    }));
    tcp.write(Buffer.from([0x83, 0x80, 1, 2, 3, 4])); // a masked frame with the reserved opcode 3
    await ended; // the server closed the connection
    for (const spy of printed) expect(spy).not.toHaveBeenCalled();

    bystander.operation('after', '{ viewer { scopes } }');
    expect(await bystander.next((m) => m.id === 'after')).toMatchObject({ type: 'next' });
    bystander.socket.close();
  });
});
