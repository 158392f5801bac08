import { Type } from 'typebox';
import type { Resource } from '../../../store/repositories/resources.ts';
import { iso, NullableText, Timestamp } from './common.ts';

const CalendarIds = Type.Array(Type.String({ minLength: 1, maxLength: 64 }), {
  maxItems: 100,
  description: 'Calendars of the same location whose bookings take it (a piece of equipment serves one)',
});

const common = {
  name: Type.String({ minLength: 1, maxLength: 200 }),
  description: NullableText(5000),
  active: Type.Optional(Type.Boolean({ description: 'An inactive resource is neither taken nor limits anything' })),
  calendarIds: Type.Optional(CalendarIds),
};
const roomFields = { ...common, capacity: Type.Integer({ minimum: 0, maximum: 100_000, description: 'People at once; a booking takes its seats as places' }) };
const equipmentFields = {
  ...common,
  quantity: Type.Integer({ minimum: 0, maximum: 100_000, description: 'Units owned; a booking takes one' }),
  outOfService: Type.Optional(Type.Integer({ minimum: 0, maximum: 100_000, description: 'Units that cannot be used; at most quantity' })),
};
const location = { locationId: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })) };

export const RoomCreate = Type.Object({ ...location, ...roomFields }, { additionalProperties: false });
export const RoomPatch = Type.Partial(Type.Object(roomFields), { additionalProperties: false });
export const EquipmentCreate = Type.Object({ ...location, ...equipmentFields }, { additionalProperties: false });
export const EquipmentPatch = Type.Partial(Type.Object(equipmentFields), { additionalProperties: false });

export const ResourceBody = Type.Object(
  {
    id: Type.String(),
    locationId: Type.String(),
    kind: Type.Union([Type.Literal('room'), Type.Literal('equipment')]),
    name: Type.String(),
    description: Type.Union([Type.String(), Type.Null()]),
    capacity: Type.Integer(),
    quantity: Type.Integer(),
    outOfService: Type.Integer(),
    active: Type.Boolean(),
    calendarIds: Type.Array(Type.String()),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  },
  { $id: 'Resource' },
);

export function resourceToWire(resource: Resource) {
  return {
    id: resource.id,
    locationId: resource.locationId,
    kind: resource.kind,
    name: resource.name,
    description: resource.description,
    capacity: resource.capacity,
    quantity: resource.quantity,
    outOfService: resource.outOfService,
    active: resource.active,
    calendarIds: resource.calendarIds,
    createdAt: iso(resource.createdAt),
    updatedAt: iso(resource.updatedAt),
  };
}
