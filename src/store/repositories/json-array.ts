import { PostgresAdapter, type RawBuilder, type SelectQueryBuilder } from 'kysely';
import { jsonArrayFrom as postgresJsonArray } from 'kysely/helpers/postgres';
import { jsonArrayFrom as sqliteJsonArray } from 'kysely/helpers/sqlite';
import type { Queryable } from '../database.ts';

/**
 * A subquery's rows as one JSON array column, so that a row and its children come in one
 * statement. Read the column back with `jsonRows`.
 */
export function jsonArrayFor(db: Queryable): <O>(query: SelectQueryBuilder<any, any, O>) => RawBuilder<O[]> {
  return (db.getExecutor().adapter instanceof PostgresAdapter ? postgresJsonArray : sqliteJsonArray) as never;
}

/** The rows of a `jsonArrayFor` column: PostgreSQL answers them parsed, SQLite as JSON text. */
export function jsonRows<T>(value: unknown): T[] {
  return (typeof value === 'string' ? JSON.parse(value) : (value ?? [])) as T[];
}
