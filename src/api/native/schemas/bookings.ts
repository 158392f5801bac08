import { Type } from 'typebox';
import type { Booking } from '../../../store/repositories/bookings.ts';
import type { BookingNote } from '../../../services/bookings/notes.ts';
import type { HistoryEntry } from '../../../services/bookings/history.ts';
import { iso, NullableText, Timestamp } from './common.ts';

const Text = Type.Union([Type.String(), Type.Null()]);
const Instant = Type.String({ minLength: 10, maxLength: 40, description: 'ISO-8601 instant with an offset' });
export const Status = Type.Union(['pending', 'confirmed', 'cancelled', 'declined', 'no_show', 'completed'].map((s) => Type.Literal(s)));
const MeetingLocation = Type.Object({ kind: Type.String({ minLength: 1, maxLength: 24 }), value: NullableText(1000) }, { additionalProperties: false });
const Actor = Type.Object(
  { type: Type.Union([Type.Literal('contact'), Type.Literal('user'), Type.Literal('system')]), id: Type.Optional(Type.Union([Type.String({ maxLength: 40 }), Type.Null()])) },
  { additionalProperties: false, description: 'Who acts, when not the API key itself; an invitee (contact) is held to the calendar’s cancel/reschedule rules' },
);
const InlineContact = Type.Object(
  {
    firstName: NullableText(100),
    lastName: NullableText(100),
    email: NullableText(320),
    phone: NullableText(40),
    timeZone: NullableText(64),
    locale: NullableText(35),
  },
  { additionalProperties: false },
);

export const BookingCreate = Type.Object(
  {
    calendarId: Type.String({ minLength: 1, maxLength: 64 }),
    start: Instant,
    duration: Type.Optional(Type.Integer({ minimum: 1, maximum: 1440 })),
    contactId: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    contact: Type.Optional(InlineContact),
    hostId: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    seats: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
    title: NullableText(500),
    description: NullableText(10_000),
    timeZone: NullableText(64),
    meetingLocation: Type.Optional(Type.Union([MeetingLocation, Type.Null()])),
    answers: Type.Optional(
      Type.Array(
        Type.Object(
          {
            questionId: Type.String({ minLength: 1, maxLength: 64 }),
            value: Type.Union([Type.String({ maxLength: 5000 }), Type.Number(), Type.Boolean(), Type.Array(Type.String({ maxLength: 200 }), { maxItems: 100 })]),
          },
          { additionalProperties: false },
        ),
        { maxItems: 50 },
      ),
    ),
    override: Type.Optional(Type.Boolean({ description: 'Book outside availability and limits; may overlap. Marked on the booking.' })),
    recurrence: Type.Optional(
      Type.Object(
        {
          rrule: Type.String({ minLength: 6, maxLength: 500, description: 'RFC 5545 RRULE, e.g. FREQ=WEEKLY;COUNT=6' }),
          onConflict: Type.Optional(Type.Union(['fail', 'skip', 'next', 'force'].map((o) => Type.Literal(o)))),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);

export const BookingPatch = Type.Object(
  { title: NullableText(500), description: NullableText(10_000), timeZone: NullableText(64), meetingLocation: Type.Optional(Type.Union([MeetingLocation, Type.Null()])) },
  { additionalProperties: false },
);

export const RescheduleBody = Type.Object(
  {
    start: Instant,
    duration: Type.Optional(Type.Integer({ minimum: 1, maximum: 1440 })),
    hostId: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    calendarId: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'Move it to this calendar of the same location (re-checked there)' })),
    override: Type.Optional(Type.Boolean()),
    reason: NullableText(2000),
    series: Type.Optional(Type.Boolean({ description: 'Move this and every later occurrence of its series' })),
    by: Type.Optional(Actor),
  },
  { additionalProperties: false },
);

export const ActionBody = Type.Object(
  { reason: NullableText(2000), series: Type.Optional(Type.Boolean()), by: Type.Optional(Actor) },
  { additionalProperties: false },
);

export const BookingListQuery = {
  calendarId: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  hostId: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  contactId: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  status: Type.Optional(Type.String({ maxLength: 200, description: 'One status or several separated by commas' })),
  from: Type.Optional(Instant),
  to: Type.Optional(Instant),
  order: Type.Optional(Type.Union([Type.Literal('asc'), Type.Literal('desc')])),
  upcoming: Type.Optional(
    Type.Boolean({ description: 'Only bookings that have not started yet (by the server clock); without `status`: only pending and confirmed ones' }),
  ),
};

export const BookingBody = Type.Object(
  {
    id: Type.String(),
    locationId: Type.String(),
    calendarId: Type.String(),
    contactId: Type.String(),
    seriesId: Text,
    seriesIndex: Type.Union([Type.Integer(), Type.Null()]),
    status: Status,
    title: Text,
    description: Text,
    start: Timestamp,
    end: Timestamp,
    duration: Type.Integer(),
    timeZone: Text,
    seats: Type.Integer(),
    hosts: Type.Array(Type.Object({ userId: Type.String(), role: Type.String() })),
    meetingLocation: Type.Union([Type.Object({ kind: Type.String(), value: Text }), Type.Null()]),
    answers: Type.Array(Type.Object({ questionId: Text, label: Type.String(), value: Type.String() })),
    resourceIds: Type.Array(Type.String(), { description: 'The rooms and equipment the booking holds' }),
    override: Type.Boolean(),
    createdVia: Type.String(),
    createdBy: Type.Object({ type: Type.String(), id: Text }),
    cancelReason: Text,
    cancelledAt: Type.Union([Timestamp, Type.Null()]),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  },
  { $id: 'Booking' },
);

export const CreatedBookingBody = Type.Intersect([
  BookingBody,
  Type.Object({
    occurrences: Type.Optional(Type.Array(BookingBody)),
    skippedOccurrences: Type.Optional(Type.Array(Type.String())),
  }),
]);

export const HistoryBody = Type.Object({
  data: Type.Array(
    Type.Object({
      type: Type.String(),
      fromStatus: Text,
      toStatus: Text,
      before: Type.Unknown(),
      after: Type.Unknown(),
      reason: Text,
      actor: Type.Object({ type: Type.String(), id: Text }),
      via: Type.String(),
      at: Timestamp,
    }),
  ),
});

export const NoteBody = Type.Object({ id: Type.String(), bookingId: Type.String(), body: Type.String(), userId: Text, createdAt: Timestamp, updatedAt: Timestamp });
export const NoteCreate = Type.Object({ body: Type.String({ minLength: 1, maxLength: 10_000 }), userId: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })) }, { additionalProperties: false });
export const NotePatch = Type.Object({ body: Type.String({ minLength: 1, maxLength: 10_000 }) }, { additionalProperties: false });

export function bookingToWire(booking: Booking) {
  return {
    id: booking.id,
    locationId: booking.locationId,
    calendarId: booking.calendarId,
    contactId: booking.contactId,
    seriesId: booking.seriesId,
    seriesIndex: booking.seriesIndex,
    status: booking.status,
    title: booking.title,
    description: booking.description,
    start: iso(booking.start),
    end: iso(booking.end),
    duration: Math.round((booking.end - booking.start) / 60_000),
    timeZone: booking.timeZone,
    seats: booking.seats,
    hosts: booking.hosts.map((h) => ({ userId: h.userId, role: h.role })),
    meetingLocation: booking.meetingLocation,
    answers: booking.answers,
    resourceIds: booking.resourceIds,
    override: booking.override !== 'none',
    createdVia: booking.createdVia,
    createdBy: { type: booking.createdByType, id: booking.createdById },
    cancelReason: booking.cancelReason,
    cancelledAt: iso(booking.cancelledAt),
    createdAt: iso(booking.createdAt),
    updatedAt: iso(booking.updatedAt),
  };
}

export function historyToWire(entry: HistoryEntry) {
  return { ...entry, at: iso(entry.at) };
}

export function noteToWire(note: BookingNote) {
  return { ...note, createdAt: iso(note.createdAt), updatedAt: iso(note.updatedAt) };
}
