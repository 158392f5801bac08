import { sql } from 'kysely';
import type { Queryable } from '../database.ts';
import type { ContactsTable, ContactUpdate, NewContact } from '../schema.ts';
import { locationOwned, type RowWithLocation } from './location-owned.ts';
import { containsText, type Page, type PageRequest, type TenantScope } from './scope.ts';

export interface CustomFieldValue {
  id: string;
  value: unknown;
}

export interface Contact {
  pk: number;
  id: string;
  locationPk: number;
  locationId: string;
  firstName: string | null;
  lastName: string | null;
  email: string | null;
  phone: string | null;
  timeZone: string | null;
  locale: string | null;
  companyName: string | null;
  address1: string | null;
  city: string | null;
  state: string | null;
  postalCode: string | null;
  country: string | null;
  website: string | null;
  source: string | null;
  dateOfBirth: string | null;
  dnd: boolean;
  tags: string[];
  customFields: CustomFieldValue[];
  createdAt: number;
  updatedAt: number;
}

function toContact(row: RowWithLocation<'contacts'>): Contact {
  return {
    pk: row.id,
    id: row.public_id,
    locationPk: row.location_id,
    locationId: row.location_public_id,
    firstName: row.first_name,
    lastName: row.last_name,
    email: row.email,
    phone: row.phone,
    timeZone: row.time_zone,
    locale: row.locale,
    companyName: row.company_name,
    address1: row.address1,
    city: row.city,
    state: row.state,
    postalCode: row.postal_code,
    country: row.country,
    website: row.website,
    source: row.source,
    dateOfBirth: row.date_of_birth,
    dnd: row.dnd === 1,
    tags: JSON.parse(row.tags) as string[],
    customFields: JSON.parse(row.custom_fields) as CustomFieldValue[],
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

// Every column by name (the compiler checks the list is whole): SQLite's JSON object of a row
// needs them spelled out.
const CONTACT_COLUMN_SET: Record<keyof ContactsTable, true> = {
  id: true, public_id: true, location_id: true, first_name: true, last_name: true, email: true, phone: true, time_zone: true, locale: true,
  company_name: true, address1: true, city: true, state: true, postal_code: true, country: true, website: true, source: true,
  date_of_birth: true, dnd: true, tags: true, custom_fields: true, created_at: true, updated_at: true,
};
export const CONTACT_COLUMNS = (Object.keys(CONTACT_COLUMN_SET) as Array<keyof ContactsTable>).map((c) => `contacts.${c}` as const);

/** A contact row read as JSON beside another record of the same location (whose ids are given). */
export function contactFromJson(row: Omit<RowWithLocation<'contacts'>, 'location_public_id' | 'location_time_zone'>, location: { publicId: string; timeZone: string }): Contact {
  return toContact({ ...row, location_public_id: location.publicId, location_time_zone: location.timeZone });
}

/** Contact fields a search can test, and their columns. */
export const SEARCHABLE_CONTACT_FIELDS = {
  firstName: 'first_name',
  lastName: 'last_name',
  email: 'email',
  phone: 'phone',
  companyName: 'company_name',
  source: 'source',
  city: 'city',
  country: 'country',
} as const;

export interface FieldCondition {
  field: keyof typeof SEARCHABLE_CONTACT_FIELDS;
  operator: 'eq' | 'not_eq' | 'contains' | 'exists' | 'not_exists';
  value?: string;
}

export interface ContactFilter {
  q?: string;
  email?: string;
  tag?: string;
  phone?: string;
  /** All must hold. */
  conditions?: FieldCondition[];
  /** Keyset paging: contacts created after this one (by creation time, then key). */
  after?: { createdAt: number; id: string };
}

const contacts = locationOwned('contacts', toContact);

export const insertContact = (db: Queryable, values: NewContact) => contacts.insert(db, values);
export const findContactByPk = (db: Queryable, pk: number) => contacts.findByPk(db, pk);
export const findContact = (db: Queryable, scope: TenantScope, publicId: string) => contacts.find(db, scope, publicId);
export const updateContact = (db: Queryable, pk: number, values: ContactUpdate) => contacts.update(db, pk, values);
export const deleteContact = (db: Queryable, pk: number) => contacts.remove(db, pk);

export async function findContactByEmail(db: Queryable, locationPk: number, email: string): Promise<Contact | undefined> {
  const row = await db.selectFrom('contacts').select('id').where('location_id', '=', locationPk).where('email', '=', email).executeTakeFirst();
  return row && contacts.findByPk(db, row.id);
}

export async function findContactByPhone(db: Queryable, locationPk: number, phone: string): Promise<Contact | undefined> {
  const row = await db.selectFrom('contacts').select('id').where('location_id', '=', locationPk).where('phone', '=', phone).orderBy('id').executeTakeFirst();
  return row && contacts.findByPk(db, row.id);
}

export function listContacts(db: Queryable, scope: TenantScope, filter: ContactFilter, page: PageRequest): Promise<Page<Contact>> {
  let query = contacts.scoped(db, scope);
  if (filter.q) {
    query = query.where(() =>
      containsText(['contacts.first_name', 'contacts.last_name', 'contacts.email', 'contacts.phone', 'contacts.company_name'], filter.q!),
    );
  }
  if (filter.email) query = query.where('contacts.email', '=', filter.email);
  // Tags are a JSON array of strings; match the quoted element so "vip" does not match "vip2".
  if (filter.tag) query = query.where(() => containsText(['contacts.tags'], JSON.stringify(filter.tag)));
  if (filter.phone) query = query.where('contacts.phone', '=', filter.phone);
  for (const condition of filter.conditions ?? []) {
    const column = `contacts.${SEARCHABLE_CONTACT_FIELDS[condition.field]}`;
    const value = condition.value ?? '';
    query = query.where(() => {
      switch (condition.operator) {
        case 'eq':
          return sql<boolean>`lower(${sql.ref(column)}) = ${value.toLowerCase()}`;
        case 'not_eq':
          return sql<boolean>`(${sql.ref(column)} is null or lower(${sql.ref(column)}) <> ${value.toLowerCase()})`;
        case 'contains':
          return containsText([column], value);
        case 'exists':
          return sql<boolean>`(${sql.ref(column)} is not null and ${sql.ref(column)} <> '')`;
        default:
          return sql<boolean>`(${sql.ref(column)} is null or ${sql.ref(column)} = '')`;
      }
    });
  }
  if (filter.after) {
    const { createdAt, id } = filter.after;
    query = query.where(
      () =>
        sql<boolean>`(contacts.created_at > ${createdAt} or (contacts.created_at = ${createdAt} and contacts.id > coalesce((select c.id from contacts c where c.public_id = ${id}), 0)))`,
    );
  }
  return contacts.page(query, page);
}
