import { PostgresAdapter, type RawBuilder, type SelectQueryBuilder } from 'kysely';
import { jsonArrayFrom as postgresJsonArray, jsonObjectFrom as postgresJsonObject } from 'kysely/helpers/postgres';
import { jsonArrayFrom as sqliteJsonArray, jsonObjectFrom as sqliteJsonObject } from 'kysely/helpers/sqlite';
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

/** A subquery's first row as one JSON object column (null without a row). Read it with `jsonRow`. */
export function jsonObjectFor(db: Queryable): <O>(query: SelectQueryBuilder<any, any, O>) => RawBuilder<O | null> {
  return (db.getExecutor().adapter instanceof PostgresAdapter ? postgresJsonObject : sqliteJsonObject) as never;
}

/** The row of a `jsonObjectFor` column, or undefined. */
export function jsonRow<T>(value: unknown): T | undefined {
  if (value === null || value === undefined) return undefined;
  return (typeof value === 'string' ? JSON.parse(value) : value) as T;
}
