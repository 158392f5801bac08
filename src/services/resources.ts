import type { Queryable } from '../store/database.ts';
import { findCalendarRecord } from '../store/repositories/calendars.ts';
import {
  findResource,
  insertResource,
  listResources,
  lockResources,
  replaceResourceCalendars,
  softDeleteResource,
  updateResourceRow,
  type Resource,
  type ResourceKind,
} from '../store/repositories/resources.ts';
import type { Page, PageRequest } from '../store/repositories/scope.ts';
import type { ResourcesTable } from '../store/schema.ts';
import type { Updateable } from 'kysely';
import type { ServiceContext } from './context.ts';
import { NotFoundError, ValidationError } from './errors.ts';
import { newPublicId } from './ids.ts';
import { tenantScopeOf, type Principal } from './principal.ts';
import { listScope, targetLocation } from './tenancy.ts';
import { trimmedName } from './validation.ts';

export type { Resource, ResourceKind };

export interface ResourceInput {
  locationId?: string;
  name: string;
  description?: string | null;
  /** Equipment: units owned. */
  quantity?: number;
  /** Equipment: units that cannot be used; at most `quantity`. */
  outOfService?: number;
  /** Room: places (people at once). */
  capacity?: number;
  active?: boolean;
  /** Calendars (of the resource's location) whose bookings take it; a piece of equipment serves at most one. */
  calendarIds?: string[];
  /** Dialect pass-through fields, namespaced by dialect; merged on update. */
  extensions?: Record<string, unknown>;
}

export type ResourcePatch = Partial<Omit<ResourceInput, 'locationId'>>;

const MAX_CALENDARS = 100;

function count(field: string, value: number | undefined): number | undefined {
  if (value !== undefined && (!Number.isSafeInteger(value) || value < 0)) throw ValidationError.field(field, 'must be a whole number, 0 or more');
  return value;
}

/** The columns a patch changes, checked: counts are whole numbers, no more out of service than owned. */
function columnsOf(patch: ResourcePatch, current?: Resource): Updateable<ResourcesTable> {
  const values: Updateable<ResourcesTable> = {};
  if (patch.name !== undefined) values.name = trimmedName('name', patch.name);
  if (patch.description !== undefined) values.description = patch.description;
  if (patch.quantity !== undefined) values.quantity = count('quantity', patch.quantity);
  if (patch.outOfService !== undefined) values.out_of_service = count('outOfService', patch.outOfService);
  if (patch.capacity !== undefined) values.capacity = count('capacity', patch.capacity);
  if (patch.active !== undefined) values.active = patch.active ? 1 : 0;
  if (patch.extensions !== undefined) values.extensions = JSON.stringify({ ...current?.extensions, ...patch.extensions });
  const quantity = values.quantity ?? current?.quantity ?? 0;
  const outOfService = values.out_of_service ?? current?.outOfService ?? 0;
  if (outOfService > quantity) throw ValidationError.field('outOfService', `must not be more than the quantity (${String(quantity)})`);
  return values;
}

/**
 * Rooms and equipment of a location (HighLevel "calendar resources") and the calendars whose
 * bookings take them. Deleting one hides it; bookings that took it keep their record.
 */
export class ResourcesService {
  readonly #ctx: ServiceContext;

  constructor(ctx: ServiceContext) {
    this.#ctx = ctx;
  }

  async list(principal: Principal, kind: ResourceKind, filter: { locationId?: string }, page: PageRequest): Promise<Page<Resource>> {
    const db = this.#ctx.store.db;
    return listResources(db, await listScope(db, principal, filter.locationId), kind, page);
  }

  async get(principal: Principal, kind: ResourceKind, id: string, db: Queryable = this.#ctx.store.db): Promise<Resource> {
    const resource = await findResource(db, tenantScopeOf(principal), kind, id);
    if (!resource) throw new NotFoundError('Resource', id);
    return resource;
  }

  async create(principal: Principal, kind: ResourceKind, input: ResourceInput): Promise<Resource> {
    const values = columnsOf(input);
    return this.#ctx.store.transaction(async (trx) => {
      const location = await targetLocation(trx, principal, input.locationId);
      const calendarPks = await this.#calendarPks(trx, principal, location.pk, kind, input.calendarIds ?? []);
      const now = this.#ctx.clock.now();
      const resource = await insertResource(trx, {
        ...values,
        public_id: newPublicId(),
        location_id: location.pk,
        kind,
        name: values.name!,
        created_at: now,
        updated_at: now,
      });
      await replaceResourceCalendars(trx, resource, calendarPks, now);
      return this.get(principal, kind, resource.id, trx);
    });
  }

  /** Changes the fields given; `calendarIds` replaces the calendars it serves. */
  async update(principal: Principal, kind: ResourceKind, id: string, patch: ResourcePatch): Promise<Resource> {
    return this.#ctx.store.transaction(async (trx) => {
      const current = await this.get(principal, kind, id, trx);
      // Bookings counting its use wait for the change, and the other way round.
      await lockResources(trx, this.#ctx.store.kind, [current.pk]);
      const values = columnsOf(patch, current);
      const now = this.#ctx.clock.now();
      if (patch.calendarIds !== undefined) {
        const calendarPks = await this.#calendarPks(trx, principal, current.locationPk, kind, patch.calendarIds);
        await replaceResourceCalendars(trx, current, calendarPks, now);
      }
      return updateResourceRow(trx, current.pk, { ...values, updated_at: now });
    });
  }

  async delete(principal: Principal, kind: ResourceKind, id: string): Promise<void> {
    await this.#ctx.store.transaction(async (trx) => {
      const resource = await this.get(principal, kind, id, trx);
      await lockResources(trx, this.#ctx.store.kind, [resource.pk]);
      await softDeleteResource(trx, resource.pk, this.#ctx.clock.now());
    });
  }

  /** The calendars' keys; each must be a live calendar of the resource's location. */
  async #calendarPks(db: Queryable, principal: Principal, locationPk: number, kind: ResourceKind, calendarIds: string[]): Promise<number[]> {
    const ids = [...new Set(calendarIds)];
    if (ids.length > MAX_CALENDARS) throw ValidationError.field('calendarIds', `may list at most ${MAX_CALENDARS} calendars`);
    if (kind === 'equipment' && ids.length > 1) throw ValidationError.field('calendarIds', 'a piece of equipment serves one calendar at most');
    const scope = { organizationPk: principal.organizationPk, locationPk };
    const pks: number[] = [];
    for (const id of ids) {
      const calendar = await findCalendarRecord(db, scope, id);
      if (!calendar) throw ValidationError.reference('calendarIds', 'Calendar', id, `no calendar ${id} in this location`);
      pks.push(calendar.pk);
    }
    return pks;
  }
}
