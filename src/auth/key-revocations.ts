import { randomUUID } from 'node:crypto';
import type { Db } from '#src/db/client.ts';
import type { WxPubSub } from '#src/pubsub.ts';
import { logger } from '#src/logger.ts';

/**
 * How often the keys of open sockets and streams are re-read from PostgreSQL. Announcements end
 * them at once; this re-check is the backstop for an announcement that was lost (a Redis hiccup,
 * a key revoked by another tool writing the database), and keeps the worst case under 5 s.
 */
export const KEY_RECHECK_MS = 2_000;
/** How often an unanswered readiness probe is sent again (see `ready`), and how many times at most. */
const PROBE_RETRY_MS = 200;
const PROBE_ATTEMPTS = 50;

/** Ends what was opened with a key once that key is revoked. */
export interface KeyRevocations {
  /**
   * Calls `onRevoked` once, when the key is found revoked or deleted, by an announcement from any
   * process or by the periodic re-check. Returns a function that stops watching.
   */
  watch(apiKeyId: string, onRevoked: () => void): () => void;
  /** Tells every process (through the pub/sub) that the key was revoked; call after the revocation committed. */
  announce(apiKeyId: string): Promise<void>;
  /** Resolves once this process hears announcements: its own probe came back through the pub/sub. */
  ready: Promise<void>;
  close(): Promise<void>;
}

export interface KeyRevocationsOptions {
  prisma: Db;
  pubsub: WxPubSub;
  recheckMs?: number;
}

export function createKeyRevocations({ prisma, pubsub, recheckMs = KEY_RECHECK_MS }: KeyRevocationsOptions): KeyRevocations {
  const watchers = new Map<string, Set<() => void>>();
  const revoked = (apiKeyId: string) => {
    const callbacks = watchers.get(apiKeyId);
    if (!callbacks) return;
    watchers.delete(apiKeyId);
    for (const callback of callbacks) {
      try {
        callback();
      } catch (error) {
        logger.error({ err: error, apiKeyId }, 'ending what a revoked key opened failed');
      }
    }
  };

  const probe = randomUUID();
  let heard!: () => void;
  const ready = new Promise<void>((resolve) => (heard = resolve));
  const events = pubsub.subscribe('api-key:revoked');
  const listening = (async () => {
    for await (const event of events) {
      if (event.probe === probe) heard();
      if (event.apiKeyId) revoked(event.apiKeyId);
    }
  })().catch((error) => logger.error({ err: error }, 'key revocation announcements stopped'));
  // Sent until it comes back: with Redis, the first one can overtake the subscription.
  let attempts = 0;
  const sendProbe = () => {
    if (++attempts > PROBE_ATTEMPTS) {
      clearInterval(probing);
      logger.warn('revocation announcements are not heard back through the pub/sub; open sockets rely on the periodic re-check');
      return;
    }
    pubsub.publish('api-key:revoked', { probe });
  };
  const probing = setInterval(sendProbe, PROBE_RETRY_MS);
  probing.unref();
  sendProbe();
  void ready.then(() => clearInterval(probing));

  let checking = false;
  const recheck = async () => {
    if (checking || watchers.size === 0) return;
    checking = true;
    try {
      const ids = [...watchers.keys()];
      const live = await prisma.apiKey.findMany({ where: { id: { in: ids }, revokedAt: null }, select: { id: true } });
      const stillValid = new Set(live.map((key) => key.id));
      for (const id of ids) if (!stillValid.has(id)) revoked(id);
    } catch (error) {
      // A database blip must not end every socket; the next round tries again.
      logger.warn({ err: error }, 're-checking the API keys of open sockets failed');
    } finally {
      checking = false;
    }
  };
  const rechecking = setInterval(() => void recheck(), recheckMs);
  rechecking.unref();

  return {
    watch(apiKeyId, onRevoked) {
      let callbacks = watchers.get(apiKeyId);
      if (!callbacks) watchers.set(apiKeyId, (callbacks = new Set()));
      callbacks.add(onRevoked);
      return () => {
        callbacks.delete(onRevoked);
        if (callbacks.size === 0 && watchers.get(apiKeyId) === callbacks) watchers.delete(apiKeyId);
      };
    },
    async announce(apiKeyId) {
      // This process first, so its own sockets never wait on the pub/sub.
      revoked(apiKeyId);
      pubsub.publish('api-key:revoked', { apiKeyId });
    },
    ready,
    async close() {
      clearInterval(probing);
      clearInterval(rechecking);
      await events.return?.();
      await listening;
    },
  };
}
