import { announceChange, API_KEYS_CHANNEL } from '../change-notices.ts';
import type { Queryable } from '../database.ts';
import type { LocationRow, LocationUpdate, NewLocation } from '../schema.ts';
import { containsText, inScope, pageOf, type Page, type PageRequest, type TenantScope } from './scope.ts';

export interface Location {
  pk: number;
  id: string;
  organizationPk: number;
  name: string;
  timeZone: string;
  email: string | null;
  phone: string | null;
  address: string | null;
  website: string | null;
  createdAt: number;
  updatedAt: number;
}

function toLocation(row: LocationRow): Location {
  return {
    pk: row.id,
    id: row.public_id,
    organizationPk: row.organization_id,
    name: row.name,
    timeZone: row.time_zone,
    email: row.email,
    phone: row.phone,
    address: row.address,
    website: row.website,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export async function insertLocation(db: Queryable, values: NewLocation): Promise<Location> {
  return toLocation(await db.insertInto('locations').values(values).returningAll().executeTakeFirstOrThrow());
}

export async function findLocation(db: Queryable, scope: TenantScope, publicId: string): Promise<Location | undefined> {
  const row = await db
    .selectFrom('locations')
    .selectAll()
    .where('public_id', '=', publicId)
    .where(() => inScope('id', scope))
    .executeTakeFirst();
  return row && toLocation(row);
}

export async function findLocationByPk(db: Queryable, pk: number): Promise<Location | undefined> {
  const row = await db.selectFrom('locations').selectAll().where('id', '=', pk).executeTakeFirst();
  return row && toLocation(row);
}

export async function listLocations(db: Queryable, scope: TenantScope, filter: { q?: string }, page: PageRequest): Promise<Page<Location>> {
  let query = db.selectFrom('locations').where(() => inScope('id', scope));
  if (filter.q) query = query.where(() => containsText(['name', 'email', 'phone'], filter.q!));
  return pageOf(query, 'locations', (q) => q.selectAll('locations'), page, toLocation);
}

export async function updateLocation(db: Queryable, pk: number, values: LocationUpdate): Promise<Location> {
  return toLocation(await db.updateTable('locations').set(values).where('id', '=', pk).returningAll().executeTakeFirstOrThrow());
}

export async function deleteLocation(db: Queryable, pk: number): Promise<void> {
  await db.deleteFrom('locations').where('id', '=', pk).execute();
  // The location's keys went with it.
  await announceChange(db, API_KEYS_CHANNEL);
}

/** Unscoped lookup, for operator tools (the CLI) only. */
export async function findLocationByPublicId(db: Queryable, publicId: string): Promise<Location | undefined> {
  const row = await db.selectFrom('locations').selectAll().where('public_id', '=', publicId).executeTakeFirst();
  return row && toLocation(row);
}
