import type pg from 'pg';
import { logger } from '#src/logger.ts';

/**
 * pg emits a lost connection (server restarted, session terminated) as an 'error' event on the
 * client and, for an idle one, on the pool; an event nobody listens to crashes the process. A
 * client that pg-pool is closing has no listener of the pool's any more, so each client gets its
 * own. The pool replaces lost connections on the next query. `owner` names the pool in the log.
 */
export function hearConnectionErrors(pool: pg.Pool, owner: string) {
  pool.on('error', () => {}); // the same error reaches the client's listener below, which logs it
  pool.on('connect', (client) => {
    client.on('error', (error) => logger.warn({ err: error, pool: owner }, `${owner}: a database connection was lost`));
  });
}
