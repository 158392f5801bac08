import { findLocation, type Location } from '../store/repositories/locations.ts';
import type { TenantScope } from '../store/repositories/scope.ts';
import type { Queryable } from '../store/database.ts';
import { NotFoundError, ValidationError } from './errors.ts';
import { tenantScopeOf, type Principal } from './principal.ts';

/**
 * The location a new object goes to. A location key writes to its own location (naming another
 * one is "not found", never "forbidden", so ids of other tenants reveal nothing); an
 * organization key must name one of its organization's locations.
 */
export async function targetLocation(db: Queryable, principal: Principal, requested: string | undefined): Promise<Location> {
  if (requested === undefined && principal.locationId === null) {
    throw ValidationError.field('locationId', 'is required with an organization-wide API key');
  }
  const id = requested ?? principal.locationId!;
  const location = await findLocation(db, tenantScopeOf(principal), id);
  if (!location) throw new NotFoundError('Location', id);
  return location;
}

/** The scope of a list: the principal's own, narrowed to one location when a filter names it. */
export async function listScope(db: Queryable, principal: Principal, requested: string | undefined): Promise<TenantScope> {
  if (requested === undefined) return tenantScopeOf(principal);
  const location = await targetLocation(db, principal, requested);
  return { organizationPk: principal.organizationPk, locationPk: location.pk };
}

/** The table behind each entity name that services use in their NotFoundErrors. */
const TABLE_OF = {
  Location: 'locations',
  User: 'users',
  Contact: 'contacts',
  Calendar: 'calendars',
  'Calendar group': 'calendar_groups',
  Booking: 'bookings',
  Schedule: 'schedules',
  'Blocked slot': 'blocked_slots',
  Note: 'booking_notes',
  'API key': 'api_keys',
  Notification: 'calendar_notifications',
  Resource: 'resources',
  Service: 'calendars',
  'Service location': 'service_locations',
  'Service booking': 'bookings',
} as const;

/**
 * The location an object belongs to, whoever asks (null when there is no such object). Only for
 * dialects whose wire format answers "not yours" differently from "not there"; the native API
 * never reveals it.
 */
export async function locate(db: Queryable, entity: string, publicId: string): Promise<number | null> {
  const table = TABLE_OF[entity as keyof typeof TABLE_OF];
  if (!table) return null;
  if (table === 'locations') {
    const row = await db.selectFrom('locations').select('id').where('public_id', '=', publicId).executeTakeFirst();
    return row?.id ?? null;
  }
  const row = await db.selectFrom(table).select('location_id').where('public_id', '=', publicId).executeTakeFirst();
  return row?.location_id ?? null;
}
