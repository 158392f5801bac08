import type { TenantScope } from '../store/repositories/scope.ts';

/** Who is calling: an authenticated API key, bound to one location or to a whole organization. */
export interface Principal {
  keyPk: number;
  keyId: string;
  organizationPk: number;
  organizationId: string;
  locationPk: number | null;
  locationId: string | null;
  scopes: ReadonlySet<string>;
}

export function tenantScopeOf(principal: Principal): TenantScope {
  return { organizationPk: principal.organizationPk, locationPk: principal.locationPk };
}

export function isOrganizationWide(principal: Principal): boolean {
  return principal.locationPk === null;
}
