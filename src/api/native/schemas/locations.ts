import { Type } from 'typebox';
import type { Location } from '../../../store/repositories/locations.ts';
import { iso, NullableText, Timestamp } from './common.ts';

export const LocationBody = Type.Object(
  {
    id: Type.String(),
    name: Type.String(),
    timeZone: Type.String(),
    email: Type.Union([Type.String(), Type.Null()]),
    phone: Type.Union([Type.String(), Type.Null()]),
    address: Type.Union([Type.String(), Type.Null()]),
    website: Type.Union([Type.String(), Type.Null()]),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  },
  { $id: 'Location' },
);

const fields = {
  name: Type.String({ minLength: 1, maxLength: 200 }),
  timeZone: Type.String({ minLength: 1, maxLength: 64, description: 'IANA time-zone name, e.g. Europe/London' }),
  email: NullableText(320),
  phone: NullableText(40),
  address: NullableText(500),
  website: NullableText(500),
};

export const LocationCreate = Type.Object(fields, { additionalProperties: false });
export const LocationPatch = Type.Partial(Type.Object(fields), { additionalProperties: false });

export function locationToWire(location: Location) {
  return {
    id: location.id,
    name: location.name,
    timeZone: location.timeZone,
    email: location.email,
    phone: location.phone,
    address: location.address,
    website: location.website,
    createdAt: iso(location.createdAt),
    updatedAt: iso(location.updatedAt),
  };
}
