import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { Services } from '../../../services/index.ts';
import type { CalendarGroup } from '../../../store/repositories/calendar-groups.ts';
import { principalOf } from '../../native/auth.ts';
import { allPages } from '../wire.ts';
import { checkLocation } from '../auth.ts';

const read = { scope: 'calendars/groups.readonly' as const, lcValidationStatus: 400 as const };
const write = { scope: 'calendars/groups.write' as const, lcValidationStatus: 400 as const };
const GroupId = Type.Object({ groupId: Type.String({ minLength: 1 }) });
const NAME = Type.String({ minLength: 1, maxLength: 200 });
const DESCRIPTION = Type.String({ maxLength: 5000 });
const SLUG = Type.String({ minLength: 1, maxLength: 100 });

/** HighLevel's GroupDTO: `description` is required, so an absent one is "". */
function groupToLc(group: CalendarGroup) {
  return { id: group.id, locationId: group.locationId, name: group.name, description: group.description ?? '', slug: group.slug, isActive: group.active };
}

export function groupRoutes(services: Services) {
  return async (app: FastifyInstance) => {
    app.get('/groups', { config: read, schema: { hide: true, querystring: Type.Object({ locationId: Type.String({ minLength: 1 }) }) } }, async (request) => {
      const principal = principalOf(request);
      checkLocation(principal, (request.query as { locationId: string }).locationId);
      return { groups: (await allPages((page) => services.calendarGroups.list(principal, {}, page))).map(groupToLc) };
    });

    app.post(
      '/groups',
      {
        config: write,
        schema: { hide: true, body: Type.Object({ locationId: Type.String({ minLength: 1 }), name: NAME, description: DESCRIPTION, slug: SLUG, isActive: Type.Optional(Type.Boolean()) }) },
      },
      async (request, reply) => {
        const principal = principalOf(request);
        const body = request.body as { locationId: string; name: string; description: string; slug: string; isActive?: boolean };
        checkLocation(principal, body.locationId);
        const group = await services.calendarGroups.create(principal, { name: body.name, description: body.description, slug: body.slug, active: body.isActive ?? true });
        return reply.status(201).send({ group: groupToLc(group) });
      },
    );

    app.post(
      '/groups/validate-slug',
      { config: write, schema: { hide: true, body: Type.Object({ locationId: Type.String({ minLength: 1 }), slug: Type.String() }) } },
      async (request) => {
        const principal = principalOf(request);
        const body = request.body as { locationId: string; slug: string };
        checkLocation(principal, body.locationId);
        return { available: await services.calendarGroups.isSlugAvailable(principal, { slug: body.slug }) };
      },
    );

    app.put(
      '/groups/:groupId',
      { config: write, schema: { hide: true, params: GroupId, body: Type.Object({ name: NAME, description: DESCRIPTION, slug: SLUG }) } },
      async (request) => {
        const body = request.body as { name: string; description: string; slug: string };
        const group = await services.calendarGroups.update(principalOf(request), (request.params as { groupId: string }).groupId, body);
        return { group: groupToLc(group) };
      },
    );

    app.put(
      '/groups/:groupId/status',
      { config: write, schema: { hide: true, params: GroupId, body: Type.Object({ isActive: Type.Boolean() }) } },
      async (request) => {
        const { isActive } = request.body as { isActive: boolean };
        await services.calendarGroups.update(principalOf(request), (request.params as { groupId: string }).groupId, { active: isActive });
        return { success: true };
      },
    );

    app.delete('/groups/:groupId', { config: write, schema: { hide: true, params: GroupId } }, async (request) => {
      await services.calendarGroups.delete(principalOf(request), (request.params as { groupId: string }).groupId);
      return { success: true };
    });
  };
}
