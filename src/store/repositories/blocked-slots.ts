import type { Insertable, Updateable } from 'kysely';
import type { Queryable } from '../database.ts';
import type { BlockedSlotsTable } from '../schema.ts';
import { locationOwned, type RowWithOwners } from './location-owned.ts';
import { containsText, type Page, type PageRequest, type TenantScope } from './scope.ts';

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

function toBlockedSlot(row: RowWithOwners<'blocked_slots'>): BlockedSlot {
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

const blocks = locationOwned('blocked_slots', (row) => toBlockedSlot(row as RowWithOwners<'blocked_slots'>), { owners: true });

export const findBlockedSlotByPk = (db: Queryable, pk: number) => blocks.findByPk(db, pk);
export const findBlockedSlot = (db: Queryable, scope: TenantScope, publicId: string) => blocks.find(db, scope, publicId);

export interface BlockedSlotFilter {
  q?: string;
  calendarPk?: number;
  userPk?: number;
  /** Only blocks overlapping [from, to) (epoch ms; either end optional). */
  from?: number;
  to?: number;
}

export function listBlockedSlots(db: Queryable, scope: TenantScope, filter: BlockedSlotFilter, page: PageRequest): Promise<Page<BlockedSlot>> {
  let query = blocks.scoped(db, scope);
  if (filter.q) query = query.where(() => containsText(['blocked_slots.title'], filter.q!));
  if (filter.calendarPk !== undefined) query = query.where('blocked_slots.calendar_id', '=', filter.calendarPk);
  if (filter.userPk !== undefined) query = query.where('blocked_slots.user_id', '=', filter.userPk);
  if (filter.from !== undefined) query = query.where('blocked_slots.end_at', '>', filter.from);
  if (filter.to !== undefined) query = query.where('blocked_slots.start_at', '<', filter.to);
  return blocks.page(query, page);
}

export const insertBlockedSlot = (db: Queryable, values: NewBlockedSlot) => blocks.insert(db, values);
export const updateBlockedSlotRow = (db: Queryable, pk: number, values: BlockedSlotUpdate) => blocks.update(db, pk, values);
export const deleteBlockedSlot = (db: Queryable, pk: number) => blocks.remove(db, pk);

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
