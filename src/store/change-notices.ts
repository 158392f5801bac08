import { PostgresAdapter, sql } from 'kysely';
import pg from 'pg';
import type { Queryable } from './database.ts';

/** Announced whenever an API key stops being what a server may have cached (revoked, edited, deleted). */
export const API_KEYS_CHANNEL = 'slotbase_api_keys';

/**
 * Tells every server on the same PostgreSQL database that `channel` changed. It is sent on
 * commit of the transaction `db` belongs to (and not at all on rollback). SQLite has no
 * cross-process notices; nothing is sent there.
 */
export async function announceChange(db: Queryable, channel: string): Promise<void> {
  if (db.getExecutor().adapter instanceof PostgresAdapter) await sql`select pg_notify(${channel}, '')`.execute(db);
}

export interface ChangeWatcher {
  close(): Promise<void>;
}

const RECONNECT_MS = 5000;

/**
 * A connection of its own that LISTENs on `channel`: `onChange` runs for each notice,
 * `onWatching(true)` once the connection listens and `onWatching(false)` when it is lost
 * (then it reconnects every few seconds until closed). Whoever caches must not trust the cache
 * while not watching.
 */
export function watchChanges(
  connection: pg.ClientConfig,
  channel: string,
  handlers: { onChange(): void; onWatching(watching: boolean): void },
): ChangeWatcher {
  let client: pg.Client | undefined;
  let closed = false;
  let timer: NodeJS.Timeout | undefined;

  /** Stops watching and lets the current connection go quietly. */
  const release = async (): Promise<void> => {
    handlers.onWatching(false);
    const last = client;
    client = undefined;
    last?.removeAllListeners();
    last?.on('error', () => undefined);
    await last?.end().catch(() => undefined);
  };

  const lost = (): void => {
    void release();
    if (!closed && timer === undefined) {
      timer = setTimeout(() => {
        timer = undefined;
        void connect();
      }, RECONNECT_MS);
      timer.unref();
    }
  };

  const connect = async (): Promise<void> => {
    const next = new pg.Client(connection);
    client = next;
    next.on('notification', (message) => {
      if (message.channel === channel) handlers.onChange();
    });
    next.on('error', lost);
    next.on('end', () => {
      if (client === next) lost();
    });
    try {
      await next.connect();
      await next.query(`listen ${channel}`);
      if (closed) await next.end();
      else if (client === next) handlers.onWatching(true);
    } catch {
      if (client === next) lost();
    }
  };

  void connect();
  return {
    async close() {
      closed = true;
      if (timer !== undefined) clearTimeout(timer);
      await release();
    },
  };
}
