import { Type } from 'typebox';
import type { BlockedSlot } from '../../../store/repositories/blocked-slots.ts';
import { iso, NullableText, Timestamp } from './common.ts';

const Id = Type.String({ minLength: 1, maxLength: 64 });
const NullableId = (description: string) => Type.Optional(Type.Union([Id, Type.Null()], { description }));
const Instant = (description: string) => Type.String({ format: 'date-time', maxLength: 40, description });

export const BlockedSlotBody = Type.Object(
  {
    id: Type.String(),
    locationId: Type.String(),
    calendarId: Type.Union([Type.String(), Type.Null()]),
    userId: Type.Union([Type.String(), Type.Null()]),
    title: Type.Union([Type.String(), Type.Null()]),
    start: Timestamp,
    end: Timestamp,
    createdAt: Timestamp,
    updatedAt: Timestamp,
  },
  { $id: 'BlockedSlot' },
);

const owner = {
  calendarId: NullableId('Calendar block: closes this calendar for all its hosts (exactly one of calendarId and userId)'),
  userId: NullableId('User block: the user is busy on every calendar'),
};

export const BlockedSlotCreate = Type.Object(
  {
    locationId: Type.Optional(Id),
    ...owner,
    title: NullableText(500),
    start: Instant('ISO-8601 instant with an offset, e.g. 2026-06-02T11:00:00+02:00'),
    end: Instant('After start'),
  },
  { additionalProperties: false },
);

export const BlockedSlotPatch = Type.Object(
  {
    ...owner,
    title: NullableText(500),
    start: Type.Optional(Instant('ISO-8601 instant with an offset')),
    end: Type.Optional(Instant('After start')),
  },
  { additionalProperties: false, description: 'Moving a block to another owner: send the new id and null for the old one.' },
);

export const BlockedSlotListQuery = {
  calendarId: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'Blocks of this calendar' })),
  userId: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'Blocks of this user' })),
  from: Type.Optional(Type.String({ format: 'date-time', description: 'Only blocks ending after this instant' })),
  to: Type.Optional(Type.String({ format: 'date-time', description: 'Only blocks starting before this instant' })),
};

export function blockedSlotToWire(block: BlockedSlot) {
  return {
    id: block.id,
    locationId: block.locationId,
    calendarId: block.calendarId,
    userId: block.userId,
    title: block.title,
    start: iso(block.start),
    end: iso(block.end),
    createdAt: iso(block.createdAt),
    updatedAt: iso(block.updatedAt),
  };
}
