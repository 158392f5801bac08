import { reusableQuery } from '../reusable-query.ts';
import { sql, type ExpressionBuilder } from 'kysely';
import type { Queryable } from '../database.ts';
import type { CalendarUpdate, Database, NewCalendar } from '../schema.ts';
import { groupPublicIds } from './calendar-groups.ts';
import { jsonArrayFor, jsonObjectFor, jsonRow, jsonRows } from './json-array.ts';
import { CONTACT_COLUMNS, contactFromJson, type Contact } from './contacts.ts';
import type { CalendarResource } from './resources.ts';
import { locationOwned, type RowWithLocation } from './location-owned.ts';
import { containsText, type Page, type PageRequest, type TenantScope } from './scope.ts';

export type CalendarKind = 'personal' | 'round_robin' | 'collective' | 'class' | 'service' | 'event';
export type RoundRobinMode = 'availability' | 'equal_distribution';
export type PeriodUnit = 'minutes' | 'hours' | 'days' | 'weeks' | 'months';
export type BookingWindow =
  | { kind: 'unlimited' }
  | { kind: 'rolling'; amount: number; unit: 'days' | 'weeks' | 'months' }
  | { kind: 'fixed'; startDate: string | null; endDate: string | null };

export interface MeetingLocation {
  kind: string;
  value: string | null;
}

export interface CalendarHost {
  userPk: number;
  userId: string;
  /** 0 low, 1 medium, 2 high. */
  priority: number;
  isPrimary: boolean;
  meetingLocation: MeetingLocation | null;
}

export interface CalendarDuration {
  pk: number;
  id: string;
  minutes: number;
  isDefault: boolean;
}

export interface BookingQuestion {
  pk: number;
  id: string;
  label: string;
  type: string;
  required: boolean;
  options: string[];
  position: number;
}

/** The calendar row itself; `parts` adds hosts, durations and questions. */
export interface CalendarRecord {
  pk: number;
  id: string;
  locationPk: number;
  locationId: string;
  groupPk: number | null;
  kind: CalendarKind;
  roundRobinMode: RoundRobinMode;
  name: string;
  slug: string;
  description: string | null;
  color: string;
  position: number;
  active: boolean;
  secret: boolean;
  /** The calendar's own zone; null: the location's. */
  timeZone: string | null;
  /** The zone its rules are read in: its own, else its location's. */
  effectiveTimeZone: string;
  slotIntervalMin: number | null;
  preBufferMin: number;
  postBufferMin: number;
  minNotice: { amount: number; unit: PeriodUnit };
  bookingWindow: BookingWindow;
  dailyLimit: { max: number; scope: 'host' | 'calendar' } | null;
  seatsPerSlot: number;
  autoConfirm: boolean;
  allowCancel: boolean;
  allowReschedule: boolean;
  cancelWindowMin: number | null;
  meetingLocation: MeetingLocation | null;
  eventTitle: string | null;
  extensions: Record<string, unknown>;
  createdAt: number;
  updatedAt: number;
  deletedAt: number | null;
}

export interface Calendar extends CalendarRecord {
  /** The public id of the calendar's group, if it is in one. */
  groupId: string | null;
  hosts: CalendarHost[];
  durations: CalendarDuration[];
  questions: BookingQuestion[];
  /**
   * The active, live rooms and equipment its bookings take, oldest first (the order rooms are
   * tried in), with their usable units: equipment quantity minus out of service, a room's capacity.
   */
  resources: CalendarResource[];
}

function bookingWindowOf(row: RowWithLocation<'calendars'>): BookingWindow {
  const kind = row.booking_window_kind;
  if (kind === 'rolling') {
    return { kind, amount: row.booking_window_amount!, unit: row.booking_window_unit as 'days' | 'weeks' | 'months' };
  }
  if (kind === 'fixed') return { kind, startDate: row.booking_window_start_date, endDate: row.booking_window_end_date };
  return { kind: 'unlimited' };
}

function toCalendar(row: RowWithLocation<'calendars'>): CalendarRecord {
  return {
    pk: row.id,
    id: row.public_id,
    locationPk: row.location_id,
    locationId: row.location_public_id,
    groupPk: row.group_id,
    kind: row.kind as CalendarKind,
    roundRobinMode: row.round_robin_mode as RoundRobinMode,
    name: row.name,
    slug: row.slug,
    description: row.description,
    color: row.color,
    position: row.position,
    active: row.active === 1,
    secret: row.secret === 1,
    timeZone: row.time_zone,
    effectiveTimeZone: row.time_zone ?? row.location_time_zone,
    slotIntervalMin: row.slot_interval_min,
    preBufferMin: row.pre_buffer_min,
    postBufferMin: row.post_buffer_min,
    minNotice: { amount: row.min_notice_amount, unit: row.min_notice_unit as PeriodUnit },
    bookingWindow: bookingWindowOf(row),
    dailyLimit: row.daily_limit === null ? null : { max: row.daily_limit, scope: row.daily_limit_scope as 'host' | 'calendar' },
    seatsPerSlot: row.seats_per_slot,
    autoConfirm: row.auto_confirm === 1,
    allowCancel: row.allow_cancel === 1,
    allowReschedule: row.allow_reschedule === 1,
    cancelWindowMin: row.cancel_window_min,
    meetingLocation: row.meeting_location_kind === null ? null : { kind: row.meeting_location_kind, value: row.meeting_location },
    eventTitle: row.event_title,
    extensions: JSON.parse(row.extensions) as Record<string, unknown>,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    deletedAt: row.deleted_at,
  };
}

const calendars = locationOwned('calendars', toCalendar);

export interface CalendarFilter {
  q?: string;
  kind?: CalendarKind;
  active?: boolean;
  groupPk?: number;
  hostPk?: number;
}

export async function listCalendarRecords(db: Queryable, scope: TenantScope, filter: CalendarFilter, page: PageRequest): Promise<Page<CalendarRecord>> {
  let query = calendars.scoped(db, scope).where('calendars.deleted_at', 'is', null);
  if (filter.q) query = query.where(() => containsText(['calendars.name', 'calendars.slug', 'calendars.description'], filter.q!));
  if (filter.kind) query = query.where('calendars.kind', '=', filter.kind);
  if (filter.active !== undefined) query = query.where('calendars.active', '=', filter.active ? 1 : 0);
  if (filter.groupPk !== undefined) query = query.where('calendars.group_id', '=', filter.groupPk);
  if (filter.hostPk !== undefined) {
    query = query.where('calendars.id', 'in', (eb: Queryable) =>
      eb.selectFrom('calendar_hosts').select('calendar_hosts.calendar_id').where('calendar_hosts.user_id', '=', filter.hostPk!),
    );
  }
  return calendars.page(query, page);
}

export async function findCalendarRecord(db: Queryable, scope: TenantScope, publicId: string): Promise<CalendarRecord | undefined> {
  const calendar = await calendars.find(db, scope, publicId);
  return calendar && calendar.deletedAt === null ? calendar : undefined;
}

export const insertCalendar = (db: Queryable, values: NewCalendar) => calendars.insert(db, values);
export const updateCalendarRow = (db: Queryable, pk: number, values: CalendarUpdate) => calendars.update(db, pk, values);
export const findCalendarRecordByPk = (db: Queryable, pk: number) => calendars.findByPk(db, pk);

export async function softDeleteCalendar(db: Queryable, pk: number, now: number): Promise<void> {
  await db.updateTable('calendars').set({ deleted_at: now, updated_at: now }).where('id', '=', pk).execute();
}

/**
 * The queries of a calendar's parts, without the calendar they belong to: a list filters them by
 * calendar keys, a single calendar reads them as JSON arrays beside its own row.
 */
const partQueries = {
  hosts: (db: Queryable) =>
    db
      .selectFrom('calendar_hosts')
      .innerJoin('users', 'users.id', 'calendar_hosts.user_id')
      .select([
        'calendar_hosts.calendar_id', 'calendar_hosts.id', 'calendar_hosts.position', 'calendar_hosts.user_id', 'users.public_id as user_public_id',
        'calendar_hosts.priority', 'calendar_hosts.is_primary', 'calendar_hosts.meeting_location_kind', 'calendar_hosts.meeting_location',
      ]),
  durations: (db: Queryable) =>
    db
      .selectFrom('calendar_variants')
      .select(['calendar_variants.calendar_id', 'calendar_variants.id', 'calendar_variants.position', 'calendar_variants.public_id', 'calendar_variants.duration_min', 'calendar_variants.is_default']),
  questions: (db: Queryable) =>
    db
      .selectFrom('booking_questions')
      .select([
        'booking_questions.calendar_id', 'booking_questions.id', 'booking_questions.position', 'booking_questions.public_id', 'booking_questions.label',
        'booking_questions.type', 'booking_questions.required', 'booking_questions.options',
      ])
      .where('booking_questions.active', '=', 1),
  resources: (db: Queryable) =>
    db
      .selectFrom('calendar_resources')
      .innerJoin('resources', 'resources.id', 'calendar_resources.resource_id')
      .select(['calendar_resources.calendar_id', 'resources.id', 'resources.created_at', 'resources.kind', 'resources.quantity', 'resources.out_of_service', 'resources.capacity'])
      .where('resources.active', '=', 1)
      .where('resources.deleted_at', 'is', null),
};

/** Hosts, durations, questions and resources of several calendars, in parallel queries. */
async function queryParts(db: Queryable, calendarPks: number[]) {
  return Promise.all([
    partQueries.hosts(db).where('calendar_hosts.calendar_id', 'in', calendarPks).orderBy('calendar_hosts.position').orderBy('calendar_hosts.id').execute(),
    partQueries.durations(db).where('calendar_variants.calendar_id', 'in', calendarPks).orderBy('calendar_variants.position').orderBy('calendar_variants.id').execute(),
    partQueries.questions(db).where('booking_questions.calendar_id', 'in', calendarPks).orderBy('booking_questions.position').orderBy('booking_questions.id').execute(),
    partQueries.resources(db).where('calendar_resources.calendar_id', 'in', calendarPks).orderBy('resources.created_at').orderBy('resources.id').execute(),
  ]);
}

function assemble(records: CalendarRecord[], parts: Awaited<ReturnType<typeof queryParts>>, groupIds: Map<number, string>): Calendar[] {
  const [hosts, durations, questions, resources] = parts;
  return records.map((record) => ({
    ...record,
    groupId: record.groupPk === null ? null : (groupIds.get(record.groupPk) ?? null),
    hosts: hosts
      .filter((h) => h.calendar_id === record.pk)
      .map((h) => ({
        userPk: h.user_id,
        userId: h.user_public_id,
        priority: h.priority,
        isPrimary: h.is_primary === 1,
        meetingLocation: h.meeting_location_kind === null ? null : { kind: h.meeting_location_kind, value: h.meeting_location },
      })),
    durations: durations
      .filter((d) => d.calendar_id === record.pk)
      .map((d) => ({ pk: d.id, id: d.public_id, minutes: d.duration_min, isDefault: d.is_default === 1 })),
    questions: questions
      .filter((q) => q.calendar_id === record.pk)
      .map((q) => ({ pk: q.id, id: q.public_id, label: q.label, type: q.type, required: q.required === 1, options: JSON.parse(q.options) as string[], position: q.position })),
    resources: resources
      .filter((r) => r.calendar_id === record.pk)
      .map((r) => ({ pk: r.id, kind: r.kind as CalendarResource['kind'], usable: r.kind === 'equipment' ? r.quantity - r.out_of_service : r.capacity })),
  }));
}

/** Hosts, durations, questions and resources of several calendars. */
export async function loadCalendarParts(db: Queryable, records: CalendarRecord[]): Promise<Calendar[]> {
  if (records.length === 0) return [];
  const groupPks = records.flatMap((c) => (c.groupPk === null ? [] : [c.groupPk]));
  const [parts, groupIds] = await Promise.all([queryParts(db, records.map((c) => c.pk)), groupPublicIds(db, groupPks)]);
  return assemble(records, parts, groupIds);
}

const calendarWithParts = reusableQuery((db, p: { publicId: string; contactId: string | undefined } & TenantScope) => {
  const jsonArray = jsonArrayFor(db);
  const jsonObject = jsonObjectFor(db);
  return calendars
    .scoped(db, p)
    .selectAll('calendars')
    .select(['locations.public_id as location_public_id', 'locations.time_zone as location_time_zone'])
    .select((eb: ExpressionBuilder<Database, 'calendars'>) => [
      eb.selectFrom('calendar_groups').select('calendar_groups.public_id').whereRef('calendar_groups.id', '=', 'calendars.group_id').as('group_public_id'),
      jsonArray(partQueries.hosts(db).where('calendar_hosts.calendar_id', '=', sql.ref<number>('calendars.id'))).as('part_hosts'),
      jsonArray(partQueries.durations(db).where('calendar_variants.calendar_id', '=', sql.ref<number>('calendars.id'))).as('part_durations'),
      jsonArray(partQueries.questions(db).where('booking_questions.calendar_id', '=', sql.ref<number>('calendars.id'))).as('part_questions'),
      jsonArray(partQueries.resources(db).where('calendar_resources.calendar_id', '=', sql.ref<number>('calendars.id'))).as('part_resources'),
    ])
    // A booking names its contact: it comes along when it is in the calendar's location.
    .$if(p.contactId !== undefined, (query) =>
      query.select((eb: ExpressionBuilder<Database, 'calendars'>) =>
        jsonObject(eb.selectFrom('contacts').select(CONTACT_COLUMNS).whereRef('contacts.location_id', '=', 'calendars.location_id').where('contacts.public_id', '=', p.contactId!)).as('contact'),
      ),
    )
    .where('calendars.public_id', '=', p.publicId)
    .where('calendars.deleted_at', 'is', null);
});

/** One calendar with its parts, inside a tenant scope: the row and its parts are read together. */
export async function loadCalendar(db: Queryable, scope: TenantScope, publicId: string): Promise<Calendar | undefined> {
  return (await loadCalendarWithContact(db, scope, publicId, undefined))?.calendar;
}

/**
 * `loadCalendar`, and with `contactId` that contact of the calendar's location (undefined when it
 * has none by that id), in the same statement.
 */
export async function loadCalendarWithContact(
  db: Queryable,
  scope: TenantScope,
  publicId: string,
  contactId: string | undefined,
): Promise<{ calendar: Calendar; contact: Contact | undefined } | undefined> {
  // One statement: the calendar row with its parts as JSON arrays (every request that books or
  // lists slots starts here, and each round trip costs more than the query itself).
  const [row] = (await calendarWithParts(db, { publicId, contactId, locationPk: scope.locationPk, organizationPk: scope.organizationPk })) as Array<Record<string, unknown>>;
  if (!row) return undefined;
  const record = toCalendar(row as RowWithLocation<'calendars'>);
  type Ordered = { position: number; id: number };
  const byPosition = (a: Ordered, b: Ordered) => a.position - b.position || a.id - b.id;
  // The order inside an aggregate is not promised.
  const part = <T>(value: unknown, order: (a: T, b: T) => number) => jsonRows<T>(value).sort(order);
  const parts = [
    part<Ordered>(row.part_hosts, byPosition),
    part<Ordered>(row.part_durations, byPosition),
    part<Ordered>(row.part_questions, byPosition),
    part<{ created_at: number; id: number }>(row.part_resources, (a, b) => a.created_at - b.created_at || a.id - b.id),
  ] as unknown as Awaited<ReturnType<typeof queryParts>>;
  const groupIds = new Map<number, string>(record.groupPk !== null && row.group_public_id ? [[record.groupPk, row.group_public_id as string]] : []);
  const calendar = assemble([record], parts, groupIds)[0]!;
  const contactRow = jsonRow<Parameters<typeof contactFromJson>[0]>(row.contact);
  const contact = contactRow && contactFromJson(contactRow, { publicId: calendar.locationId, timeZone: row.location_time_zone as string });
  return { calendar, contact };
}


export interface CalendarParts {
  hosts: Array<{ userPk: number; priority: number; isPrimary: boolean; meetingLocation: MeetingLocation | null }>;
  durations: Array<{ minutes: number; isDefault: boolean; publicId: string }>;
  questions: Array<{ publicId: string; label: string; type: string; required: boolean; options: string[]; position: number }>;
}

/** Replaces a calendar's hosts, durations and questions (each list only when given). */
export async function replaceCalendarParts(db: Queryable, calendarPk: number, parts: Partial<CalendarParts>, now: number): Promise<void> {
  if (parts.hosts) {
    await db.deleteFrom('calendar_hosts').where('calendar_id', '=', calendarPk).execute();
    if (parts.hosts.length > 0) {
      await db
        .insertInto('calendar_hosts')
        .values(
          parts.hosts.map((h, position) => ({
            calendar_id: calendarPk,
            user_id: h.userPk,
            priority: h.priority,
            is_primary: h.isPrimary ? 1 : 0,
            position,
            meeting_location_kind: h.meetingLocation?.kind ?? null,
            meeting_location: h.meetingLocation?.value ?? null,
            created_at: now,
          })),
        )
        .execute();
    }
  }
  if (parts.durations) {
    await db.deleteFrom('calendar_variants').where('calendar_id', '=', calendarPk).execute();
    await db
      .insertInto('calendar_variants')
      .values(
        parts.durations.map((d, position) => ({
          public_id: d.publicId,
          calendar_id: calendarPk,
          duration_min: d.minutes,
          is_default: d.isDefault ? 1 : 0,
          position,
        })),
      )
      .execute();
  }
  if (parts.questions) {
    // Questions are deactivated, not deleted, so earlier answers keep their question.
    await db.updateTable('booking_questions').set({ active: 0, updated_at: now }).where('calendar_id', '=', calendarPk).execute();
    if (parts.questions.length > 0) {
      await db
        .insertInto('booking_questions')
        .values(
          parts.questions.map((q) => ({
            public_id: q.publicId,
            calendar_id: calendarPk,
            label: q.label,
            type: q.type,
            required: q.required ? 1 : 0,
            options: JSON.stringify(q.options),
            position: q.position,
            created_at: now,
            updated_at: now,
          })),
        )
        .execute();
    }
  }
}
