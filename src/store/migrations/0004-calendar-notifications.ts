import type { Kysely } from 'kysely';
import { addIdColumn, kindOf, publicId } from './column-types.ts';

/**
 * Notification settings of a calendar (who is told what, by which channel, when). Stored and
 * returned; delivery comes with the notifications work.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await addIdColumn(db.schema.createTable('calendar_notifications'), kindOf(db))
    .addColumn('public_id', 'varchar(20)', publicId)
    .addColumn('location_id', 'bigint', (c) => c.notNull().references('locations.id').onDelete('cascade'))
    .addColumn('calendar_id', 'bigint', (c) => c.notNull().references('calendars.id').onDelete('cascade'))
    .addColumn('receiver_type', 'varchar(20)', (c) => c.notNull())
    .addColumn('channel', 'varchar(20)', (c) => c.notNull())
    .addColumn('notification_type', 'varchar(20)', (c) => c.notNull())
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    // JSON: template, subject, body, before/after offsets, extra recipients, sender.
    .addColumn('settings', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('deleted_at', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('calendar_notifications_calendar_idx').on('calendar_notifications').columns(['calendar_id', 'created_at']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('calendar_notifications').execute();
}
