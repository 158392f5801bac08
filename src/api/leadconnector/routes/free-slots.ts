import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { Services } from '../../../services/index.ts';
import { principalOf } from '../../native/auth.ts';

/** The last instant the API works with (see parseInstant): 9999-12-30T00:00Z, less the end's millisecond. */
const LAST_MS = Date.UTC(9999, 11, 30) - 1;

const SlotsQuery = Type.Object({
  startDate: Type.Number({ minimum: 0, maximum: LAST_MS, description: 'epoch milliseconds' }),
  endDate: Type.Number({ minimum: 0, maximum: LAST_MS, description: 'epoch milliseconds, inclusive' }),
  timezone: Type.Optional(Type.String({ minLength: 1 })),
  userId: Type.Optional(Type.String({ minLength: 1 })),
  userIds: Type.Optional(Type.Union([Type.Array(Type.String()), Type.String()])),
  'userIds[]': Type.Optional(Type.Union([Type.Array(Type.String()), Type.String()])),
});

const list = (value: string | string[] | undefined): string[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);

export function freeSlotRoutes(services: Services) {
  return async (app: FastifyInstance) => {
    app.get(
      '/:calendarId/free-slots',
      {
        config: { scope: 'calendars.readonly', lcValidationStatus: 400 },
        schema: { hide: true, params: Type.Object({ calendarId: Type.String({ minLength: 1 }) }), querystring: SlotsQuery },
      },
      async (request) => {
        const q = request.query as { startDate: number; endDate: number; timezone?: string; userId?: string; userIds?: string | string[]; 'userIds[]'?: string | string[] };
        // Clients send userIds[]=a&userIds[]=b (as the SDK does) or userIds=a,b; userId adds one more.
        const userIds = [...list(q.userIds), ...list(q['userIds[]']), ...list(q.userId)].flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean);
        // Each named user must exist in the location (another location's: 403; none such: 400).
        for (const userId of new Set(userIds)) await services.users.get(principalOf(request), userId);
        const answer = await services.freeSlots.find(principalOf(request), (request.params as { calendarId: string }).calendarId, {
          start: new Date(q.startDate).toISOString(),
          // HighLevel's endDate is the last millisecond of the range.
          end: new Date(q.endDate + 1).toISOString(),
          timeZone: q.timezone,
          userIds: userIds.length > 0 ? userIds : undefined,
          // HighLevel answers the starts only.
          hostDetails: false,
        });
        const body: Record<string, unknown> = {};
        for (const [date, slots] of Object.entries(answer.byDate)) body[date] = { slots };
        body.traceId = request.id;
        return body;
      },
    );
  };
}
