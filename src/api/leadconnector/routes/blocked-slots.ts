import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { ValidationError } from '../../../services/errors.ts';
import type { Services } from '../../../services/index.ts';
import type { Principal } from '../../../services/principal.ts';
import type { BlockedSlot } from '../../../store/repositories/blocked-slots.ts';
import { principalOf } from '../../native/auth.ts';
import { checkLocation } from '../auth.ts';
import { isoOf, withoutNulls } from '../wire.ts';

const read = { scope: 'calendars/events.readonly' as const, lcValidationStatus: 400 as const };
const write = { scope: 'calendars/events.write' as const, lcValidationStatus: 400 as const };
const PAGE = 100;
const BlockBody = Type.Object({
  locationId: Type.String({ minLength: 1 }),
  calendarId: Type.String({ minLength: 1 }),
  assignedUserId: Type.Optional(Type.String({ minLength: 1 })),
  title: Type.Optional(Type.String({ maxLength: 500 })),
  startTime: Type.String({ minLength: 1 }),
  endTime: Type.String({ minLength: 1 }),
});
type BlockRequest = { locationId: string; calendarId: string; assignedUserId?: string; title?: string; startTime: string; endTime: string };

/** A query instant: epoch milliseconds (as HighLevel sends them) or an ISO-8601 string. */
function instant(field: string, value: string): string {
  if (/^\d+$/.test(value)) return new Date(Number(value)).toISOString();
  if (Number.isNaN(Date.parse(value))) throw ValidationError.field(field, 'must be epoch milliseconds or an ISO 8601 date string');
  return value;
}

/**
 * A block with an `assignedUserId` blocks that user on every calendar; without one it closes the
 * calendar for all its hosts. (HighLevel requires `calendarId` on both; a user block keeps none.)
 */
function owner(body: BlockRequest) {
  return body.assignedUserId ? { userId: body.assignedUserId, calendarId: null } : { calendarId: body.calendarId, userId: null };
}

function blockToLc(block: BlockedSlot) {
  return withoutNulls({
    id: block.id,
    locationId: block.locationId,
    title: block.title ?? '',
    calendarId: block.calendarId,
    assignedUserId: block.userId,
    startTime: isoOf(block.start),
    endTime: isoOf(block.end),
  });
}

/** A block in a list of events: HighLevel's CalendarEventDTO with the appointment fields empty. */
function blockToEvent(block: BlockedSlot) {
  return {
    id: block.id,
    title: block.title ?? '',
    calendarId: block.calendarId ?? '',
    locationId: block.locationId,
    contactId: '',
    groupId: '',
    appointmentStatus: '',
    assignedUserId: block.userId ?? '',
    users: block.userId ? [block.userId] : [],
    startTime: isoOf(block.start),
    endTime: isoOf(block.end),
    dateAdded: isoOf(block.createdAt),
    dateUpdated: isoOf(block.updatedAt),
  };
}

async function calendarsOfGroup(services: Services, principal: Principal, groupId: string): Promise<Set<string>> {
  const ids = new Set<string>();
  for (let offset = 0; ; offset += PAGE) {
    const page = await services.calendars.list(principal, { groupId }, { limit: PAGE, offset });
    for (const calendar of page.items) ids.add(calendar.id);
    if (offset + PAGE >= page.total) return ids;
  }
}

export function blockedSlotRoutes(services: Services) {
  return async (app: FastifyInstance) => {
    app.get(
      '/blocked-slots',
      {
        config: read,
        schema: {
          hide: true,
          querystring: Type.Object({
            locationId: Type.String({ minLength: 1 }),
            startTime: Type.String({ minLength: 1 }),
            endTime: Type.String({ minLength: 1 }),
            userId: Type.Optional(Type.String()),
            calendarId: Type.Optional(Type.String()),
            groupId: Type.Optional(Type.String()),
          }),
        },
      },
      async (request) => {
        const principal = principalOf(request);
        const q = request.query as { locationId: string; startTime: string; endTime: string; userId?: string; calendarId?: string; groupId?: string };
        checkLocation(principal, q.locationId);
        const inGroup = q.groupId ? await calendarsOfGroup(services, principal, q.groupId) : null;
        const filter = { from: instant('startTime', q.startTime), to: instant('endTime', q.endTime), userId: q.userId || undefined, calendarId: q.calendarId || undefined };
        const events: unknown[] = [];
        for (let offset = 0; ; offset += PAGE) {
          const page = await services.blockedSlots.list(principal, filter, { limit: PAGE, offset });
          for (const block of page.items) if (!inGroup || (block.calendarId !== null && inGroup.has(block.calendarId))) events.push(blockToEvent(block));
          if (offset + PAGE >= page.total) break;
        }
        return { events };
      },
    );

    app.post('/events/block-slots', { config: write, schema: { hide: true, body: BlockBody } }, async (request, reply) => {
      const principal = principalOf(request);
      const body = request.body as BlockRequest;
      checkLocation(principal, body.locationId);
      const block = await services.blockedSlots.create(principal, {
        ...owner(body),
        title: body.title ?? null,
        start: instant('startTime', body.startTime),
        end: instant('endTime', body.endTime),
      });
      return reply.status(201).send(blockToLc(block));
    });

    app.put(
      '/events/block-slots/:eventId',
      { config: write, schema: { hide: true, params: Type.Object({ eventId: Type.String({ minLength: 1 }) }), body: BlockBody } },
      async (request, reply) => {
        const principal = principalOf(request);
        const body = request.body as BlockRequest;
        checkLocation(principal, body.locationId);
        const block = await services.blockedSlots.update(principal, (request.params as { eventId: string }).eventId, {
          ...owner(body),
          title: body.title ?? null,
          start: instant('startTime', body.startTime),
          end: instant('endTime', body.endTime),
        });
        return reply.status(201).send(blockToLc(block));
      },
    );
  };
}
