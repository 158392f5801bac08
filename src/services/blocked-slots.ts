import { parseInstant } from './instants.ts';
import type { Interval } from '../core/intervals.ts';
import type { Queryable } from '../store/database.ts';
import {
  calendarBlocksOverlapping,
  deleteBlockBusy,
  deleteBlockedSlot,
  findBlockedSlot,
  insertBlockBusy,
  insertBlockedSlot,
  listBlockedSlots,
  updateBlockBusy,
  updateBlockedSlotRow,
  type BlockedSlot,
  type BlockedSlotUpdate,
} from '../store/repositories/blocked-slots.ts';
import { findCalendarRecord } from '../store/repositories/calendars.ts';
import type { Page, PageRequest, TenantScope } from '../store/repositories/scope.ts';
import { findUser } from '../store/repositories/users.ts';
import type { ServiceContext } from './context.ts';
import { NotFoundError, ValidationError } from './errors.ts';
import { newPublicId } from './ids.ts';
import { tenantScopeOf, type Principal } from './principal.ts';
import { listScope, targetLocation } from './tenancy.ts';

export interface BlockedSlotInput {
  /** Optional: the location the owner must be in (organization keys). */
  locationId?: string;
  /** Exactly one of calendarId (closes the calendar for all its hosts) and userId (the user, everywhere). */
  calendarId?: string | null;
  userId?: string | null;
  title?: string | null;
  /** ISO-8601 instants with an offset; start < end. */
  start: string;
  end: string;
}

/** Only the fields sent change; null clears. After the change exactly one owner must remain. */
export type BlockedSlotPatch = Partial<Omit<BlockedSlotInput, 'locationId'>>;

export interface BlockedSlotFilter {
  locationId?: string;
  calendarId?: string;
  userId?: string;
  /** Blocks overlapping [from, to): ISO-8601 instants, either optional. */
  from?: string;
  to?: string;
  q?: string;
}

function checkRange(start: number, end: number): void {
  if (!(start < end)) throw ValidationError.field('end', 'must be after start');
}

function checkOwner(calendarId: string | null | undefined, userId: string | null | undefined): void {
  const hasCalendar = calendarId !== undefined && calendarId !== null;
  const hasUser = userId !== undefined && userId !== null;
  if (hasCalendar === hasUser) {
    const message = hasUser ? 'give either calendarId or userId, not both' : 'one of calendarId or userId is required';
    throw new ValidationError(`calendarId/userId: ${message}`, [
      { field: 'calendarId', message },
      { field: 'userId', message },
    ]);
  }
}

function titleOf(value: string | null | undefined): string | null | undefined {
  if (value === undefined || value === null) return value;
  return value.trim() === '' ? null : value.trim();
}

interface Owner {
  locationPk: number;
  calendarPk: number | null;
  userPk: number | null;
}

/** The calendar or user a block belongs to, looked up inside `scope`. */
async function resolveOwner(db: Queryable, scope: TenantScope, calendarId: string | null | undefined, userId: string | null | undefined): Promise<Owner> {
  if (calendarId !== undefined && calendarId !== null) {
    const calendar = await findCalendarRecord(db, scope, calendarId);
    if (!calendar) throw new NotFoundError('Calendar', calendarId);
    return { locationPk: calendar.locationPk, calendarPk: calendar.pk, userPk: null };
  }
  const user = await findUser(db, scope, userId!);
  if (!user) throw new NotFoundError('User', userId!);
  return { locationPk: user.locationPk, calendarPk: null, userPk: user.pk };
}

/**
 * A user block also occupies its user in `host_busy` (kind 'block', not enforced, so a block may
 * be placed over existing bookings); a calendar block has no busy row. Keeps the two in step.
 */
async function syncBusy(db: Queryable, block: BlockedSlot): Promise<void> {
  if (block.userPk === null) {
    await deleteBlockBusy(db, block.pk);
    return;
  }
  const busy = { blockPk: block.pk, locationPk: block.locationPk, userPk: block.userPk, start: block.start, end: block.end };
  if ((await updateBlockBusy(db, busy)) === 0) await insertBlockBusy(db, busy);
}

/**
 * A calendar's own blocks overlapping [from, to) (epoch ms), for the free-slot engine: they are
 * busy time of every host of that calendar, on that calendar only. User blocks are not here:
 * they are read with the rest of a host's busy time from `host_busy`.
 */
export function loadCalendarBlocks(db: Queryable, calendarPk: number, from: number, to: number): Promise<Interval[]> {
  return calendarBlocksOverlapping(db, calendarPk, from, to);
}

/** Blocked slots: time closed on one calendar, or for one user on every calendar. */
export class BlockedSlotsService {
  readonly #ctx: ServiceContext;

  constructor(ctx: ServiceContext) {
    this.#ctx = ctx;
  }

  async list(principal: Principal, filter: BlockedSlotFilter, page: PageRequest): Promise<Page<BlockedSlot>> {
    const db = this.#ctx.store.db;
    const from = filter.from === undefined ? undefined : parseInstant('from', filter.from);
    const to = filter.to === undefined ? undefined : parseInstant('to', filter.to);
    if (from !== undefined && to !== undefined && !(from < to)) throw ValidationError.field('to', 'must be after from');
    const scope = await listScope(db, principal, filter.locationId);
    let calendarPk: number | undefined;
    let userPk: number | undefined;
    if (filter.calendarId !== undefined) {
      const calendar = await findCalendarRecord(db, scope, filter.calendarId);
      if (!calendar) throw new NotFoundError('Calendar', filter.calendarId);
      calendarPk = calendar.pk;
    }
    if (filter.userId !== undefined) {
      const user = await findUser(db, scope, filter.userId);
      if (!user) throw new NotFoundError('User', filter.userId);
      userPk = user.pk;
    }
    return listBlockedSlots(db, scope, { q: filter.q, calendarPk, userPk, from, to }, page);
  }

  async get(principal: Principal, id: string): Promise<BlockedSlot> {
    const block = await findBlockedSlot(this.#ctx.store.db, tenantScopeOf(principal), id);
    if (!block) throw new NotFoundError('Blocked slot', id);
    return block;
  }

  async create(principal: Principal, input: BlockedSlotInput): Promise<BlockedSlot> {
    checkOwner(input.calendarId, input.userId);
    const start = parseInstant('start', input.start);
    const end = parseInstant('end', input.end);
    checkRange(start, end);
    return this.#ctx.store.transaction(async (trx) => {
      const scope: TenantScope =
        input.locationId === undefined
          ? tenantScopeOf(principal)
          : { organizationPk: principal.organizationPk, locationPk: (await targetLocation(trx, principal, input.locationId)).pk };
      const owner = await resolveOwner(trx, scope, input.calendarId, input.userId);
      const now = this.#ctx.clock.now();
      const block = await insertBlockedSlot(trx, {
        public_id: newPublicId(),
        location_id: owner.locationPk,
        calendar_id: owner.calendarPk,
        user_id: owner.userPk,
        title: titleOf(input.title) ?? null,
        start_at: start,
        end_at: end,
        created_at: now,
        updated_at: now,
      });
      await syncBusy(trx, block);
      return block;
    });
  }

  async update(principal: Principal, id: string, patch: BlockedSlotPatch): Promise<BlockedSlot> {
    const start = patch.start === undefined ? undefined : parseInstant('start', patch.start);
    const end = patch.end === undefined ? undefined : parseInstant('end', patch.end);
    return this.#ctx.store.transaction(async (trx) => {
      const block = await findBlockedSlot(trx, tenantScopeOf(principal), id);
      if (!block) throw new NotFoundError('Blocked slot', id);
      const values: BlockedSlotUpdate = {};
      if (patch.calendarId !== undefined || patch.userId !== undefined) {
        const calendarId = patch.calendarId !== undefined ? patch.calendarId : block.calendarId;
        const userId = patch.userId !== undefined ? patch.userId : block.userId;
        checkOwner(calendarId, userId);
        // A block stays in its location: the new owner is looked up there only.
        const owner = await resolveOwner(trx, { organizationPk: principal.organizationPk, locationPk: block.locationPk }, calendarId, userId);
        values.calendar_id = owner.calendarPk;
        values.user_id = owner.userPk;
      }
      checkRange(start ?? block.start, end ?? block.end);
      if (start !== undefined) values.start_at = start;
      if (end !== undefined) values.end_at = end;
      if (patch.title !== undefined) values.title = titleOf(patch.title);
      const updated = await updateBlockedSlotRow(trx, block.pk, { ...values, updated_at: this.#ctx.clock.now() });
      await syncBusy(trx, updated);
      return updated;
    });
  }

  async delete(principal: Principal, id: string): Promise<void> {
    await this.#ctx.store.transaction(async (trx) => {
      const block = await findBlockedSlot(trx, tenantScopeOf(principal), id);
      if (!block) throw new NotFoundError('Blocked slot', id);
      await deleteBlockBusy(trx, block.pk);
      await deleteBlockedSlot(trx, block.pk);
    });
  }

  /** See the exported `loadCalendarBlocks`. */
  calendarBlocks(calendarPk: number, from: number, to: number, db: Queryable = this.#ctx.store.db): Promise<Interval[]> {
    return loadCalendarBlocks(db, calendarPk, from, to);
  }
}
