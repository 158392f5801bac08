import { sql, type Insertable, type Updateable } from 'kysely';
import type { Queryable } from '../database.ts';
import type { CalendarGroupsTable } from '../schema.ts';
import { locationOwned, type RowWithLocation } from './location-owned.ts';
import { containsText, pageOf, type Page, type PageRequest, type TenantScope } from './scope.ts';

export type NewCalendarGroup = Insertable<CalendarGroupsTable>;
export type CalendarGroupUpdate = Updateable<CalendarGroupsTable>;

/** A named set of calendars of one location (HighLevel "calendar groups"). */
export interface CalendarGroup {
  pk: number;
  id: string;
  locationPk: number;
  locationId: string;
  name: string;
  description: string | null;
  slug: string;
  active: boolean;
  position: number;
  createdAt: number;
  updatedAt: number;
}

function toGroup(row: RowWithLocation<'calendar_groups'>): CalendarGroup {
  return {
    pk: row.id,
    id: row.public_id,
    locationPk: row.location_id,
    locationId: row.location_public_id,
    name: row.name,
    description: row.description,
    slug: row.slug,
    active: row.active === 1,
    position: row.position,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

const groups = locationOwned('calendar_groups', toGroup);

export interface CalendarGroupFilter {
  q?: string;
  active?: boolean;
}

/** One page of groups ordered by `position`, then creation time, then key (stable across pages). */
export function listCalendarGroups(db: Queryable, scope: TenantScope, filter: CalendarGroupFilter, page: PageRequest): Promise<Page<CalendarGroup>> {
  let query = groups.scoped(db, scope);
  if (filter.q) query = query.where(() => containsText(['calendar_groups.name', 'calendar_groups.slug', 'calendar_groups.description'], filter.q!));
  if (filter.active !== undefined) query = query.where('calendar_groups.active', '=', filter.active ? 1 : 0);
  // pageOf appends its own order (creation time, key) after this one.
  return pageOf(
    query,
    'calendar_groups',
    (q) => q.selectAll('calendar_groups').select('locations.public_id as location_public_id').orderBy('calendar_groups.position'),
    page,
    (row) => toGroup(row as RowWithLocation<'calendar_groups'>),
  );
}

export const findCalendarGroup = (db: Queryable, scope: TenantScope, publicId: string) => groups.find(db, scope, publicId);
export const insertCalendarGroup = (db: Queryable, values: NewCalendarGroup) => groups.insert(db, values);
export const updateCalendarGroup = (db: Queryable, pk: number, values: CalendarGroupUpdate) => groups.update(db, pk, values);

/** Detaches the group's calendars (also soft-deleted ones) and deletes the group. */
export async function deleteCalendarGroup(db: Queryable, pk: number, now: number): Promise<void> {
  // The foreign key (on delete set null) would detach them too; doing it here also moves their updated_at.
  await db.updateTable('calendars').set({ group_id: null, updated_at: now }).where('group_id', '=', pk).execute();
  await groups.remove(db, pk);
}

/**
 * Takes the location's row lock for the rest of the transaction (PostgreSQL: a no-op update
 * locks the row; SQLite writers are serialised anyway), so that creates which generate a slug in
 * one location run one after the other and never pick the same one.
 */
export async function lockLocationRow(db: Queryable, locationPk: number): Promise<void> {
  await db.updateTable('locations').set({ updated_at: sql<number>`updated_at` }).where('id', '=', locationPk).execute();
}

/** Slugs of a location's groups equal to `base` or starting with `base-`. */
export async function groupSlugsLike(db: Queryable, locationPk: number, base: string): Promise<Set<string>> {
  const rows = await db
    .selectFrom('calendar_groups')
    .select('slug')
    .where('location_id', '=', locationPk)
    .where((eb) => eb.or([eb('slug', '=', base), eb('slug', 'like', `${base}-%`)]))
    .execute();
  return new Set(rows.map((r) => r.slug));
}

/** Public ids of groups by key, in one query. */
export async function groupPublicIds(db: Queryable, pks: number[]): Promise<Map<number, string>> {
  if (pks.length === 0) return new Map();
  const rows = await db.selectFrom('calendar_groups').select(['id', 'public_id']).where('id', 'in', [...new Set(pks)]).execute();
  return new Map(rows.map((r) => [r.id, r.public_id]));
}

export async function groupSlugTaken(db: Queryable, locationPk: number, slug: string): Promise<boolean> {
  const row = await db.selectFrom('calendar_groups').select('id').where('location_id', '=', locationPk).where('slug', '=', slug).executeTakeFirst();
  return row !== undefined;
}
