import { Type } from 'typebox';
import type { User } from '../../../store/repositories/users.ts';
import { iso, NullableText, Timestamp } from './common.ts';

const Role = Type.Union([Type.Literal('admin'), Type.Literal('user')]);

export const UserBody = Type.Object(
  {
    id: Type.String(),
    locationId: Type.String(),
    firstName: Type.String(),
    lastName: Type.String(),
    name: Type.String(),
    email: Type.String(),
    phone: Type.Union([Type.String(), Type.Null()]),
    timeZone: Type.String(),
    role: Role,
    active: Type.Boolean(),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  },
  { $id: 'User' },
);

const fields = {
  firstName: Type.String({ minLength: 1, maxLength: 100 }),
  lastName: Type.String({ maxLength: 100 }),
  email: Type.String({ minLength: 3, maxLength: 320 }),
  phone: NullableText(40),
  timeZone: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'IANA time zone; defaults to the location’s' })),
  role: Type.Optional(Role),
  active: Type.Optional(Type.Boolean()),
};

export const UserCreate = Type.Object(
  { locationId: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })), ...fields },
  { additionalProperties: false },
);
export const UserPatch = Type.Partial(Type.Object(fields), { additionalProperties: false });

export const UserListQuery = {
  role: Type.Optional(Role),
  active: Type.Optional(Type.Boolean()),
};

export function userToWire(user: User) {
  return {
    id: user.id,
    locationId: user.locationId,
    firstName: user.firstName,
    lastName: user.lastName,
    name: `${user.firstName} ${user.lastName}`.trim(),
    email: user.email,
    phone: user.phone,
    timeZone: user.timeZone,
    role: user.role,
    active: user.active,
    createdAt: iso(user.createdAt),
    updatedAt: iso(user.updatedAt),
  };
}
