import type { Generated, Insertable, Selectable, Updateable } from 'kysely';

/**
 * Table types. Instants are epoch milliseconds; booleans are stored as 0/1 integers and JSON as
 * text so that one migration set serves SQLite and PostgreSQL alike.
 */
export interface OrganizationsTable {
  id: Generated<number>;
  public_id: string;
  name: string;
  created_at: number;
  updated_at: number;
}

export interface LocationsTable {
  id: Generated<number>;
  public_id: string;
  organization_id: number;
  name: string;
  time_zone: string;
  email: string | null;
  phone: string | null;
  address: string | null;
  website: string | null;
  created_at: number;
  updated_at: number;
}

export interface UsersTable {
  id: Generated<number>;
  public_id: string;
  location_id: number;
  first_name: string;
  last_name: string;
  email: string;
  phone: string | null;
  time_zone: string;
  role: string;
  active: number;
  created_at: number;
  updated_at: number;
}

export interface ContactsTable {
  id: Generated<number>;
  public_id: string;
  location_id: number;
  first_name: string | null;
  last_name: string | null;
  email: string | null;
  phone: string | null;
  time_zone: string | null;
  locale: string | null;
  company_name: string | null;
  address1: string | null;
  city: string | null;
  state: string | null;
  postal_code: string | null;
  country: string | null;
  website: string | null;
  source: string | null;
  date_of_birth: string | null;
  dnd: number;
  /** JSON array of strings. */
  tags: string;
  /** JSON array of {id, value}. */
  custom_fields: string;
  created_at: number;
  updated_at: number;
}

export interface ApiKeysTable {
  id: Generated<number>;
  public_id: string;
  organization_id: number;
  /** null: an organization-wide key that may act on every location of its organization. */
  location_id: number | null;
  name: string;
  prefix: string;
  secret_hash: string;
  /** JSON array of scope names. */
  scopes: string;
  created_at: number;
  last_used_at: number | null;
  revoked_at: number | null;
}

export interface Database {
  organizations: OrganizationsTable;
  locations: LocationsTable;
  users: UsersTable;
  contacts: ContactsTable;
  api_keys: ApiKeysTable;
}

export type OrganizationRow = Selectable<OrganizationsTable>;
export type LocationRow = Selectable<LocationsTable>;
export type UserRow = Selectable<UsersTable>;
export type ContactRow = Selectable<ContactsTable>;
export type ApiKeyRow = Selectable<ApiKeysTable>;
export type NewLocation = Insertable<LocationsTable>;
export type LocationUpdate = Updateable<LocationsTable>;
export type NewUser = Insertable<UsersTable>;
export type UserUpdate = Updateable<UsersTable>;
export type NewContact = Insertable<ContactsTable>;
export type ContactUpdate = Updateable<ContactsTable>;
export type NewApiKey = Insertable<ApiKeysTable>;
