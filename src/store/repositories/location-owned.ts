import type { Insertable, Kysely, Selectable, SelectQueryBuilder, Updateable } from 'kysely';
import type { Queryable } from '../database.ts';
import type { Database } from '../schema.ts';
import { reusableQuery } from '../reusable-query.ts';
import { inScope, pageOf, type Page, type PageRequest, type TenantScope } from './scope.ts';

/** Tables whose rows belong to one location (the tenant) through a `location_id` column. */
export type LocationOwnedTable = {
  [T in keyof Database]: Database[T] extends { location_id: number; public_id: string } ? T : never;
}[keyof Database];

export type RowWithLocation<T extends LocationOwnedTable> = Selectable<Database[T]> & {
  location_public_id: string;
  /** The location's time zone, the default of everything in it that has a zone. */
  location_time_zone: string;
};

/** Tables owned by a user or a calendar besides their location (schedules, blocked slots). */
export type OwnedByUserOrCalendar = 'schedules' | 'blocked_slots';
export type RowWithOwners<T extends OwnedByUserOrCalendar> = RowWithLocation<T> & {
  user_public_id: string | null;
  calendar_public_id: string | null;
};

// Kysely cannot type a query over a table name that is itself a type parameter; the accessors
// below are typed from the outside and the queries are built on an untyped view of the database.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Untyped = Kysely<any>;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type UntypedSelect = SelectQueryBuilder<any, any, any>;

export interface LocationOwnedRepository<T extends LocationOwnedTable, R> {
  /** The tenant-filtered base query of a list; callers add their filters and pass it to `page`. */
  scoped(db: Queryable, scope: TenantScope): UntypedSelect;
  page(query: UntypedSelect, page: PageRequest): Promise<Page<R>>;
  insert(db: Queryable, values: Insertable<Database[T]>): Promise<R>;
  findByPk(db: Queryable, pk: number): Promise<R | undefined>;
  find(db: Queryable, scope: TenantScope, publicId: string): Promise<R | undefined>;
  update(db: Queryable, pk: number, values: Updateable<Database[T]>): Promise<R>;
  remove(db: Queryable, pk: number): Promise<void>;
}

/**
 * With `owners`, for tables owned by a user or a calendar, records also carry those public ids.
 * The queries every location-owned table shares: records carry their location's public id, and
 * every lookup by public id is confined to the caller's tenant scope.
 */
export function locationOwned<T extends LocationOwnedTable, R>(
  table: T,
  toRecord: (row: RowWithLocation<T>) => R,
  options: { owners?: boolean } = {},
): LocationOwnedRepository<T, R> {
  const name: string = table;
  const located = (db: Queryable) => (db as Untyped).selectFrom(name).innerJoin('locations', 'locations.id', `${name}.location_id`);
  // With owners: the owning user's and calendar's public ids; rows of a deleted calendar vanish.
  const joined = options.owners
    ? (db: Queryable) =>
        located(db)
          .leftJoin('users', 'users.id', `${name}.user_id`)
          .leftJoin('calendars', 'calendars.id', `${name}.calendar_id`)
          .where((eb) => eb.or([eb(`${name}.calendar_id`, 'is', null), eb('calendars.deleted_at', 'is', null)]))
    : located;
  const columns = (query: UntypedSelect) => {
    const selected = query.selectAll(name).select(['locations.public_id as location_public_id', 'locations.time_zone as location_time_zone']);
    return options.owners ? selected.select(['users.public_id as user_public_id', 'calendars.public_id as calendar_public_id']) : selected;
  };
  const map = (row: unknown) => toRecord(row as RowWithLocation<T>);

  const byPk = reusableQuery((db, p: { pk: number }) => columns(joined(db)).where(`${name}.id`, '=', p.pk));
  const byPublicId = reusableQuery((db, p: { publicId: string } & TenantScope) =>
    columns(joined(db))
      .where(`${name}.public_id`, '=', p.publicId)
      .where(() => inScope(`${name}.location_id`, p)),
  );
  const findByPk = async (db: Queryable, pk: number) => {
    const [row] = await byPk(db, { pk });
    return row && map(row);
  };

  return {
    scoped: (db, scope) => joined(db).where(() => inScope(`${name}.location_id`, scope)),
    page: (query, page) => pageOf(query, name, columns, page, map),
    async insert(db, values) {
      const { id } = await (db as Untyped).insertInto(name).values(values).returning('id').executeTakeFirstOrThrow();
      return (await findByPk(db, id))!;
    },
    findByPk,
    async find(db, scope, publicId) {
      const [row] = await byPublicId(db, { publicId, organizationPk: scope.organizationPk, locationPk: scope.locationPk });
      return row && map(row);
    },
    async update(db, pk, values) {
      await (db as Untyped).updateTable(name).set(values as Record<string, unknown>).where('id', '=', pk).execute();
      return (await findByPk(db, pk))!;
    },
    async remove(db, pk) {
      await (db as Untyped).deleteFrom(name).where('id', '=', pk).execute();
    },
  };
}
