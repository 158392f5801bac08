import type { Insertable, Updateable } from 'kysely';
import type { DatabaseKind, Queryable } from '../database.ts';
import { lockKeys } from '../savepoint.ts';
import type { ResourcesTable } from '../schema.ts';
import { locationOwned, type RowWithLocation } from './location-owned.ts';
import { pageOf, type Page, type PageRequest, type TenantScope } from './scope.ts';

export type ResourceKind = 'equipment' | 'room';

/** A room or a piece of equipment of one location, with the calendars whose bookings take it. */
export interface Resource {
  pk: number;
  id: string;
  locationPk: number;
  locationId: string;
  kind: ResourceKind;
  name: string;
  description: string | null;
  quantity: number;
  outOfService: number;
  capacity: number;
  active: boolean;
  /** Public ids of the (not deleted) calendars mapped to it. */
  calendarIds: string[];
  extensions: Record<string, unknown>;
  createdAt: number;
  updatedAt: number;
  deletedAt: number | null;
}

/** A resource a calendar's bookings take, with its usable units. */
export interface CalendarResource {
  pk: number;
  kind: ResourceKind;
  /** Equipment: quantity minus out of service; room: capacity. */
  usable: number;
}

/** Units of a resource a booking takes over [start, end). */
export interface ResourceUseRow {
  start: number;
  end: number;
  units: number;
}

type ResourceRecord = Omit<Resource, 'calendarIds'>;

function toRecord(row: RowWithLocation<'resources'>): ResourceRecord {
  return {
    pk: row.id,
    id: row.public_id,
    locationPk: row.location_id,
    locationId: row.location_public_id,
    kind: row.kind,
    name: row.name,
    description: row.description,
    quantity: row.quantity,
    outOfService: row.out_of_service,
    capacity: row.capacity,
    active: row.active === 1,
    extensions: JSON.parse(row.extensions) as Record<string, unknown>,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    deletedAt: row.deleted_at,
  };
}

const resources = locationOwned('resources', toRecord);

/** Public ids of the live calendars mapped to each resource, in mapping order. */
async function calendarIdsOf(db: Queryable, resourcePks: number[]): Promise<Map<number, string[]>> {
  const ids = new Map<number, string[]>(resourcePks.map((pk) => [pk, []]));
  if (resourcePks.length === 0) return ids;
  const rows = await db
    .selectFrom('calendar_resources')
    .innerJoin('calendars', 'calendars.id', 'calendar_resources.calendar_id')
    .select(['calendar_resources.resource_id', 'calendars.public_id'])
    .where('calendar_resources.resource_id', 'in', resourcePks)
    .where('calendars.deleted_at', 'is', null)
    .orderBy('calendar_resources.created_at')
    .orderBy('calendars.id')
    .execute();
  for (const row of rows) ids.get(row.resource_id)!.push(row.public_id);
  return ids;
}

async function withCalendars(db: Queryable, records: ResourceRecord[]): Promise<Resource[]> {
  const ids = await calendarIdsOf(db, records.map((r) => r.pk));
  return records.map((r) => ({ ...r, calendarIds: ids.get(r.pk) ?? [] }));
}

/** One page of a location's live resources of one kind, oldest first. */
export async function listResources(db: Queryable, scope: TenantScope, kind: ResourceKind, page: PageRequest): Promise<Page<Resource>> {
  const query = resources.scoped(db, scope).where('resources.kind', '=', kind).where('resources.deleted_at', 'is', null);
  const found = await pageOf(
    query,
    'resources',
    (q) => q.selectAll('resources').select(['locations.public_id as location_public_id', 'locations.time_zone as location_time_zone']),
    page,
    (row) => toRecord(row as RowWithLocation<'resources'>),
  );
  return { ...found, items: await withCalendars(db, found.items) };
}

/** A live resource of one kind inside the scope. */
export async function findResource(db: Queryable, scope: TenantScope, kind: ResourceKind, publicId: string): Promise<Resource | undefined> {
  const record = await resources.find(db, scope, publicId);
  if (!record || record.kind !== kind || record.deletedAt !== null) return undefined;
  return (await withCalendars(db, [record]))[0];
}

export async function insertResource(db: Queryable, values: Insertable<ResourcesTable>): Promise<Resource> {
  return (await withCalendars(db, [await resources.insert(db, values)]))[0]!;
}

export async function updateResourceRow(db: Queryable, pk: number, values: Updateable<ResourcesTable>): Promise<Resource> {
  return (await withCalendars(db, [await resources.update(db, pk, values)]))[0]!;
}

export async function softDeleteResource(db: Queryable, pk: number, now: number): Promise<void> {
  await db.updateTable('resources').set({ deleted_at: now, updated_at: now }).where('id', '=', pk).execute();
}

/** Maps a resource to exactly these calendars. */
export async function replaceResourceCalendars(db: Queryable, resource: { pk: number; kind: ResourceKind }, calendarPks: number[], now: number): Promise<void> {
  await db.deleteFrom('calendar_resources').where('resource_id', '=', resource.pk).execute();
  if (calendarPks.length === 0) return;
  await db
    .insertInto('calendar_resources')
    .values(calendarPks.map((calendarPk) => ({ calendar_id: calendarPk, resource_id: resource.pk, resource_kind: resource.kind, created_at: now })))
    .execute();
}

/**
 * PostgreSQL: makes transactions that count or change a resource's use take turns until they end
 * (SQLite writers are serial anyway). Resource keys are negative so they never meet the calendar
 * keys of per-day limits.
 */
export async function lockResources(db: Queryable, kind: DatabaseKind, resourcePks: number[]): Promise<void> {
  await lockKeys(db, kind, resourcePks.map((pk) => -pk));
}

function byResource(rows: Array<{ resource_id: number; units: number; use_start: number; use_end: number }>): Map<number, ResourceUseRow[]> {
  const uses = new Map<number, ResourceUseRow[]>();
  for (const row of rows) {
    const list = uses.get(row.resource_id) ?? [];
    list.push({ start: row.use_start, end: row.use_end, units: row.units });
    uses.set(row.resource_id, list);
  }
  return uses;
}

/** What bookings take of these resources over [from, to), per resource. */
export async function loadResourceUse(db: Queryable, resourcePks: number[], from: number, to: number): Promise<Map<number, ResourceUseRow[]>> {
  if (resourcePks.length === 0) return new Map();
  const rows = await db
    .selectFrom('booking_resources')
    .select(['resource_id', 'units', 'use_start', 'use_end'])
    .where('resource_id', 'in', resourcePks)
    .where('use_end', '>', from)
    .where('use_start', '<', to)
    .execute();
  return byResource(rows);
}

/** What bookings (of any calendar) take of the resources mapped to a calendar over [from, to). */
export async function loadCalendarResourceUse(db: Queryable, calendarPk: number, from: number, to: number): Promise<Map<number, ResourceUseRow[]>> {
  const rows = await db
    .selectFrom('calendar_resources')
    .innerJoin('booking_resources', 'booking_resources.resource_id', 'calendar_resources.resource_id')
    .select(['booking_resources.resource_id', 'booking_resources.units', 'booking_resources.use_start', 'booking_resources.use_end'])
    .where('calendar_resources.calendar_id', '=', calendarPk)
    .where('booking_resources.use_end', '>', from)
    .where('booking_resources.use_start', '<', to)
    .execute();
  return byResource(rows);
}

export async function insertBookingResources(
  db: Queryable,
  bookingPk: number,
  taken: Array<{ id: number; units: number }>,
  range: { start: number; end: number },
): Promise<void> {
  if (taken.length === 0) return;
  await db
    .insertInto('booking_resources')
    .values(taken.map((t) => ({ booking_id: bookingPk, resource_id: t.id, units: t.units, use_start: range.start, use_end: range.end })))
    .execute();
}

/** Gives back everything a booking takes of any resource (it stopped occupying its time, or moves). */
export async function releaseBookingResources(db: Queryable, bookingPk: number): Promise<void> {
  await db.deleteFrom('booking_resources').where('booking_id', '=', bookingPk).execute();
}
