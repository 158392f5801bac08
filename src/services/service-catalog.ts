import type { Queryable } from '../store/database.ts';
import { findCalendarGroup } from '../store/repositories/calendar-groups.ts';
import {
  insertCalendar,
  listCalendarRecords,
  loadCalendar,
  loadCalendarParts,
  replaceCalendarParts,
  softDeleteCalendar,
  updateCalendarRow,
  type Calendar,
} from '../store/repositories/calendars.ts';
import type { TenantScope } from '../store/repositories/scope.ts';
import { loadServiceDetails, saveVariations, updateServiceColumns, type Payment, type ServiceDetails, type VariationRow } from '../store/repositories/service-variations.ts';
import { findUser } from '../store/repositories/users.ts';
import type { CalendarUpdate } from '../store/schema.ts';
import { isValidSlug } from './calendars.ts';
import type { ServiceContext } from './context.ts';
import { NotFoundError, ValidationError } from './errors.ts';
import { newPublicId } from './ids.ts';
import { tenantScopeOf, type Principal } from './principal.ts';
import { listScope, targetLocation } from './tenancy.ts';
import { uniquely } from './unique.ts';
import { trimmedName } from './validation.ts';

export type { Payment, ServiceVariation } from '../store/repositories/service-variations.ts';

/** A v3 service: a calendar of kind `service` (staff = hosts) with its variations and price. */
export interface CatalogService extends ServiceDetails {
  calendar: Calendar;
}

export interface VariationInput {
  /** An existing variation of the service (update only): updated in place, keeping its id. */
  id?: string;
  name?: string;
  /** Minutes; default: the service's duration. */
  durationMin?: number;
  /** Minutes; null or absent: the service's buffer. */
  preBufferMin?: number | null;
  postBufferMin?: number | null;
  payment?: Payment | null;
}

export interface ServiceInput {
  locationId?: string;
  name: string;
  slug: string;
  description?: string | null;
  color?: string;
  coverImage?: string | null;
  /** A calendar group of the service's location; null: none. */
  categoryId?: string | null;
  payment?: Payment | null;
  /** Minutes; default 30. */
  durationMin?: number;
  preBufferMin?: number;
  postBufferMin?: number;
  /** Hidden from public listings (HighLevel `isPrivate`). */
  secret?: boolean;
  /** Users of the location who give the service (at least one). */
  staffIds: string[];
  /** The whole list of variations (an update replaces it). */
  variations?: VariationInput[];
  /** Dialect fields kept and returned but not acted on, by dialect. */
  extensions?: Record<string, unknown>;
}

export type ServicePatch = Partial<Omit<ServiceInput, 'locationId'>>;

const DEFAULT_DURATION_MIN = 30;
const MEDIUM_PRIORITY = 1;
const DUPLICATE_SLUG = 'Another calendar or service of this location already uses this slug';
const COLOR = /^#[0-9a-fA-F]{6}(?:[0-9a-fA-F]{2})?$/;

/** Lengths and buffers of a service are at most a day, like a calendar's. */
const MAX_MINUTES = 1440;

function minutes(field: string, value: number, min: 0 | 1): number {
  if (!Number.isInteger(value) || value < min || value > MAX_MINUTES) throw ValidationError.field(field, `must be a whole number of minutes from ${min} to ${MAX_MINUTES}`);
  return value;
}

function checkPayment(field: string, payment: Payment | null | undefined): Payment | null | undefined {
  if (!payment) return payment;
  if (payment.amount !== undefined && !(payment.amount >= 0)) throw ValidationError.field(`${field}.amount`, 'must not be negative');
  if (payment.deposit !== undefined && !(payment.deposit >= 0)) throw ValidationError.field(`${field}.deposit`, 'must not be negative');
  if (payment.depositType === 'percentage' && payment.deposit !== undefined && payment.deposit > 100) {
    throw ValidationError.field(`${field}.deposit`, 'a percentage is at most 100');
  }
  return payment;
}

function columns(input: ServicePatch): CalendarUpdate {
  const values: CalendarUpdate = {};
  if (input.name !== undefined) values.name = trimmedName('name', input.name);
  if (input.slug !== undefined) {
    if (!isValidSlug(input.slug)) throw ValidationError.field('slug', 'use lower-case letters, digits and single hyphens');
    values.slug = input.slug;
  }
  if (input.description !== undefined) values.description = input.description;
  if (input.color !== undefined) {
    if (!COLOR.test(input.color)) throw ValidationError.field('eventColor', 'must be #RRGGBB or #RRGGBBAA');
    values.color = input.color.toLowerCase();
  }
  if (input.preBufferMin !== undefined) values.pre_buffer_min = minutes('preBuffer', input.preBufferMin, 0);
  if (input.postBufferMin !== undefined) values.post_buffer_min = minutes('postBuffer', input.postBufferMin, 0);
  if (input.secret !== undefined) values.secret = input.secret ? 1 : 0;
  if (input.extensions !== undefined) values.extensions = JSON.stringify(input.extensions);
  if (input.durationMin !== undefined) minutes('serviceDuration', input.durationMin, 1);
  checkPayment('payment', input.payment);
  return values;
}

export class ServiceCatalogService {
  readonly #ctx: ServiceContext;

  constructor(ctx: ServiceContext) {
    this.#ctx = ctx;
  }

  /** Every service of the location, in calendar order; optionally of one category, or only (non-)private ones. */
  async list(principal: Principal, filter: { locationId?: string; categoryId?: string; secret?: boolean } = {}): Promise<CatalogService[]> {
    const db = this.#ctx.store.db;
    const scope = await listScope(db, principal, filter.locationId);
    let groupPk: number | undefined;
    if (filter.categoryId !== undefined) groupPk = (await this.#category(db, scope, filter.categoryId))!;
    const calendars: Calendar[] = [];
    for (let offset = 0; ; offset += 100) {
      const page = await listCalendarRecords(db, scope, { kind: 'service', groupPk }, { limit: 100, offset });
      calendars.push(...(await loadCalendarParts(db, page.items)));
      if (offset + 100 >= page.total || page.items.length === 0) break;
    }
    return this.#withDetails(db, calendars.filter((c) => filter.secret === undefined || c.secret === filter.secret));
  }

  async get(principal: Principal, id: string, db: Queryable = this.#ctx.store.db): Promise<CatalogService> {
    const calendar = await loadCalendar(db, tenantScopeOf(principal), id);
    if (!calendar || calendar.kind !== 'service') throw new NotFoundError('Service', id);
    return (await this.#withDetails(db, [calendar]))[0]!;
  }

  async create(principal: Principal, input: ServiceInput): Promise<CatalogService> {
    const values = columns(input);
    if (input.staffIds.length === 0) throw ValidationError.field('staff', 'at least one staff member is required');
    return this.#ctx.store.transaction(async (trx) => {
      const location = await targetLocation(trx, principal, input.locationId);
      const scope = { organizationPk: principal.organizationPk, locationPk: location.pk };
      const hosts = await this.#staff(trx, scope, input.staffIds);
      if (input.categoryId !== undefined) values.group_id = await this.#category(trx, scope, input.categoryId);
      const now = this.#ctx.clock.now();
      const record = await uniquely('slug', DUPLICATE_SLUG, () =>
        insertCalendar(trx, { ...values, public_id: newPublicId(), location_id: location.pk, kind: 'service', name: values.name!, slug: values.slug!, created_at: now, updated_at: now }),
      );
      const durationMin = input.durationMin ?? DEFAULT_DURATION_MIN;
      await replaceCalendarParts(trx, record.pk, { hosts, durations: [{ minutes: durationMin, isDefault: true, publicId: newPublicId() }] }, now);
      await updateServiceColumns(trx, record.pk, { payment: input.payment, coverImage: input.coverImage });
      await saveVariations(trx, record.pk, undefined, this.#variations(input.variations ?? [], [], durationMin));
      return this.get(principal, record.id, trx);
    });
  }

  async update(principal: Principal, id: string, patch: ServicePatch): Promise<CatalogService> {
    const values = columns(patch);
    if (patch.staffIds !== undefined && patch.staffIds.length === 0) throw ValidationError.field('staff', 'at least one staff member is required');
    return this.#ctx.store.transaction(async (trx) => {
      const current = await this.get(principal, id, trx);
      const scope = { organizationPk: principal.organizationPk, locationPk: current.calendar.locationPk };
      const now = this.#ctx.clock.now();
      if (patch.categoryId !== undefined) values.group_id = await this.#category(trx, scope, patch.categoryId);
      await uniquely('slug', DUPLICATE_SLUG, () => updateCalendarRow(trx, current.calendar.pk, { ...values, updated_at: now }));
      if (patch.staffIds !== undefined) await replaceCalendarParts(trx, current.calendar.pk, { hosts: await this.#staff(trx, scope, patch.staffIds) }, now);
      await updateServiceColumns(trx, current.calendar.pk, { payment: patch.payment, coverImage: patch.coverImage });
      const durationMin = patch.durationMin ?? current.defaultDurationMin;
      const variations = patch.variations === undefined ? undefined : this.#variations(patch.variations, current.variations, durationMin);
      await saveVariations(trx, current.calendar.pk, patch.durationMin, variations);
      return this.get(principal, id, trx);
    });
  }

  /** Soft delete, as for calendars: existing bookings keep their service and their time. */
  async delete(principal: Principal, id: string): Promise<void> {
    await this.#ctx.store.transaction(async (trx) => {
      const current = await this.get(principal, id, trx);
      await softDeleteCalendar(trx, current.calendar.pk, this.#ctx.clock.now());
    });
  }

  async #withDetails(db: Queryable, calendars: Calendar[]): Promise<CatalogService[]> {
    const details = await loadServiceDetails(db, calendars.map((c) => c.pk));
    return calendars.map((calendar) => ({ calendar, ...details.get(calendar.pk)! }));
  }

  /** Staff as calendar hosts; a user of another location (or of none) is "not found". */
  async #staff(db: Queryable, scope: TenantScope, ids: string[]) {
    const seen = new Set<string>();
    const hosts = [];
    for (const [i, id] of ids.entries()) {
      if (seen.has(id)) throw ValidationError.field(`staff[${i}].id`, 'is listed twice');
      seen.add(id);
      const user = await findUser(db, scope, id);
      if (!user) throw new NotFoundError('User', id);
      hosts.push({ userPk: user.pk, priority: MEDIUM_PRIORITY, isPrimary: false, meetingLocation: null });
    }
    return hosts;
  }

  async #category(db: Queryable, scope: TenantScope, id: string | null): Promise<number | null> {
    if (id === null) return null;
    const group = await findCalendarGroup(db, scope, id);
    if (!group) throw new NotFoundError('Calendar group', id);
    return group.pk;
  }

  #variations(inputs: VariationInput[], current: ServiceDetails['variations'], serviceDurationMin: number): VariationRow[] {
    return inputs.map((v, i) => {
      const existing = v.id === undefined ? undefined : current.find((c) => c.id === v.id);
      if (v.id !== undefined && !existing) throw ValidationError.field(`variations[${i}].id`, `${v.id} is not a variation of this service`);
      const name = v.name ?? existing?.name;
      if (name === undefined) throw ValidationError.field(`variations[${i}].name`, 'is required for a new variation');
      const buffer = (field: 'preBuffer' | 'postBuffer', given: number | null | undefined, kept: number | null | undefined) =>
        given === undefined ? (kept ?? null) : given === null ? null : minutes(`variations[${i}].${field}`, given, 0);
      return {
        pk: existing?.pk,
        publicId: existing?.id ?? newPublicId(),
        name: trimmedName(`variations[${i}].name`, name),
        durationMin: v.durationMin === undefined ? (existing?.durationMin ?? serviceDurationMin) : minutes(`variations[${i}].serviceDuration`, v.durationMin, 1),
        preBufferMin: buffer('preBuffer', v.preBufferMin, existing?.preBufferMin),
        postBufferMin: buffer('postBuffer', v.postBufferMin, existing?.postBufferMin),
        payment: (v.payment === undefined ? existing?.payment : checkPayment(`variations[${i}].payment`, v.payment)) ?? null,
      };
    });
  }
}
