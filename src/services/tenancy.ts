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
