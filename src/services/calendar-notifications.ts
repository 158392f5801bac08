import type { Selectable } from 'kysely';
import type { Queryable } from '../store/database.ts';
import type { CalendarNotificationsTable } from '../store/schema.ts';
import type { CalendarsService } from './calendars.ts';
import type { ServiceContext } from './context.ts';
import { NotFoundError } from './errors.ts';
import { newPublicId } from './ids.ts';
import type { Principal } from './principal.ts';

export interface NotificationSettings {
  receiverType: string;
  channel: string;
  notificationType: string;
  isActive?: boolean;
  /** Everything else (template, subject, body, offsets, extra recipients, sender), kept as given. */
  settings?: Record<string, unknown>;
}

export interface CalendarNotification {
  id: string;
  calendarId: string;
  receiverType: string;
  channel: string;
  notificationType: string;
  isActive: boolean;
  deleted: boolean;
  settings: Record<string, unknown>;
  createdAt: number;
  updatedAt: number;
}

function toNotification(row: Selectable<CalendarNotificationsTable>, calendarId: string): CalendarNotification {
  return {
    id: row.public_id,
    calendarId,
    receiverType: row.receiver_type,
    channel: row.channel,
    notificationType: row.notification_type,
    isActive: row.active === 1,
    deleted: row.deleted_at !== null,
    settings: JSON.parse(row.settings) as Record<string, unknown>,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** A calendar's notification that is not deleted, or NotFoundError. */
async function liveNotification(db: Queryable, calendarPk: number, id: string): Promise<Selectable<CalendarNotificationsTable>> {
  const row = await db
    .selectFrom('calendar_notifications')
    .selectAll()
    .where('calendar_id', '=', calendarPk)
    .where('public_id', '=', id)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  if (!row) throw new NotFoundError('Notification', id);
  return row;
}

/** A calendar's notification settings: stored and returned (delivery is not built yet). */
export class CalendarNotificationsService {
  readonly #ctx: ServiceContext;
  readonly #calendars: CalendarsService;

  constructor(ctx: ServiceContext, calendars: CalendarsService) {
    this.#ctx = ctx;
    this.#calendars = calendars;
  }

  async list(
    principal: Principal,
    calendarId: string,
    filter: { isActive?: boolean; deleted?: boolean; limit: number; skip: number },
  ): Promise<CalendarNotification[]> {
    const calendar = await this.#calendars.get(principal, calendarId);
    let query = this.#ctx.store.db.selectFrom('calendar_notifications').selectAll().where('calendar_id', '=', calendar.pk);
    if (filter.isActive !== undefined) query = query.where('active', '=', filter.isActive ? 1 : 0);
    query = filter.deleted ? query.where('deleted_at', 'is not', null) : query.where('deleted_at', 'is', null);
    const rows = await query.orderBy('created_at').orderBy('id').limit(filter.limit).offset(filter.skip).execute();
    return rows.map((row) => toNotification(row, calendar.id));
  }

  async get(principal: Principal, calendarId: string, id: string): Promise<CalendarNotification> {
    const calendar = await this.#calendars.get(principal, calendarId);
    return toNotification(await liveNotification(this.#ctx.store.db, calendar.pk, id), calendar.id);
  }

  /** Creates several at once: all of them, or none. */
  async create(principal: Principal, calendarId: string, inputs: NotificationSettings[]): Promise<CalendarNotification[]> {
    return this.#ctx.store.transaction(async (trx) => {
      const calendar = await this.#calendars.load(trx, principal, calendarId);
      const now = this.#ctx.clock.now();
      if (inputs.length === 0) return [];
      const rows = await trx
        .insertInto('calendar_notifications')
        .values(
          inputs.map((n) => ({
            public_id: newPublicId(),
            location_id: calendar.locationPk,
            calendar_id: calendar.pk,
            receiver_type: n.receiverType,
            channel: n.channel,
            notification_type: n.notificationType,
            active: n.isActive === false ? 0 : 1,
            settings: JSON.stringify(n.settings ?? {}),
            created_at: now,
            updated_at: now,
          })),
        )
        .returningAll()
        .execute();
      return rows.map((row) => toNotification(row, calendar.id));
    });
  }

  /** Changes the fields given; `deleted: true` deletes it. */
  async update(principal: Principal, calendarId: string, id: string, patch: Partial<NotificationSettings> & { deleted?: boolean }): Promise<void> {
    await this.#ctx.store.transaction(async (trx) => {
      const calendar = await this.#calendars.load(trx, principal, calendarId);
      const row = await liveNotification(trx, calendar.pk, id);
      const now = this.#ctx.clock.now();
      await trx
        .updateTable('calendar_notifications')
        .set({
          ...(patch.receiverType !== undefined ? { receiver_type: patch.receiverType } : {}),
          ...(patch.channel !== undefined ? { channel: patch.channel } : {}),
          ...(patch.notificationType !== undefined ? { notification_type: patch.notificationType } : {}),
          ...(patch.isActive !== undefined ? { active: patch.isActive ? 1 : 0 } : {}),
          ...(patch.settings !== undefined ? { settings: JSON.stringify({ ...(JSON.parse(row.settings) as object), ...patch.settings }) } : {}),
          ...(patch.deleted ? { deleted_at: now } : {}),
          updated_at: now,
        })
        .where('id', '=', row.id)
        .execute();
    });
  }

  async delete(principal: Principal, calendarId: string, id: string): Promise<void> {
    await this.update(principal, calendarId, id, { deleted: true });
  }
}
