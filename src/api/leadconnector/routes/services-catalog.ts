import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { Services } from '../../../services/index.ts';
import type { ServiceInput } from '../../../services/service-catalog.ts';
import { principalOf } from '../../native/auth.ts';
import { checkLocation } from '../auth.ts';
import { serviceInputOf, serviceToLc, type LcServiceBody } from '../mappers/service.ts';

const read = { scope: 'calendars.readonly' as const, lcValidationStatus: 400 as const };
const write = { scope: 'calendars.write' as const, lcValidationStatus: 400 as const };
const Unit = Type.Union([Type.Literal('mins'), Type.Literal('hours')]);
const Payment = Type.Object({
  amount: Type.Optional(Type.Number()),
  deposit: Type.Optional(Type.Number()),
  depositType: Type.Optional(Type.Union([Type.Literal('percentage'), Type.Literal('amount')])),
});
const durations = {
  serviceDuration: Type.Optional(Type.Number()),
  serviceDurationUnit: Type.Optional(Unit),
  preBuffer: Type.Optional(Type.Number()),
  preBufferUnit: Type.Optional(Unit),
  postBuffer: Type.Optional(Type.Number()),
  postBufferUnit: Type.Optional(Unit),
  payment: Type.Optional(Payment),
};
const Staff = Type.Array(Type.Object({ id: Type.String({ minLength: 1 }) }), { maxItems: 100 });
const fields = {
  name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  description: Type.Optional(Type.String({ maxLength: 10_000 })),
  slug: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  eventColor: Type.Optional(Type.String()),
  coverImage: Type.Optional(Type.String({ maxLength: 1000 })),
  serviceCategoryId: Type.Optional(Type.String()),
  isPrivate: Type.Optional(Type.Boolean()),
  formId: Type.Optional(Type.String({ maxLength: 200 })),
  ...durations,
};
const Create = Type.Object({
  ...fields,
  locationId: Type.String({ minLength: 1 }),
  name: Type.String({ minLength: 1, maxLength: 200 }),
  slug: Type.String({ minLength: 1, maxLength: 100 }),
  staff: Staff,
  variations: Type.Optional(Type.Array(Type.Object({ ...durations, name: Type.String({ minLength: 1, maxLength: 200 }) }), { maxItems: 50 })),
});
const Update = Type.Object({
  ...fields,
  staff: Type.Optional(Staff),
  variations: Type.Optional(Type.Array(Type.Object({ ...durations, id: Type.Optional(Type.String({ minLength: 1 })), name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })) }), { maxItems: 50 })),
});
const ServiceId = Type.Object({ serviceId: Type.String({ minLength: 1 }) });

/** HighLevel v3 service catalog: a service is a Slotbase calendar of kind `service`. */
export function serviceCatalogRoutes(services: Services) {
  return async (app: FastifyInstance) => {
    app.get(
      '/services/catalog',
      {
        config: read,
        schema: {
          hide: true,
          querystring: Type.Object({ locationId: Type.String({ minLength: 1 }), serviceCategoryId: Type.Optional(Type.String({ minLength: 1 })), isPrivate: Type.Optional(Type.Boolean()) }),
        },
      },
      async (request) => {
        const principal = principalOf(request);
        const q = request.query as { locationId: string; serviceCategoryId?: string; isPrivate?: boolean };
        checkLocation(principal, q.locationId);
        const list = await services.serviceCatalog.list(principal, { categoryId: q.serviceCategoryId, secret: q.isPrivate });
        return { services: list.map(serviceToLc) };
      },
    );

    app.post('/services/catalog', { config: write, schema: { hide: true, body: Create } }, async (request, reply) => {
      const principal = principalOf(request);
      const body = request.body as LcServiceBody & { locationId: string };
      checkLocation(principal, body.locationId);
      const service = await services.serviceCatalog.create(principal, serviceInputOf(body) as ServiceInput);
      return reply.status(201).send({ service: serviceToLc(service) });
    });

    app.get('/services/catalog/:serviceId', { config: read, schema: { hide: true, params: ServiceId } }, async (request) => {
      const service = await services.serviceCatalog.get(principalOf(request), (request.params as { serviceId: string }).serviceId);
      return { service: serviceToLc(service) };
    });

    app.put('/services/catalog/:serviceId', { config: write, schema: { hide: true, params: ServiceId, body: Update } }, async (request) => {
      const principal = principalOf(request);
      const id = (request.params as { serviceId: string }).serviceId;
      const body = (request.body ?? {}) as LcServiceBody;
      const current = body.formId === undefined ? undefined : await services.serviceCatalog.get(principal, id);
      return { service: serviceToLc(await services.serviceCatalog.update(principal, id, serviceInputOf(body, current))) };
    });

    app.delete('/services/catalog/:serviceId', { config: write, schema: { hide: true, params: ServiceId } }, async (request) => {
      await services.serviceCatalog.delete(principalOf(request), (request.params as { serviceId: string }).serviceId);
      return { success: true, message: 'Service deleted successfully' };
    });
  };
}
