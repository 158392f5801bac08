import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { Services } from '../../../services/index.ts';
import { principalOf } from '../../native/auth.ts';
import { checkLocation } from '../auth.ts';
import { userToLc } from '../mappers/user.ts';

const read = { scope: 'users.readonly' as const };
/** HighLevel lists are bounded; a location's users fit in one answer. */
const ALL = { limit: 100, offset: 0 };

export function userRoutes(services: Services) {
  return async (app: FastifyInstance) => {
    app.get(
      '/',
      { config: { ...read, lcValidationStatus: 400 }, schema: { hide: true, querystring: Type.Object({ locationId: Type.String({ minLength: 1 }) }) } },
      async (request) => {
        const principal = principalOf(request);
        checkLocation(principal, (request.query as { locationId: string }).locationId);
        const users: unknown[] = [];
        for (let offset = 0; ; offset += ALL.limit) {
          const page = await services.users.list(principal, {}, { ...ALL, offset });
          users.push(...page.items.map(userToLc));
          if (offset + ALL.limit >= page.total) break;
        }
        return { users };
      },
    );

    app.get(
      '/:userId',
      { config: { ...read, lcValidationStatus: 422 }, schema: { hide: true, params: Type.Object({ userId: Type.String({ minLength: 1 }) }) } },
      async (request) => userToLc(await services.users.get(principalOf(request), (request.params as { userId: string }).userId)),
    );
  };
}
