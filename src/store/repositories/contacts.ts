import type { Queryable } from '../database.ts';
import type { ContactUpdate, NewContact } from '../schema.ts';
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

export interface ContactFilter {
  q?: string;
  email?: string;
  tag?: string;
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
  return contacts.page(query, page);
}
