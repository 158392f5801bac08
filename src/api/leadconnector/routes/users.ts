import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { ForbiddenError, ValidationError } from '../../../services/errors.ts';
import type { Services } from '../../../services/index.ts';
import type { Principal } from '../../../services/principal.ts';
import type { UserRole } from '../../../store/repositories/users.ts';
import { principalOf } from '../../native/auth.ts';
import { allPages } from '../wire.ts';
import { checkLocation } from '../auth.ts';
import { NO_ACCESS } from '../errors.ts';
import { userToLc } from '../mappers/user.ts';

const read = { scope: 'users.readonly' as const };
const write = { scope: 'users.write' as const };
const SORTABLE: Record<string, string> = { firstName: 'first_name', lastName: 'last_name', email: 'email', dateAdded: 'created_at' };
const UserId = Type.Object({ userId: Type.String({ minLength: 1 }) });
const Role = Type.Union([Type.Literal('admin'), Type.Literal('user')]);

const UserFields = {
  firstName: Type.String({ minLength: 1, maxLength: 100 }),
  lastName: Type.String({ maxLength: 100 }),
  email: Type.String({ minLength: 3, maxLength: 320 }),
  password: Type.String(),
  phone: Type.String({ maxLength: 40 }),
  type: Type.String(),
  role: Role,
  companyId: Type.String(),
  locationIds: Type.Array(Type.String()),
};
const CreateUser = Type.Object({
  ...UserFields,
  phone: Type.Optional(UserFields.phone),
});
const UpdateUser = Type.Partial(Type.Object(UserFields));

/**
 * The company is the key's organization and a user belongs to one location, the key's: other
 * values are another tenant's (403); several locations cannot be honoured (422). The password
 * is accepted and never stored (hosts do not log in to Slotbase).
 */
function checkAccount(principal: Principal, body: { companyId?: string; locationIds?: string[]; type?: string }): void {
  if (body.companyId !== undefined && body.companyId !== principal.organizationId) throw new ForbiddenError(NO_ACCESS);
  if (body.locationIds !== undefined) {
    if (body.locationIds.some((id) => id !== principal.locationId)) throw new ForbiddenError(NO_ACCESS);
    if (body.locationIds.length !== 1) throw ValidationError.field('locationIds', 'must name exactly one location: a user belongs to one location');
  }
  if (body.type !== undefined && body.type !== 'account') throw ValidationError.field('type', 'must be account: agency users are not supported');
}

export function userRoutes(services: Services) {
  return async (app: FastifyInstance) => {
    app.get(
      '/',
      { config: { ...read, lcValidationStatus: 400 }, schema: { hide: true, querystring: Type.Object({ locationId: Type.String({ minLength: 1 }) }) } },
      async (request) => {
        const principal = principalOf(request);
        checkLocation(principal, (request.query as { locationId: string }).locationId);
        return { users: (await allPages((page) => services.users.list(principal, {}, page))).map(userToLc) };
      },
    );

    app.get(
      '/search',
      {
        config: { ...read, lcValidationStatus: 422 },
        schema: {
          hide: true,
          querystring: Type.Object({
            companyId: Type.String({ minLength: 1 }),
            query: Type.Optional(Type.String()),
            skip: Type.Optional(Type.Integer({ minimum: 0 })),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
            locationId: Type.Optional(Type.String()),
            type: Type.Optional(Type.String()),
            role: Type.Optional(Role),
            ids: Type.Optional(Type.String()),
            sort: Type.Optional(Type.Union(Object.keys(SORTABLE).map((k) => Type.Literal(k)))),
            sortDirection: Type.Optional(Type.Union([Type.Literal('asc'), Type.Literal('desc')])),
          }),
        },
      },
      async (request) => {
        const principal = principalOf(request);
        const q = request.query as { companyId: string; query?: string; skip?: number; limit?: number; locationId?: string; role?: UserRole; ids?: string; sort?: string; sortDirection?: 'asc' | 'desc' };
        checkAccount(principal, { companyId: q.companyId });
        checkLocation(principal, q.locationId);
        const page = await services.users.list(
          principal,
          { q: q.query || undefined, role: q.role, ids: q.ids?.split(',').map((id) => id.trim()).filter(Boolean) },
          { limit: q.limit ?? 25, offset: q.skip ?? 0, sort: q.sort ? { column: SORTABLE[q.sort]!, direction: q.sortDirection ?? 'asc' } : undefined },
        );
        return { users: page.items.map(userToLc), count: page.total };
      },
    );

    app.get(
      '/:userId',
      { config: { ...read, lcValidationStatus: 422 }, schema: { hide: true, params: UserId } },
      async (request) => userToLc(await services.users.get(principalOf(request), (request.params as { userId: string }).userId)),
    );

    app.post('/', { config: { ...write, lcValidationStatus: 422 }, schema: { hide: true, body: CreateUser } }, async (request, reply) => {
      const principal = principalOf(request);
      const body = request.body as { firstName: string; lastName: string; email: string; phone?: string; role: UserRole; companyId: string; locationIds: string[]; type: string };
      checkAccount(principal, body);
      const user = await services.users.create(principal, {
        firstName: body.firstName,
        lastName: body.lastName,
        email: body.email,
        phone: body.phone ?? null,
        role: body.role,
      });
      return reply.status(201).send(userToLc(user));
    });

    app.put('/:userId', { config: { ...write, lcValidationStatus: 422 }, schema: { hide: true, params: UserId, body: UpdateUser } }, async (request) => {
      const principal = principalOf(request);
      const body = (request.body ?? {}) as { firstName?: string; lastName?: string; phone?: string; role?: UserRole; companyId?: string; locationIds?: string[]; type?: string };
      checkAccount(principal, body);
      // HighLevel no longer lets an integration change a user's e-mail; `email` is ignored.
      const user = await services.users.update(principal, (request.params as { userId: string }).userId, {
        firstName: body.firstName,
        lastName: body.lastName,
        phone: body.phone,
        role: body.role,
      });
      return userToLc(user);
    });

    app.delete('/:userId', { config: { ...write, lcValidationStatus: 422 }, schema: { hide: true, params: UserId } }, async (request) => {
      const principal = principalOf(request);
      const id = (request.params as { userId: string }).userId;
      const user = await services.users.get(principal, id);
      await services.users.delete(principal, id);
      return { succeded: true, message: `Deleted user with e-mail ${user.email} and name ${user.firstName} ${user.lastName}.` };
    });
  };
}
