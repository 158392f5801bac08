import type { ContactInput } from '../../../services/contacts.ts';
import type { Contact } from '../../../store/repositories/contacts.ts';
import { isoOf, withoutNulls } from '../wire.ts';

/** HighLevel's contact fields that Slotbase keeps. Others (gender, dndSettings, assignedTo, ...) are accepted and not stored. */
export interface LcContactBody {
  locationId?: string;
  firstName?: string | null;
  lastName?: string | null;
  name?: string | null;
  email?: string | null;
  phone?: string | null;
  address1?: string | null;
  city?: string | null;
  state?: string | null;
  postalCode?: string | null;
  website?: string | null;
  timezone?: string | null;
  dnd?: boolean;
  tags?: string[];
  customFields?: Array<{ id?: string; key?: string; field_value?: unknown; value?: unknown }>;
  source?: string | null;
  dateOfBirth?: string | null;
  country?: string | null;
  companyName?: string | null;
}

/** `name` fills first and last name when those are not given. */
/**
 * The spec's date-of-birth forms (YYYY/MM/DD, MM/DD/YYYY and the same with `-`, `.` or `_`, or an
 * ISO date-time) as YYYY-MM-DD; anything else goes on as sent and is refused as a date.
 */
function isoDateOfBirth(value: string): string {
  const yearFirst = /^(\d{4})[-/._](\d{2})[-/._](\d{2})(?:$|T)/.exec(value);
  if (yearFirst) return `${yearFirst[1]}-${yearFirst[2]}-${yearFirst[3]}`;
  const monthFirst = /^(\d{2})[-/._](\d{2})[-/._](\d{4})$/.exec(value);
  if (monthFirst) return `${monthFirst[3]}-${monthFirst[1]}-${monthFirst[2]}`;
  return value;
}

export function lcToContactInput(body: LcContactBody): ContactInput {
  let { firstName, lastName } = body;
  if (body.name && firstName === undefined && lastName === undefined) {
    const [first, ...rest] = body.name.trim().split(/\s+/);
    firstName = first ?? null;
    lastName = rest.length > 0 ? rest.join(' ') : null;
  }
  const input: ContactInput = {
    firstName,
    lastName,
    email: body.email,
    phone: body.phone,
    address1: body.address1,
    city: body.city,
    state: body.state,
    postalCode: body.postalCode,
    website: body.website,
    timeZone: body.timezone,
    dnd: body.dnd,
    tags: body.tags,
    source: body.source,
    dateOfBirth: body.dateOfBirth === undefined || body.dateOfBirth === null ? body.dateOfBirth : isoDateOfBirth(body.dateOfBirth),
    country: body.country,
    companyName: body.companyName,
  };
  if (body.customFields) {
    input.customFields = body.customFields.map((f) => ({ id: String(f.id ?? f.key ?? ''), value: f.field_value ?? f.value ?? null }));
  }
  return Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)) as ContactInput;
}

export function contactToLc(contact: Contact) {
  const name = [contact.firstName, contact.lastName].filter(Boolean).join(' ');
  return withoutNulls({
    id: contact.id,
    locationId: contact.locationId,
    name: name || null,
    firstName: contact.firstName,
    lastName: contact.lastName,
    firstNameLowerCase: contact.firstName?.toLowerCase() ?? null,
    lastNameLowerCase: contact.lastName?.toLowerCase() ?? null,
    fullNameLowerCase: name ? name.toLowerCase() : null,
    email: contact.email,
    emailLowerCase: contact.email,
    phone: contact.phone,
    timezone: contact.timeZone,
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
    type: 'lead',
    tags: contact.tags,
    customFields: contact.customFields.map((f) => ({ id: f.id, value: typeof f.value === 'string' ? f.value : JSON.stringify(f.value) })),
    dateAdded: isoOf(contact.createdAt),
    dateUpdated: isoOf(contact.updatedAt),
  });
}
