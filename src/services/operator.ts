import { findApiKeyByPublicId, revokeApiKey, type ApiKey } from '../store/repositories/api-keys.ts';
import { findLocationByPublicId } from '../store/repositories/locations.ts';
import { issueApiKey, type IssuedKey } from './api-keys.ts';
import type { ServiceContext } from './context.ts';
import { NotFoundError } from './errors.ts';

/**
 * Operations for whoever runs the server (the `slotbase` CLI): no API key is involved, so no
 * tenant scope applies.
 */
export async function createKeyForLocation(
  ctx: ServiceContext,
  input: { locationId: string; name: string; scopes: string[] },
): Promise<IssuedKey> {
  return ctx.store.transaction(async (trx) => {
    const location = await findLocationByPublicId(trx, input.locationId);
    if (!location) throw new NotFoundError('Location', input.locationId);
    return issueApiKey(trx, {
      organizationPk: location.organizationPk,
      locationPk: location.pk,
      name: input.name,
      scopes: input.scopes,
      now: ctx.clock.now(),
    });
  });
}

export async function revokeKey(ctx: ServiceContext, keyId: string): Promise<ApiKey> {
  return ctx.store.transaction(async (trx) => {
    const key = await findApiKeyByPublicId(trx, keyId);
    if (!key) throw new NotFoundError('API key', keyId);
    await revokeApiKey(trx, key.pk, ctx.clock.now());
    return (await findApiKeyByPublicId(trx, keyId))!;
  });
}
