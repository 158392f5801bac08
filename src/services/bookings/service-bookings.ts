import { MINUTE_MS } from '../../core/time-zone.ts';
import type { Queryable } from '../../store/database.ts';
import {
  deleteServiceItems,
  insertServiceItems,
  listServiceBookingPks,
  loadServiceBookingExtras,
  type ServiceBookingExtras,
  type ServiceItem,
} from '../../store/repositories/booking-services.ts';
import {
  deleteBookingBusy,
  findBooking,
  findBookingByPk,
  lockBookings,
  insertBookingHosts,
  insertBookingReturning,
  OCCUPYING,
  setBookingHostsActive,
  updateBookingRow,
  type Booking,
  type BookingStatus,
} from '../../store/repositories/bookings.ts';
import { findContact } from '../../store/repositories/contacts.ts';
import { releaseBookingResources } from '../../store/repositories/resources.ts';
import type { ServiceLocation } from '../../store/repositories/service-locations.ts';
import { findServiceLocationByPk } from '../../store/repositories/service-locations.ts';
import { parseInstant } from '../instants.ts';
import type { ServiceContext } from '../context.ts';
import { ConflictError, NotFoundError, ValidationError } from '../errors.ts';
import { newPublicId } from '../ids.ts';
import { tenantScopeOf, type Principal } from '../principal.ts';
import { serviceLocationFor } from '../service-locations.ts';
import { targetLocation } from '../tenancy.ts';
import { checkTimeZone } from '../validation.ts';
import { recordEvent, snapshot, type Actor, type BookingEventType } from './history.ts';
import { planItems, replanItems, type ServiceItemInput } from './service-items.ts';
import { assignItems, placeServiceItems, timeItems, type ItemPlan, type PlacedItem } from './service-placement.ts';

export type { ServiceItemInput } from './service-items.ts';
export type { ServiceItem } from '../../store/repositories/booking-services.ts';

/** A service booking's status: a booking status, plus `invalid` (stored as cancelled, marked). */
export type ServiceBookingStatus = 'pending' | 'confirmed' | 'cancelled' | 'invalid' | 'completed' | 'no_show';

export interface ServiceBookingInput {
  locationId?: string;
  contactId: string;
  /** ISO-8601 instant of the first service's start; whole minutes. */
  start: string;
  /** ISO-8601; must be after `start`. The end is computed from the services (it wins). */
  end?: string;
  /** The booker's zone (IANA). */
  timeZone: string;
  items: ServiceItemInput[];
  /** Absent: the location's default (its oldest active service location), if any. */
  serviceLocationId?: string;
  /** Where to meet, required when the service location asks the booker. */
  meetingLocation?: string;
  title?: string;
  /** Default: confirmed, or pending when the first service does not auto-confirm. */
  status?: 'pending' | 'confirmed';
}

export interface ServiceBookingPatch {
  serviceLocationId?: string;
  meetingLocation?: string;
  title?: string;
  status?: ServiceBookingStatus;
  start?: string;
  end?: string;
  timeZone?: string;
  /** Replaces every item (placed again from the start). */
  items?: ServiceItemInput[];
}

export interface PlacementOptions {
  /** Book without checking availability (admin override): staff time is marked but not enforced. */
  override?: boolean;
  /** Skip minimum notice, booking window and daily limits (availability still applies). */
  ignoreLimits?: boolean;
  actor?: Actor;
  via?: string;
}

export interface ServiceBooking {
  booking: Booking;
  status: ServiceBookingStatus;
  /** The booker's zone (the first service's zone when none was given). */
  timeZone: string;
  serviceLocationId: string | null;
  /** What the booker said, at a service location that asks the booker. */
  meetingLocation: string | null;
  items: ServiceItem[];
}

/** A service booking with what its changes need besides. */
type Loaded = ServiceBooking & { extensions: Record<string, unknown>; serviceLocationPk: number | null };

const BOOKER = 'booker';
const INVALID = 'invalid';

function storedStatus(status: ServiceBookingStatus): BookingStatus {
  return status === INVALID ? 'cancelled' : status;
}

function occupies(status: ServiceBookingStatus): boolean {
  return OCCUPYING.includes(storedStatus(status));
}

function wholeMinute(field: string, value: string): number {
  const ms = parseInstant(field, value);
  if (ms % MINUTE_MS !== 0) throw ValidationError.field(field, 'must be a whole minute (no seconds)');
  return ms;
}

function notFree(plans: ItemPlan[], start: number, index: number): ConflictError {
  const what = index < 0 ? 'a staff member was just booked by someone else' : `${plans[index]!.service.name} at ${new Date(timeItems(start, plans)[index]!.start).toISOString()} is not free`;
  return new ConflictError(`The slot you have selected is no longer available: ${what}`, [{ field: 'startTime', message: 'is not available' }]);
}

/** The meeting location a booking keeps: the booker's answer where asked, else the service location's address. */
function meetingOf(location: ServiceLocation | null, given: string | undefined, kept: string | null): { kind: string; value: string | null } | null {
  if (location?.type === 'ask_booker' || location === null) {
    const value = given ?? kept;
    if (value === null || value === undefined || value.trim() === '') {
      if (location) throw ValidationError.field('meetingLocation', 'is required at a service location that asks the booker');
      return null;
    }
    return { kind: BOOKER, value: value.trim() };
  }
  // An offline location: its address is where to meet; a booker's answer is ignored.
  return location.address ? { kind: 'physical', value: location.address } : null;
}

/**
 * v3 service bookings: several services in sequence, each on its staff member, under one parent
 * booking. The items occupy staff through the parent's busy rows, so the database's "no double
 * booking" rule covers them like any appointment; every change is one transaction.
 */
export class ServiceBookingsService {
  readonly #ctx: ServiceContext;

  constructor(ctx: ServiceContext) {
    this.#ctx = ctx;
  }

  async get(principal: Principal, id: string, db: Queryable = this.#ctx.store.db): Promise<ServiceBooking> {
    return this.#find(db, principal, id);
  }

  async #find(db: Queryable, principal: Principal, id: string): Promise<Loaded> {
    const booking = await findBooking(db, tenantScopeOf(principal), id);
    const extras = booking && (await loadServiceBookingExtras(db, [booking.pk])).get(booking.pk);
    if (!booking || !extras) throw new NotFoundError('Service booking', id);
    return this.#assemble(booking, extras);
  }

  /** Service bookings (not deleted, any status) overlapping [from, to), optionally at one service location. */
  async list(principal: Principal, filter: { locationId?: string; from: number; to: number; serviceLocationId?: string }): Promise<ServiceBooking[]> {
    const db = this.#ctx.store.db;
    if (!(filter.to > filter.from)) throw ValidationError.field('endTime', 'must be after startTime');
    const location = await targetLocation(db, principal, filter.locationId);
    const scope = { organizationPk: principal.organizationPk, locationPk: location.pk };
    const serviceLocation = filter.serviceLocationId === undefined ? undefined : await serviceLocationFor(db, scope, filter.serviceLocationId);
    const pks = await listServiceBookingPks(db, location.pk, { from: filter.from, to: filter.to, serviceLocationPk: serviceLocation?.pk });
    const [bookings, extras] = await Promise.all([Promise.all(pks.map((pk) => findBookingByPk(db, pk))), loadServiceBookingExtras(db, pks)]);
    return bookings.map((booking) => this.#assemble(booking!, extras.get(booking!.pk)!));
  }

  async create(principal: Principal, input: ServiceBookingInput, options: PlacementOptions = {}): Promise<ServiceBooking> {
    const timeZone = checkTimeZone('timezone', input.timeZone);
    const start = wholeMinute('startTime', input.start);
    if (input.end !== undefined && !(parseInstant('endTime', input.end) > start)) throw ValidationError.field('endTime', 'must be after startTime');
    const override = options.override ?? false;
    return this.#ctx.store.transaction(async (trx) => {
      const location = await targetLocation(trx, principal, input.locationId);
      const scope = { organizationPk: principal.organizationPk, locationPk: location.pk };
      const contact = await findContact(trx, scope, input.contactId);
      if (!contact) throw new NotFoundError('Contact', input.contactId);
      const plans = await planItems(trx, scope, input.items, override);
      const serviceLocation = await serviceLocationFor(trx, scope, input.serviceLocationId);
      const meeting = meetingOf(serviceLocation, input.meetingLocation, null);
      const status: ServiceBookingStatus = input.status ?? (plans[0]!.service.autoConfirm ? 'confirmed' : 'pending');
      const times = timeItems(start, plans);
      const now = this.#ctx.clock.now();
      const actor = options.actor ?? { type: 'api_key' as const, id: principal.keyId };
      const via = options.via ?? 'native';
      const record = await insertBookingReturning(
        trx,
        {
          public_id: newPublicId(),
          location_id: location.pk,
          calendar_id: plans[0]!.service.pk,
          contact_id: contact.pk,
          status,
          title: input.title ?? plans.map((p) => p.service.name).join(', '),
          start_at: start,
          end_at: times.at(-1)!.end,
          pre_buffer_min: plans[0]!.preBufferMin,
          post_buffer_min: plans.at(-1)!.postBufferMin,
          time_zone: timeZone,
          meeting_location_kind: meeting?.kind ?? null,
          meeting_location: meeting?.value ?? null,
          service_location_id: serviceLocation?.pk ?? null,
          override: override ? 'availability' : options.ignoreLimits ? 'limits' : 'none',
          created_via: via,
          created_by_type: actor.type,
          created_by_id: actor.id,
          created_at: now,
          updated_at: now,
        },
        location.id,
      );
      const placed = await this.#occupy(trx, { bookingPk: record.pk, locationPk: location.pk, start, plans, timeZone, override, ignoreLimits: options.ignoreLimits ?? false, now });
      await this.#writeItems(trx, record.pk, placed, true, now);
      await recordEvent(trx, { booking: record, type: 'created', to: status, after: this.#snapshot(start, placed, status), actor, via, at: now });
      return this.#reload(trx, record.pk);
    });
  }

  async update(principal: Principal, id: string, patch: ServiceBookingPatch, options: PlacementOptions = {}): Promise<ServiceBooking> {
    const override = options.override ?? false;
    return this.#ctx.store.transaction(async (trx) => {
      // Two changes to one booking run one after the other.
      await lockBookings(trx, this.#ctx.store.kind, tenantScopeOf(principal), id, false);
      const current = await this.#find(trx, principal, id);
      const { booking } = current;
      const scope = { organizationPk: principal.organizationPk, locationPk: booking.locationPk };
      const now = this.#ctx.clock.now();
      const status = patch.status ?? current.status;
      const timeZone = patch.timeZone === undefined ? current.timeZone : checkTimeZone('timezone', patch.timeZone);
      const start = patch.start === undefined ? booking.start : wholeMinute('startTime', patch.start);
      if (patch.end !== undefined && !(parseInstant('endTime', patch.end) > start)) throw ValidationError.field('endTime', 'must be after startTime');
      const moved = patch.items !== undefined || start !== booking.start;
      const reoccupies = occupies(status) && (moved || !occupies(current.status));

      // Free the old time first, so that the booking never collides with itself.
      if (occupies(current.status) && (moved || !occupies(status))) {
        await deleteBookingBusy(trx, booking.pk);
        await releaseBookingResources(trx, booking.pk);
        await setBookingHostsActive(trx, booking.pk, false);
      }
      let placed: PlacedItem[] | null = null;
      if (moved || reoccupies) {
        const plans = patch.items !== undefined ? await planItems(trx, scope, patch.items, override) : await replanItems(trx, scope, current.items);
        placed = reoccupies
          ? await this.#occupy(trx, { bookingPk: booking.pk, locationPk: booking.locationPk, start, plans, timeZone, override, ignoreLimits: options.ignoreLimits ?? false, now })
          : assignItems(start, plans);
        if (!placed) throw ValidationError.field('services', 'a service has no staff');
        await deleteServiceItems(trx, booking.pk);
        await this.#writeItems(trx, booking.pk, placed, occupies(status), now);
      }

      const values: Parameters<typeof updateBookingRow>[2] = { status: storedStatus(status), time_zone: timeZone, updated_at: now };
      const extensions = { ...current.extensions };
      if (status === INVALID) extensions.statusLabel = INVALID;
      else delete extensions.statusLabel;
      values.extensions = JSON.stringify(extensions);
      if (patch.title !== undefined) values.title = patch.title;
      if (placed) {
        Object.assign(values, {
          calendar_id: placed[0]!.service.pk, start_at: start, end_at: placed.at(-1)!.end, pre_buffer_min: placed[0]!.preBufferMin, post_buffer_min: placed.at(-1)!.postBufferMin,
          ...(reoccupies ? { override: override ? 'availability' : options.ignoreLimits ? 'limits' : 'none' } : {}),
        });
      }
      if (occupies(status) !== occupies(current.status)) values.cancelled_at = occupies(status) ? null : now;
      if (patch.serviceLocationId !== undefined || patch.meetingLocation !== undefined) {
        const location = patch.serviceLocationId !== undefined ? await serviceLocationFor(trx, scope, patch.serviceLocationId) : await this.#locationOf(trx, current);
        const meeting = meetingOf(location, patch.meetingLocation, current.meetingLocation);
        Object.assign(values, { service_location_id: location?.pk ?? null, meeting_location_kind: meeting?.kind ?? null, meeting_location: meeting?.value ?? null });
      }
      await updateBookingRow(trx, booking.pk, values);
      const type: BookingEventType = status !== current.status ? eventOf(status) : moved ? 'rescheduled' : 'updated';
      await recordEvent(trx, {
        booking, type, from: booking.status, to: storedStatus(status),
        before: { ...snapshot(booking), status: current.status },
        after: placed ? this.#snapshot(start, placed, status) : { status },
        actor: options.actor ?? { type: 'api_key', id: principal.keyId }, via: options.via ?? 'native', at: now,
      });
      return this.#reload(trx, booking.pk);
    });
  }

  /** Removes a service booking from every list and frees its staff; its history stays. */
  async delete(principal: Principal, id: string, options: { actor?: Actor; via?: string } = {}): Promise<void> {
    await this.#ctx.store.transaction(async (trx) => {
      await lockBookings(trx, this.#ctx.store.kind, tenantScopeOf(principal), id, false);
      const { booking } = await this.get(principal, id, trx);
      const now = this.#ctx.clock.now();
      await deleteBookingBusy(trx, booking.pk);
      await releaseBookingResources(trx, booking.pk);
      await setBookingHostsActive(trx, booking.pk, false);
      await updateBookingRow(trx, booking.pk, { deleted_at: now, updated_at: now });
      await recordEvent(trx, { booking, type: 'deleted', from: booking.status, actor: options.actor ?? { type: 'api_key', id: principal.keyId }, via: options.via ?? 'native', at: now });
    });
  }

  async #occupy(trx: Queryable, req: { bookingPk: number; locationPk: number; start: number; plans: ItemPlan[]; timeZone: string; override: boolean; ignoreLimits: boolean; now: number }): Promise<PlacedItem[]> {
    const placed = await placeServiceItems(trx, { kind: this.#ctx.store.kind, ...req });
    if ('notFree' in placed) throw notFree(req.plans, req.start, placed.notFree);
    return placed;
  }

  /** Items and hosts (first item's staff primary), each host counted on the service of their first item. */
  async #writeItems(trx: Queryable, bookingPk: number, placed: PlacedItem[], active: boolean, now: number): Promise<void> {
    await insertServiceItems(
      trx,
      bookingPk,
      placed.map((item, position) => ({
        publicId: newPublicId(), calendarPk: item.service.pk, variantPk: item.variation?.pk ?? null, userPk: item.staff.pk, staffRequested: item.staffId !== undefined,
        start: item.start, end: item.end, preBufferMin: item.preBufferMin, postBufferMin: item.postBufferMin, position, addOns: item.addOns,
      })),
      now,
    );
    const seen = new Set<number>();
    for (const item of placed) {
      if (seen.has(item.staff.pk)) continue;
      await insertBookingHosts(trx, { pk: bookingPk, calendarPk: item.service.pk, start: item.start }, [{ userPk: item.staff.pk, role: seen.size === 0 ? 'primary' : 'secondary' }], now);
      seen.add(item.staff.pk);
    }
    if (!active) await setBookingHostsActive(trx, bookingPk, false);
  }

  async #locationOf(db: Queryable, current: Loaded): Promise<ServiceLocation | null> {
    // A deleted service location still tells where a booking made there meets.
    return current.serviceLocationPk === null ? null : ((await findServiceLocationByPk(db, current.serviceLocationPk)) ?? null);
  }

  #snapshot(start: number, placed: PlacedItem[], status: ServiceBookingStatus) {
    return {
      ...snapshot({ start, end: placed.at(-1)!.end, status: storedStatus(status), hosts: [] }),
      status,
      services: placed.map((p) => ({ service: p.service.id, staff: p.staff.id, start: new Date(p.start).toISOString(), end: new Date(p.end).toISOString() })),
    };
  }

  async #reload(db: Queryable, pk: number): Promise<Loaded> {
    const [booking, extras] = await Promise.all([findBookingByPk(db, pk), loadServiceBookingExtras(db, [pk])]);
    return this.#assemble(booking!, extras.get(pk)!);
  }

  #assemble(booking: Booking, extras: ServiceBookingExtras): Loaded {
    const status: ServiceBookingStatus = booking.status === 'declined' ? 'cancelled' : booking.status === 'cancelled' && extras.extensions.statusLabel === INVALID ? INVALID : (booking.status as ServiceBookingStatus);
    return {
      booking,
      status,
      timeZone: booking.timeZone ?? 'UTC',
      serviceLocationId: extras.serviceLocationId,
      serviceLocationPk: extras.serviceLocationPk,
      meetingLocation: booking.meetingLocation?.kind === BOOKER ? booking.meetingLocation.value : null,
      items: extras.items,
      extensions: extras.extensions,
    };
  }
}

function eventOf(status: ServiceBookingStatus): BookingEventType {
  if (status === 'cancelled' || status === INVALID) return 'cancelled';
  if (status === 'completed') return 'completed';
  if (status === 'no_show') return 'no_show';
  if (status === 'confirmed') return 'confirmed';
  return 'updated';
}

