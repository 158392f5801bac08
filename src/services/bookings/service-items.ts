import { MINUTE_MS } from '../../core/time-zone.ts';
import type { Queryable } from '../../store/database.ts';
import type { AddOn, ServiceItem } from '../../store/repositories/booking-services.ts';
import { loadCalendar, type Calendar } from '../../store/repositories/calendars.ts';
import type { TenantScope } from '../../store/repositories/scope.ts';
import { loadServiceDetails, serviceOfVariation, type ServiceVariation } from '../../store/repositories/service-variations.ts';
import { findUser } from '../../store/repositories/users.ts';
import { NotFoundError, ValidationError } from '../errors.ts';
import type { ItemPlan } from './service-placement.ts';

/** The most services one booking may hold. */
export const MAX_ITEMS = 20;

export interface ServiceItemInput {
  /** A service, or one of its variations (its duration, buffers and price then apply). */
  id: string;
  /** Staff member to give it; must be staff of the service. Absent: the first free one. */
  staffId?: string;
  /** Order in the booking (ascending); absent: the order given. */
  position?: number;
  /** Each lengthens the item by `duration` minutes × `quantity` (default 1). */
  addOns?: Array<{ id: string; quantity?: number; duration?: number }>;
}

/** An item lasts at most a day, like any booking. */
const MAX_ITEM_MINUTES = 1440;

function wholeNumber(field: string, value: number | undefined, fallback: number, min: number, max: number): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < min || value > max) throw ValidationError.field(field, `must be a whole number from ${min} to ${max}`);
  return value;
}

/** A service (kind `service`, not deleted) of the scope by its id or one of its variations' ids. */
async function serviceAndVariation(db: Queryable, scope: TenantScope & { locationPk: number }, id: string): Promise<{ service: Calendar; variation: ServiceVariation | null }> {
  const direct = await loadCalendar(db, scope, id);
  if (direct?.kind === 'service') return { service: direct, variation: null };
  const owner = await serviceOfVariation(db, scope.locationPk, id);
  const service = owner === undefined ? undefined : await loadCalendar(db, scope, owner);
  if (!service) throw new NotFoundError('Service', id);
  const details = await loadServiceDetails(db, [service.pk]);
  return { service, variation: details.get(service.pk)!.variations.find((v) => v.id === id)! };
}

/** The staff member a client asks for: staff of the service; a user of another location is "not found". */
async function checkStaff(db: Queryable, scope: TenantScope, service: Calendar, staffId: string, field: string): Promise<void> {
  if (service.hosts.some((h) => h.userId === staffId)) return;
  if (!(await findUser(db, scope, staffId))) throw new NotFoundError('User', staffId);
  throw ValidationError.field(field, `${staffId} is not staff of the service ${service.name}`);
}

/**
 * A booking's requested services as plans, in position order: the service or variation, its
 * length (duration + add-ons), its buffers and the requested staff member.
 */
export async function planItems(db: Queryable, scope: TenantScope & { locationPk: number }, inputs: ServiceItemInput[], override: boolean): Promise<ItemPlan[]> {
  if (inputs.length === 0) throw ValidationError.field('services', 'at least one service is required');
  if (inputs.length > MAX_ITEMS) throw ValidationError.field('services', `at most ${MAX_ITEMS} services`);
  const ordered = inputs.map((input, i) => ({ input, i, position: input.position ?? i })).sort((a, b) => a.position - b.position || a.i - b.i);
  const plans: ItemPlan[] = [];
  for (const { input, i } of ordered) {
    const field = `services.${i}`;
    const { service, variation } = await serviceAndVariation(db, scope, input.id);
    if (!service.active && !override) throw ValidationError.field(`${field}.id`, `the service ${service.name} is not active`);
    if (input.staffId !== undefined) await checkStaff(db, scope, service, input.staffId, `${field}.staffId`);
    const addOns: AddOn[] = (input.addOns ?? []).map((a, k) => ({
      id: a.id,
      quantity: wholeNumber(`${field}.addOns.${k}.quantity`, a.quantity, 1, 1, MAX_ITEM_MINUTES),
      duration: wholeNumber(`${field}.addOns.${k}.duration`, a.duration, 0, 0, MAX_ITEM_MINUTES),
    }));
    const base = variation?.durationMin ?? service.durations.find((d) => d.isDefault)?.minutes ?? service.durations[0]!.minutes;
    const durationMin = base + addOns.reduce((sum, a) => sum + a.duration * a.quantity, 0);
    if (durationMin > MAX_ITEM_MINUTES) throw ValidationError.field(`${field}.addOns`, `make the service last ${durationMin} minutes; at most ${MAX_ITEM_MINUTES}`);
    plans.push({
      service,
      variation,
      durationMin,
      preBufferMin: variation?.preBufferMin ?? service.preBufferMin,
      postBufferMin: variation?.postBufferMin ?? service.postBufferMin,
      addOns,
      ...(input.staffId !== undefined ? { staffId: input.staffId } : {}),
    });
  }
  return plans;
}

/**
 * A booking's stored items as plans again (a booking that moves or re-occupies): same services,
 * lengths and buffers; a requested staff member stays requested, a chosen one is kept if free.
 */
export async function replanItems(db: Queryable, scope: TenantScope, items: ServiceItem[]): Promise<ItemPlan[]> {
  const plans: ItemPlan[] = [];
  for (const item of items) {
    const service = await loadCalendar(db, scope, item.serviceId);
    if (!service) throw ValidationError.field('services', `the service ${item.serviceId} no longer exists; send the services again`);
    const variation = item.variantPk === null ? null : ((await loadServiceDetails(db, [service.pk])).get(service.pk)!.variations.find((v) => v.pk === item.variantPk) ?? null);
    plans.push({
      service,
      variation,
      durationMin: Math.round((item.end - item.start) / MINUTE_MS),
      preBufferMin: item.preBufferMin,
      postBufferMin: item.postBufferMin,
      addOns: item.addOns,
      ...(item.staffRequested ? { staffId: item.staffId } : { preferredStaffId: item.staffId }),
    });
  }
  return plans;
}
