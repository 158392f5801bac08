import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { PlacementOptions, ServiceBookingPatch, ServiceItemInput } from '../../../services/bookings/service-bookings.ts';
import type { Services } from '../../../services/index.ts';
import { checkTimeZone } from '../../../services/validation.ts';
import { principalOf } from '../../native/auth.ts';
import { checkLocation } from '../auth.ts';
import { SERVICE_BOOKING_STATUS, serviceBookingToLc } from '../mappers/service-booking.ts';
import { instantMs } from '../wire.ts';

const read = { scope: 'calendars/events.readonly' as const, lcValidationStatus: 400 as const };
const write = { scope: 'calendars/events.write' as const, lcValidationStatus: 400 as const };
const Item = Type.Object({
  id: Type.String({ minLength: 1 }),
  staffId: Type.Optional(Type.String({ minLength: 1 })),
  position: Type.Optional(Type.Number()),
  addOns: Type.Optional(
    Type.Array(Type.Object({ id: Type.String({ minLength: 1 }), quantity: Type.Optional(Type.Number()), duration: Type.Optional(Type.Number()) }), { maxItems: 50 }),
  ),
});
const Items = Type.Array(Item, { maxItems: 50 });
const fields = {
  serviceLocationId: Type.Optional(Type.String({ minLength: 1 })),
  meetingLocation: Type.Optional(Type.String({ maxLength: 1000 })),
  title: Type.Optional(Type.String({ maxLength: 500 })),
  startTime: Type.Optional(Type.String({ minLength: 1 })),
  endTime: Type.Optional(Type.String({ minLength: 1 })),
  timezone: Type.Optional(Type.String({ minLength: 1 })),
  services: Type.Optional(Items),
};
const Create = Type.Object({
  ...fields,
  locationId: Type.String({ minLength: 1 }),
  contactId: Type.String({ minLength: 1 }),
  startTime: Type.String({ minLength: 1 }),
  endTime: Type.String({ minLength: 1 }),
  timezone: Type.String({ minLength: 1 }),
  services: Items,
  status: Type.Optional(Type.Union([Type.Literal('confirmed'), Type.Literal('new')])),
});
const Update = Type.Object({ ...fields, status: Type.Optional(Type.Union(Object.keys(SERVICE_BOOKING_STATUS).map((s) => Type.Literal(s)))) });
const Flags = Type.Object({ overrideAvailability: Type.Optional(Type.Boolean()), skipSchedulingNotice: Type.Optional(Type.Boolean()) });
const BookingId = Type.Object({ bookingId: Type.String({ minLength: 1 }) });

type Body = {
  locationId?: string;
  contactId?: string;
  serviceLocationId?: string;
  meetingLocation?: string;
  title?: string;
  status?: string;
  startTime?: string;
  endTime?: string;
  timezone?: string;
  services?: ServiceItemInput[];
};
type FlagQuery = { overrideAvailability?: boolean; skipSchedulingNotice?: boolean };

/** An instant of a body (ISO 8601, or epoch milliseconds) as ISO 8601. */
const iso = (field: string, value: string | undefined) => (value === undefined ? undefined : new Date(instantMs(field, value)).toISOString());

/** overrideAvailability skips every check (even the notice); skipSchedulingNotice only notice, window and daily limits. */
function optionsOf(q: FlagQuery): PlacementOptions {
  return { override: q.overrideAvailability ?? false, ignoreLimits: (q.skipSchedulingNotice ?? false) || (q.overrideAvailability ?? false), via: 'leadconnector' };
}

/** HighLevel v3 service bookings: several services in sequence, each on its staff member. */
export function serviceBookingRoutes(services: Services) {
  return async (app: FastifyInstance) => {
    app.get(
      '/services/bookings',
      {
        config: read,
        schema: {
          hide: true,
          querystring: Type.Object({
            locationId: Type.String({ minLength: 1 }),
            startTime: Type.String({ minLength: 1 }),
            endTime: Type.String({ minLength: 1 }),
            timezone: Type.Optional(Type.String({ minLength: 1 })),
            serviceLocationId: Type.Optional(Type.String({ minLength: 1 })),
          }),
        },
      },
      async (request) => {
        const principal = principalOf(request);
        const q = request.query as { locationId: string; startTime: string; endTime: string; timezone?: string; serviceLocationId?: string };
        checkLocation(principal, q.locationId);
        const timeZone = q.timezone === undefined ? undefined : checkTimeZone('timezone', q.timezone);
        const list = await services.serviceBookings.list(principal, { from: instantMs('startTime', q.startTime), to: instantMs('endTime', q.endTime), serviceLocationId: q.serviceLocationId });
        return { bookings: list.map((b) => serviceBookingToLc(b, timeZone)) };
      },
    );

    app.post('/services/bookings', { config: write, schema: { hide: true, body: Create, querystring: Flags } }, async (request, reply) => {
      const principal = principalOf(request);
      const body = request.body as Body & { locationId: string; contactId: string; startTime: string; endTime: string; timezone: string; services: ServiceItemInput[] };
      checkLocation(principal, body.locationId);
      const created = await services.serviceBookings.create(
        principal,
        {
          contactId: body.contactId,
          start: iso('startTime', body.startTime)!,
          end: iso('endTime', body.endTime),
          timeZone: body.timezone,
          items: body.services,
          serviceLocationId: body.serviceLocationId,
          meetingLocation: body.meetingLocation,
          title: body.title,
          status: body.status === 'new' ? 'pending' : body.status === 'confirmed' ? 'confirmed' : undefined,
        },
        optionsOf(request.query as FlagQuery),
      );
      return reply.status(201).send(serviceBookingToLc(created));
    });

    app.get('/services/bookings/:bookingId', { config: read, schema: { hide: true, params: BookingId } }, async (request) => {
      return serviceBookingToLc(await services.serviceBookings.get(principalOf(request), (request.params as { bookingId: string }).bookingId));
    });

    app.put('/services/bookings/:bookingId', { config: write, schema: { hide: true, params: BookingId, body: Update, querystring: Flags } }, async (request) => {
      const body = (request.body ?? {}) as Body;
      const patch: ServiceBookingPatch = {
        serviceLocationId: body.serviceLocationId,
        meetingLocation: body.meetingLocation,
        title: body.title,
        status: body.status === undefined ? undefined : SERVICE_BOOKING_STATUS[body.status],
        start: iso('startTime', body.startTime),
        end: iso('endTime', body.endTime),
        timeZone: body.timezone,
        items: body.services,
      };
      const updated = await services.serviceBookings.update(principalOf(request), (request.params as { bookingId: string }).bookingId, patch, optionsOf(request.query as FlagQuery));
      return serviceBookingToLc(updated);
    });

    app.delete('/services/bookings/:bookingId', { config: write, schema: { hide: true, params: BookingId } }, async (request) => {
      await services.serviceBookings.delete(principalOf(request), (request.params as { bookingId: string }).bookingId, { via: 'leadconnector' });
      return { success: true, message: 'Service booking deleted successfully' };
    });
  };
}
