import { sql } from 'kysely';
import type { Queryable } from '../database.ts';
import type { NewUser, UserUpdate } from '../schema.ts';
import { locationOwned, type RowWithLocation } from './location-owned.ts';
import { containsText, type Page, type PageRequest, type TenantScope } from './scope.ts';

export type UserRole = 'admin' | 'user';

export interface User {
  pk: number;
  id: string;
  locationPk: number;
  locationId: string;
  firstName: string;
  lastName: string;
  email: string;
  phone: string | null;
  timeZone: string;
  role: UserRole;
  active: boolean;
  createdAt: number;
  updatedAt: number;
}

function toUser(row: RowWithLocation<'users'>): User {
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
    role: row.role as UserRole,
    active: row.active === 1,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export interface UserFilter {
  q?: string;
  role?: UserRole;
  active?: boolean;
  /** Only these users (public ids). */
  ids?: string[];
}

const users = locationOwned('users', toUser);

export const insertUser = (db: Queryable, values: NewUser) => users.insert(db, values);
export const findUserByPk = (db: Queryable, pk: number) => users.findByPk(db, pk);
export const findUser = (db: Queryable, scope: TenantScope, publicId: string) => users.find(db, scope, publicId);
export const updateUser = (db: Queryable, pk: number, values: UserUpdate) => users.update(db, pk, values);
export const deleteUser = (db: Queryable, pk: number) => users.remove(db, pk);

export function listUsers(db: Queryable, scope: TenantScope, filter: UserFilter, page: PageRequest): Promise<Page<User>> {
  let query = users.scoped(db, scope);
  if (filter.q) {
    query = query.where(() => containsText(['users.first_name', 'users.last_name', 'users.email', 'users.phone'], filter.q!));
  }
  if (filter.role) query = query.where('users.role', '=', filter.role);
  if (filter.active !== undefined) query = query.where('users.active', '=', filter.active ? 1 : 0);
  if (filter.ids) query = filter.ids.length === 0 ? query.where(sql<boolean>`1 = 0`) : query.where('users.public_id', 'in', filter.ids);
  return users.page(query, page);
}

/** True when the user hosts or hosted any booking (those rows keep their host). */
export async function userHasBookings(db: Queryable, pk: number): Promise<boolean> {
  const row = await db.selectFrom('booking_hosts').select('id').where('user_id', '=', pk).limit(1).executeTakeFirst();
  return row !== undefined;
}

/** Public ids of the live calendars (and services) that need a host and have only this user. */
export async function calendarsOnlyHostedBy(db: Queryable, pk: number): Promise<string[]> {
  const rows = await db
    .selectFrom('calendar_hosts as mine')
    .innerJoin('calendars', 'calendars.id', 'mine.calendar_id')
    .select('calendars.public_id')
    .where('mine.user_id', '=', pk)
    .where('calendars.deleted_at', 'is', null)
    .where('calendars.kind', '!=', 'event')
    .where((eb) => eb.not(eb.exists(eb.selectFrom('calendar_hosts as other').select('other.id').whereRef('other.calendar_id', '=', 'mine.calendar_id').where('other.user_id', '!=', pk))))
    .execute();
  return rows.map((r) => r.public_id);
}
