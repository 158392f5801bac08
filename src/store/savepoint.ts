import { sql } from 'kysely';
import type { Queryable } from './database.ts';

let counter = 0;

/**
 * Runs `work` inside a savepoint of the open transaction: when it throws, only its own writes
 * are undone and the transaction stays usable (PostgreSQL otherwise aborts the whole
 * transaction on the first failed statement).
 */
export async function inSavepoint<T>(trx: Queryable, work: () => Promise<T>): Promise<T> {
  const name = sql.id(`sp_${++counter}`);
  await sql`savepoint ${name}`.execute(trx);
  try {
    const result = await work();
    await sql`release savepoint ${name}`.execute(trx);
    return result;
  } catch (error) {
    await sql`rollback to savepoint ${name}`.execute(trx);
    await sql`release savepoint ${name}`.execute(trx);
    throw error;
  }
}

/** PostgreSQL: serialises transactions that touch the same keys until they end; SQLite already is serial. */
export async function lockKeys(trx: Queryable, kind: 'sqlite' | 'postgres', keys: number[]): Promise<void> {
  if (kind !== 'postgres') return;
  for (const key of [...new Set(keys)].sort((a, b) => a - b)) {
    await sql`select pg_advisory_xact_lock(${key})`.execute(trx);
  }
}
