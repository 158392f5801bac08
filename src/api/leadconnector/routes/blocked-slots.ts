import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { Services } from '../../../services/index.ts';
import type { Principal } from '../../../services/principal.ts';
import type { BlockedSlot } from '../../../store/repositories/blocked-slots.ts';
import { principalOf } from '../../native/auth.ts';
import { checkLocation } from '../auth.ts';
import { EventRangeQuery, type EventRange } from '../schemas.ts';
import { allPages, instantMs, isoOf, withoutNulls } from '../wire.ts';

const read = { scope: 'calendars/events.readonly' as const, lcValidationStatus: 400 as const };
const write = { scope: 'calendars/events.write' as const, lcValidationStatus: 400 as const };
const BlockBody = Type.Object({
  locationId: Type.String({ minLength: 1 }),
  calendarId: Type.String({ minLength: 1 }),
  assignedUserId: Type.Optional(Type.String({ minLength: 1 })),
  title: Type.Optional(Type.String({ maxLength: 500 })),
  startTime: Type.String({ minLength: 1 }),
  endTime: Type.String({ minLength: 1 }),
});
type BlockRequest = { locationId: string; calendarId: string; assignedUserId?: string; title?: string; startTime: string; endTime: string };
/** BlockSlotEditRequestDTO: only calendarId and locationId are required; what is left out stays. */
const EditBody = Type.Object({
  locationId: Type.String({ minLength: 1 }),
  calendarId: Type.String({ minLength: 1 }),
  assignedUserId: Type.Optional(Type.String({ minLength: 1 })),
  title: Type.Optional(Type.String({ maxLength: 500 })),
  startTime: Type.Optional(Type.String({ minLength: 1 })),
  endTime: Type.Optional(Type.String({ minLength: 1 })),
});
type EditRequest = Omit<BlockRequest, 'startTime' | 'endTime'> & { startTime?: string; endTime?: string };

const instant = (field: string, value: string) => new Date(instantMs(field, value)).toISOString();

/**
 * A block with an `assignedUserId` blocks that user on every calendar; without one it closes the
 * calendar for all its hosts. (HighLevel requires `calendarId` on both; a user block keeps none,
 * but the calendar must still be one of the location's.)
 */
async function owner(services: Services, principal: Principal, body: Pick<BlockRequest, 'calendarId' | 'assignedUserId'>) {
  if (!body.assignedUserId) return { calendarId: body.calendarId, userId: null };
  await services.calendars.get(principal, body.calendarId);
  return { userId: body.assignedUserId, calendarId: null };
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

/** The ids of a group's calendars. */
export async function calendarsOfGroup(services: Services, principal: Principal, groupId: string): Promise<Set<string>> {
  return new Set((await allPages((page) => services.calendars.list(principal, { groupId }, page))).map((c) => c.id));
}

export function blockedSlotRoutes(services: Services) {
  return async (app: FastifyInstance) => {
    app.get(
      '/blocked-slots',
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
        const inGroup = q.groupId ? await calendarsOfGroup(services, principal, q.groupId) : null;
        const filter = { from: instant('startTime', q.startTime), to: instant('endTime', q.endTime), userId: q.userId || undefined, calendarId: q.calendarId || undefined };
        const blocks = await allPages((page) => services.blockedSlots.list(principal, filter, page));
        return { events: blocks.filter((b) => !inGroup || (b.calendarId !== null && inGroup.has(b.calendarId))).map(blockToEvent) };
      },
    );

    app.post('/events/block-slots', { config: write, schema: { hide: true, body: BlockBody } }, async (request, reply) => {
      const principal = principalOf(request);
      const body = request.body as BlockRequest;
      checkLocation(principal, body.locationId);
      const block = await services.blockedSlots.create(principal, {
        ...(await owner(services, principal, body)),
        title: body.title ?? null,
        start: instant('startTime', body.startTime),
        end: instant('endTime', body.endTime),
      });
      return reply.status(201).send(blockToLc(block));
    });

    app.put(
      '/events/block-slots/:eventId',
      { config: write, schema: { hide: true, params: Type.Object({ eventId: Type.String({ minLength: 1 }) }), body: EditBody } },
      async (request, reply) => {
        const principal = principalOf(request);
        const body = request.body as EditRequest;
        checkLocation(principal, body.locationId);
        const block = await services.blockedSlots.update(principal, (request.params as { eventId: string }).eventId, {
          ...(await owner(services, principal, body)),
          ...(body.title !== undefined ? { title: body.title } : {}),
          ...(body.startTime !== undefined ? { start: instant('startTime', body.startTime) } : {}),
          ...(body.endTime !== undefined ? { end: instant('endTime', body.endTime) } : {}),
        });
        return reply.status(201).send(blockToLc(block));
      },
    );
  };
}
