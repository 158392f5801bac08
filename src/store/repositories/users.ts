import type { Queryable } from '../database.ts';
import type { SelectQueryBuilder } from 'kysely';
import type { Database, NewUser, UserRow, UserUpdate } from '../schema.ts';
import { containsText, inScope, pageOf, type Page, type PageRequest, type TenantScope } from './scope.ts';

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

type UserWithLocation = UserRow & { location_public_id: string };

function toUser(row: UserWithLocation): User {
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

function selectUserColumns(query: SelectQueryBuilder<Database, 'users' | 'locations', object>) {
  return query.selectAll('users').select('locations.public_id as location_public_id');
}

function usersWithLocation(db: Queryable) {
  return selectUserColumns(db.selectFrom('users').innerJoin('locations', 'locations.id', 'users.location_id'));
}

export interface UserFilter {
  q?: string;
  role?: UserRole;
  active?: boolean;
}

export async function insertUser(db: Queryable, values: NewUser): Promise<User> {
  const { id } = await db.insertInto('users').values(values).returning('id').executeTakeFirstOrThrow();
  return (await findUserByPk(db, id))!;
}

export async function findUserByPk(db: Queryable, pk: number): Promise<User | undefined> {
  const row = await usersWithLocation(db).where('users.id', '=', pk).executeTakeFirst();
  return row && toUser(row);
}

export async function findUser(db: Queryable, scope: TenantScope, publicId: string): Promise<User | undefined> {
  const row = await usersWithLocation(db)
    .where('users.public_id', '=', publicId)
    .where(() => inScope('users.location_id', scope))
    .executeTakeFirst();
  return row && toUser(row);
}

export async function listUsers(db: Queryable, scope: TenantScope, filter: UserFilter, page: PageRequest): Promise<Page<User>> {
  let query = db
    .selectFrom('users')
    .innerJoin('locations', 'locations.id', 'users.location_id')
    .where(() => inScope('users.location_id', scope));
  if (filter.q) {
    query = query.where(() => containsText(['users.first_name', 'users.last_name', 'users.email', 'users.phone'], filter.q!));
  }
  if (filter.role) query = query.where('users.role', '=', filter.role);
  if (filter.active !== undefined) query = query.where('users.active', '=', filter.active ? 1 : 0);
  return pageOf(query, 'users', selectUserColumns, page, toUser);
}

export async function updateUser(db: Queryable, pk: number, values: UserUpdate): Promise<User> {
  await db.updateTable('users').set(values).where('id', '=', pk).execute();
  return (await findUserByPk(db, pk))!;
}

export async function deleteUser(db: Queryable, pk: number): Promise<void> {
  await db.deleteFrom('users').where('id', '=', pk).execute();
}
