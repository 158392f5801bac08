import { createHash, randomBytes } from 'node:crypto';
import {
  findApiKey,
  findApiKeyByHash,
  insertApiKey,
  listApiKeys,
  revokeApiKey,
  touchApiKey,
  updateApiKey,
  type ApiKey,
} from '../store/repositories/api-keys.ts';
import type { Page, PageRequest } from '../store/repositories/scope.ts';
import type { Queryable } from '../store/database.ts';
import type { ServiceContext } from './context.ts';
import { ForbiddenError, NotFoundError, UnauthenticatedError, ValidationError } from './errors.ts';
import { newPublicId } from './ids.ts';
import { isOrganizationWide, tenantScopeOf, type Principal } from './principal.ts';
import type { CachedKey, PrincipalCache } from './principal-cache.ts';
import { isScope } from './scopes.ts';
import { listScope, targetLocation } from './tenancy.ts';
import { trimmedName } from './validation.ts';

const TOKEN_PATTERN = /^sbk_[A-Za-z0-9_-]{8}_[A-Za-z0-9_-]{43}$/;
/** last_used_at is written at most this often per key, not on every request. */
const TOUCH_INTERVAL_MS = 60_000;

export interface IssuedKey {
  apiKey: ApiKey;
  /** The whole token. It is shown once and never stored. */
  secret: string;
}

export interface ApiKeyInput {
  name: string;
  scopes: string[];
  /** The location the key acts for; omitted with an organization key: an organization-wide key. */
  locationId?: string;
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

function checkScopes(scopes: string[]): string[] {
  const unknown = scopes.filter((scope) => !isScope(scope));
  if (unknown.length > 0) throw ValidationError.field('scopes', `unknown scope ${unknown.map((s) => `"${s}"`).join(', ')}`);
  if (scopes.length === 0) throw ValidationError.field('scopes', 'must name at least one scope');
  return [...new Set(scopes)];
}

/** A key may hand out only scopes it holds itself. */
function checkNoEscalation(principal: Principal, scopes: string[]): void {
  const missing = scopes.filter((scope) => !principal.scopes.has(scope));
  if (missing.length > 0) throw new ForbiddenError(`This API key cannot grant scopes it does not hold: ${missing.join(', ')}`);
}

/** Creates a key row and its token; for the CLI and first-run seeding as well as the API. */
export async function issueApiKey(
  db: Queryable,
  key: { organizationPk: number; locationPk: number | null; name: string; scopes: string[]; now: number },
): Promise<IssuedKey> {
  const prefix = `sbk_${randomBytes(6).toString('base64url')}`;
  const secret = `${prefix}_${randomBytes(32).toString('base64url')}`;
  const apiKey = await insertApiKey(db, {
    public_id: newPublicId(),
    organization_id: key.organizationPk,
    location_id: key.locationPk,
    name: trimmedName('name', key.name),
    prefix,
    secret_hash: hashToken(secret),
    scopes: JSON.stringify(checkScopes(key.scopes)),
    created_at: key.now,
  });
  return { apiKey, secret };
}

export class ApiKeysService {
  readonly #ctx: ServiceContext;
  readonly #principals: PrincipalCache;

  constructor(ctx: ServiceContext, principals: PrincipalCache) {
    this.#ctx = ctx;
    this.#principals = principals;
  }

  /** Resolves a bearer token to its principal; unknown, malformed and revoked tokens are all 401. */
  async authenticate(token: string): Promise<Principal> {
    if (!TOKEN_PATTERN.test(token)) throw new UnauthenticatedError('Invalid API key');
    const hash = hashToken(token);
    const resolved = this.#principals.get(hash) ?? (await this.#lookUp(hash));
    const now = this.#ctx.clock.now();
    if (resolved.lastUsedAt === null || now - resolved.lastUsedAt >= TOUCH_INTERVAL_MS) {
      await touchApiKey(this.#ctx.store.db, resolved.principal.keyPk, now);
      resolved.lastUsedAt = now;
    }
    return resolved.principal;
  }

  /** The key's principal from the database, kept in the cache (unknown and revoked keys are 401). */
  async #lookUp(hash: string): Promise<CachedKey> {
    const generation = this.#principals.generation;
    const key = await findApiKeyByHash(this.#ctx.store.db, hash);
    if (!key) throw new UnauthenticatedError('Invalid API key');
    if (key.revokedAt !== null) throw new UnauthenticatedError('This API key has been revoked');
    const resolved: CachedKey = {
      principal: {
        keyPk: key.pk,
        keyId: key.id,
        organizationPk: key.organizationPk,
        organizationId: key.organizationId,
        locationPk: key.locationPk,
        locationId: key.locationId,
        scopes: new Set(key.scopes),
      },
      lastUsedAt: key.lastUsedAt,
    };
    this.#principals.set(hash, resolved, generation);
    return resolved;
  }


  async list(principal: Principal, filter: { locationId?: string; includeRevoked?: boolean; q?: string }, page: PageRequest): Promise<Page<ApiKey>> {
    const db = this.#ctx.store.db;
    return listApiKeys(db, await listScope(db, principal, filter.locationId), { includeRevoked: filter.includeRevoked ?? false, q: filter.q || undefined }, page);
  }

  async get(principal: Principal, id: string): Promise<ApiKey> {
    const key = await findApiKey(this.#ctx.store.db, tenantScopeOf(principal), id);
    if (!key) throw new NotFoundError('API key', id);
    return key;
  }

  async create(principal: Principal, input: ApiKeyInput): Promise<IssuedKey> {
    const name = trimmedName('name', input.name);
    const scopes = checkScopes(input.scopes);
    checkNoEscalation(principal, scopes);
    return this.#ctx.store.transaction(async (trx) => {
      const locationPk =
        input.locationId === undefined && isOrganizationWide(principal)
          ? null
          : (await targetLocation(trx, principal, input.locationId)).pk;
      return issueApiKey(trx, { organizationPk: principal.organizationPk, locationPk, name, scopes, now: this.#ctx.clock.now() });
    });
  }

  async update(principal: Principal, id: string, patch: { name?: string; scopes?: string[] }): Promise<ApiKey> {
    const values: { name?: string; scopes?: string } = {};
    if (patch.name !== undefined) values.name = trimmedName('name', patch.name);
    if (patch.scopes !== undefined) {
      const scopes = checkScopes(patch.scopes);
      checkNoEscalation(principal, scopes);
      values.scopes = JSON.stringify(scopes);
    }
    return this.#ctx.store.transaction(async (trx) => {
      const key = await findApiKey(trx, tenantScopeOf(principal), id);
      if (!key) throw new NotFoundError('API key', id);
      return updateApiKey(trx, key.pk, values);
    }).finally(() => this.#principals.clear());
  }

  /** Revocation is permanent; the row stays for the audit trail. */
  async revoke(principal: Principal, id: string): Promise<ApiKey> {
    return this.#ctx.store.transaction(async (trx) => {
      const key = await findApiKey(trx, tenantScopeOf(principal), id);
      if (!key) throw new NotFoundError('API key', id);
      await revokeApiKey(trx, key.pk, this.#ctx.clock.now());
      return (await findApiKey(trx, tenantScopeOf(principal), id))!;
    }).finally(() => this.#principals.clear());
  }
}
