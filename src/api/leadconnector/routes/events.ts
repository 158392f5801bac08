import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { BookingInput, OnConflict } from '../../../services/bookings/service.ts';
import { NotFoundError, ValidationError } from '../../../services/errors.ts';
import type { Services } from '../../../services/index.ts';
import type { Principal } from '../../../services/principal.ts';
import type { Booking } from '../../../store/repositories/bookings.ts';
import type { Queryable } from '../../../store/database.ts';
import { principalOf } from '../../native/auth.ts';
import { checkLocation } from '../auth.ts';
import { appointmentToLc, calendarEventToLc } from '../mappers/event.ts';
import { requestedMeetingLocation, type AppointmentLocationFields } from '../mappers/meeting-location.ts';
import { EventRangeQuery, type EventRange } from '../schemas.ts';
import { allPages, instantMs } from '../wire.ts';
import { calendarsOfGroup } from './blocked-slots.ts';

const read = { scope: 'calendars/events.readonly' as const, lcValidationStatus: 400 as const };
const write = { scope: 'calendars/events.write' as const, lcValidationStatus: 400 as const };
const Status = Type.Union(['new', 'confirmed', 'cancelled', 'showed', 'noshow', 'invalid'].map((s) => Type.Literal(s)));
const LocationType = Type.Union(['custom', 'zoom', 'gmeet', 'phone', 'address', 'ms_teams', 'google'].map((s) => Type.Literal(s)));
const appointmentFields = {
  title: Type.Optional(Type.String({ maxLength: 500 })),
  meetingLocationType: Type.Optional(LocationType),
  meetingLocationId: Type.Optional(Type.String()),
  overrideLocationConfig: Type.Optional(Type.Boolean()),
  appointmentStatus: Type.Optional(Status),
  assignedUserId: Type.Optional(Type.String({ minLength: 1 })),
  description: Type.Optional(Type.String({ maxLength: 10_000 })),
  address: Type.Optional(Type.String({ maxLength: 1000 })),
  ignoreDateRange: Type.Optional(Type.Boolean()),
  toNotify: Type.Optional(Type.Boolean()),
  ignoreFreeSlotValidation: Type.Optional(Type.Boolean()),
  rrule: Type.Optional(Type.String({ maxLength: 500 })),
  calendarId: Type.Optional(Type.String({ minLength: 1 })),
  startTime: Type.Optional(Type.String({ minLength: 1 })),
  endTime: Type.Optional(Type.String({ minLength: 1 })),
};
const CreateAppointment = Type.Object({
  ...appointmentFields,
  calendarId: Type.String({ minLength: 1 }),
  locationId: Type.String({ minLength: 1 }),
  contactId: Type.String({ minLength: 1 }),
  startTime: Type.String({ minLength: 1 }),
});
const EditAppointment = Type.Object(appointmentFields);
type AppointmentBody = AppointmentLocationFields & {
  title?: string;
  toNotify?: boolean;
  appointmentStatus?: string;
  assignedUserId?: string;
  description?: string;
  ignoreFreeSlotValidation?: boolean;
  ignoreDateRange?: boolean;
  rrule?: string;
  calendarId?: string;
  locationId?: string;
  contactId?: string;
  startTime?: string;
  endTime?: string;
};
const EventId = Type.Object({ eventId: Type.String({ minLength: 1 }) });

/** HighLevel's recurring.bookingOption, kept with the calendar, as the series policy. */
const ON_CONFLICT: Record<string, OnConflict> = { skip: 'skip', book_next: 'next', continue: 'force' };


function minutesBetween(start: string, end: string | undefined): number | undefined {
  if (end === undefined) return undefined;
  const minutes = (instantMs('endTime', end) - instantMs('startTime', start)) / 60_000;
  if (!(minutes > 0)) throw ValidationError.field('endTime', 'must be after startTime');
  return Math.round(minutes);
}

export function eventRoutes(services: Services) {
  async function groupOf(principal: Principal, calendarId: string, cache: Map<string, string | null>): Promise<string | null> {
    if (!cache.has(calendarId)) cache.set(calendarId, (await services.calendars.get(principal, calendarId)).groupId ?? null);
    return cache.get(calendarId)!;
  }

  /** HighLevel's status change as Slotbase's transitions, inside the edit's transaction. */
  async function applyStatus(principal: Principal, booking: Booking, status: string, trx: Queryable): Promise<void> {
    const id = booking.id;
    const current = booking.status;
    const confirm = async () => {
      if (current === 'pending') await services.bookings.transition(principal, id, 'confirm', {}, trx);
    };
    switch (status) {
      case 'confirmed':
        if (current !== 'confirmed') {
          if (current !== 'pending') throw ValidationError.field('appointmentStatus', `a ${current} appointment cannot become confirmed`);
          await confirm();
        }
        return;
      case 'cancelled':
      case 'invalid':
        if (current !== 'cancelled' && current !== 'declined') await services.bookings.cancel(principal, id, {}, trx);
        return;
      case 'showed':
        await confirm();
        if (current !== 'completed') await services.bookings.transition(principal, id, 'complete', {}, trx);
        return;
      case 'noshow':
        await confirm();
        if (current !== 'no_show') await services.bookings.transition(principal, id, 'no_show', {}, trx);
        return;
      default:
        if (current !== 'pending') throw ValidationError.field('appointmentStatus', `a ${current} appointment cannot become new again`);
    }
  }

  return async (app: FastifyInstance) => {
    app.post('/events/appointments', { config: write, schema: { hide: true, body: CreateAppointment } }, async (request) => {
      const principal = principalOf(request);
      const body = request.body as AppointmentBody & { calendarId: string; locationId: string; contactId: string; startTime: string };
      checkLocation(principal, body.locationId);
      const status = body.appointmentStatus ?? 'confirmed';
      if (status !== 'new' && status !== 'confirmed') {
        throw ValidationError.field('appointmentStatus', 'a new appointment is new or confirmed');
      }
      const calendar = await services.calendars.get(principal, body.calendarId);
      const recurring = (calendar.extensions.leadconnector as { recurring?: { bookingOption?: string } } | undefined)?.recurring;
      const input: BookingInput = {
        calendarId: body.calendarId,
        contactId: body.contactId,
        start: new Date(instantMs('startTime', body.startTime)).toISOString(),
        duration: minutesBetween(body.startTime, body.endTime),
        hostId: body.assignedUserId,
        title: body.title,
        description: body.description,
        meetingLocation: requestedMeetingLocation(calendar, body, body.assignedUserId),
        override: body.ignoreFreeSlotValidation ?? false,
        ignoreLimits: body.ignoreDateRange ?? false,
        status: status === 'new' ? 'pending' : 'confirmed',
        notify: body.toNotify,
      };
      if (body.rrule) {
        input.recurrence = { rrule: body.rrule, onConflict: body.ignoreFreeSlotValidation ? 'force' : (ON_CONFLICT[recurring?.bookingOption ?? 'skip'] ?? 'skip') };
      }
      const { booking } = await services.bookings.create(principal, input, { via: 'leadconnector' });
      // HighLevel answers a created appointment with 200.
      return appointmentToLc(booking, body.rrule ?? null);
    });

    app.get('/events/appointments/:eventId', { config: read, schema: { hide: true, params: EventId } }, async (request) => {
      const principal = principalOf(request);
      const booking = await services.bookings.get(principal, (request.params as { eventId: string }).eventId);
      return { event: calendarEventToLc(booking, await groupOf(principal, booking.calendarId, new Map()), null) };
    });

    app.put('/events/appointments/:eventId', { config: write, schema: { hide: true, params: EventId, body: EditAppointment } }, async (request) => {
      const principal = principalOf(request);
      const id = (request.params as { eventId: string }).eventId;
      const body = (request.body ?? {}) as AppointmentBody;
      const booking = await services.bookings.transaction(async (trx) => {
        let current = await services.bookings.get(principal, id, trx);
        // A series is made when the appointment is created; a rule sent back with one is left as it is.
        if (body.rrule && current.seriesId === null) throw ValidationError.field('rrule', 'an appointment becomes a series only when it is created');
        const moving = body.calendarId !== undefined && body.calendarId !== current.calendarId;
        // Another location's calendar answers 403, like every id of another location.
        if (moving) await services.calendars.load(trx, principal, body.calendarId!);
        if (moving || body.startTime !== undefined || body.endTime !== undefined || (body.assignedUserId !== undefined && body.assignedUserId !== current.hosts[0]?.userId)) {
          const start = body.startTime ?? new Date(current.start).toISOString();
          current = await services.bookings.reschedule(
            principal,
            id,
            {
              start: new Date(instantMs('startTime', start)).toISOString(),
              calendarId: moving ? body.calendarId : undefined,
              duration: body.endTime !== undefined ? minutesBetween(start, body.endTime) : undefined,
              hostId: body.assignedUserId,
              override: body.ignoreFreeSlotValidation ?? false,
            },
            undefined,
            trx,
          );
        }
        const locationAsked = body.address !== undefined || body.meetingLocationType !== undefined || body.meetingLocationId !== undefined;
        if (body.title !== undefined || body.description !== undefined || locationAsked || body.toNotify !== undefined) {
          const calendar = locationAsked ? await services.calendars.load(trx, principal, current.calendarId) : undefined;
          const meetingLocation = calendar ? requestedMeetingLocation(calendar, body, current.hosts[0]?.userId, true) : undefined;
          current = await services.bookings.update(principal, id, { title: body.title, description: body.description, meetingLocation, notify: body.toNotify }, undefined, trx);
        }
        if (body.appointmentStatus !== undefined) await applyStatus(principal, current, body.appointmentStatus, trx);
        return services.bookings.get(principal, id, trx);
      });
      return appointmentToLc(booking, null);
    });

    app.get(
      '/events',
      {
        config: read,
        schema: {
          hide: true,
          querystring: EventRangeQuery,
        },
      },
      async (request) => {
        const principal = principalOf(request);
        const q = request.query as EventRange;
        checkLocation(principal, q.locationId);
        if (!q.userId && !q.calendarId && !q.groupId) throw ValidationError.field('calendarId', 'give one of userId, calendarId or groupId');
        const from = instantMs('startTime', q.startTime);
        const to = instantMs('endTime', q.endTime);
        const calendarIds: Array<string | undefined> = q.groupId
          ? [...(await calendarsOfGroup(services, principal, q.groupId))].filter((c) => !q.calendarId || c === q.calendarId)
          : [q.calendarId || undefined];
        const groups = new Map<string, string | null>();
        const events: unknown[] = [];
        for (const calendarId of calendarIds) {
          const bookings = await allPages((page) => services.bookings.list(principal, { calendarId, hostId: q.userId || undefined, from, to }, page));
          for (const booking of bookings) events.push(calendarEventToLc(booking, await groupOf(principal, booking.calendarId, groups), null));
        }
        return { events };
      },
    );

    app.delete('/events/:eventId', { config: write, schema: { hide: true, params: EventId } }, async (request, reply) => {
      const principal = principalOf(request);
      const id = (request.params as { eventId: string }).eventId;
      try {
        await services.bookings.delete(principal, id);
      } catch (error) {
        if (!(error instanceof NotFoundError)) throw error;
        // An event id is an appointment's or a blocked slot's.
        await services.blockedSlots.delete(principal, id).catch((blockError: unknown) => {
          throw blockError instanceof NotFoundError ? error : blockError;
        });
      }
      return reply.status(201).send({ succeeded: true });
    });
  };
}
