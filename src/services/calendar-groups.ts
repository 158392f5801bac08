import {
  deleteCalendarGroup,
  findCalendarGroup,
  groupSlugsLike,
  groupSlugTaken,
  insertCalendarGroup,
  listCalendarGroups,
  lockLocationRow,
  updateCalendarGroup,
  type CalendarGroup,
  type CalendarGroupFilter,
  type CalendarGroupUpdate,
} from '../store/repositories/calendar-groups.ts';
import type { Page, PageRequest } from '../store/repositories/scope.ts';
import type { Queryable } from '../store/database.ts';
import { isValidSlug, slugify } from './calendars.ts';
import type { ServiceContext } from './context.ts';
import { ConflictError, NotFoundError, ValidationError } from './errors.ts';
import { newPublicId } from './ids.ts';
import { tenantScopeOf, type Principal } from './principal.ts';
import { listScope, targetLocation } from './tenancy.ts';
import { uniquely } from './unique.ts';
import { trimmedName } from './validation.ts';

export interface CalendarGroupInput {
  locationId?: string;
  name: string;
  description?: string | null;
  /** Generated from the name when absent. */
  slug?: string;
  active?: boolean;
  position?: number;
}

export type CalendarGroupPatch = Partial<Omit<CalendarGroupInput, 'locationId'>>;

const DUPLICATE_SLUG = 'Another calendar group of this location already uses this slug';
/**
 * Creates that generate a slug are serialised per location, but one can still collide with a
 * concurrent create that sends the same slug explicitly; it is then retried this often.
 */
const GENERATED_SLUG_ATTEMPTS = 3;

function columns(input: CalendarGroupPatch): CalendarGroupUpdate {
  const values: CalendarGroupUpdate = {};
  if (input.name !== undefined) values.name = trimmedName('name', input.name);
  if (input.description !== undefined) values.description = input.description;
  if (input.slug !== undefined) {
    if (!isValidSlug(input.slug)) throw ValidationError.field('slug', 'use lower-case letters, digits and single hyphens');
    values.slug = input.slug;
  }
  if (input.active !== undefined) values.active = input.active ? 1 : 0;
  if (input.position !== undefined) values.position = input.position;
  return values;
}

/** Calendar groups: named sets of calendars of one location, each with its own slug. */
export class CalendarGroupsService {
  readonly #ctx: ServiceContext;

  constructor(ctx: ServiceContext) {
    this.#ctx = ctx;
  }

  async list(principal: Principal, filter: CalendarGroupFilter & { locationId?: string }, page: PageRequest): Promise<Page<CalendarGroup>> {
    const db = this.#ctx.store.db;
    return listCalendarGroups(db, await listScope(db, principal, filter.locationId), filter, page);
  }

  async get(principal: Principal, id: string): Promise<CalendarGroup> {
    return this.#find(this.#ctx.store.db, principal, id);
  }

  async create(principal: Principal, input: CalendarGroupInput): Promise<CalendarGroup> {
    const values = columns(input);
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.#ctx.store.transaction(async (trx) => {
          const location = await targetLocation(trx, principal, input.locationId);
          const now = this.#ctx.clock.now();
          const slug = values.slug ?? (await this.#freeSlug(trx, location.pk, slugify(input.name, 'group')));
          return uniquely('slug', DUPLICATE_SLUG, () =>
            insertCalendarGroup(trx, {
              ...values,
              public_id: newPublicId(),
              location_id: location.pk,
              name: values.name!,
              slug,
              created_at: now,
              updated_at: now,
            }),
          );
        });
      } catch (error) {
        // Only a slug we chose ourselves is worth another try; a slug the caller sent is a conflict.
        if (!(error instanceof ConflictError) || values.slug !== undefined || attempt >= GENERATED_SLUG_ATTEMPTS) throw error;
      }
    }
  }

  /** Changes only the fields given; renaming keeps the slug (booking-page links stay valid). */
  async update(principal: Principal, id: string, patch: CalendarGroupPatch): Promise<CalendarGroup> {
    const values = columns(patch);
    return this.#ctx.store.transaction(async (trx) => {
      const group = await this.#find(trx, principal, id);
      return uniquely('slug', DUPLICATE_SLUG, () => updateCalendarGroup(trx, group.pk, { ...values, updated_at: this.#ctx.clock.now() }));
    });
  }

  /** Deletes the group; its calendars stay, without a group. */
  async delete(principal: Principal, id: string): Promise<void> {
    await this.#ctx.store.transaction(async (trx) => {
      const group = await this.#find(trx, principal, id);
      await deleteCalendarGroup(trx, group.pk, this.#ctx.clock.now());
    });
  }

  /**
   * Whether a new group of the location could take `slug`: false when another group of the
   * location has it and also when it is not a valid slug at all.
   */
  async isSlugAvailable(principal: Principal, input: { slug: string; locationId?: string }): Promise<boolean> {
    const db = this.#ctx.store.db;
    const location = await targetLocation(db, principal, input.locationId);
    if (!isValidSlug(input.slug)) return false;
    return !(await groupSlugTaken(db, location.pk, input.slug));
  }

  async #find(db: Queryable, principal: Principal, id: string): Promise<CalendarGroup> {
    const group = await findCalendarGroup(db, tenantScopeOf(principal), id);
    if (!group) throw new NotFoundError('Calendar group', id);
    return group;
  }

  /** The slug itself, or the slug with the lowest free numeric suffix. */
  async #freeSlug(db: Queryable, locationPk: number, base: string): Promise<string> {
    await lockLocationRow(db, locationPk);
    const taken = await groupSlugsLike(db, locationPk, base);
    if (!taken.has(base)) return base;
    for (let n = 2; ; n++) if (!taken.has(`${base}-${n}`)) return `${base}-${n}`;
  }
}
