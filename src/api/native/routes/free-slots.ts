import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { Services } from '../../../services/index.ts';
import { principalOf } from '../auth.ts';
import { errorResponses, IdParams } from '../schemas/common.ts';

const SlotsQuery = Type.Object(
  {
    start: Type.String({ minLength: 10, maxLength: 40, description: 'ISO-8601 instant, or a date (YYYY-MM-DD) in `timezone`' }),
    end: Type.String({ minLength: 10, maxLength: 40, description: 'ISO-8601 instant (exclusive), or a date in `timezone` (inclusive)' }),
    timezone: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'Zone of the answer; default: the calendar’s' })),
    userIds: Type.Optional(
      Type.Union([Type.Array(Type.String({ maxLength: 64 }), { maxItems: 200 }), Type.String({ maxLength: 13_000 })], {
        description: 'Only these hosts (repeat the parameter or separate ids with commas)',
      }),
    ),
    duration: Type.Optional(Type.Integer({ minimum: 1, maximum: 1440, description: 'Minutes; one of the calendar’s durations' })),
    details: Type.Optional(
      Type.Boolean({ description: 'Include `slots` (free hosts and seats per start); default: for round-robin and seated (class) calendars' }),
    ),
  },
  { additionalProperties: false },
);

const SlotDetail = Type.Object({
  start: Type.String(),
  hostIds: Type.Array(Type.String()),
  remainingSeats: Type.Integer(),
});

const SlotsBody = Type.Object({
  calendarId: Type.String(),
  timeZone: Type.String(),
  duration: Type.Integer(),
  dates: Type.Record(Type.String(), Type.Array(Type.String()), { description: 'Local date → ascending slot starts with offset' }),
  slots: Type.Optional(Type.Record(Type.String(), Type.Array(SlotDetail), { description: 'The same slots with their free hosts and seats' })),
});

function userIdsOf(value: string | string[] | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  return (Array.isArray(value) ? value : [value]).flatMap((v) => v.split(',')).map((v) => v.trim()).filter((v) => v !== '');
}

export function freeSlotRoutes(app: FastifyInstance, services: Services): void {
  app.get(
    '/calendars/:id/slots',
    {
      config: { scope: 'calendars.readonly' },
      // The schema documents the answer; the built-in JSON.stringify writes thousands of slot
      // strings faster than the schema-compiled serializer, which checks each one itself.
      serializerCompiler: () => (data) => JSON.stringify(data),
      schema: {
        tags: ['Calendars'],
        summary: 'Free slots of a calendar',
        description: 'At most 31 days. Each date of the answer lists the free starts in the requested time zone.',
        params: IdParams,
        querystring: SlotsQuery,
        response: { 200: SlotsBody, ...errorResponses },
      },
    },
    async (request) => {
      const query = request.query as { start: string; end: string; timezone?: string; userIds?: string | string[]; duration?: number; details?: boolean };
      const answer = await services.freeSlots.find(principalOf(request), (request.params as { id: string }).id, {
        start: query.start,
        end: query.end,
        timeZone: query.timezone,
        userIds: userIdsOf(query.userIds),
        duration: query.duration,
        hostDetails: query.details,
      });
      const base = { calendarId: answer.calendar.id, timeZone: answer.timeZone, duration: answer.durationMinutes, dates: answer.byDate };
      if (!answer.hostDetails) return base;
      const slots: Record<string, unknown[]> = {};
      for (const slot of answer.slots) {
        (slots[slot.date] ??= []).push({
          start: slot.iso,
          hostIds: slot.hosts.map((h) => h.id),
          remainingSeats: slot.remainingSeats,
        });
      }
      return { ...base, slots };
    },
  );
}
