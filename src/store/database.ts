import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Kysely, PostgresDialect, sql, type PostgresPool, type PostgresPoolClient, type Transaction } from 'kysely';
import pg from 'pg';
import type { DatabaseConfig } from '../config.ts';
import type { Database } from './schema.ts';
import { watchChanges, type ChangeWatcher } from './change-notices.ts';
import { openSqlite } from './sqlite-dialect.ts';

export type DatabaseKind = DatabaseConfig['kind'];
/** Anything queries can run on: the database itself or an open transaction. */
export type Queryable = Kysely<Database> | Transaction<Database>;

export interface Store {
  kind: DatabaseKind;
  db: Kysely<Database>;
  /** Where the data lives, for humans: a file path or a URL without its password. */
  location: string;
  /** Runs `work` in one transaction: every change in it lands, or none does. */
  transaction<T>(work: (trx: Transaction<Database>) => Promise<T>): Promise<T>;
  ping(): Promise<void>;
  /** PostgreSQL: follows change notices on `channel` (see change-notices.ts); SQLite: undefined. */
  watch(channel: string, handlers: { onChange(): void; onWatching(watching: boolean): void }): ChangeWatcher | undefined;
  close(): Promise<void>;
}

const PG_INT8 = 20;
const PG_NUMERIC = 1700;

function redactUrl(raw: string): string {
  const url = new URL(raw);
  if (url.password) url.password = '***';
  return url.toString();
}

function postgresPool(config: Extract<DatabaseConfig, { kind: 'postgres' }>): pg.Pool {
  const options = [`-c statement_timeout=${config.statementTimeoutMs}`];
  if (config.schema) options.push(`-c search_path=${config.schema},public`);
  return new pg.Pool({
    connectionString: config.url,
    max: config.poolMax,
    options: options.join(' '),
    // Epoch milliseconds and counts fit in a double; return them as numbers, not strings.
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
        oid === PG_INT8 || oid === PG_NUMERIC
          ? (value: string) => Number(value)
          : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
    },
  });
}

const DATA_STATEMENT = /^\s*(select|insert|update|delete|with)\b/i;
/** Distinct statements named per process; beyond this, new ones run unnamed (parsed each time). */
const MAX_NAMED = 5000;

/**
 * A pool whose clients run every data statement as a named prepared statement: PostgreSQL parses
 * and plans it once per connection instead of on every call, which is most of the server's work
 * for the short statements Slotbase sends. A schema change under a prepared statement is an
 * error, so a store that migrates must not use it (openApp migrates with a store of its own).
 */
function preparingPool(pool: pg.Pool): PostgresPool {
  const names = new Map<string, string>();
  const nameOf = (text: string): string | undefined => {
    let name = names.get(text);
    if (name === undefined && names.size < MAX_NAMED && DATA_STATEMENT.test(text)) {
      name = `sb_${createHash('sha1').update(text).digest('base64url')}`;
      names.set(text, name);
    }
    return name;
  };
  const wrappers = new WeakMap<pg.PoolClient, PostgresPoolClient>();
  const wrap = (client: pg.PoolClient): PostgresPoolClient => {
    const query = (text: unknown, values?: readonly unknown[]) => {
      const name = typeof text === 'string' ? nameOf(text) : undefined;
      if (name) return client.query({ name, text: text as string, values: values as unknown[] });
      return (client.query as (...args: unknown[]) => unknown).apply(client, values === undefined ? [text] : [text, values]);
    };
    return { query, release: () => client.release() } as unknown as PostgresPoolClient;
  };
  return {
    Client: pg.Client,
    options: pool.options,
    async connect() {
      const client = await pool.connect();
      let wrapper = wrappers.get(client);
      if (!wrapper) wrappers.set(client, (wrapper = wrap(client)));
      return wrapper;
    },
    end: () => pool.end(),
  };
}

/** PostgreSQL's "try again" errors: deadlock_detected, serialization_failure. */
const RETRYABLE = new Set(['40P01', '40001']);

export function isRetryable(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && RETRYABLE.has(code);
}
const ATTEMPTS = 5;

/**
 * Two transactions that wait for each other's rows (a reschedule frees one host's time while
 * another takes it) are broken up by PostgreSQL with a deadlock error. Everything a service does
 * happens inside its transaction, so the loser is simply run again, after a short random pause.
 */
async function retryingTransaction<T>(db: Kysely<Database>, work: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.transaction().execute(work);
    } catch (error) {
      if (attempt >= ATTEMPTS || !isRetryable(error)) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 20 * attempt));
    }
  }
}

export interface StoreOptions {
  /** PostgreSQL: run data statements as prepared statements (default); off for migrating. */
  preparedStatements?: boolean;
}

export function openStore(config: DatabaseConfig, options: StoreOptions = {}): Store {
  let db: Kysely<Database>;
  let location: string;
  const watchers: ChangeWatcher[] = [];
  if (config.kind === 'sqlite') {
    fs.mkdirSync(path.dirname(config.file), { recursive: true });
    db = new Kysely<Database>({ dialect: openSqlite(config.file) });
    location = config.file;
  } else {
    const pool = postgresPool(config);
    db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: options.preparedStatements === false ? pool : preparingPool(pool) }) });
    location = redactUrl(config.url) + (config.schema ? ` (schema ${config.schema})` : '');
  }
  return {
    kind: config.kind,
    db,
    location,
    transaction: (work) => (config.kind === 'postgres' ? retryingTransaction(db, work) : db.transaction().execute(work)),
    async ping() {
      await sql`select 1`.execute(db);
    },
    watch(channel, handlers) {
      if (config.kind !== 'postgres') return undefined;
      const watcher = watchChanges({ connectionString: config.url }, channel, handlers);
      watchers.push(watcher);
      return watcher;
    },
    async close() {
      await Promise.all(watchers.map((w) => w.close()));
      await db.destroy();
    },
  };
}
