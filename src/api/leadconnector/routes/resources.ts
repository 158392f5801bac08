import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { Services } from '../../../services/index.ts';
import type { ResourcePatch } from '../../../services/resources.ts';
import { principalOf } from '../../native/auth.ts';
import { checkLocation } from '../auth.ts';
import { kindOf, resourceToLc } from '../mappers/resource.ts';

const read = { scope: 'calendars/resources.readonly' as const, lcValidationStatus: 400 as const };
const write = { scope: 'calendars/resources.write' as const, lcValidationStatus: 400 as const };
const ResourceType = Type.Union([Type.Literal('equipments'), Type.Literal('rooms')]);
const TypeParams = Type.Object({ resourceType: ResourceType });
const IdParams = Type.Object({ resourceType: ResourceType, id: Type.String({ minLength: 1 }) });
const COUNT = Type.Integer({ minimum: 0, maximum: 1_000_000 });
const fields = {
  name: Type.String({ minLength: 1, maxLength: 200 }),
  description: Type.String({ maxLength: 5000 }),
  quantity: COUNT,
  outOfService: COUNT,
  capacity: COUNT,
  calendarIds: Type.Array(Type.String({ minLength: 1 }), { maxItems: 100 }),
};
// Every field is required on create, for rooms and equipment alike, as the spec has it.
const Create = Type.Object({ locationId: Type.String({ minLength: 1 }), ...fields, isActive: Type.Optional(Type.Boolean()) });
const Update = Type.Object({
  locationId: Type.Optional(Type.String({ minLength: 1 })),
  name: Type.Optional(fields.name),
  description: Type.Optional(fields.description),
  quantity: Type.Optional(COUNT),
  outOfService: Type.Optional(COUNT),
  capacity: Type.Optional(COUNT),
  calendarIds: Type.Optional(fields.calendarIds),
  isActive: Type.Optional(Type.Boolean()),
});

type ResourceType = 'equipments' | 'rooms';
type Body = { locationId?: string; name?: string; description?: string; quantity?: number; outOfService?: number; capacity?: number; calendarIds?: string[]; isActive?: boolean };

function patchOf(body: Body): ResourcePatch {
  return {
    name: body.name,
    description: body.description,
    quantity: body.quantity,
    outOfService: body.outOfService,
    capacity: body.capacity,
    calendarIds: body.calendarIds,
    active: body.isActive,
  };
}

/** HighLevel's calendar resources: `/calendars/resources/equipments|rooms[/{id}]`. */
export function resourceRoutes(services: Services) {
  return async (app: FastifyInstance) => {
    app.get(
      '/resources/:resourceType',
      {
        config: read,
        schema: {
          hide: true,
          params: TypeParams,
          querystring: Type.Object({ locationId: Type.String({ minLength: 1 }), limit: Type.Integer({ minimum: 1, maximum: 100 }), skip: Type.Integer({ minimum: 0 }) }),
        },
      },
      async (request) => {
        const principal = principalOf(request);
        const q = request.query as { locationId: string; limit: number; skip: number };
        checkLocation(principal, q.locationId);
        const kind = kindOf((request.params as { resourceType: ResourceType }).resourceType);
        const page = await services.resources.list(principal, kind, {}, { limit: q.limit, offset: q.skip });
        return page.items.map(resourceToLc);
      },
    );

    app.post('/resources/:resourceType', { config: write, schema: { hide: true, params: TypeParams, body: Create } }, async (request, reply) => {
      const principal = principalOf(request);
      const body = request.body as Body & { locationId: string; name: string };
      checkLocation(principal, body.locationId);
      const kind = kindOf((request.params as { resourceType: ResourceType }).resourceType);
      const resource = await services.resources.create(principal, kind, { ...patchOf(body), name: body.name });
      return reply.status(201).send(resourceToLc(resource));
    });

    app.get('/resources/:resourceType/:id', { config: read, schema: { hide: true, params: IdParams } }, async (request) => {
      const p = request.params as { resourceType: ResourceType; id: string };
      return resourceToLc(await services.resources.get(principalOf(request), kindOf(p.resourceType), p.id));
    });

    app.put('/resources/:resourceType/:id', { config: write, schema: { hide: true, params: IdParams, body: Update } }, async (request) => {
      const principal = principalOf(request);
      const p = request.params as { resourceType: ResourceType; id: string };
      const body = request.body as Body;
      checkLocation(principal, body.locationId);
      return resourceToLc(await services.resources.update(principal, kindOf(p.resourceType), p.id, patchOf(body)));
    });

    app.delete('/resources/:resourceType/:id', { config: write, schema: { hide: true, params: IdParams } }, async (request) => {
      const p = request.params as { resourceType: ResourceType; id: string };
      await services.resources.delete(principalOf(request), kindOf(p.resourceType), p.id);
      return { success: true };
    });
  };
}
