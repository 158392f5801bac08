import type { Insertable, Kysely, SelectQueryBuilder, Updateable } from 'kysely';
import type { Queryable } from '../database.ts';
import type { BlockedSlotsTable } from '../schema.ts';
import { containsText, inScope, pageOf, type Page, type PageRequest, type TenantScope } from './scope.ts';

/** A blocked slot: closes one calendar for all its hosts, or one user on every calendar. */
export interface BlockedSlot {
  pk: number;
  id: string;
  locationPk: number;
  locationId: string;
  calendarPk: number | null;
  calendarId: string | null;
  userPk: number | null;
  userId: string | null;
  title: string | null;
  /** Epoch ms, start < end. */
  start: number;
  end: number;
  createdAt: number;
  updatedAt: number;
}

export type NewBlockedSlot = Insertable<BlockedSlotsTable>;
export type BlockedSlotUpdate = Updateable<BlockedSlotsTable>;

interface BlockedSlotRow {
  id: number;
  public_id: string;
  location_id: number;
  calendar_id: number | null;
  user_id: number | null;
  title: string | null;
  start_at: number;
  end_at: number;
  created_at: number;
  updated_at: number;
  location_public_id: string;
  calendar_public_id: string | null;
  user_public_id: string | null;
}

function toBlockedSlot(row: BlockedSlotRow): BlockedSlot {
  return {
    pk: row.id,
    id: row.public_id,
    locationPk: row.location_id,
    locationId: row.location_public_id,
    calendarPk: row.calendar_id,
    calendarId: row.calendar_public_id,
    userPk: row.user_id,
    userId: row.user_public_id,
    title: row.title,
    start: row.start_at,
    end: row.end_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Untyped = Kysely<any>;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type UntypedSelect = SelectQueryBuilder<any, any, any>;

/** Blocks with their location's and owner's public ids; a deleted calendar's blocks are gone. */
function joined(db: Queryable): UntypedSelect {
  return (db as Untyped)
    .selectFrom('blocked_slots')
    .innerJoin('locations', 'locations.id', 'blocked_slots.location_id')
    .leftJoin('users', 'users.id', 'blocked_slots.user_id')
    .leftJoin('calendars', 'calendars.id', 'blocked_slots.calendar_id')
    .where((eb) => eb.or([eb('blocked_slots.calendar_id', 'is', null), eb('calendars.deleted_at', 'is', null)]));
}

const columns = (query: UntypedSelect) =>
  query
    .selectAll('blocked_slots')
    .select(['locations.public_id as location_public_id', 'users.public_id as user_public_id', 'calendars.public_id as calendar_public_id']);

export async function findBlockedSlotByPk(db: Queryable, pk: number): Promise<BlockedSlot | undefined> {
  const row = await columns(joined(db)).where('blocked_slots.id', '=', pk).executeTakeFirst();
  return row && toBlockedSlot(row as BlockedSlotRow);
}

export async function findBlockedSlot(db: Queryable, scope: TenantScope, publicId: string): Promise<BlockedSlot | undefined> {
  const row = await columns(joined(db))
    .where('blocked_slots.public_id', '=', publicId)
    .where(() => inScope('blocked_slots.location_id', scope))
    .executeTakeFirst();
  return row && toBlockedSlot(row as BlockedSlotRow);
}

export interface BlockedSlotFilter {
  q?: string;
  calendarPk?: number;
  userPk?: number;
  /** Only blocks overlapping [from, to) (epoch ms; either end optional). */
  from?: number;
  to?: number;
}

export function listBlockedSlots(db: Queryable, scope: TenantScope, filter: BlockedSlotFilter, page: PageRequest): Promise<Page<BlockedSlot>> {
  let query = joined(db).where(() => inScope('blocked_slots.location_id', scope));
  if (filter.q) query = query.where(() => containsText(['blocked_slots.title'], filter.q!));
  if (filter.calendarPk !== undefined) query = query.where('blocked_slots.calendar_id', '=', filter.calendarPk);
  if (filter.userPk !== undefined) query = query.where('blocked_slots.user_id', '=', filter.userPk);
  if (filter.from !== undefined) query = query.where('blocked_slots.end_at', '>', filter.from);
  if (filter.to !== undefined) query = query.where('blocked_slots.start_at', '<', filter.to);
  return pageOf(query, 'blocked_slots', columns, page, (row) => toBlockedSlot(row as BlockedSlotRow));
}

export async function insertBlockedSlot(db: Queryable, values: NewBlockedSlot): Promise<BlockedSlot> {
  const { id } = await db.insertInto('blocked_slots').values(values).returning('id').executeTakeFirstOrThrow();
  return (await findBlockedSlotByPk(db, id))!;
}

export async function updateBlockedSlotRow(db: Queryable, pk: number, values: BlockedSlotUpdate): Promise<BlockedSlot> {
  await db.updateTable('blocked_slots').set(values).where('id', '=', pk).execute();
  return (await findBlockedSlotByPk(db, pk))!;
}

export async function deleteBlockedSlot(db: Queryable, pk: number): Promise<void> {
  await db.deleteFrom('blocked_slots').where('id', '=', pk).execute();
}

/** The busy range a user block puts on its user (`host_busy` kind 'block', never enforced). */
export interface BlockBusy {
  blockPk: number;
  locationPk: number;
  userPk: number;
  start: number;
  end: number;
}

export async function insertBlockBusy(db: Queryable, busy: BlockBusy): Promise<void> {
  await db
    .insertInto('host_busy')
    .values({
      location_id: busy.locationPk,
      user_id: busy.userPk,
      calendar_id: null,
      kind: 'block',
      blocked_slot_id: busy.blockPk,
      busy_start: busy.start,
      busy_end: busy.end,
      enforced: 0,
    })
    .execute();
}

/** Moves the block's busy row; answers how many rows it changed (0: the block had none). */
export async function updateBlockBusy(db: Queryable, busy: BlockBusy): Promise<number> {
  const result = await db
    .updateTable('host_busy')
    .set({ user_id: busy.userPk, busy_start: busy.start, busy_end: busy.end })
    .where('blocked_slot_id', '=', busy.blockPk)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export async function deleteBlockBusy(db: Queryable, blockPk: number): Promise<void> {
  await db.deleteFrom('host_busy').where('blocked_slot_id', '=', blockPk).execute();
}

/** A calendar's own blocks overlapping [from, to), ascending by start (index calendar_id, end_at). */
export async function calendarBlocksOverlapping(
  db: Queryable,
  calendarPk: number,
  from: number,
  to: number,
): Promise<Array<{ start: number; end: number }>> {
  const rows = await db
    .selectFrom('blocked_slots')
    .select(['start_at', 'end_at'])
    .where('calendar_id', '=', calendarPk)
    .where('end_at', '>', from)
    .where('start_at', '<', to)
    .orderBy('start_at')
    .orderBy('id')
    .execute();
  return rows.map((r) => ({ start: r.start_at, end: r.end_at }));
}
