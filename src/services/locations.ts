import {
  deleteLocation,
  findLocation,
  insertLocation,
  listLocations,
  updateLocation,
  type Location,
} from '../store/repositories/locations.ts';
import type { Page, PageRequest } from '../store/repositories/scope.ts';
import type { LocationUpdate } from '../store/schema.ts';
import type { ServiceContext } from './context.ts';
import { ForbiddenError, NotFoundError } from './errors.ts';
import { newPublicId } from './ids.ts';
import { isOrganizationWide, tenantScopeOf, type Principal } from './principal.ts';
import type { PrincipalCache } from './principal-cache.ts';
import { checkTimeZone, FieldChecks, normalizeOptionalEmail, normalizePhone, trimmedName } from './validation.ts';

export interface LocationInput {
  name: string;
  timeZone: string;
  email?: string | null;
  phone?: string | null;
  address?: string | null;
  website?: string | null;
}

export type LocationPatch = Partial<LocationInput>;

function columns(input: LocationPatch): LocationUpdate {
  const values: LocationUpdate = {};
  const checks = new FieldChecks();
  if (input.name !== undefined) values.name = checks.take(() => trimmedName('name', input.name!));
  if (input.timeZone !== undefined) values.time_zone = checks.take(() => checkTimeZone('timeZone', input.timeZone!));
  if (input.email !== undefined) values.email = checks.take(() => normalizeOptionalEmail('email', input.email));
  if (input.phone !== undefined) values.phone = checks.take(() => normalizePhone('phone', input.phone));
  checks.throwIfAny();
  if (input.address !== undefined) values.address = input.address;
  if (input.website !== undefined) values.website = input.website;
  return values;
}

export class LocationsService {
  readonly #ctx: ServiceContext;
  readonly #principals: PrincipalCache;

  constructor(ctx: ServiceContext, principals: PrincipalCache) {
    this.#ctx = ctx;
    this.#principals = principals;
  }

  list(principal: Principal, filter: { q?: string }, page: PageRequest): Promise<Page<Location>> {
    return listLocations(this.#ctx.store.db, tenantScopeOf(principal), filter, page);
  }

  async get(principal: Principal, id: string): Promise<Location> {
    const location = await findLocation(this.#ctx.store.db, tenantScopeOf(principal), id);
    if (!location) throw new NotFoundError('Location', id);
    return location;
  }

  async create(principal: Principal, input: LocationInput): Promise<Location> {
    if (!isOrganizationWide(principal)) {
      throw new ForbiddenError('Creating a location needs an organization-wide API key');
    }
    const now = this.#ctx.clock.now();
    const values = columns(input);
    return insertLocation(this.#ctx.store.db, {
      public_id: newPublicId(),
      organization_id: principal.organizationPk,
      name: values.name!,
      time_zone: values.time_zone!,
      email: values.email ?? null,
      phone: values.phone ?? null,
      address: input.address ?? null,
      website: input.website ?? null,
      created_at: now,
      updated_at: now,
    });
  }

  async update(principal: Principal, id: string, patch: LocationPatch): Promise<Location> {
    const values = columns(patch);
    return this.#ctx.store.transaction(async (trx) => {
      const location = await findLocation(trx, tenantScopeOf(principal), id);
      if (!location) throw new NotFoundError('Location', id);
      return updateLocation(trx, location.pk, { ...values, updated_at: this.#ctx.clock.now() });
    });
  }

  /** Deletes a location and everything in it. */
  async delete(principal: Principal, id: string): Promise<void> {
    await this.#ctx.store.transaction(async (trx) => {
      const location = await findLocation(trx, tenantScopeOf(principal), id);
      if (!location) throw new NotFoundError('Location', id);
      if (!isOrganizationWide(principal)) {
        throw new ForbiddenError('Deleting a location needs an organization-wide API key');
      }
      await deleteLocation(trx, location.pk);
    }).finally(() => this.#principals.clear());
  }
}
