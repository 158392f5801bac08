import type { SelectQueryBuilder } from 'kysely';
import type { Queryable } from '../database.ts';
import type { ContactRow, ContactUpdate, Database, NewContact } from '../schema.ts';
import { containsText, inScope, pageOf, type Page, type PageRequest, type TenantScope } from './scope.ts';

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

type ContactWithLocation = ContactRow & { location_public_id: string };

function toContact(row: ContactWithLocation): Contact {
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

function selectContactColumns(query: SelectQueryBuilder<Database, 'contacts' | 'locations', object>) {
  return query.selectAll('contacts').select('locations.public_id as location_public_id');
}

function contactsWithLocation(db: Queryable) {
  return selectContactColumns(db.selectFrom('contacts').innerJoin('locations', 'locations.id', 'contacts.location_id'));
}

export interface ContactFilter {
  q?: string;
  email?: string;
  tag?: string;
}

export async function insertContact(db: Queryable, values: NewContact): Promise<Contact> {
  const { id } = await db.insertInto('contacts').values(values).returning('id').executeTakeFirstOrThrow();
  return (await findContactByPk(db, id))!;
}

export async function findContactByPk(db: Queryable, pk: number): Promise<Contact | undefined> {
  const row = await contactsWithLocation(db).where('contacts.id', '=', pk).executeTakeFirst();
  return row && toContact(row);
}

export async function findContact(db: Queryable, scope: TenantScope, publicId: string): Promise<Contact | undefined> {
  const row = await contactsWithLocation(db)
    .where('contacts.public_id', '=', publicId)
    .where(() => inScope('contacts.location_id', scope))
    .executeTakeFirst();
  return row && toContact(row);
}

export async function findContactByEmail(db: Queryable, locationPk: number, email: string): Promise<Contact | undefined> {
  const row = await contactsWithLocation(db)
    .where('contacts.location_id', '=', locationPk)
    .where('contacts.email', '=', email)
    .executeTakeFirst();
  return row && toContact(row);
}

export async function listContacts(db: Queryable, scope: TenantScope, filter: ContactFilter, page: PageRequest): Promise<Page<Contact>> {
  let query = db
    .selectFrom('contacts')
    .innerJoin('locations', 'locations.id', 'contacts.location_id')
    .where(() => inScope('contacts.location_id', scope));
  if (filter.q) {
    query = query.where(() =>
      containsText(['contacts.first_name', 'contacts.last_name', 'contacts.email', 'contacts.phone', 'contacts.company_name'], filter.q!),
    );
  }
  if (filter.email) query = query.where('contacts.email', '=', filter.email);
  // Tags are a JSON array of strings; match the quoted element so "vip" does not match "vip2".
  if (filter.tag) query = query.where(() => containsText(['contacts.tags'], JSON.stringify(filter.tag)));
  return pageOf(query, 'contacts', selectContactColumns, page, toContact);
}

export async function updateContact(db: Queryable, pk: number, values: ContactUpdate): Promise<Contact> {
  await db.updateTable('contacts').set(values).where('id', '=', pk).execute();
  return (await findContactByPk(db, pk))!;
}

export async function deleteContact(db: Queryable, pk: number): Promise<void> {
  await db.deleteFrom('contacts').where('id', '=', pk).execute();
}
