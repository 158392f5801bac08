import { Type } from 'typebox';
import type { CalendarGroup } from '../../../store/repositories/calendar-groups.ts';
import { iso, NullableText, Timestamp } from './common.ts';

export const CalendarGroupBody = Type.Object(
  {
    id: Type.String(),
    locationId: Type.String(),
    name: Type.String(),
    description: Type.Union([Type.String(), Type.Null()]),
    slug: Type.String(),
    active: Type.Boolean(),
    position: Type.Integer(),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  },
  { $id: 'CalendarGroup' },
);

const fields = {
  name: Type.String({ minLength: 1, maxLength: 200 }),
  description: NullableText(5000),
  slug: Type.Optional(
    Type.String({
      minLength: 1,
      // Longer slugs reach the service, which refuses them (422) like any other invalid slug.
      maxLength: 1000,
      description: 'Lower-case letters, digits and single hyphens (at most 100), unique in the location; generated from the name when absent',
    }),
  ),
  active: Type.Optional(Type.Boolean({ description: 'false disables the group' })),
  position: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000, description: 'List order (ascending)' })),
};

export const CalendarGroupCreate = Type.Object(
  { locationId: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })), ...fields },
  { additionalProperties: false },
);
export const CalendarGroupPatch = Type.Partial(Type.Object(fields), { additionalProperties: false });

export const CalendarGroupListQuery = {
  active: Type.Optional(Type.Boolean()),
};

export const ValidateSlugBody = Type.Object(
  {
    slug: Type.String({ maxLength: 1000 }),
    locationId: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'Required with an organization-wide key' })),
  },
  { additionalProperties: false },
);

export const ValidateSlugAnswer = Type.Object({
  available: Type.Boolean({ description: 'false when another group of the location has the slug or it is not a valid slug' }),
});

export function calendarGroupToWire(group: CalendarGroup) {
  return {
    id: group.id,
    locationId: group.locationId,
    name: group.name,
    description: group.description,
    slug: group.slug,
    active: group.active,
    position: group.position,
    createdAt: iso(group.createdAt),
    updatedAt: iso(group.updatedAt),
  };
}
