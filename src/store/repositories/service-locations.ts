import type { Insertable, Updateable } from 'kysely';
import type { Queryable } from '../database.ts';
import type { ServiceLocationsTable } from '../schema.ts';
import { locationOwned, type RowWithLocation } from './location-owned.ts';
import type { TenantScope } from './scope.ts';

export type ServiceLocationType = 'offline' | 'ask_booker';

/** Where services are given: an address (`offline`), or wherever the booker says (`ask_booker`). */
export interface ServiceLocation {
  pk: number;
  id: string;
  locationPk: number;
  locationId: string;
  name: string;
  slug: string;
  active: boolean;
  private: boolean;
  coverImage: string | null;
  type: ServiceLocationType;
  address: string | null;
  phone: string | null;
  createdAt: number;
  updatedAt: number;
  deletedAt: number | null;
}

function toServiceLocation(row: RowWithLocation<'service_locations'>): ServiceLocation {
  return {
    pk: row.id,
    id: row.public_id,
    locationPk: row.location_id,
    locationId: row.location_public_id,
    name: row.name,
    slug: row.slug,
    active: row.active === 1,
    private: row.private === 1,
    coverImage: row.cover_image_url,
    type: row.location_type as ServiceLocationType,
    address: row.address,
    phone: row.phone,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    deletedAt: row.deleted_at,
  };
}

const serviceLocations = locationOwned('service_locations', toServiceLocation);

/** A service location of the tenant that is not deleted. */
export async function findServiceLocation(db: Queryable, scope: TenantScope, publicId: string): Promise<ServiceLocation | undefined> {
  const found = await serviceLocations.find(db, scope, publicId);
  return found && found.deletedAt === null ? found : undefined;
}

/** Every service location of the tenant that is not deleted, oldest first. */
export async function listServiceLocations(db: Queryable, scope: TenantScope): Promise<ServiceLocation[]> {
  const query = serviceLocations.scoped(db, scope).where('service_locations.deleted_at', 'is', null);
  const rows = await query
    .selectAll('service_locations')
    .select(['locations.public_id as location_public_id', 'locations.time_zone as location_time_zone'])
    .orderBy('service_locations.created_at')
    .orderBy('service_locations.id')
    .execute();
  return (rows as RowWithLocation<'service_locations'>[]).map(toServiceLocation);
}

export const findServiceLocationByPk = (db: Queryable, pk: number) => serviceLocations.findByPk(db, pk);
export const insertServiceLocation = (db: Queryable, values: Insertable<ServiceLocationsTable>) => serviceLocations.insert(db, values);
export const updateServiceLocation = (db: Queryable, pk: number, values: Updateable<ServiceLocationsTable>) => serviceLocations.update(db, pk, values);
