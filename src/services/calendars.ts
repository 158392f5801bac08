import type { Contact } from '../store/repositories/contacts.ts';
import {
  loadCalendar,
  loadCalendarWithContact,
  insertCalendar,
  listCalendarRecords,
  loadCalendarParts,
  replaceCalendarParts,
  softDeleteCalendar,
  updateCalendarRow,
  type BookingWindow,
  type Calendar,
  type CalendarFilter,
  type CalendarKind,
  type CalendarParts,
  type MeetingLocation,
  type PeriodUnit,
  type RoundRobinMode,
} from '../store/repositories/calendars.ts';
import { findCalendarGroup } from '../store/repositories/calendar-groups.ts';
import type { Page, PageRequest } from '../store/repositories/scope.ts';
import { findUser } from '../store/repositories/users.ts';
import type { Queryable } from '../store/database.ts';
import type { CalendarUpdate } from '../store/schema.ts';
import type { ServiceContext } from './context.ts';
import { NotFoundError, ValidationError } from './errors.ts';
import { newPublicId } from './ids.ts';
import { tenantScopeOf, type Principal } from './principal.ts';
import { listScope, targetLocation } from './tenancy.ts';
import { uniquely } from './unique.ts';
import { writeCalendarSchedule, type DateOverride, type WeeklyHours } from './schedules.ts';
import { checkLocalDate, checkTimeZone, trimmedName } from './validation.ts';

export type HostPriority = 'low' | 'medium' | 'high';
export const PRIORITY_VALUE: Record<HostPriority, number> = { low: 0, medium: 1, high: 2 };
export const QUESTION_TYPES = ['text', 'textarea', 'email', 'phone', 'number', 'date', 'select', 'radio', 'checkbox', 'multiselect'] as const;
export type QuestionType = (typeof QUESTION_TYPES)[number];
const CHOICE_TYPES: readonly string[] = ['select', 'radio', 'multiselect'];

export interface HostInput {
  userId: string;
  priority?: HostPriority;
  isPrimary?: boolean;
  meetingLocation?: MeetingLocation | null;
}

export interface QuestionInput {
  label: string;
  type: QuestionType;
  required?: boolean;
  options?: string[];
  /** Where the question is shown (ascending; ties keep the list's order); default: its index. */
  position?: number;
}

export interface CalendarInput {
  locationId?: string;
  name: string;
  kind: CalendarKind;
  /** The calendar group (in the calendar's location) it belongs to; null: none. */
  groupId?: string | null;
  slug?: string;
  description?: string | null;
  color?: string;
  roundRobinMode?: RoundRobinMode;
  hosts?: HostInput[];
  /** Allowed durations in minutes; the first is the default unless `defaultDuration` says otherwise. */
  durations?: number[];
  defaultDuration?: number;
  slotInterval?: number | null;
  preBuffer?: number;
  postBuffer?: number;
  minimumNotice?: { amount: number; unit: PeriodUnit };
  bookingWindow?: BookingWindow;
  dailyLimit?: { max: number; scope: 'host' | 'calendar' } | null;
  seatsPerSlot?: number;
  timeZone?: string | null;
  active?: boolean;
  secret?: boolean;
  meetingLocation?: MeetingLocation | null;
  questions?: QuestionInput[];
  allowCancel?: boolean;
  allowReschedule?: boolean;
  cancellationWindow?: number | null;
  autoConfirm?: boolean;
  eventTitle?: string | null;
  /** The calendar's own opening hours (its own schedule), for dialects that carry them on the calendar. */
  hours?: { weeklyHours?: WeeklyHours; dateOverrides?: DateOverride[] };
  /** Dialect fields kept and returned but not acted on, by dialect: `{leadconnector: {...}}`. */
  extensions?: Record<string, unknown>;
}

export type CalendarPatch = Partial<Omit<CalendarInput, 'locationId'>>;

const DEFAULT_DURATION_MIN = 30;
const DUPLICATE_SLUG = 'Another calendar of this location already uses this slug';
const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
/** The longest slug the database stores (calendars and calendar groups alike). */
export const MAX_SLUG_LENGTH = 100;
const COLOR = /^#[0-9a-fA-F]{6}(?:[0-9a-fA-F]{2})?$/;

/** Lower-case letters and digits in hyphen-separated runs, at most MAX_SLUG_LENGTH characters. */
export function isValidSlug(slug: string): boolean {
  return slug.length <= MAX_SLUG_LENGTH && SLUG.test(slug);
}

/** A slug made from a name; `fallback` when the name has no letter or digit to keep. */
export function slugify(name: string, fallback = 'calendar'): string {
  const slug = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 90)
    // The cut may end on a hyphen.
    .replace(/-+$/, '');
  return slug === '' ? fallback : slug;
}

function columns(input: CalendarPatch): CalendarUpdate {
  const values: CalendarUpdate = {};
  if (input.name !== undefined) values.name = trimmedName('name', input.name);
  if (input.kind !== undefined) values.kind = input.kind;
  if (input.slug !== undefined) {
    if (!isValidSlug(input.slug)) throw ValidationError.field('slug', 'use lower-case letters, digits and single hyphens');
    values.slug = input.slug;
  }
  if (input.description !== undefined) values.description = input.description;
  if (input.color !== undefined) {
    if (!COLOR.test(input.color)) throw ValidationError.field('color', 'must be #RRGGBB or #RRGGBBAA');
    values.color = input.color.toLowerCase();
  }
  if (input.roundRobinMode !== undefined) values.round_robin_mode = input.roundRobinMode;
  if (input.slotInterval !== undefined) values.slot_interval_min = input.slotInterval;
  if (input.preBuffer !== undefined) values.pre_buffer_min = input.preBuffer;
  if (input.postBuffer !== undefined) values.post_buffer_min = input.postBuffer;
  if (input.minimumNotice !== undefined) {
    values.min_notice_amount = input.minimumNotice.amount;
    values.min_notice_unit = input.minimumNotice.unit;
  }
  if (input.bookingWindow !== undefined) Object.assign(values, bookingWindowColumns(input.bookingWindow));
  if (input.dailyLimit !== undefined) {
    values.daily_limit = input.dailyLimit?.max ?? null;
    values.daily_limit_scope = input.dailyLimit?.scope ?? 'host';
  }
  if (input.seatsPerSlot !== undefined) values.seats_per_slot = input.seatsPerSlot;
  if (input.timeZone !== undefined) values.time_zone = input.timeZone === null ? null : checkTimeZone('timeZone', input.timeZone);
  if (input.active !== undefined) values.active = input.active ? 1 : 0;
  if (input.secret !== undefined) values.secret = input.secret ? 1 : 0;
  if (input.meetingLocation !== undefined) {
    values.meeting_location_kind = input.meetingLocation?.kind ?? null;
    values.meeting_location = input.meetingLocation?.value ?? null;
  }
  if (input.allowCancel !== undefined) values.allow_cancel = input.allowCancel ? 1 : 0;
  if (input.allowReschedule !== undefined) values.allow_reschedule = input.allowReschedule ? 1 : 0;
  if (input.cancellationWindow !== undefined) values.cancel_window_min = input.cancellationWindow;
  if (input.autoConfirm !== undefined) values.auto_confirm = input.autoConfirm ? 1 : 0;
  if (input.eventTitle !== undefined) values.event_title = input.eventTitle;
  if (input.extensions !== undefined) values.extensions = JSON.stringify(input.extensions);
  return values;
}

function bookingWindowColumns(window: BookingWindow): CalendarUpdate {
  if (window.kind === 'rolling') {
    return { booking_window_kind: 'rolling', booking_window_amount: window.amount, booking_window_unit: window.unit, booking_window_start_date: null, booking_window_end_date: null };
  }
  if (window.kind === 'fixed') {
    const start = checkLocalDate('bookingWindow.startDate', window.startDate) ?? null;
    const end = checkLocalDate('bookingWindow.endDate', window.endDate) ?? null;
    if (start && end && start > end) throw ValidationError.field('bookingWindow.endDate', 'must not be before startDate');
    return { booking_window_kind: 'fixed', booking_window_amount: null, booking_window_unit: null, booking_window_start_date: start, booking_window_end_date: end };
  }
  return { booking_window_kind: 'unlimited', booking_window_amount: null, booking_window_unit: null, booking_window_start_date: null, booking_window_end_date: null };
}

function durationParts(durations: number[], defaultDuration: number | undefined): CalendarParts['durations'] {
  const unique = [...new Set(durations)];
  if (unique.length !== durations.length) throw ValidationError.field('durations', 'must not repeat a duration');
  const chosen = defaultDuration ?? unique[0]!;
  if (!unique.includes(chosen)) throw ValidationError.field('defaultDuration', 'must be one of durations');
  return unique.map((minutes) => ({ minutes, isDefault: minutes === chosen, publicId: newPublicId() }));
}

function questionParts(questions: QuestionInput[]): CalendarParts['questions'] {
  return questions.map((q, i) => {
    const options = (q.options ?? []).map((o) => o.trim()).filter((o) => o !== '');
    if (CHOICE_TYPES.includes(q.type) && options.length === 0) {
      throw ValidationError.field(`questions[${i}].options`, `a ${q.type} question needs at least one option`);
    }
    return { publicId: newPublicId(), label: trimmedName(`questions[${i}].label`, q.label), type: q.type, required: q.required ?? false, options, position: q.position ?? i };
  });
}

/** Which host lists each calendar kind accepts. */
function checkHostsForKind(kind: CalendarKind, hosts: CalendarParts['hosts']): void {
  const count = hosts.length;
  if (kind === 'personal' && count !== 1) throw ValidationError.field('hosts', 'a personal calendar has exactly one host');
  if (kind !== 'event' && count === 0) throw ValidationError.field('hosts', `a ${kind} calendar needs at least one host`);
  if (hosts.filter((h) => h.isPrimary).length > 1) throw ValidationError.field('hosts', 'only one host can be primary');
}

/** Seats are shared by bookings of one slot, so a seated calendar has a single duration. */
function checkSeatedDurations(seatsPerSlot: number, durations: number, durationsGiven: boolean): void {
  if (seatsPerSlot > 1 && durations > 1) {
    throw ValidationError.field(durationsGiven ? 'durations' : 'seatsPerSlot', 'a calendar with seats has a single duration');
  }
}

export class CalendarsService {
  readonly #ctx: ServiceContext;

  constructor(ctx: ServiceContext) {
    this.#ctx = ctx;
  }

  async list(
    principal: Principal,
    filter: Omit<CalendarFilter, 'hostPk' | 'groupPk'> & { locationId?: string; hostId?: string; groupId?: string },
    page: PageRequest,
  ): Promise<Page<Calendar>> {
    const db = this.#ctx.store.db;
    const scope = await listScope(db, principal, filter.locationId);
    let hostPk: number | undefined;
    if (filter.hostId !== undefined) {
      const host = await findUser(db, scope, filter.hostId);
      if (!host) throw new NotFoundError('User', filter.hostId);
      hostPk = host.pk;
    }
    let groupPk: number | undefined;
    if (filter.groupId !== undefined) {
      const group = await findCalendarGroup(db, scope, filter.groupId);
      if (!group) throw new NotFoundError('Calendar group', filter.groupId);
      groupPk = group.pk;
    }
    const records = await listCalendarRecords(db, scope, { ...filter, hostPk, groupPk }, page);
    return { ...records, items: await loadCalendarParts(db, records.items) };
  }

  async get(principal: Principal, id: string): Promise<Calendar> {
    return this.load(this.#ctx.store.db, principal, id);
  }

  /** A calendar with its hosts, durations and questions, inside the caller's tenant. */
  async load(db: Queryable, principal: Principal, id: string): Promise<Calendar> {
    const calendar = await loadCalendar(db, tenantScopeOf(principal), id);
    if (!calendar) throw new NotFoundError('Calendar', id);
    return calendar;
  }

  /** `load`, with the contact `contactId` of the calendar's location if there is one, read together. */
  async loadWithContact(db: Queryable, principal: Principal, id: string, contactId: string): Promise<{ calendar: Calendar; contact: Contact | undefined }> {
    const found = await loadCalendarWithContact(db, tenantScopeOf(principal), id, contactId);
    if (!found) throw new NotFoundError('Calendar', id);
    return found;
  }

  async create(principal: Principal, input: CalendarInput): Promise<Calendar> {
    const values = columns(input);
    const durations = durationParts(input.durations ?? [DEFAULT_DURATION_MIN], input.defaultDuration);
    const questions = questionParts(input.questions ?? []);
    return this.#ctx.store.transaction(async (trx) => {
      const location = await targetLocation(trx, principal, input.locationId);
      const scope = { organizationPk: principal.organizationPk, locationPk: location.pk };
      const hosts = await this.#resolveHosts(trx, principal, scope.locationPk, input.hosts ?? []);
      checkHostsForKind(input.kind, hosts);
      checkSeatedDurations(input.seatsPerSlot ?? 1, durations.length, input.durations !== undefined);
      if (input.groupId !== undefined) values.group_id = await this.#resolveGroup(trx, principal, location.pk, input.groupId);
      const now = this.#ctx.clock.now();
      const slug = values.slug ?? (await this.#freeSlug(trx, location.pk, slugify(input.name)));
      const record = await uniquely('slug', DUPLICATE_SLUG, () =>
        insertCalendar(trx, {
          ...values,
          public_id: newPublicId(),
          location_id: location.pk,
          kind: input.kind,
          name: values.name!,
          slug,
          created_at: now,
          updated_at: now,
        }),
      );
      await replaceCalendarParts(trx, record.pk, { hosts, durations, questions }, now);
      if (input.hours) await writeCalendarSchedule(trx, { pk: record.pk, locationPk: record.locationPk, timeZone: record.effectiveTimeZone }, input.hours, now);
      return (await loadCalendarParts(trx, [record]))[0]!;
    });
  }

  async update(principal: Principal, id: string, patch: CalendarPatch): Promise<Calendar> {
    const values = columns(patch);
    return this.#ctx.store.transaction(async (trx) => {
      const current = await this.load(trx, principal, id);
      const now = this.#ctx.clock.now();
      const parts: Partial<CalendarParts> = {};
      if (patch.hosts !== undefined) parts.hosts = await this.#resolveHosts(trx, principal, current.locationPk, patch.hosts);
      if (patch.durations !== undefined || patch.defaultDuration !== undefined) {
        parts.durations = durationParts(patch.durations ?? current.durations.map((d) => d.minutes), patch.defaultDuration);
      }
      if (patch.questions !== undefined) parts.questions = questionParts(patch.questions);
      checkHostsForKind(patch.kind ?? current.kind, parts.hosts ?? current.hosts);
      checkSeatedDurations(patch.seatsPerSlot ?? current.seatsPerSlot, (parts.durations ?? current.durations).length, parts.durations !== undefined);
      if (patch.groupId !== undefined) values.group_id = await this.#resolveGroup(trx, principal, current.locationPk, patch.groupId);
      await uniquely('slug', DUPLICATE_SLUG, () => updateCalendarRow(trx, current.pk, { ...values, updated_at: now }));
      await replaceCalendarParts(trx, current.pk, parts, now);
      if (patch.hours) {
        const timeZone = values.time_zone ?? current.effectiveTimeZone;
        await writeCalendarSchedule(trx, { pk: current.pk, locationPk: current.locationPk, timeZone }, patch.hours, now);
      }
      return this.load(trx, principal, id);
    });
  }

  /** Soft delete: existing bookings keep their calendar. */
  async delete(principal: Principal, id: string): Promise<void> {
    await this.#ctx.store.transaction(async (trx) => {
      const calendar = await this.load(trx, principal, id);
      await softDeleteCalendar(trx, calendar.pk, this.#ctx.clock.now());
    });
  }

  async #resolveHosts(db: Queryable, principal: Principal, locationPk: number, hosts: HostInput[]): Promise<CalendarParts['hosts']> {
    const scope = { organizationPk: principal.organizationPk, locationPk };
    const seen = new Set<string>();
    const resolved: CalendarParts['hosts'] = [];
    for (const [i, host] of hosts.entries()) {
      if (seen.has(host.userId)) throw ValidationError.field(`hosts[${i}].userId`, 'is listed twice');
      seen.add(host.userId);
      const user = await findUser(db, scope, host.userId);
      if (!user) throw ValidationError.reference(`hosts[${i}].userId`, 'User', host.userId, `no user ${host.userId} in this location`);
      resolved.push({
        userPk: user.pk,
        priority: PRIORITY_VALUE[host.priority ?? 'medium'],
        isPrimary: host.isPrimary ?? false,
        meetingLocation: host.meetingLocation ?? null,
      });
    }
    return resolved;
  }

  /** The key of a group in the calendar's location; an unknown id (or another location's) is a 422. */
  async #resolveGroup(db: Queryable, principal: Principal, locationPk: number, groupId: string | null): Promise<number | null> {
    if (groupId === null) return null;
    const group = await findCalendarGroup(db, { organizationPk: principal.organizationPk, locationPk }, groupId);
    if (!group) throw ValidationError.reference('groupId', 'Calendar group', groupId, `no calendar group ${groupId} in this location`);
    return group.pk;
  }

  /** The slug itself, or the slug with the lowest free numeric suffix. */
  async #freeSlug(db: Queryable, locationPk: number, base: string): Promise<string> {
    const taken = new Set(
      (
        await db
          .selectFrom('calendars')
          .select('slug')
          .where('location_id', '=', locationPk)
          .where('deleted_at', 'is', null)
          .where((eb) => eb.or([eb('slug', '=', base), eb('slug', 'like', `${base}-%`)]))
          .execute()
      ).map((r) => r.slug),
    );
    if (!taken.has(base)) return base;
    for (let n = 2; ; n++) if (!taken.has(`${base}-${n}`)) return `${base}-${n}`;
  }
}
