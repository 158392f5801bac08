import { Type } from 'typebox';
import type { Calendar } from '../../../store/repositories/calendars.ts';
import { QUESTION_TYPES, type HostPriority } from '../../../services/calendars.ts';
import { iso, NullableText, Timestamp } from './common.ts';

const Kind = Type.Union(['personal', 'round_robin', 'collective', 'class', 'service', 'event'].map((k) => Type.Literal(k)));
const Mode = Type.Union([Type.Literal('availability'), Type.Literal('equal_distribution')]);
const Priority = Type.Union([Type.Literal('low'), Type.Literal('medium'), Type.Literal('high')]);
const Minutes = (max: number) => Type.Integer({ minimum: 0, maximum: max, description: 'minutes' });
const MeetingLocation = Type.Object(
  { kind: Type.String({ minLength: 1, maxLength: 24, description: 'e.g. address, phone, video, custom' }), value: NullableText(1000) },
  { additionalProperties: false },
);
const MeetingLocationOut = Type.Union([Type.Object({ kind: Type.String(), value: Type.Union([Type.String(), Type.Null()]) }), Type.Null()]);
const BookingWindow = Type.Union([
  Type.Object({ kind: Type.Literal('unlimited') }, { additionalProperties: false }),
  Type.Object(
    {
      kind: Type.Literal('rolling'),
      amount: Type.Integer({ minimum: 1, maximum: 3650 }),
      unit: Type.Union([Type.Literal('days'), Type.Literal('weeks'), Type.Literal('months')]),
    },
    { additionalProperties: false },
  ),
  Type.Object(
    {
      kind: Type.Literal('fixed'),
      startDate: Type.Union([Type.String({ maxLength: 10 }), Type.Null()]),
      endDate: Type.Union([Type.String({ maxLength: 10 }), Type.Null()]),
    },
    { additionalProperties: false },
  ),
]);
const Notice = Type.Object(
  {
    amount: Type.Integer({ minimum: 0, maximum: 100_000 }),
    unit: Type.Union(['minutes', 'hours', 'days', 'weeks', 'months'].map((u) => Type.Literal(u))),
  },
  { additionalProperties: false },
);
const DailyLimit = Type.Object(
  { max: Type.Integer({ minimum: 0, maximum: 10_000 }), scope: Type.Union([Type.Literal('host'), Type.Literal('calendar')]) },
  { additionalProperties: false },
);
const HostIn = Type.Object(
  {
    userId: Type.String({ minLength: 1, maxLength: 64 }),
    priority: Type.Optional(Priority),
    isPrimary: Type.Optional(Type.Boolean()),
    meetingLocation: Type.Optional(Type.Union([MeetingLocation, Type.Null()])),
  },
  { additionalProperties: false },
);
const QuestionIn = Type.Object(
  {
    label: Type.String({ minLength: 1, maxLength: 500 }),
    type: Type.Union(QUESTION_TYPES.map((t) => Type.Literal(t))),
    required: Type.Optional(Type.Boolean()),
    options: Type.Optional(Type.Array(Type.String({ maxLength: 200 }), { maxItems: 100 })),
    position: Type.Optional(Type.Integer({ minimum: 0, maximum: 10_000, description: 'Display order, ascending (ties keep the list order); default: the index in the list' })),
  },
  { additionalProperties: false },
);

const fields = {
  name: Type.String({ minLength: 1, maxLength: 200 }),
  kind: Kind,
  groupId: Type.Optional(
    Type.Union([Type.String({ minLength: 1, maxLength: 64 }), Type.Null()], { description: 'A calendar group of the same location; null: none' }),
  ),
  // Longer slugs reach the service, which refuses them (422) like any other invalid slug.
  slug: Type.Optional(Type.String({ minLength: 1, maxLength: 1000 })),
  description: NullableText(5000),
  color: Type.Optional(Type.String({ maxLength: 9 })),
  roundRobinMode: Type.Optional(Mode),
  hosts: Type.Optional(Type.Array(HostIn, { maxItems: 200 })),
  durations: Type.Optional(Type.Array(Type.Integer({ minimum: 1, maximum: 1440 }), { minItems: 1, maxItems: 20 })),
  defaultDuration: Type.Optional(Type.Integer({ minimum: 1, maximum: 1440 })),
  slotInterval: Type.Optional(Type.Union([Type.Integer({ minimum: 1, maximum: 1440 }), Type.Null()])),
  preBuffer: Type.Optional(Minutes(1440)),
  postBuffer: Type.Optional(Minutes(1440)),
  minimumNotice: Type.Optional(Notice),
  bookingWindow: Type.Optional(BookingWindow),
  dailyLimit: Type.Optional(Type.Union([DailyLimit, Type.Null()])),
  seatsPerSlot: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000 })),
  timeZone: NullableText(64),
  active: Type.Optional(Type.Boolean()),
  secret: Type.Optional(Type.Boolean()),
  meetingLocation: Type.Optional(Type.Union([MeetingLocation, Type.Null()])),
  questions: Type.Optional(Type.Array(QuestionIn, { maxItems: 50 })),
  allowCancel: Type.Optional(Type.Boolean()),
  allowReschedule: Type.Optional(Type.Boolean()),
  cancellationWindow: Type.Optional(Type.Union([Minutes(525_600), Type.Null()])),
  autoConfirm: Type.Optional(Type.Boolean()),
  eventTitle: NullableText(500),
};

export const CalendarCreate = Type.Object(
  { locationId: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })), ...fields },
  { additionalProperties: false },
);
export const CalendarPatch = Type.Partial(Type.Object(fields), { additionalProperties: false });

export const CalendarListQuery = {
  kind: Type.Optional(Kind),
  active: Type.Optional(Type.Boolean()),
  hostId: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  groupId: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'Only the calendars of this calendar group' })),
};

const Text = Type.Union([Type.String(), Type.Null()]);
export const CalendarBody = Type.Object(
  {
    id: Type.String(),
    locationId: Type.String(),
    groupId: Text,
    name: Type.String(),
    kind: Kind,
    slug: Type.String(),
    description: Text,
    color: Type.String(),
    roundRobinMode: Mode,
    hosts: Type.Array(
      Type.Object({ userId: Type.String(), priority: Priority, isPrimary: Type.Boolean(), meetingLocation: MeetingLocationOut }),
    ),
    durations: Type.Array(Type.Integer()),
    defaultDuration: Type.Integer(),
    slotInterval: Type.Union([Type.Integer(), Type.Null()]),
    preBuffer: Type.Integer(),
    postBuffer: Type.Integer(),
    minimumNotice: Type.Object({ amount: Type.Integer(), unit: Type.String() }),
    bookingWindow: Type.Object({
      kind: Type.String(),
      amount: Type.Optional(Type.Integer()),
      unit: Type.Optional(Type.String()),
      startDate: Type.Optional(Text),
      endDate: Type.Optional(Text),
    }),
    dailyLimit: Type.Union([Type.Object({ max: Type.Integer(), scope: Type.String() }), Type.Null()]),
    seatsPerSlot: Type.Integer(),
    timeZone: Text,
    active: Type.Boolean(),
    secret: Type.Boolean(),
    meetingLocation: MeetingLocationOut,
    questions: Type.Array(
      Type.Object({ id: Type.String(), label: Type.String(), type: Type.String(), required: Type.Boolean(), options: Type.Array(Type.String()), position: Type.Integer() }),
    ),
    allowCancel: Type.Boolean(),
    allowReschedule: Type.Boolean(),
    cancellationWindow: Type.Union([Type.Integer(), Type.Null()]),
    autoConfirm: Type.Boolean(),
    eventTitle: Text,
    createdAt: Timestamp,
    updatedAt: Timestamp,
  },
  { $id: 'Calendar' },
);

const PRIORITY_NAME: HostPriority[] = ['low', 'medium', 'high'];

export function calendarToWire(calendar: Calendar) {
  return {
    id: calendar.id,
    locationId: calendar.locationId,
    groupId: calendar.groupId,
    name: calendar.name,
    kind: calendar.kind,
    slug: calendar.slug,
    description: calendar.description,
    color: calendar.color,
    roundRobinMode: calendar.roundRobinMode,
    hosts: calendar.hosts.map((h) => ({
      userId: h.userId,
      priority: PRIORITY_NAME[h.priority] ?? 'medium',
      isPrimary: h.isPrimary,
      meetingLocation: h.meetingLocation,
    })),
    durations: calendar.durations.map((d) => d.minutes),
    defaultDuration: (calendar.durations.find((d) => d.isDefault) ?? calendar.durations[0])?.minutes ?? 0,
    slotInterval: calendar.slotIntervalMin,
    preBuffer: calendar.preBufferMin,
    postBuffer: calendar.postBufferMin,
    minimumNotice: calendar.minNotice,
    bookingWindow: calendar.bookingWindow,
    dailyLimit: calendar.dailyLimit,
    seatsPerSlot: calendar.seatsPerSlot,
    timeZone: calendar.timeZone,
    active: calendar.active,
    secret: calendar.secret,
    meetingLocation: calendar.meetingLocation,
    questions: calendar.questions.map((q) => ({ id: q.id, label: q.label, type: q.type, required: q.required, options: q.options, position: q.position })),
    allowCancel: calendar.allowCancel,
    allowReschedule: calendar.allowReschedule,
    cancellationWindow: calendar.cancelWindowMin,
    autoConfirm: calendar.autoConfirm,
    eventTitle: calendar.eventTitle,
    createdAt: iso(calendar.createdAt),
    updatedAt: iso(calendar.updatedAt),
  };
}
