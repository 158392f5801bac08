import { sql, type Expression, type SelectQueryBuilder, type SqlBool } from 'kysely';
import type { Database } from '../schema.ts';

/**
 * The tenant a query may see: one location, or every location of an organization.
 * Internal (integer) keys only; public ids are translated before this point.
 */
export interface TenantScope {
  organizationPk: number;
  locationPk: number | null;
}

/** `column` (a location foreign key) lies inside the scope. */
export function inScope(column: string, scope: TenantScope): Expression<SqlBool> {
  const ref = sql.ref(column);
  if (scope.locationPk !== null) return sql<SqlBool>`${ref} = ${scope.locationPk}`;
  return sql<SqlBool>`${ref} in (select id from locations where organization_id = ${scope.organizationPk})`;
}

/** Any of `columns` contains `text`, case-insensitively, with LIKE's wildcards taken literally. */
export function containsText(columns: string[], text: string): Expression<SqlBool> {
  const pattern = `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const tests = columns.map((column) => sql`lower(${sql.ref(column)}) like ${pattern} escape '\\'`);
  return sql<SqlBool>`(${sql.join(tests, sql` or `)})`;
}

export interface PageRequest {
  limit: number;
  offset: number;
  /** A column of the listed table to order by first (creation time and key always follow). */
  sort?: { column: string; direction: 'asc' | 'desc' };
}

export interface Page<T> {
  items: T[];
  total: number;
  limit: number;
  offset: number;
}

// Kysely's builder types do not compose across tables; the callers keep their own row types.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnySelect = SelectQueryBuilder<any, any, any>;

/**
 * One page of a filtered query in a stable order (creation time, then key, of `table`) plus the
 * total count of matching rows. `select` adds the columns to the filtered base query.
 */
export async function pageOf<Row, T>(
  base: AnySelect,
  table: string,
  select: (query: AnySelect) => SelectQueryBuilder<Database, keyof Database, Row>,
  page: PageRequest,
  toRecord: (row: Row) => T,
): Promise<Page<T>> {
  let ordered = select(base);
  if (page.sort) ordered = ordered.orderBy(sql.ref(`${table}.${page.sort.column}`), page.sort.direction);
  const [rows, count] = await Promise.all([
    ordered
      .orderBy(sql.ref(`${table}.created_at`))
      .orderBy(sql.ref(`${table}.id`))
      .limit(page.limit)
      .offset(page.offset)
      .execute(),
    base.select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items: rows.map(toRecord), total: Number(count.n), limit: page.limit, offset: page.offset };
}
