import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { BookingInput, RescheduleInput, ActionInput } from '../../../services/bookings/service.ts';
import type { Actor } from '../../../services/bookings/history.ts';
import { ValidationError } from '../../../services/errors.ts';
import type { Services } from '../../../services/index.ts';
import type { BookingStatus } from '../../../store/repositories/bookings.ts';
import { parseInstant } from '../../../services/instants.ts';
import { principalOf } from '../auth.ts';
import { errorResponses, IdParams, ListOf, LocationFilter, OPTIONAL_BODY, PageQuery } from '../schemas/common.ts';
import {
  ActionBody,
  BookingBody,
  BookingCreate,
  BookingListQuery,
  BookingPatch,
  bookingToWire,
  CreatedBookingBody,
  HistoryBody,
  historyToWire,
  NoteBody,
  NoteCreate,
  NotePatch,
  noteToWire,
  RescheduleBody,
} from '../schemas/bookings.ts';

const tags = ['Bookings'];
const read = { scope: 'calendars/events.readonly' as const };
const write = { scope: 'calendars/events.write' as const };
const STATUSES: readonly string[] = ['pending', 'confirmed', 'cancelled', 'declined', 'no_show', 'completed'];
const NoteParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }), noteId: Type.String({ minLength: 1, maxLength: 64 }) });
const IdempotencyHeaders = Type.Object({ 'idempotency-key': Type.Optional(Type.String({ minLength: 1, maxLength: 255 })) });

/** Action routes take an optional body: a request without one is treated as `{}`. */
async function emptyBodyAsObject(request: { body: unknown }): Promise<void> {
  request.body ??= {};
}

function statusesOf(value: string | undefined): BookingStatus[] | undefined {
  if (value === undefined) return undefined;
  const statuses = value.split(',').map((s) => s.trim()).filter((s) => s !== '');
  const unknown = statuses.find((s) => !STATUSES.includes(s));
  if (unknown) throw ValidationError.field('status', `"${unknown}" is not one of ${STATUSES.join(', ')}`);
  return statuses as BookingStatus[];
}

/** The actor a body names, defaulting (in the service) to the API key. */
function actorOf(by: { type: Actor['type']; id?: string | null } | undefined): Actor | undefined {
  return by && { type: by.type, id: by.id ?? null };
}

export function bookingRoutes(app: FastifyInstance, services: Services): void {
  const id = (request: { params: unknown }) => (request.params as { id: string }).id;

  app.get(
    '/bookings',
    {
      config: read,
      schema: {
        tags,
        summary: 'List bookings',
        description: 'Ordered by start time. `from`/`to` select bookings overlapping that range.',
        querystring: Type.Object({ ...PageQuery, ...LocationFilter, ...BookingListQuery }, { additionalProperties: false }),
        response: { 200: ListOf(BookingBody), ...errorResponses },
      },
    },
    async (request) => {
      const q = request.query as Record<string, string | undefined> & { limit: number; offset: number; order?: 'asc' | 'desc'; upcoming?: boolean };
      const page = await services.bookings.list(
        principalOf(request),
        {
          locationId: q.locationId,
          calendarId: q.calendarId,
          hostId: q.hostId,
          contactId: q.contactId,
          statuses: statusesOf(q.status),
          from: q.from === undefined ? undefined : parseInstant('from', q.from),
          to: q.to === undefined ? undefined : parseInstant('to', q.to),
          order: q.order,
          upcoming: q.upcoming,
          q: q.q,
        },
        { limit: q.limit, offset: q.offset },
      );
      return { data: page.items.map(bookingToWire), pagination: { total: page.total, limit: page.limit, offset: page.offset } };
    },
  );

  app.post(
    '/bookings',
    {
      config: write,
      schema: {
        tags,
        summary: 'Book a slot',
        description:
          'Re-checks the slot inside the transaction; the database refuses double booking. Send `Idempotency-Key` to make retries safe: a repeated key answers with the first result.',
        headers: IdempotencyHeaders,
        body: BookingCreate,
        response: { 201: CreatedBookingBody, ...errorResponses },
      },
    },
    async (request, reply) => {
      const key = (request.headers as { 'idempotency-key'?: string })['idempotency-key'];
      const result = await services.bookings.create(principalOf(request), request.body as BookingInput, { idempotencyKey: key, via: 'native' });
      if (result.replayed) reply.header('idempotent-replayed', 'true');
      const body: Record<string, unknown> = bookingToWire(result.booking);
      if ((request.body as BookingInput).recurrence) {
        body.occurrences = result.occurrences.map(bookingToWire);
        body.skippedOccurrences = result.skipped.map((ms: number) => new Date(ms).toISOString());
      }
      return reply.status(201).send(body);
    },
  );

  app.get(
    '/bookings/:id',
    { config: read, schema: { tags, summary: 'Get a booking', params: IdParams, response: { 200: BookingBody, ...errorResponses } } },
    async (request) => bookingToWire(await services.bookings.get(principalOf(request), id(request))),
  );

  app.patch(
    '/bookings/:id',
    {
      config: write,
      schema: { tags, summary: 'Update a booking’s details', params: IdParams, body: BookingPatch, response: { 200: BookingBody, ...errorResponses } },
    },
    async (request) => bookingToWire(await services.bookings.update(principalOf(request), id(request), request.body as never)),
  );

  app.delete(
    '/bookings/:id',
    {
      config: write,
      schema: { tags, summary: 'Delete a booking', description: 'Frees its time; its history stays.', params: IdParams, response: { 204: Type.Null(), ...errorResponses } },
    },
    async (request, reply) => {
      await services.bookings.delete(principalOf(request), id(request));
      return reply.status(204).send();
    },
  );

  app.post(
    '/bookings/:id/reschedule',
    {
      config: write,
      schema: { tags, summary: 'Move a booking to another time', params: IdParams, body: RescheduleBody, response: { 200: BookingBody, ...errorResponses } },
    },
    async (request) => {
      const body = request.body as RescheduleInput & { by?: { type: Actor['type']; id?: string | null } };
      return bookingToWire(await services.bookings.reschedule(principalOf(request), id(request), body, actorOf(body.by)));
    },
  );

  app.post(
    '/bookings/:id/cancel',
    {
      config: write,
      preValidation: emptyBodyAsObject,
      schema: { tags, summary: 'Cancel a booking', params: IdParams, body: ActionBody, [OPTIONAL_BODY]: true, response: { 200: BookingBody, ...errorResponses } },
    },
    async (request) => {
      const body = (request.body ?? {}) as ActionInput & { by?: { type: Actor['type']; id?: string | null } };
      return bookingToWire(await services.bookings.cancel(principalOf(request), id(request), { ...body, by: actorOf(body.by) }));
    },
  );

  for (const [path, action, summary] of [
    ['confirm', 'confirm', 'Confirm a pending booking'],
    ['decline', 'decline', 'Decline a pending booking'],
    ['no-show', 'no_show', 'Mark a booking as a no-show'],
    ['complete', 'complete', 'Mark a booking as completed'],
  ] as const) {
    app.post(
      `/bookings/:id/${path}`,
      { config: write, preValidation: emptyBodyAsObject, schema: { tags, summary, params: IdParams, body: ActionBody, [OPTIONAL_BODY]: true, response: { 200: BookingBody, ...errorResponses } } },
      async (request) => {
        const body = (request.body ?? {}) as ActionInput & { by?: { type: Actor['type']; id?: string | null } };
        return bookingToWire(await services.bookings.transition(principalOf(request), id(request), action, { ...body, by: actorOf(body.by) }));
      },
    );
  }

  app.get(
    '/bookings/:id/history',
    { config: read, schema: { tags, summary: 'Every change of a booking, oldest first', params: IdParams, response: { 200: HistoryBody, ...errorResponses } } },
    async (request) => ({ data: (await services.bookings.history(principalOf(request), id(request))).map(historyToWire) }),
  );

  app.get(
    '/bookings/:id/notes',
    {
      config: read,
      schema: {
        tags,
        summary: 'Notes of a booking, newest first',
        params: IdParams,
        querystring: Type.Object({ limit: PageQuery.limit, offset: PageQuery.offset }, { additionalProperties: false }),
        response: { 200: ListOf(NoteBody), ...errorResponses },
      },
    },
    async (request) => {
      const q = request.query as { limit: number; offset: number };
      const page = await services.bookingNotes.list(principalOf(request), id(request), q);
      return { data: page.items.map(noteToWire), pagination: { total: page.total, limit: page.limit, offset: page.offset } };
    },
  );

  app.post(
    '/bookings/:id/notes',
    { config: write, schema: { tags, summary: 'Add a note', params: IdParams, body: NoteCreate, response: { 201: NoteBody, ...errorResponses } } },
    async (request, reply) => reply.status(201).send(noteToWire(await services.bookingNotes.create(principalOf(request), id(request), request.body as never))),
  );

  app.patch(
    '/bookings/:id/notes/:noteId',
    { config: write, schema: { tags, summary: 'Edit a note', params: NoteParams, body: NotePatch, response: { 200: NoteBody, ...errorResponses } } },
    async (request) => {
      const params = request.params as { id: string; noteId: string };
      return noteToWire(await services.bookingNotes.update(principalOf(request), params.id, params.noteId, request.body as never));
    },
  );

  app.delete(
    '/bookings/:id/notes/:noteId',
    { config: write, schema: { tags, summary: 'Delete a note', params: NoteParams, response: { 204: Type.Null(), ...errorResponses } } },
    async (request, reply) => {
      const params = request.params as { id: string; noteId: string };
      await services.bookingNotes.delete(principalOf(request), params.id, params.noteId);
      return reply.status(204).send();
    },
  );
}
