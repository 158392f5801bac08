import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { NotFoundError, ValidationError } from '../../../services/errors.ts';
import type { Services } from '../../../services/index.ts';
import type { DateOverride, WeeklyHours } from '../../../services/schedules.ts';
import type { Principal } from '../../../services/principal.ts';
import type { StoredSchedule, WeekdayNumber } from '../../../store/repositories/schedules.ts';
import { principalOf } from '../../native/auth.ts';
import { checkLocation } from '../auth.ts';
import { isoOf } from '../wire.ts';

const read = { scope: 'calendars.readonly' as const, lcValidationStatus: 400 as const, lcNotFoundStatus: 404 as const };
const write = { scope: 'calendars.write' as const, lcValidationStatus: 422 as const, lcNotFoundStatus: 404 as const };
// Searching and creating declare no 404: an unknown id there is a 400.
const search = { ...read, lcNotFoundStatus: 400 as const };
const create = { ...write, lcNotFoundStatus: 400 as const };
const DAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] as const;
const HHMM = '^([01]?[0-9]|2[0-3]):[0-5][0-9]$';
const Interval = Type.Object({ from: Type.String({ pattern: HHMM }), to: Type.String({ pattern: HHMM }) });
const Rule = Type.Object({
  type: Type.Union([Type.Literal('wday'), Type.Literal('date')]),
  intervals: Type.Array(Interval),
  date: Type.Optional(Type.String()),
  day: Type.Optional(Type.Union(['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'].map((d) => Type.Literal(d)))),
});
type LcRule = { type: 'wday' | 'date'; intervals: Array<{ from: string; to: string }>; date?: string; day?: (typeof DAYS)[number] };
const Id = Type.Object({ id: Type.String({ minLength: 1 }) });
const CalendarParam = Type.Object({ calendarId: Type.String({ minLength: 1 }) });

/** HighLevel's `{type, day|date, intervals: [{from, to}]}` rules as weekly hours and date overrides. */
function rulesToHours(rules: LcRule[]): { weeklyHours: WeeklyHours; dateOverrides: DateOverride[] } {
  const weeklyHours: WeeklyHours = {};
  const dateOverrides: DateOverride[] = [];
  for (const [index, rule] of rules.entries()) {
    // HighLevel has no 24:00; 23:59 is its end of the day.
    const intervals = rule.intervals.map((i) => ({ start: i.from.padStart(5, '0'), end: i.to === '23:59' ? '24:00' : i.to.padStart(5, '0') }));
    if (rule.type === 'wday') {
      if (!rule.day) throw ValidationError.field(`rules.${index}.day`, 'is required for a wday rule');
      weeklyHours[rule.day] = [...(weeklyHours[rule.day] ?? []), ...intervals];
    } else {
      if (!rule.date) throw ValidationError.field(`rules.${index}.date`, 'is required for a date rule');
      dateOverrides.push({ date: rule.date.slice(0, 10), intervals });
    }
  }
  return { weeklyHours, dateOverrides };
}

function hoursToRules(schedule: StoredSchedule): LcRule[] {
  const interval = (i: { start: string; end: string }) => ({ from: i.start, to: i.end === '24:00' ? '23:59' : i.end });
  const rules: LcRule[] = [];
  DAYS.forEach((day, i) => {
    const intervals = schedule.weekly[(i + 1) as WeekdayNumber];
    if (intervals?.length) rules.push({ type: 'wday', day, intervals: intervals.map(interval) });
  });
  for (const rule of schedule.dateRules) rules.push({ type: 'date', date: rule.date, intervals: rule.intervals.map(interval) });
  return rules;
}

function scheduleToLc(schedule: StoredSchedule) {
  return {
    id: schedule.id,
    name: schedule.name,
    locationId: schedule.locationId,
    userId: schedule.userId ?? '',
    timezone: schedule.timeZone,
    rules: hoursToRules(schedule),
    calendarIds: schedule.appliesTo.map((a) => a.calendarId),
    deleted: false,
    dateAdded: isoOf(schedule.createdAt),
    dateUpdated: isoOf(schedule.updatedAt),
  };
}

function eventScheduleToLc(schedule: StoredSchedule) {
  return {
    schedule: { calendarId: schedule.calendarId!, timezone: schedule.timeZone, rules: hoursToRules(schedule), dateAdded: isoOf(schedule.createdAt), dateUpdated: isoOf(schedule.updatedAt) },
  };
}

export function scheduleRoutes(services: Services) {
  /** The calendar's own schedule; 404 when it has none. */
  async function ownSchedule(principal: Principal, calendarId: string): Promise<StoredSchedule> {
    await services.calendars.get(principal, calendarId);
    const page = await services.schedules.list(principal, { calendarId }, { limit: 100, offset: 0 });
    const own = page.items.find((s) => s.calendarId === calendarId && s.userId === null);
    if (!own) throw new NotFoundError('Schedule of calendar', calendarId);
    return own;
  }

  return async (app: FastifyInstance) => {
    app.get(
      '/schedules/search',
      {
        config: search,
        schema: {
          hide: true,
          querystring: Type.Object({
            locationId: Type.String({ minLength: 1 }),
            userId: Type.String({ minLength: 1 }),
            calendarId: Type.Optional(Type.String()),
            skip: Type.Optional(Type.Integer({ minimum: 0 })),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
          }),
        },
      },
      async (request) => {
        const principal = principalOf(request);
        const q = request.query as { locationId: string; userId: string; calendarId?: string; skip?: number; limit?: number };
        checkLocation(principal, q.locationId);
        const page = await services.schedules.list(principal, { userId: q.userId, calendarId: q.calendarId || undefined }, { limit: q.limit ?? 100, offset: q.skip ?? 0 });
        return { schedules: page.items.map(scheduleToLc) };
      },
    );

    app.post(
      '/schedules',
      {
        config: create,
        schema: {
          hide: true,
          body: Type.Object({
            locationId: Type.String({ minLength: 1 }),
            userId: Type.String({ minLength: 1 }),
            name: Type.String({ minLength: 1, maxLength: 200 }),
            timezone: Type.String({ minLength: 1 }),
            rules: Type.Optional(Type.Array(Rule)),
            calendarIds: Type.Optional(Type.Array(Type.String())),
          }),
        },
      },
      async (request, reply) => {
        const principal = principalOf(request);
        const body = request.body as { locationId: string; userId: string; name: string; timezone: string; rules?: LcRule[]; calendarIds?: string[] };
        checkLocation(principal, body.locationId);
        const schedule = await services.schedules.create(principal, {
          userId: body.userId,
          name: body.name,
          timeZone: body.timezone,
          ...rulesToHours(body.rules ?? []),
          appliesTo: body.calendarIds,
        });
        return reply.status(201).send({ schedule: scheduleToLc(schedule) });
      },
    );

    app.get('/schedules/:id', { config: read, schema: { hide: true, params: Id } }, async (request) => ({
      schedule: scheduleToLc(await services.schedules.get(principalOf(request), (request.params as { id: string }).id)),
    }));

    app.put(
      '/schedules/:id',
      {
        config: write,
        schema: { hide: true, params: Id, body: Type.Object({ name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })), timezone: Type.Optional(Type.String({ minLength: 1 })), rules: Type.Optional(Type.Array(Rule)) }) },
      },
      async (request) => {
        const body = (request.body ?? {}) as { name?: string; timezone?: string; rules?: LcRule[] };
        const schedule = await services.schedules.update(principalOf(request), (request.params as { id: string }).id, {
          name: body.name,
          timeZone: body.timezone,
          ...(body.rules ? rulesToHours(body.rules) : {}),
        });
        return { schedule: scheduleToLc(schedule) };
      },
    );

    app.delete('/schedules/:id', { config: write, schema: { hide: true, params: Id } }, async (request) => {
      await services.schedules.delete(principalOf(request), (request.params as { id: string }).id);
      return { success: true };
    });

    for (const [method, applied] of [['PUT', true], ['DELETE', false]] as const) {
      app.route({
        method,
        url: '/schedules/:id/associations/:calendarId',
        config: { ...write, lcValidationStatus: 400 },
        schema: { hide: true, params: Type.Object({ id: Type.String({ minLength: 1 }), calendarId: Type.String({ minLength: 1 }) }) },
        handler: async (request) => {
          const params = request.params as { id: string; calendarId: string };
          await services.schedules.setApplied(principalOf(request), params.id, params.calendarId, applied);
          return { success: true };
        },
      });
    }

    const EventScheduleBody = Type.Object({ timezone: Type.String({ minLength: 1 }), rules: Type.Array(Rule) });
    app.post('/schedules/event-calendar/:calendarId', { config: write, schema: { hide: true, params: CalendarParam, body: EventScheduleBody } }, async (request, reply) => {
      const body = request.body as { timezone: string; rules: LcRule[] };
      const schedule = await services.schedules.create(principalOf(request), {
        calendarId: (request.params as { calendarId: string }).calendarId,
        timeZone: body.timezone,
        ...rulesToHours(body.rules),
      });
      return reply.status(201).send(eventScheduleToLc(schedule));
    });

    app.get('/schedules/event-calendar/:calendarId', { config: read, schema: { hide: true, params: CalendarParam } }, async (request) =>
      eventScheduleToLc(await ownSchedule(principalOf(request), (request.params as { calendarId: string }).calendarId)),
    );

    app.put(
      '/schedules/event-calendar/:calendarId',
      { config: write, schema: { hide: true, params: CalendarParam, body: Type.Object({ timezone: Type.Optional(Type.String({ minLength: 1 })), rules: Type.Optional(Type.Array(Rule)) }) } },
      async (request) => {
        const principal = principalOf(request);
        const own = await ownSchedule(principal, (request.params as { calendarId: string }).calendarId);
        const body = (request.body ?? {}) as { timezone?: string; rules?: LcRule[] };
        const schedule = await services.schedules.update(principal, own.id, { timeZone: body.timezone, ...(body.rules ? rulesToHours(body.rules) : {}) });
        return eventScheduleToLc(schedule);
      },
    );
  };
}
