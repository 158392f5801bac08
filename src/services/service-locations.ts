import type { Queryable } from '../store/database.ts';
import {
  findServiceLocation,
  insertServiceLocation,
  listServiceLocations,
  updateServiceLocation,
  type ServiceLocation,
  type ServiceLocationType,
} from '../store/repositories/service-locations.ts';
import type { TenantScope } from '../store/repositories/scope.ts';
import type { ServiceLocationsTable } from '../store/schema.ts';
import type { Updateable } from 'kysely';
import { isValidSlug } from './calendars.ts';
import type { ServiceContext } from './context.ts';
import { NotFoundError, ValidationError } from './errors.ts';
import { newPublicId } from './ids.ts';
import { tenantScopeOf, type Principal } from './principal.ts';
import { listScope, targetLocation } from './tenancy.ts';
import { uniquely } from './unique.ts';
import { normalizePhone, trimmedName } from './validation.ts';

export type { ServiceLocation, ServiceLocationType };

export interface ServiceLocationInput {
  locationId?: string;
  name: string;
  slug: string;
  /** Default: offline. */
  type?: ServiceLocationType;
  /** offline: the street address; ask_booker: the label the booker sees. */
  address?: string | null;
  phone?: string | null;
  coverImage?: string | null;
  active?: boolean;
  private?: boolean;
}

export type ServiceLocationPatch = Partial<Omit<ServiceLocationInput, 'locationId'>>;

const DUPLICATE_SLUG = 'Another service location of this location already uses this slug';

function columns(input: ServiceLocationPatch): Updateable<ServiceLocationsTable> {
  const values: Updateable<ServiceLocationsTable> = {};
  if (input.name !== undefined) values.name = trimmedName('name', input.name);
  if (input.slug !== undefined) {
    if (!isValidSlug(input.slug)) throw ValidationError.field('slug', 'use lower-case letters, digits and single hyphens');
    values.slug = input.slug;
  }
  if (input.type !== undefined) values.location_type = input.type;
  if (input.address !== undefined) values.address = input.address;
  if (input.phone !== undefined) values.phone = normalizePhone('phone', input.phone) ?? null;
  if (input.coverImage !== undefined) values.cover_image_url = input.coverImage;
  if (input.active !== undefined) values.active = input.active ? 1 : 0;
  if (input.private !== undefined) values.private = input.private ? 1 : 0;
  return values;
}

/**
 * The service location a booking names, in the booking's location; without one, the location's
 * default: its oldest active service location (none when it has none).
 */
export async function serviceLocationFor(db: Queryable, scope: TenantScope, id: string | undefined): Promise<ServiceLocation | null> {
  if (id === undefined) return (await listServiceLocations(db, scope)).find((l) => l.active) ?? null;
  const found = await findServiceLocation(db, scope, id);
  if (!found) throw new NotFoundError('Service location', id);
  return found;
}

/** v3 service locations: where a location gives its services. */
export class ServiceLocationsService {
  readonly #ctx: ServiceContext;

  constructor(ctx: ServiceContext) {
    this.#ctx = ctx;
  }

  async list(principal: Principal, filter: { locationId?: string } = {}): Promise<ServiceLocation[]> {
    const db = this.#ctx.store.db;
    return listServiceLocations(db, await listScope(db, principal, filter.locationId));
  }

  async get(principal: Principal, id: string, db: Queryable = this.#ctx.store.db): Promise<ServiceLocation> {
    const found = await findServiceLocation(db, tenantScopeOf(principal), id);
    if (!found) throw new NotFoundError('Service location', id);
    return found;
  }

  async create(principal: Principal, input: ServiceLocationInput): Promise<ServiceLocation> {
    const values = columns(input);
    return this.#ctx.store.transaction(async (trx) => {
      const location = await targetLocation(trx, principal, input.locationId);
      const now = this.#ctx.clock.now();
      return uniquely('slug', DUPLICATE_SLUG, () =>
        insertServiceLocation(trx, {
          ...values,
          public_id: newPublicId(),
          location_id: location.pk,
          name: values.name!,
          slug: values.slug!,
          created_at: now,
          updated_at: now,
        }),
      );
    });
  }

  async update(principal: Principal, id: string, patch: ServiceLocationPatch): Promise<ServiceLocation> {
    const values = columns(patch);
    return this.#ctx.store.transaction(async (trx) => {
      const current = await this.get(principal, id, trx);
      return uniquely('slug', DUPLICATE_SLUG, () => updateServiceLocation(trx, current.pk, { ...values, updated_at: this.#ctx.clock.now() }));
    });
  }

  /** Soft delete: bookings made there keep it; it is no longer listed, found or bookable. */
  async delete(principal: Principal, id: string): Promise<void> {
    await this.#ctx.store.transaction(async (trx) => {
      const current = await this.get(principal, id, trx);
      const now = this.#ctx.clock.now();
      await updateServiceLocation(trx, current.pk, { deleted_at: now, updated_at: now });
    });
  }
}
