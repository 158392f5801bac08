import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { Services } from '../../../services/index.ts';
import type { ServiceLocationPatch } from '../../../services/service-locations.ts';
import { principalOf } from '../../native/auth.ts';
import { checkLocation } from '../auth.ts';
import { serviceLocationToLc } from '../mappers/service-location.ts';
import { withoutNulls } from '../wire.ts';

const read = { scope: 'calendars.readonly' as const, lcValidationStatus: 400 as const };
const write = { scope: 'calendars.write' as const, lcValidationStatus: 400 as const };
const fields = {
  name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  slug: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  phone: Type.Optional(Type.String({ maxLength: 40 })),
  address: Type.Optional(Type.String({ maxLength: 1000 })),
  coverImage: Type.Optional(Type.String({ maxLength: 1000 })),
  locationType: Type.Optional(Type.Union([Type.Literal('offline'), Type.Literal('ask_booker')])),
};
const Create = Type.Object({ ...fields, locationId: Type.String({ minLength: 1 }), name: Type.String({ minLength: 1, maxLength: 200 }), slug: Type.String({ minLength: 1, maxLength: 100 }) });
const Update = Type.Object(fields);
const Id = Type.Object({ serviceLocationId: Type.String({ minLength: 1 }) });
type Body = { locationId?: string; name?: string; slug?: string; phone?: string; address?: string; coverImage?: string; locationType?: 'offline' | 'ask_booker' };

function inputOf(body: Body): ServiceLocationPatch {
  return withoutNulls({ name: body.name, slug: body.slug, phone: body.phone, address: body.address, coverImage: body.coverImage, type: body.locationType });
}

/** HighLevel v3 service locations. */
export function serviceLocationRoutes(services: Services) {
  return async (app: FastifyInstance) => {
    app.get('/services/locations', { config: read, schema: { hide: true, querystring: Type.Object({ locationId: Type.String({ minLength: 1 }) }) } }, async (request) => {
      const principal = principalOf(request);
      checkLocation(principal, (request.query as { locationId: string }).locationId);
      return { serviceLocations: (await services.serviceLocations.list(principal)).map(serviceLocationToLc) };
    });

    app.post('/services/locations', { config: write, schema: { hide: true, body: Create } }, async (request, reply) => {
      const principal = principalOf(request);
      const body = request.body as Body & { locationId: string; name: string; slug: string };
      checkLocation(principal, body.locationId);
      const created = await services.serviceLocations.create(principal, { ...inputOf(body), name: body.name, slug: body.slug });
      return reply.status(201).send(serviceLocationToLc(created));
    });

    app.get('/services/locations/:serviceLocationId', { config: read, schema: { hide: true, params: Id } }, async (request) => {
      return serviceLocationToLc(await services.serviceLocations.get(principalOf(request), (request.params as { serviceLocationId: string }).serviceLocationId));
    });

    app.put('/services/locations/:serviceLocationId', { config: write, schema: { hide: true, params: Id, body: Update } }, async (request) => {
      const id = (request.params as { serviceLocationId: string }).serviceLocationId;
      return serviceLocationToLc(await services.serviceLocations.update(principalOf(request), id, inputOf((request.body ?? {}) as Body)));
    });

    app.delete('/services/locations/:serviceLocationId', { config: write, schema: { hide: true, params: Id } }, async (request) => {
      await services.serviceLocations.delete(principalOf(request), (request.params as { serviceLocationId: string }).serviceLocationId);
      return { success: true, message: 'Service location deleted successfully' };
    });
  };
}
