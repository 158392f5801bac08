import { announceChange, API_KEYS_CHANNEL } from '../change-notices.ts';
import type { Queryable } from '../database.ts';
import type { ApiKeyRow, NewApiKey } from '../schema.ts';
import { containsText, inScope, pageOf, type Page, type PageRequest, type TenantScope } from './scope.ts';

export interface ApiKey {
  pk: number;
  id: string;
  organizationPk: number;
  organizationId: string;
  locationPk: number | null;
  locationId: string | null;
  name: string;
  prefix: string;
  scopes: string[];
  createdAt: number;
  lastUsedAt: number | null;
  revokedAt: number | null;
}

type ApiKeyWithLocation = ApiKeyRow & { location_public_id: string | null; organization_public_id: string };

function toApiKey(row: ApiKeyWithLocation): ApiKey {
  return {
    pk: row.id,
    id: row.public_id,
    organizationPk: row.organization_id,
    organizationId: row.organization_public_id,
    locationPk: row.location_id,
    locationId: row.location_public_id,
    name: row.name,
    prefix: row.prefix,
    scopes: JSON.parse(row.scopes) as string[],
    createdAt: row.created_at,
    lastUsedAt: row.last_used_at,
    revokedAt: row.revoked_at,
  };
}

function keysWithLocation(db: Queryable) {
  return db
    .selectFrom('api_keys')
    .leftJoin('locations', 'locations.id', 'api_keys.location_id')
    .innerJoin('organizations', 'organizations.id', 'api_keys.organization_id')
    .selectAll('api_keys')
    .select(['locations.public_id as location_public_id', 'organizations.public_id as organization_public_id']);
}

export async function insertApiKey(db: Queryable, values: NewApiKey): Promise<ApiKey> {
  const { id } = await db.insertInto('api_keys').values(values).returning('id').executeTakeFirstOrThrow();
  return (await findApiKeyByPk(db, id))!;
}

export async function findApiKeyByPk(db: Queryable, pk: number): Promise<ApiKey | undefined> {
  const row = await keysWithLocation(db).where('api_keys.id', '=', pk).executeTakeFirst();
  return row && toApiKey(row);
}

export async function findApiKeyByHash(db: Queryable, secretHash: string): Promise<ApiKey | undefined> {
  const row = await keysWithLocation(db).where('api_keys.secret_hash', '=', secretHash).executeTakeFirst();
  return row && toApiKey(row);
}

/**
 * Keys visible to a scope: a location sees its own keys; an organization sees all of its keys,
 * organization-wide ones included.
 */
function keysInScope(db: Queryable, scope: TenantScope) {
  return db
    .selectFrom('api_keys')
    .leftJoin('locations', 'locations.id', 'api_keys.location_id')
    .innerJoin('organizations', 'organizations.id', 'api_keys.organization_id')
    .where('api_keys.organization_id', '=', scope.organizationPk)
    .where((eb) => (scope.locationPk === null ? eb.lit(true) : inScope('api_keys.location_id', scope)));
}

export async function findApiKey(db: Queryable, scope: TenantScope, publicId: string): Promise<ApiKey | undefined> {
  const row = await keysInScope(db, scope)
    .selectAll('api_keys')
    .select(['locations.public_id as location_public_id', 'organizations.public_id as organization_public_id'])
    .where('api_keys.public_id', '=', publicId)
    .executeTakeFirst();
  return row && toApiKey(row);
}

export async function listApiKeys(
  db: Queryable,
  scope: TenantScope,
  filter: { includeRevoked: boolean; q?: string },
  page: PageRequest,
): Promise<Page<ApiKey>> {
  let query = keysInScope(db, scope);
  if (!filter.includeRevoked) query = query.where('api_keys.revoked_at', 'is', null);
  if (filter.q) query = query.where(() => containsText(['api_keys.name'], filter.q!));
  return pageOf(query, 'api_keys', (q) => q.selectAll('api_keys').select(['locations.public_id as location_public_id', 'organizations.public_id as organization_public_id']), page, toApiKey);
}

export async function updateApiKey(db: Queryable, pk: number, values: { name?: string; scopes?: string }): Promise<ApiKey> {
  await db.updateTable('api_keys').set(values).where('id', '=', pk).execute();
  await announceChange(db, API_KEYS_CHANNEL);
  return (await findApiKeyByPk(db, pk))!;
}

export async function revokeApiKey(db: Queryable, pk: number, now: number): Promise<void> {
  await db.updateTable('api_keys').set({ revoked_at: now }).where('id', '=', pk).where('revoked_at', 'is', null).execute();
  await announceChange(db, API_KEYS_CHANNEL);
}

export async function touchApiKey(db: Queryable, pk: number, now: number): Promise<void> {
  await db.updateTable('api_keys').set({ last_used_at: now }).where('id', '=', pk).execute();
}

/** Unscoped lookup, for operator tools (the CLI) only. */
export async function findApiKeyByPublicId(db: Queryable, publicId: string): Promise<ApiKey | undefined> {
  const row = await keysWithLocation(db).where('api_keys.public_id', '=', publicId).executeTakeFirst();
  return row && toApiKey(row);
}
