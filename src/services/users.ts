import type { Page, PageRequest } from '../store/repositories/scope.ts';
import {
  deleteUser,
  findUser,
  insertUser,
  listUsers,
  updateUser,
  userHasBookings,
  calendarsOnlyHostedBy,
  type User,
  type UserFilter,
  type UserRole,
} from '../store/repositories/users.ts';
import type { UserUpdate } from '../store/schema.ts';
import type { ServiceContext } from './context.ts';
import { ConflictError, NotFoundError } from './errors.ts';
import { newPublicId } from './ids.ts';
import { tenantScopeOf, type Principal } from './principal.ts';
import { listScope, targetLocation } from './tenancy.ts';
import { uniquely } from './unique.ts';
import { checkTimeZone, FieldChecks, normalizeEmail, normalizePhone, trimmedName } from './validation.ts';

export const USER_ROLES: readonly UserRole[] = ['admin', 'user'];

export interface UserInput {
  locationId?: string;
  firstName: string;
  lastName: string;
  email: string;
  phone?: string | null;
  /** Defaults to the location's time zone. */
  timeZone?: string;
  role?: UserRole;
  active?: boolean;
}

export type UserPatch = Partial<Omit<UserInput, 'locationId'>>;

const DUPLICATE_EMAIL = 'A user with this e-mail address already exists in this location';

function columns(input: UserPatch): UserUpdate {
  const values: UserUpdate = {};
  const checks = new FieldChecks();
  if (input.firstName !== undefined) values.first_name = checks.take(() => trimmedName('firstName', input.firstName!));
  if (input.lastName !== undefined) values.last_name = input.lastName.trim();
  if (input.email !== undefined) values.email = checks.take(() => normalizeEmail('email', input.email!));
  if (input.phone !== undefined) values.phone = checks.take(() => normalizePhone('phone', input.phone));
  if (input.timeZone !== undefined) values.time_zone = checks.take(() => checkTimeZone('timeZone', input.timeZone!));
  checks.throwIfAny();
  if (input.role !== undefined) values.role = input.role;
  if (input.active !== undefined) values.active = input.active ? 1 : 0;
  return values;
}

/** Hosts and staff: the people whose time is booked. */
export class UsersService {
  readonly #ctx: ServiceContext;

  constructor(ctx: ServiceContext) {
    this.#ctx = ctx;
  }

  async list(principal: Principal, filter: UserFilter & { locationId?: string }, page: PageRequest): Promise<Page<User>> {
    const db = this.#ctx.store.db;
    return listUsers(db, await listScope(db, principal, filter.locationId), filter, page);
  }

  async get(principal: Principal, id: string): Promise<User> {
    const user = await findUser(this.#ctx.store.db, tenantScopeOf(principal), id);
    if (!user) throw new NotFoundError('User', id);
    return user;
  }

  async create(principal: Principal, input: UserInput): Promise<User> {
    const values = columns(input);
    return this.#ctx.store.transaction(async (trx) => {
      const location = await targetLocation(trx, principal, input.locationId);
      const now = this.#ctx.clock.now();
      return uniquely('email', DUPLICATE_EMAIL, () =>
        insertUser(trx, {
          public_id: newPublicId(),
          location_id: location.pk,
          first_name: values.first_name!,
          last_name: values.last_name!,
          email: values.email!,
          phone: values.phone ?? null,
          time_zone: values.time_zone ?? location.timeZone,
          role: values.role ?? 'user',
          active: values.active ?? 1,
          created_at: now,
          updated_at: now,
        }),
      );
    });
  }

  async update(principal: Principal, id: string, patch: UserPatch): Promise<User> {
    const values = columns(patch);
    return this.#ctx.store.transaction(async (trx) => {
      const user = await findUser(trx, tenantScopeOf(principal), id);
      if (!user) throw new NotFoundError('User', id);
      return uniquely('email', DUPLICATE_EMAIL, () => updateUser(trx, user.pk, { ...values, updated_at: this.#ctx.clock.now() }));
    });
  }

  async delete(principal: Principal, id: string): Promise<void> {
    await this.#ctx.store.transaction(async (trx) => {
      const user = await findUser(trx, tenantScopeOf(principal), id);
      if (!user) throw new NotFoundError('User', id);
      if (await userHasBookings(trx, user.pk)) {
        throw new ConflictError('This user has bookings and cannot be deleted; set active to false instead', [{ field: 'id', message: 'has bookings' }]);
      }
      const alone = await calendarsOnlyHostedBy(trx, user.pk);
      if (alone.length > 0) {
        throw new ConflictError(`This user is the only host of ${alone.join(', ')}; give them another host first`, [{ field: 'id', message: 'is the only host of a calendar' }]);
      }
      await deleteUser(trx, user.pk);
    });
  }
}
