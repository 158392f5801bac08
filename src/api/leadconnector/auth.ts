import type { FastifyRequest } from 'fastify';
import { ForbiddenError, InvalidInputError, UnauthenticatedError } from '../../services/errors.ts';
import type { Services } from '../../services/index.ts';
import type { Principal } from '../../services/principal.ts';
import { NO_ACCESS } from './errors.ts';

const INVALID_TOKEN = 'Invalid JWT';

/**
 * onRequest hook, in HighLevel's order: the bearer token (401), the Version header (400, any value
 * accepted), then the operation's scope (401, as HighLevel answers it). Keys act for one location:
 * an organization-wide key is refused here.
 */
export function lcAuth(services: Services) {
  return async (request: FastifyRequest) => {
    const match = request.headers.authorization?.match(/^Bearer\s+(\S+)\s*$/i);
    if (!match) throw new UnauthenticatedError(INVALID_TOKEN);
    const principal = await services.apiKeys.authenticate(match[1]!).catch(() => {
      throw new UnauthenticatedError(INVALID_TOKEN);
    });
    const version = request.headers.version;
    if (typeof version !== 'string' || version.trim() === '') throw new InvalidInputError('version header was not found');
    if (principal.locationId === null) throw new ForbiddenError('This API needs a location (sub-account) API key');
    const scope = request.routeOptions.config.scope;
    if (scope && !principal.scopes.has(scope)) throw new UnauthenticatedError('The token is not authorized for this scope.');
    request.principal = principal;
  };
}

/** A `locationId` the client sends must be the key's own location. */
export function checkLocation(principal: Principal, locationId: string | undefined): void {
  if (locationId !== undefined && locationId !== principal.locationId) throw new ForbiddenError(NO_ACCESS);
}
