import { Type } from 'typebox';
import type { Contact } from '../../../store/repositories/contacts.ts';
import { iso, NullableText, Timestamp } from './common.ts';

const Text = Type.Union([Type.String(), Type.Null()]);
const CustomField = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }), value: Type.Unknown() }, { additionalProperties: false });

export const ContactBody = Type.Object(
  {
    id: Type.String(),
    locationId: Type.String(),
    firstName: Text,
    lastName: Text,
    name: Text,
    email: Text,
    phone: Text,
    timeZone: Text,
    locale: Text,
    companyName: Text,
    address1: Text,
    city: Text,
    state: Text,
    postalCode: Text,
    country: Text,
    website: Text,
    source: Text,
    dateOfBirth: Text,
    dnd: Type.Boolean(),
    tags: Type.Array(Type.String()),
    customFields: Type.Array(Type.Object({ id: Type.String(), value: Type.Unknown() })),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  },
  { $id: 'Contact' },
);

const fields = {
  firstName: NullableText(100),
  lastName: NullableText(100),
  email: NullableText(320),
  phone: NullableText(40),
  timeZone: NullableText(64),
  locale: NullableText(35),
  companyName: NullableText(200),
  address1: NullableText(300),
  city: NullableText(100),
  state: NullableText(100),
  postalCode: NullableText(20),
  country: NullableText(100),
  website: NullableText(500),
  source: NullableText(200),
  dateOfBirth: NullableText(10, { description: 'YYYY-MM-DD' }),
  dnd: Type.Optional(Type.Boolean()),
  tags: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 100 }), { maxItems: 100 })),
  customFields: Type.Optional(Type.Array(CustomField, { maxItems: 200 })),
};

export const ContactCreate = Type.Object(
  { locationId: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })), ...fields },
  { additionalProperties: false },
);
export const ContactPatch = Type.Object(fields, { additionalProperties: false });

export const ContactListQuery = {
  email: Type.Optional(Type.String({ minLength: 1, maxLength: 320 })),
  tag: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
};

export function contactToWire(contact: Contact) {
  const name = [contact.firstName, contact.lastName].filter(Boolean).join(' ');
  return {
    id: contact.id,
    locationId: contact.locationId,
    firstName: contact.firstName,
    lastName: contact.lastName,
    name: name === '' ? null : name,
    email: contact.email,
    phone: contact.phone,
    timeZone: contact.timeZone,
    locale: contact.locale,
    companyName: contact.companyName,
    address1: contact.address1,
    city: contact.city,
    state: contact.state,
    postalCode: contact.postalCode,
    country: contact.country,
    website: contact.website,
    source: contact.source,
    dateOfBirth: contact.dateOfBirth,
    dnd: contact.dnd,
    tags: contact.tags,
    customFields: contact.customFields,
    createdAt: iso(contact.createdAt),
    updatedAt: iso(contact.updatedAt),
  };
}
