import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { CalendarInput } from '../../../services/calendars.ts';
import { ValidationError } from '../../../services/errors.ts';
import type { Services } from '../../../services/index.ts';
import type { Principal } from '../../../services/principal.ts';
import type { Calendar } from '../../../store/repositories/calendars.ts';
import { principalOf } from '../../native/auth.ts';
import { allPages } from '../wire.ts';
import { checkLocation } from '../auth.ts';
import { calendarToLc, lcToCalendarInput, type LcCalendarBody } from '../mappers/calendar.ts';

const read = { scope: 'calendars.readonly' as const, lcValidationStatus: 400 as const };
const write = { scope: 'calendars.write' as const, lcValidationStatus: 400 as const };
const CalendarId = Type.Object({ calendarId: Type.String({ minLength: 1 }) });
const Unit = Type.Union([Type.Literal('mins'), Type.Literal('hours')]);
const Hour = Type.Object({ openHour: Type.Integer({ minimum: 0, maximum: 24 }), openMinute: Type.Integer({ minimum: 0, maximum: 59 }), closeHour: Type.Integer({ minimum: 0, maximum: 24 }), closeMinute: Type.Integer({ minimum: 0, maximum: 59 }) });
const Configuration = Type.Object({ kind: Type.Optional(Type.String()), location: Type.Optional(Type.String()) });
const fields = {
  groupId: Type.Optional(Type.String()),
  isActive: Type.Optional(Type.Boolean()),
  name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  description: Type.Optional(Type.String({ maxLength: 5000 })),
  slug: Type.Optional(Type.String({ maxLength: 100 })),
  calendarType: Type.Optional(Type.Union(['round_robin', 'event', 'class_booking', 'collective', 'service_booking', 'personal'].map((t) => Type.Literal(t)))),
  eventType: Type.Optional(Type.Union([Type.Literal('RoundRobin_OptimizeForAvailability'), Type.Literal('RoundRobin_OptimizeForEqualDistribution')])),
  eventTitle: Type.Optional(Type.String({ maxLength: 500 })),
  eventColor: Type.Optional(Type.String({ maxLength: 9 })),
  meetingLocation: Type.Optional(Type.String({ maxLength: 1000 })),
  locationConfigurations: Type.Optional(Type.Array(Configuration)),
  teamMembers: Type.Optional(
    Type.Array(
      Type.Object({
        userId: Type.String({ minLength: 1 }),
        priority: Type.Optional(Type.Union([Type.Literal(0), Type.Literal(0.5), Type.Literal(1)])),
        isPrimary: Type.Optional(Type.Boolean()),
        locationConfigurations: Type.Optional(Type.Array(Configuration)),
      }),
    ),
  ),
  slotDuration: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 1440 })),
  slotDurationUnit: Type.Optional(Unit),
  slotInterval: Type.Optional(Type.Number({ minimum: 0, maximum: 1440 })),
  slotIntervalUnit: Type.Optional(Unit),
  slotBuffer: Type.Optional(Type.Number({ minimum: 0, maximum: 1440 })),
  slotBufferUnit: Type.Optional(Unit),
  preBuffer: Type.Optional(Type.Number({ minimum: 0, maximum: 1440 })),
  preBufferUnit: Type.Optional(Unit),
  appoinmentPerSlot: Type.Optional(Type.Integer({ minimum: 0, maximum: 10_000 })),
  appoinmentPerDay: Type.Optional(Type.Integer({ minimum: 0, maximum: 10_000 })),
  allowBookingAfter: Type.Optional(Type.Number({ minimum: 0, maximum: 100_000 })),
  allowBookingAfterUnit: Type.Optional(Type.Union(['hours', 'days', 'weeks', 'months'].map((u) => Type.Literal(u)))),
  allowBookingFor: Type.Optional(Type.Number({ minimum: 0, maximum: 100_000 })),
  allowBookingForUnit: Type.Optional(Type.Union(['days', 'weeks', 'months'].map((u) => Type.Literal(u)))),
  openHours: Type.Optional(Type.Array(Type.Object({ daysOfTheWeek: Type.Array(Type.Integer({ minimum: 0, maximum: 6 })), hours: Type.Array(Hour) }))),
  availabilities: Type.Optional(Type.Array(Type.Object({ date: Type.String({ minLength: 10 }), hours: Type.Array(Hour), deleted: Type.Optional(Type.Boolean()) }))),
  autoConfirm: Type.Optional(Type.Boolean()),
  allowReschedule: Type.Optional(Type.Boolean()),
  allowCancellation: Type.Optional(Type.Boolean()),
  // Kept and returned as sent, but typed as the spec types them.
  widgetSlug: Type.Optional(Type.String()),
  widgetType: Type.Optional(Type.Union([Type.Literal('default'), Type.Literal('classic')])),
  formId: Type.Optional(Type.String()),
  notes: Type.Optional(Type.String()),
  pixelId: Type.Optional(Type.String()),
  formSubmitType: Type.Optional(Type.Union([Type.Literal('RedirectURL'), Type.Literal('ThankYouMessage')])),
  formSubmitRedirectURL: Type.Optional(Type.String()),
  formSubmitThanksMessage: Type.Optional(Type.String()),
  guestType: Type.Optional(Type.Union([Type.Literal('count_only'), Type.Literal('collect_detail')])),
  consentLabel: Type.Optional(Type.String()),
  calendarCoverImage: Type.Optional(Type.String()),
  alertEmail: Type.Optional(Type.String()),
  enableRecurring: Type.Optional(Type.Boolean()),
  stickyContact: Type.Optional(Type.Boolean()),
  isLivePaymentMode: Type.Optional(Type.Boolean()),
  shouldSendAlertEmailsToAssignedMember: Type.Optional(Type.Boolean()),
  googleInvitationEmails: Type.Optional(Type.Boolean()),
  shouldAssignContactToTeamMember: Type.Optional(Type.Boolean()),
  shouldSkipAssigningContactForExisting: Type.Optional(Type.Boolean()),
  availabilityType: Type.Optional(Type.Union([Type.Literal(0), Type.Literal(1)])),
  recurring: Type.Optional(
    Type.Object({
      freq: Type.Optional(Type.Union(['DAILY', 'WEEKLY', 'MONTHLY'].map((f) => Type.Literal(f)))),
      count: Type.Optional(Type.Number({ maximum: 24 })),
      bookingOption: Type.Optional(Type.Union(['skip', 'continue', 'book_next'].map((o) => Type.Literal(o)))),
      bookingOverlapDefaultStatus: Type.Optional(Type.Union([Type.Literal('confirmed'), Type.Literal('new')])),
    }),
  ),
  lookBusyConfig: Type.Optional(Type.Object({ enabled: Type.Boolean(), LookBusyPercentage: Type.Number() })),
  notifications: Type.Optional(
    Type.Array(
      Type.Object({
        type: Type.Optional(Type.Literal('email')),
        shouldSendToContact: Type.Boolean(),
        shouldSendToGuest: Type.Boolean(),
        shouldSendToUser: Type.Boolean(),
        shouldSendToSelectedUsers: Type.Boolean(),
        selectedUsers: Type.String(),
      }),
    ),
  ),
};
const CreateCalendar = Type.Object({ ...fields, locationId: Type.String({ minLength: 1 }), name: Type.String({ minLength: 1, maxLength: 200 }) });
const UpdateCalendar = Type.Object(fields);

/** The calendar with its own schedule, which carries HighLevel's openHours and availabilities. */
async function toLc(services: Services, principal: Principal, calendar: Calendar) {
  const schedules = await allPages((page) => services.schedules.list(principal, { calendarId: calendar.id }, page));
  return calendarToLc(calendar, schedules.find((s) => s.calendarId === calendar.id && s.userId === null));
}

export function calendarRoutes(services: Services) {
  return async (app: FastifyInstance) => {
    app.get(
      '/',
      {
        config: read,
        schema: {
          hide: true,
          querystring: Type.Object({ locationId: Type.String({ minLength: 1 }), groupId: Type.Optional(Type.String()), showDrafted: Type.Optional(Type.Boolean()) }),
        },
      },
      async (request) => {
        const principal = principalOf(request);
        const q = request.query as { locationId: string; groupId?: string; showDrafted?: boolean };
        checkLocation(principal, q.locationId);
        const found = await allPages((page) =>
          services.calendars.list(principal, { groupId: q.groupId || undefined, active: q.showDrafted === false ? true : undefined }, page),
        );
        const calendars: unknown[] = [];
        for (const calendar of found) calendars.push(await toLc(services, principal, calendar));
        return { calendars };
      },
    );

    app.post('/', { config: write, schema: { hide: true, body: CreateCalendar } }, async (request) => {
      const principal = principalOf(request);
      const body = request.body as LcCalendarBody & { locationId: string; name: string };
      checkLocation(principal, body.locationId);
      const input = lcToCalendarInput(body);
      if (!input.kind) throw ValidationError.field('calendarType', 'must be one of round_robin, event, class_booking, collective, service_booking, personal');
      const calendar = await services.calendars.create(principal, input as CalendarInput);
      // HighLevel answers a created calendar with 200.
      return { calendar: await toLc(services, principal, calendar) };
    });

    app.get('/:calendarId', { config: read, schema: { hide: true, params: CalendarId } }, async (request) => {
      const principal = principalOf(request);
      const calendar = await services.calendars.get(principal, (request.params as { calendarId: string }).calendarId);
      return { calendar: await toLc(services, principal, calendar) };
    });

    app.put('/:calendarId', { config: write, schema: { hide: true, params: CalendarId, body: UpdateCalendar } }, async (request) => {
      const principal = principalOf(request);
      const id = (request.params as { calendarId: string }).calendarId;
      const current = await services.calendars.get(principal, id);
      const calendar = await services.calendars.update(principal, id, lcToCalendarInput(request.body as LcCalendarBody, current));
      return { calendar: await toLc(services, principal, calendar) };
    });

    app.delete('/:calendarId', { config: write, schema: { hide: true, params: CalendarId } }, async (request) => {
      await services.calendars.delete(principalOf(request), (request.params as { calendarId: string }).calendarId);
      return { success: true };
    });
  };
}
