import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Principal } from '../../services/principal.ts';
import type { Services } from '../../services/index.ts';
import { ForbiddenError, UnauthenticatedError } from '../../services/errors.ts';
import type { Scope } from '../../services/scopes.ts';

declare module 'fastify' {
  interface FastifyRequest {
    principal?: Principal;
  }
  interface FastifyContextConfig {
    /** The scope an API key must hold to call the route. */
    scope?: Scope;
  }
}

export function bearerToken(request: FastifyRequest): string {
  const header = request.headers.authorization;
  const match = header?.match(/^Bearer\s+(\S+)\s*$/i);
  if (!match) throw new UnauthenticatedError('Missing API key: send "Authorization: Bearer <key>"');
  return match[1]!;
}

/** The caller's principal; routes run only after the auth hook set it. */
export function principalOf(request: FastifyRequest): Principal {
  if (!request.principal) throw new UnauthenticatedError('Not authenticated');
  return request.principal;
}

export function requireScope(principal: Principal, scope: Scope | undefined): void {
  if (scope && !principal.scopes.has(scope)) {
    throw new ForbiddenError(`This API key lacks the scope ${scope}`);
  }
}

/** onRequest hook: authenticates the bearer key and checks the route's scope before any parsing. */
export function bearerAuth(services: Services) {
  return async (request: FastifyRequest, _reply: FastifyReply) => {
    const principal = await services.apiKeys.authenticate(bearerToken(request));
    requireScope(principal, request.routeOptions.config.scope);
    request.principal = principal;
  };
}
