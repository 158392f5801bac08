import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { BookingNote } from '../../../services/bookings/notes.ts';
import type { Services } from '../../../services/index.ts';
import { principalOf } from '../../native/auth.ts';
import { isoOf, withoutNulls } from '../wire.ts';

const read = { scope: 'calendars/events.readonly' as const, lcValidationStatus: 400 as const };
const write = { scope: 'calendars/events.write' as const, lcValidationStatus: 400 as const };
const Appointment = Type.Object({ appointmentId: Type.String({ minLength: 1 }) });
const Note = Type.Object({ appointmentId: Type.String({ minLength: 1 }), noteId: Type.String({ minLength: 1 }) });
const NoteBody = Type.Object({ body: Type.String({ minLength: 1, maxLength: 5000 }), userId: Type.Optional(Type.String({ minLength: 1 })) });

/** HighLevel's note of an appointment; `contactId` is the appointment's contact. */
function noteToLc(note: BookingNote, contactId: string) {
  return withoutNulls({ id: note.id, body: note.body, userId: note.userId, contactId, dateAdded: isoOf(note.createdAt) });
}

export function noteRoutes(services: Services) {
  return async (app: FastifyInstance) => {
    const contactOf = async (request: { params: unknown }, principal: Parameters<typeof services.bookings.get>[0]) =>
      (await services.bookings.get(principal, (request.params as { appointmentId: string }).appointmentId)).contactId;

    app.get(
      '/appointments/:appointmentId/notes',
      {
        config: read,
        schema: {
          hide: true,
          params: Appointment,
          querystring: Type.Object({ limit: Type.Integer({ minimum: 1, maximum: 20 }), offset: Type.Integer({ minimum: 0 }) }),
        },
      },
      async (request) => {
        const principal = principalOf(request);
        const { limit, offset } = request.query as { limit: number; offset: number };
        const id = (request.params as { appointmentId: string }).appointmentId;
        const contactId = await contactOf(request, principal);
        const page = await services.bookingNotes.list(principal, id, { limit, offset });
        return { notes: page.items.map((n) => noteToLc(n, contactId)), hasMore: offset + page.items.length < page.total };
      },
    );

    app.post('/appointments/:appointmentId/notes', { config: write, schema: { hide: true, params: Appointment, body: NoteBody } }, async (request, reply) => {
      const principal = principalOf(request);
      const id = (request.params as { appointmentId: string }).appointmentId;
      const note = await services.bookingNotes.create(principal, id, request.body as { body: string; userId?: string });
      return reply.status(201).send({ note: noteToLc(note, await contactOf(request, principal)) });
    });

    app.put('/appointments/:appointmentId/notes/:noteId', { config: write, schema: { hide: true, params: Note, body: NoteBody } }, async (request) => {
      const principal = principalOf(request);
      const params = request.params as { appointmentId: string; noteId: string };
      const note = await services.bookingNotes.update(principal, params.appointmentId, params.noteId, { body: (request.body as { body: string }).body });
      return { note: noteToLc(note, await contactOf(request, principal)) };
    });

    app.delete('/appointments/:appointmentId/notes/:noteId', { config: write, schema: { hide: true, params: Note } }, async (request) => {
      const params = request.params as { appointmentId: string; noteId: string };
      await services.bookingNotes.delete(principalOf(request), params.appointmentId, params.noteId);
      return { success: true };
    });
  };
}
