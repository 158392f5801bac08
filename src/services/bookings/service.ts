import { createHash } from 'node:crypto';
import { computeFreeSlots } from '../../core/slots.ts';
import { expandRecurrence } from '../../core/recurrence.ts';
import { CoreValidationError } from '../../core/errors.ts';
import { DAY_MS, MINUTE_MS, ZoneOffsets } from '../../core/time-zone.ts';
import { isRetryable, type Queryable } from '../../store/database.ts';
import { isUniqueViolation } from '../../store/errors.ts';
import {
  deleteBookingBusy,
  findBooking,
  findBookingByPk,
  lockBookings,
  insertAnswers,
  insertBookingReturning,
  insertBookingWithRows,
  bookingHostRows,
  insertBookingHosts,
  listBookings,
  MOVABLE,
  OCCUPYING,
  releaseSeats,
  setBookingHostsActive,
  updateBookingRow,
  type Booking,
  type BookingFilter,
  type BookingStatus,
} from '../../store/repositories/bookings.ts';
import type { Calendar, MeetingLocation } from '../../store/repositories/calendars.ts';
import { isServiceBooking } from '../../store/repositories/booking-services.ts';
import { findContact, type Contact } from '../../store/repositories/contacts.ts';
import { releaseBookingResources } from '../../store/repositories/resources.ts';
import type { Page, PageRequest } from '../../store/repositories/scope.ts';
import { findUser } from '../../store/repositories/users.ts';
import { inSavepoint } from '../../store/savepoint.ts';
import type { CalendarsService } from '../calendars.ts';
import { findOrCreateContact, type ContactPatch } from '../contacts.ts';
import type { ServiceContext } from '../context.ts';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../errors.ts';
import { durationOf, loadSlotInput } from '../free-slots.ts';
import { isAcceptedInstant, parseInstant } from '../instants.ts';
import { newPublicId } from '../ids.ts';
import { checkTimeZone } from '../validation.ts';
import { tenantScopeOf, type Principal } from '../principal.ts';
import { listScope } from '../tenancy.ts';
import { checkAnswers, type AnswerInput } from './answers.ts';
import { eventRow, loadHistory, recordEvent, snapshot, type Actor, type EventEntry, type HistoryEntry } from './history.ts';
import { placeBooking, placeNewBooking } from './placement.ts';

/** The most occurrences one recurring request may create. */
export const MAX_OCCURRENCES = 100;
/** No occurrence of a series lies more than this many days after its first (about ten years). */
export const MAX_SERIES_SPAN_DAYS = 3653;
const IDEMPOTENCY_TTL_MS = DAY_MS;

export type OnConflict = 'fail' | 'skip' | 'next' | 'force';

export interface BookingInput {
  calendarId: string;
  /** ISO-8601 instant. */
  start: string;
  duration?: number;
  contactId?: string;
  contact?: ContactPatch;
  /** Round-robin: book this host; any other calendar: must be one of its hosts. */
  hostId?: string;
  seats?: number;
  title?: string | null;
  description?: string | null;
  timeZone?: string | null;
  meetingLocation?: MeetingLocation | null;
  answers?: AnswerInput[];
  /** Admin override: book outside availability and limits, overlaps allowed; the booking is marked. */
  override?: boolean;
  /** Book without checking minimum notice, booking window and daily limit (availability still applies). */
  ignoreLimits?: boolean;
  /** The status to start in; default: confirmed, or pending when the calendar does not auto-confirm. */
  status?: 'pending' | 'confirmed';
  recurrence?: { rrule: string; onConflict?: OnConflict };
  /** False: nobody is to be notified and no automation runs for this booking. */
  notify?: boolean;
}

export interface CreateOptions {
  idempotencyKey?: string;
  via?: string;
  actor?: Actor;
}

export interface CreateResult {
  booking: Booking;
  /** Every booking of a recurring request, in order (the first is `booking`). */
  occurrences: Booking[];
  /** Occurrence starts that were skipped because they were not free. */
  skipped: number[];
  /** True when an earlier request with the same Idempotency-Key is answered again. */
  replayed: boolean;
}

export interface RescheduleInput {
  start: string;
  /** Move to this calendar of the same location (re-checked there); default: the booking's own. */
  calendarId?: string;
  duration?: number;
  hostId?: string;
  override?: boolean;
  reason?: string | null;
  /** Move every later occurrence of the series by the same amount. */
  series?: boolean;
}

export interface ActionInput {
  reason?: string | null;
  by?: Actor;
  series?: boolean;
}

const TRANSITIONS: Record<'confirm' | 'decline' | 'no_show' | 'complete', { from: BookingStatus[]; to: BookingStatus; event: 'confirmed' | 'declined' | 'no_show' | 'completed' }> = {
  confirm: { from: ['pending'], to: 'confirmed', event: 'confirmed' },
  decline: { from: ['pending'], to: 'declined', event: 'declined' },
  no_show: { from: ['confirmed', 'completed'], to: 'no_show', event: 'no_show' },
  complete: { from: ['confirmed', 'no_show'], to: 'completed', event: 'completed' },
};

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.keys(value).sort().map((k) => [k, canonical((value as Record<string, unknown>)[k])]));
  }
  return value;
}

function requestHash(input: unknown): string {
  return createHash('sha256').update(JSON.stringify(canonical(input))).digest('hex');
}

function notFree(start: number): ConflictError {
  return new ConflictError(`The slot at ${new Date(start).toISOString()} is not available`, [{ field: 'start', message: 'is not available' }]);
}

function coreError(error: unknown, field: string): never {
  if (error instanceof CoreValidationError) throw ValidationError.field(field, error.message);
  throw error;
}

export class BookingsService {
  readonly #ctx: ServiceContext;
  readonly #calendars: CalendarsService;

  constructor(ctx: ServiceContext, calendars: CalendarsService) {
    this.#ctx = ctx;
    this.#calendars = calendars;
  }

  #actor(principal: Principal, given?: Actor): Actor {
    return given ?? { type: 'api_key', id: principal.keyId };
  }

  /**
   * Who acts on `booking`: the API key, or whom the request names. An invitee is the booking's
   * own contact (named or implied); a user must be one of the booking's location.
   */
  async #actingOn(trx: Queryable, principal: Principal, booking: Booking, given: Actor | undefined): Promise<Actor> {
    if (!given) return this.#actor(principal);
    if (given.type === 'contact') {
      if (given.id !== null && given.id !== booking.contactId) throw ValidationError.field('by.id', "is not this booking's contact");
      return { type: 'contact', id: booking.contactId };
    }
    if (given.type === 'user' && given.id !== null) {
      const user = await findUser(trx, { organizationPk: principal.organizationPk, locationPk: booking.locationPk }, given.id);
      if (!user) throw ValidationError.field('by.id', `no user ${given.id} in the booking's location`);
    }
    return given;
  }

  async get(principal: Principal, id: string, db: Queryable = this.#ctx.store.db): Promise<Booking> {
    const booking = await findBooking(db, tenantScopeOf(principal), id);
    if (!booking) throw new NotFoundError('Booking', id);
    return booking;
  }

  /** The booking, read after locking it (and, with `series`, its whole series) for this transaction. */
  async #getToChange(trx: Queryable, principal: Principal, id: string, series = false): Promise<Booking> {
    await lockBookings(trx, this.#ctx.store.kind, tenantScopeOf(principal), id, series);
    return this.get(principal, id, trx);
  }

  async list(
    principal: Principal,
    filter: {
      locationId?: string; calendarId?: string; hostId?: string; contactId?: string; statuses?: BookingStatus[]; from?: number; to?: number; order?: 'asc' | 'desc';
      /** Not started yet by the clock; without statuses, only those still to happen (pending or confirmed). */
      upcoming?: boolean;
      /** Text in the title or description. */
      q?: string;
    },
    page: PageRequest,
  ): Promise<Page<Booking>> {
    const db = this.#ctx.store.db;
    const scope = await listScope(db, principal, filter.locationId);
    const query: BookingFilter = { statuses: filter.statuses, from: filter.from, to: filter.to, order: filter.order, q: filter.q || undefined };
    if (filter.upcoming) {
      query.startsFrom = this.#ctx.clock.now();
      if (!filter.statuses?.length) query.statuses = [...MOVABLE];
    }
    if (filter.calendarId !== undefined) query.calendarPk = (await this.#calendars.load(db, principal, filter.calendarId)).pk;
    if (filter.hostId !== undefined) {
      const host = await findUser(db, scope, filter.hostId);
      if (!host) throw new NotFoundError('User', filter.hostId);
      query.hostPk = host.pk;
    }
    if (filter.contactId !== undefined) {
      const contact = await findContact(db, scope, filter.contactId);
      if (!contact) throw new NotFoundError('Contact', filter.contactId);
      query.contactPk = contact.pk;
    }
    return listBookings(db, scope, query, page);
  }

  async history(principal: Principal, id: string): Promise<HistoryEntry[]> {
    const booking = await this.get(principal, id);
    return loadHistory(this.#ctx.store.db, booking.pk);
  }

  async create(principal: Principal, input: BookingInput, options: CreateOptions = {}): Promise<CreateResult> {
    // Only an Idempotency-Key compares requests.
    const hash = options.idempotencyKey === undefined ? '' : requestHash(input);
    if (options.idempotencyKey !== undefined) {
      const replay = await this.#replay(principal, options.idempotencyKey, hash);
      if (replay) return replay;
    }
    // On PostgreSQL the common booking is written by one statement, atomic by itself: it needs no
    // transaction around it (two statements fewer), unless the calendar turns out to need more.
    const direct = this.#ctx.store.kind === 'postgres' && options.idempotencyKey === undefined && input.recurrence === undefined && input.contactId !== undefined;
    if (direct) {
      try {
        return await this.#create(this.#ctx.store.db, principal, input, options, hash, false);
      } catch (error) {
        // Two writers that wait for each other are broken up by PostgreSQL: try again, as a
        // transaction (which retries those).
        if (!(error instanceof NeedsTransaction) && !isRetryable(error)) throw error;
      }
    }
    try {
      return await this.#ctx.store.transaction((trx) => this.#create(trx, principal, input, options, hash, true));
    } catch (error) {
      // A concurrent request with the same key committed first: answer with its booking.
      if (options.idempotencyKey !== undefined && isUniqueViolation(error)) {
        const replay = await this.#replay(principal, options.idempotencyKey, hash);
        if (replay) return replay;
        throw new ConflictError('A request with this Idempotency-Key is still in progress');
      }
      throw error;
    }
  }

  async #replay(principal: Principal, key: string, hash: string): Promise<CreateResult | null> {
    const row = await this.#ctx.store.db
      .selectFrom('idempotency_keys')
      .select(['request_hash', 'response_body'])
      .where('api_key_id', '=', principal.keyPk)
      .where('key', '=', key)
      .where('expires_at', '>', this.#ctx.clock.now())
      .executeTakeFirst();
    if (!row) return null;
    if (row.request_hash !== hash) {
      throw new ValidationError('This Idempotency-Key was used for a different request', [{ field: 'Idempotency-Key', message: 'was used for a different request' }]);
    }
    // The first answer as it was, whatever happened to its bookings since.
    const first = JSON.parse(row.response_body ?? '{}') as FirstAnswer;
    if (!first.occurrences?.length) return null;
    return { booking: first.occurrences[0]!, occurrences: first.occurrences, skipped: first.skipped, replayed: true };
  }

  /** `inTransaction` false: `trx` is the database itself and nothing may be written but by one statement. */
  async #create(trx: Queryable, principal: Principal, given: BookingInput, options: CreateOptions, hash: string, inTransaction: boolean): Promise<CreateResult> {
    const now = this.#ctx.clock.now();
    // The invitee's zone, checked before anything is written.
    const input = given.timeZone == null ? given : { ...given, timeZone: checkTimeZone('timeZone', given.timeZone) };
    // A contact given by id is read with the calendar.
    const byId = input.contactId !== undefined && input.contact === undefined;
    const { calendar, contact: named } = await (
      byId ? this.#calendars.loadWithContact(trx, principal, input.calendarId, input.contactId!) : this.#calendars.load(trx, principal, input.calendarId).then((c) => ({ calendar: c, contact: undefined }))
    ).catch((error: unknown) => {
      if (error instanceof NotFoundError) throw ValidationError.field('calendarId', `no calendar ${input.calendarId}`);
      throw error;
    });
    const override = input.override ?? false;
    if (!calendar.active && !override) throw ValidationError.field('calendarId', 'the calendar is not active');
    const timeZone = calendar.effectiveTimeZone;
    const durationMin = durationOf(calendar, input.duration);
    const seats = input.seats ?? 1;
    if (seats > 1 && calendar.seatsPerSlot <= 1) throw ValidationError.field('seats', 'only a calendar with seats takes more than one');
    if (seats > calendar.seatsPerSlot && !override) throw ValidationError.field('seats', `the calendar seats at most ${calendar.seatsPerSlot} per slot`);
    if (input.hostId !== undefined && !calendar.hosts.some((h) => h.userId === input.hostId)) {
      throw ValidationError.reference('hostId', 'User', input.hostId, 'is not a host of this calendar');
    }
    const answers = checkAnswers(calendar.questions, input.answers ?? []);
    const contact = byId ? this.#namedContact(named, input.contactId!) : await this.#contact(trx, principal, calendar, input, now);
    const first = parseInstant('start', input.start);
    const starts = input.recurrence ? this.#occurrences(input.recurrence.rrule, first, timeZone) : [first];
    const onConflict: OnConflict = input.recurrence?.onConflict ?? 'fail';
    const actor = this.#actor(principal, options.actor);
    const via = options.via ?? 'native';

    let seriesPk: number | null = null;
    if (input.recurrence) {
      const series = await trx
        .insertInto('booking_series')
        .values({ public_id: newPublicId(), location_id: calendar.locationPk, calendar_id: calendar.pk, contact_id: contact.pk, rrule: input.recurrence.rrule, time_zone: timeZone, on_conflict: onConflict, created_at: now, updated_at: now })
        .returning('id')
        .executeTakeFirstOrThrow();
      seriesPk = series.id;
    }

    const created: number[] = [];
    const skipped: number[] = [];
    const built = new Map<number, Booking>();
    for (const [index, occurrence] of starts.entries()) {
      const book = (start: number, forced: boolean) =>
        this.#book(trx, {
          calendar, timeZone, start, durationMin, seats, override: forced, hostIds: input.hostId ? [input.hostId] : undefined,
          contactPk: contact.pk, contactId: contact.id, built, seriesPk, seriesIndex: seriesPk === null ? null : index, input, answers, actor, via, now, inTransaction,
        });
      let pk = await book(occurrence, override);
      if (pk === null && onConflict === 'next') pk = await this.#bookNextFree(trx, calendar, timeZone, occurrence, starts[index + 1], durationMin, seats, book);
      if (pk === null && onConflict === 'force') pk = await book(occurrence, true);
      if (pk === null && onConflict === 'skip' && starts.length > 1) {
        skipped.push(occurrence);
        continue;
      }
      if (pk === null) throw notFree(occurrence);
      created.push(pk);
    }
    if (created.length === 0) throw notFree(first);

    // Bookings built in memory while writing them are not read back.
    const occurrences = await Promise.all(created.map(async (pk) => built.get(pk) ?? (await findBookingByPk(trx, pk))!));
    if (options.idempotencyKey !== undefined) {
      const answer: FirstAnswer = { occurrences, skipped };
      await trx.deleteFrom('idempotency_keys').where('api_key_id', '=', principal.keyPk).where('key', '=', options.idempotencyKey).where('expires_at', '<=', now).execute();
      await trx
        .insertInto('idempotency_keys')
        .values({ location_id: calendar.locationPk, api_key_id: principal.keyPk, key: options.idempotencyKey, request_hash: hash, response_status: 201, response_body: JSON.stringify(answer), created_at: now, expires_at: now + IDEMPOTENCY_TTL_MS })
        .execute();
    }
    return { booking: occurrences[0]!, occurrences, skipped, replayed: false };
  }

  #occurrences(rrule: string, first: number, timeZone: string): number[] {
    const zone = new ZoneOffsets(timeZone, first - DAY_MS, first + DAY_MS);
    const local = new Date(first + zone.offsetAt(first)).toISOString();
    // The rule works in whole minutes; seconds of the requested start are kept on every occurrence.
    const seconds = first - Math.floor(first / MINUTE_MS) * MINUTE_MS;
    try {
      const starts = expandRecurrence({ rrule, startDate: local.slice(0, 10), startTime: local.slice(11, 16), timeZone, max: MAX_OCCURRENCES, maxSpanDays: MAX_SERIES_SPAN_DAYS });
      // A series also ends where the instants the API accepts end.
      return starts.map((start) => start + seconds).filter(isAcceptedInstant);
    } catch (error) {
      return coreError(error, 'recurrence.rrule');
    }
  }

  #namedContact(contact: Contact | undefined, contactId: string): Contact {
    if (!contact) throw ValidationError.reference('contactId', 'Contact', contactId, `no contact ${contactId} in this location`);
    return contact;
  }

  async #contact(trx: Queryable, principal: Principal, calendar: Calendar, input: BookingInput, now: number) {
    if ((input.contactId === undefined) === (input.contact === undefined)) {
      throw ValidationError.field('contactId', 'give either contactId or contact');
    }
    if (input.contactId !== undefined) {
      const contact = await findContact(trx, { organizationPk: principal.organizationPk, locationPk: calendar.locationPk }, input.contactId);
      if (!contact) throw ValidationError.reference('contactId', 'Contact', input.contactId, `no contact ${input.contactId} in this location`);
      return contact;
    }
    return findOrCreateContact(trx, calendar.locationPk, input.contact!, now, 'contact');
  }

  /** One booking row with its hosts; null (and nothing written) when the time is not free. */
  async #book(
    trx: Queryable,
    b: {
      calendar: Calendar; timeZone: string; start: number; durationMin: number; seats: number; override: boolean; hostIds?: string[];
      contactPk: number; contactId: string; built: Map<number, Booking>; seriesPk: number | null; seriesIndex: number | null; input: BookingInput;
      answers: ReturnType<typeof checkAnswers>; actor: Actor; via: string; now: number; inTransaction: boolean;
    },
  ): Promise<number | null> {
    const end = b.start + b.durationMin * MINUTE_MS;
    const status: BookingStatus = b.input.status ?? (b.calendar.autoConfirm ? 'confirmed' : 'pending');
    const row = (meeting: MeetingLocation | null) => ({
      public_id: newPublicId(),
      location_id: b.calendar.locationPk,
      calendar_id: b.calendar.pk,
      contact_id: b.contactPk,
      series_id: b.seriesPk,
      series_index: b.seriesIndex,
      status,
      title: b.input.title ?? b.calendar.name,
      description: b.input.description ?? null,
      start_at: b.start,
      end_at: end,
      pre_buffer_min: b.calendar.preBufferMin,
      post_buffer_min: b.calendar.postBufferMin,
      time_zone: b.input.timeZone ?? null,
      seats: b.seats,
      meeting_location_kind: meeting?.kind ?? null,
      meeting_location: meeting?.value ?? null,
      extensions: b.input.notify === false ? JSON.stringify({ notify: false }) : '{}',
      override: b.override ? 'availability' : b.input.ignoreLimits ? 'limits' : 'none',
      created_via: b.via,
      created_by_type: b.actor.type,
      created_by_id: b.actor.id,
      created_at: b.now,
      updated_at: b.now,
    });
    const placement = {
      kind: this.#ctx.store.kind, calendar: b.calendar, timeZone: b.timeZone, start: b.start, durationMin: b.durationMin, seats: b.seats,
      override: b.override, ignoreLimits: b.input.ignoreLimits, hostIds: b.hostIds, now: b.now, fresh: true, finalAttempt: b.seriesPk === null,
    };
    const created = (hosts: Array<{ userId: string; role: string }>): EventEntry => ({
      type: 'created', to: status, after: snapshot({ start: b.start, end, status, hosts }), actor: b.actor, via: b.via, at: b.now,
    });

    // The common case — one booking, no seats, rooms, equipment or answers — is written in one
    // statement once its hosts are chosen.
    const oneStatement = b.seriesPk === null && b.calendar.seatsPerSlot <= 1 && b.calendar.resources.length === 0 && b.answers.length === 0;
    // A daily limit is counted under a lock that lasts as long as the transaction.
    const countsDailyLimit = b.calendar.dailyLimit !== null && !b.input.ignoreLimits && !b.override;
    if (!b.inTransaction && (!oneStatement || countsDailyLimit)) throw new NeedsTransaction();
    if (oneStatement) {
      const placed = await placeNewBooking(trx, { ...placement, inTransaction: b.inTransaction }, (busy, hosts) => {
        const meeting = b.input.meetingLocation === undefined ? meetingLocationOfHost(b.calendar, hosts[0]?.userId) : null;
        const rows = {
          booking: row(meeting ?? b.input.meetingLocation ?? b.calendar.meetingLocation),
          busy,
          hosts: bookingHostRows({ calendarPk: b.calendar.pk, start: b.start }, hosts, b.now),
          event: eventRow(b.calendar.locationPk, created(hosts)),
        };
        return insertBookingWithRows(trx, rows, b.calendar.locationId);
      });
      if (placed === null) return null;
      const record = placed.written;
      b.built.set(record.pk, { ...record, calendarId: b.calendar.id, contactId: b.contactId, seriesId: null, hosts: placed.hosts, answers: [], resourceIds: [] });
      return record.pk;
    }

    try {
      const work = async () => {
        const record = await insertBookingReturning(trx, row(b.input.meetingLocation ?? b.calendar.meetingLocation), b.calendar.locationId);
        const placed = await placeBooking(trx, { ...placement, bookingPk: record.pk });
        if (!placed) throw new SlotNotFree();
        if (placed.seatSlotPk !== null) await updateBookingRow(trx, record.pk, { seat_slot_id: placed.seatSlotPk });
        const hostMeeting = b.input.meetingLocation === undefined ? meetingLocationOfHost(b.calendar, placed.hosts[0]?.userId) : null;
        if (hostMeeting) {
          await updateBookingRow(trx, record.pk, { meeting_location_kind: hostMeeting.kind, meeting_location: hostMeeting.value });
          record.meetingLocation = hostMeeting;
        }
        await insertBookingHosts(trx, { pk: record.pk, calendarPk: b.calendar.pk, start: b.start }, placed.hosts, b.now);
        await insertAnswers(trx, record.pk, b.answers, b.now);
        await recordEvent(trx, { booking: record, ...created(placed.hosts) });
        if (b.seriesPk === null && placed.seatSlotPk === null && b.answers.length === 0 && !placed.holdsResources) {
          b.built.set(record.pk, { ...record, calendarId: b.calendar.id, contactId: b.contactId, seriesId: null, hosts: placed.hosts, answers: [], resourceIds: [] });
        }
        return record.pk;
      };
      // Without a series nothing follows a failed attempt (the request fails as a whole), so
      // the savepoint that would undo it is not needed.
      return await (b.seriesPk === null ? work() : inSavepoint(trx, work));
    } catch (error) {
      if (error instanceof SlotNotFree) return null;
      throw error;
    }
  }

  /** "Book the next free slot after it": the first free start before the next occurrence (or within a day). */
  async #bookNextFree(
    trx: Queryable,
    calendar: Calendar, timeZone: string, after: number, nextOccurrence: number | undefined, durationMin: number, seats: number,
    book: (start: number, forced: boolean) => Promise<number | null>,
  ): Promise<number | null> {
    const to = nextOccurrence ?? after + DAY_MS;
    const input = await loadSlotInput(trx, calendar, { from: after + 1, to, outputTimeZone: timeZone, durationMinutes: durationMin }, this.#ctx.clock.now());
    for (const slot of computeFreeSlots(input).slots) {
      if (slot.remainingSeats < seats) continue;
      const pk = await book(slot.start, false);
      if (pk !== null) return pk;
    }
    return null;
  }

  async update(
    principal: Principal,
    id: string,
    patch: { title?: string | null; description?: string | null; timeZone?: string | null; meetingLocation?: MeetingLocation | null; notify?: boolean },
    by?: Actor,
    within?: Queryable,
  ): Promise<Booking> {
    return this.#within(within, async (trx) => {
      const booking = await this.#getToChange(trx, principal, id);
      const actor = await this.#actingOn(trx, principal, booking, by);
      const now = this.#ctx.clock.now();
      const values: Parameters<typeof updateBookingRow>[2] = { updated_at: now };
      if (patch.title !== undefined) values.title = patch.title;
      if (patch.description !== undefined) values.description = patch.description;
      if (patch.timeZone !== undefined) values.time_zone = patch.timeZone === null ? null : checkTimeZone('timeZone', patch.timeZone);
      if (patch.meetingLocation !== undefined) {
        values.meeting_location_kind = patch.meetingLocation?.kind ?? null;
        values.meeting_location = patch.meetingLocation?.value ?? null;
      }
      if (patch.notify !== undefined) values.extensions = JSON.stringify({ ...booking.extensions, notify: patch.notify });
      await updateBookingRow(trx, booking.pk, values);
      await recordEvent(trx, { booking, type: 'updated', before: { title: booking.title, description: booking.description }, after: patch, actor, via: 'native', at: now });
      return this.get(principal, id, trx);
    });
  }

  /** Moves a booking (or it and every later occurrence of its series) to a new time, re-checking it. */
  async reschedule(principal: Principal, id: string, input: RescheduleInput, by?: Actor, within?: Queryable): Promise<Booking> {
    return this.#within(within, async (trx) => {
      const booking = await this.#getToChange(trx, principal, id, input.series ?? false);
      const actor = await this.#actingOn(trx, principal, booking, by);
      if (!MOVABLE.includes(booking.status)) {
        throw ValidationError.field('status', `a ${booking.status} booking cannot be rescheduled`);
      }
      // Its services, staff and times are one plan: a service booking moves as a whole, there.
      if (await isServiceBooking(trx, booking.pk)) throw ValidationError.field('start', 'a service booking is moved through the service bookings API');
      const own = await this.#calendarOf(trx, principal, booking);
      const now = this.#ctx.clock.now();
      this.#checkInviteeMay(actor, own, booking, now, 'reschedule');
      const calendar = input.calendarId === undefined || input.calendarId === booking.calendarId ? own : await this.#moveTarget(trx, principal, booking, input.calendarId, actor);
      if (input.hostId !== undefined && !calendar.hosts.some((h) => h.userId === input.hostId)) {
        throw ValidationError.reference('hostId', 'User', input.hostId, 'is not a host of this calendar');
      }
      const start = parseInstant('start', input.start);
      const length = Math.round((booking.end - booking.start) / MINUTE_MS);
      // Another calendar must allow the length it is given (a class's seats share one length).
      const durationMin = input.duration !== undefined || calendar !== own ? durationOf(calendar, input.duration ?? length) : length;
      const timeZone = calendar.effectiveTimeZone;
      // Later occurrences that were cancelled, declined, completed or missed stay where they are.
      const targets = (await this.#targets(trx, principal, booking, input.series ?? false)).filter((b) => MOVABLE.includes(b.status));
      // Every occurrence is freed before any is placed: a series moved by its own spacing lands
      // where its next occurrence was.
      for (const target of targets) await this.#free(trx, target, now);
      for (const target of targets) {
        await this.#move(trx, { target, calendar, timeZone, start: target.start + (start - booking.start), durationMin, hostId: input.hostId, override: input.override ?? false, reason: input.reason ?? null, actor, now });
      }
      return this.get(principal, id, trx);
    });
  }

  async cancel(principal: Principal, id: string, input: ActionInput = {}, within?: Queryable): Promise<Booking> {
    return this.#within(within, async (trx) => {
      const booking = await this.#getToChange(trx, principal, id, input.series ?? false);
      const actor = await this.#actingOn(trx, principal, booking, input.by);
      if (!OCCUPYING.includes(booking.status)) throw new ConflictError(`The booking is already ${booking.status}`, [{ field: 'status', message: `is ${booking.status}` }]);
      const calendar = await this.#calendarOf(trx, principal, booking);
      const now = this.#ctx.clock.now();
      this.#checkInviteeMay(actor, calendar, booking, now, 'cancel');
      for (const target of await this.#targets(trx, principal, booking, input.series ?? false)) {
        if (!OCCUPYING.includes(target.status)) continue;
        await this.#free(trx, target, now);
        await updateBookingRow(trx, target.pk, { status: 'cancelled', cancel_reason: input.reason ?? null, cancelled_at: now, updated_at: now });
        await recordEvent(trx, { booking: target, type: 'cancelled', from: target.status, to: 'cancelled', reason: input.reason ?? null, actor, via: 'native', at: now });
      }
      return this.get(principal, id, trx);
    });
  }

  /** confirm, decline (pending bookings), mark no-show, complete. */
  async transition(principal: Principal, id: string, action: keyof typeof TRANSITIONS, input: ActionInput = {}, within?: Queryable): Promise<Booking> {
    const rule = TRANSITIONS[action];
    return this.#within(within, async (trx) => {
      const booking = await this.#getToChange(trx, principal, id);
      if (!rule.from.includes(booking.status)) {
        throw new ConflictError(`A ${booking.status} booking cannot be ${rule.to.replace('_', '-')}`, [{ field: 'status', message: `is ${booking.status}` }]);
      }
      const actor = await this.#actingOn(trx, principal, booking, input.by);
      const now = this.#ctx.clock.now();
      if (!OCCUPYING.includes(rule.to)) await this.#free(trx, booking, now);
      await updateBookingRow(trx, booking.pk, { status: rule.to, updated_at: now });
      await recordEvent(trx, { booking, type: rule.event, from: booking.status, to: rule.to, reason: input.reason ?? null, actor, via: 'native', at: now });
      return this.get(principal, id, trx);
    });
  }

  /** Removes a booking from every list and frees its time; its history stays. */
  async delete(principal: Principal, id: string, input: ActionInput = {}): Promise<void> {
    await this.#ctx.store.transaction(async (trx) => {
      const booking = await this.#getToChange(trx, principal, id);
      const actor = await this.#actingOn(trx, principal, booking, input.by);
      const now = this.#ctx.clock.now();
      if (OCCUPYING.includes(booking.status)) await this.#free(trx, booking, now);
      await updateBookingRow(trx, booking.pk, { deleted_at: now, updated_at: now });
      await recordEvent(trx, { booking, type: 'deleted', from: booking.status, actor, via: 'native', at: now });
    });
  }

  /** Runs `work` in the caller's transaction when there is one, else in a new one. */
  #within<T>(trx: Queryable | undefined, work: (trx: Queryable) => Promise<T>): Promise<T> {
    return trx ? work(trx) : this.#ctx.store.transaction(work);
  }

  /** Several changes to one booking as one transaction: all of them happen, or none. */
  transaction<T>(work: (trx: Queryable) => Promise<T>): Promise<T> {
    return this.#ctx.store.transaction(work);
  }

  /** The calendar a booking moves to: of the booking's location, active, able to take its seats. */
  async #moveTarget(trx: Queryable, principal: Principal, booking: Booking, calendarId: string, actor: Actor): Promise<Calendar> {
    if (actor.type === 'contact') throw new ForbiddenError('An invitee cannot move a booking to another calendar');
    const calendar = await this.#calendars.load(trx, principal, calendarId).catch((error: unknown) => {
      if (error instanceof NotFoundError) throw ValidationError.field('calendarId', `no calendar ${calendarId}`);
      throw error;
    });
    if (calendar.locationPk !== booking.locationPk) throw ValidationError.field('calendarId', 'is a calendar of another location');
    if (!calendar.active) throw ValidationError.field('calendarId', 'the calendar is not active');
    if (booking.seats > 1 && calendar.seatsPerSlot < booking.seats) throw ValidationError.field('calendarId', `the calendar cannot seat ${booking.seats}`);
    return calendar;
  }

  async #calendarOf(trx: Queryable, principal: Principal, booking: Booking): Promise<Calendar> {
    return this.#calendars.load(trx, principal, booking.calendarId);
  }

  /** The booking itself, or with `series` it and every later occurrence of its series. */
  async #targets(trx: Queryable, principal: Principal, booking: Booking, series: boolean): Promise<Booking[]> {
    if (!series || booking.seriesPk === null) return [booking];
    const all = await listBookings(trx, tenantScopeOf(principal), { seriesPk: booking.seriesPk, from: booking.start }, { limit: MAX_OCCURRENCES, offset: 0 });
    return all.items.filter((b) => b.start >= booking.start);
  }

  /** An invitee may cancel or reschedule only when the calendar allows it and not inside its window. */
  #checkInviteeMay(actor: Actor, calendar: Calendar, booking: Booking, now: number, action: 'cancel' | 'reschedule'): void {
    if (actor.type !== 'contact') return;
    const allowed = action === 'cancel' ? calendar.allowCancel : calendar.allowReschedule;
    if (!allowed) throw new ForbiddenError(`This calendar does not let invitees ${action}`);
    if (calendar.cancelWindowMin !== null && booking.start - now < calendar.cancelWindowMin * MINUTE_MS) {
      throw ValidationError.field('start', `an invitee cannot ${action} within ${calendar.cancelWindowMin} minutes of the start`);
    }
  }

  /** Frees everything a booking occupies: its busy rows, its seats, its hosts' counts. */
  async #free(trx: Queryable, booking: Booking, now: number): Promise<void> {
    await deleteBookingBusy(trx, booking.pk);
    await releaseBookingResources(trx, booking.pk);
    if (booking.seatSlotPk !== null) {
      await releaseSeats(trx, booking.seatSlotPk, booking.seats, now);
      await updateBookingRow(trx, booking.pk, { seat_slot_id: null });
    }
    await setBookingHostsActive(trx, booking.pk, false);
  }

  /** Places a freed booking at its new time, with its hosts and a history entry. */
  async #move(
    trx: Queryable,
    m: { target: Booking; calendar: Calendar; timeZone: string; start: number; durationMin: number; hostId?: string; override: boolean; reason: string | null; actor: Actor; now: number },
  ): Promise<void> {
    const { target, calendar } = m;
    const place = (hostIds: string[] | undefined) =>
      placeBooking(trx, {
        kind: this.#ctx.store.kind, calendar, timeZone: m.timeZone, bookingPk: target.pk, start: m.start, durationMin: m.durationMin,
        seats: target.seats, override: m.override, hostIds, now: m.now,
      });
    const current = target.hosts.map((h) => h.userId);
    let placement = await place(m.hostId ? [m.hostId] : calendar.kind === 'collective' || current.length === 0 ? undefined : current);
    // A round-robin booking whose host is taken at the new time goes to another free host.
    if (!placement && !m.hostId && calendar.kind !== 'collective' && current.length > 0) placement = await place(undefined);
    if (!placement) throw notFree(m.start);
    const end = m.start + m.durationMin * MINUTE_MS;
    const moved = calendar.pk !== target.calendarPk;
    // A booking moved to another calendar takes that calendar's (or its new host's) meeting location.
    const meeting = moved ? (meetingLocationOfHost(calendar, placement.hosts[0]?.userId) ?? calendar.meetingLocation) : undefined;
    await updateBookingRow(trx, target.pk, {
      start_at: m.start, end_at: end, seat_slot_id: placement.seatSlotPk, pre_buffer_min: calendar.preBufferMin, post_buffer_min: calendar.postBufferMin,
      override: m.override ? 'availability' : target.override, updated_at: m.now,
      ...(moved ? { calendar_id: calendar.pk, meeting_location_kind: meeting?.kind ?? null, meeting_location: meeting?.value ?? null } : {}),
    });
    await trx.deleteFrom('booking_hosts').where('booking_id', '=', target.pk).execute();
    await insertBookingHosts(trx, { pk: target.pk, calendarPk: calendar.pk, start: m.start }, placement.hosts, m.now);
    await recordEvent(trx, {
      booking: target, type: 'rescheduled', from: target.status, to: target.status,
      before: { ...snapshot(target), ...(moved ? { calendarId: target.calendarId } : {}) },
      after: { ...snapshot({ start: m.start, end, status: target.status, hosts: placement.hosts }), ...(moved ? { calendarId: calendar.id } : {}) },
      reason: m.reason, actor: m.actor, via: 'native', at: m.now,
    });
  }
}

/** What a create answered, kept with its Idempotency-Key to be answered again. */
interface FirstAnswer {
  occurrences: Booking[];
  skipped: number[];
}

class SlotNotFree extends Error {}
/** Thrown before anything is written when a booking made without a transaction turns out to need one. */
class NeedsTransaction extends Error {}

/** A host's own meeting location on the calendar, which comes before the calendar's. */
function meetingLocationOfHost(calendar: Calendar, userId: string | undefined): MeetingLocation | null {
  return calendar.hosts.find((h) => h.userId === userId)?.meetingLocation ?? null;
}

