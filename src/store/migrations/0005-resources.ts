import { sql, type Kysely } from 'kysely';
import { addIdColumn, kindOf, publicId } from './column-types.ts';

/**
 * Shared resources a calendar's bookings need besides their host (HighLevel "calendar resources"):
 * equipment (`quantity` units, `out_of_service` of them unusable) and rooms (`capacity` places),
 * the calendars that use them, and what each booking takes. Usage is a count over overlapping
 * intervals, so it is checked inside the booking transaction (under a lock per resource), not by
 * a constraint.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const kind = kindOf(db);

  await addIdColumn(db.schema.createTable('resources'), kind)
    .addColumn('public_id', 'varchar(20)', publicId)
    .addColumn('location_id', 'bigint', (c) => c.notNull().references('locations.id').onDelete('cascade'))
    .addColumn('kind', 'varchar(10)', (c) => c.notNull())
    .addColumn('name', 'varchar(200)', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('quantity', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('out_of_service', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('capacity', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    // JSON object: dialect pass-through fields, namespaced by dialect.
    .addColumn('extensions', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('deleted_at', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addCheckConstraint('resources_kind_ck', sql`kind in ('equipment', 'room')`)
    .addCheckConstraint('resources_counts_ck', sql`quantity >= 0 and out_of_service >= 0 and capacity >= 0`)
    .execute();
  await db.schema.createIndex('resources_location_idx').on('resources').columns(['location_id', 'kind', 'created_at']).execute();

  await db.schema
    .createTable('calendar_resources')
    .addColumn('calendar_id', 'bigint', (c) => c.notNull().references('calendars.id').onDelete('cascade'))
    .addColumn('resource_id', 'bigint', (c) => c.notNull().references('resources.id').onDelete('cascade'))
    // Copied from the resource: one piece of equipment serves at most one calendar, a room many.
    .addColumn('resource_kind', 'varchar(10)', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('calendar_resources_pk', ['calendar_id', 'resource_id'])
    .execute();
  await db.schema.createIndex('calendar_resources_resource_idx').on('calendar_resources').column('resource_id').execute();
  await db.schema
    .createIndex('calendar_resources_equipment_uq')
    .on('calendar_resources')
    .column('resource_id')
    .unique()
    .where(sql.ref('resource_kind'), '=', 'equipment')
    .execute();

  await addIdColumn(db.schema.createTable('booking_resources'), kind)
    .addColumn('booking_id', 'bigint', (c) => c.notNull().references('bookings.id').onDelete('cascade'))
    .addColumn('resource_id', 'bigint', (c) => c.notNull().references('resources.id').onDelete('cascade'))
    // Equipment: 1 unit; room: the booking's seats.
    .addColumn('units', 'integer', (c) => c.notNull())
    // The booking's padded busy range [start − pre-buffer, end + post-buffer).
    .addColumn('use_start', 'bigint', (c) => c.notNull())
    .addColumn('use_end', 'bigint', (c) => c.notNull())
    .addCheckConstraint('booking_resources_units_ck', sql`units > 0`)
    .addCheckConstraint('booking_resources_range_ck', sql`use_start < use_end`)
    .execute();
  await db.schema.createIndex('booking_resources_use_idx').on('booking_resources').columns(['resource_id', 'use_end', 'use_start']).execute();
  await db.schema.createIndex('booking_resources_booking_idx').on('booking_resources').column('booking_id').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const name of ['booking_resources', 'calendar_resources', 'resources']) {
    await db.schema.dropTable(name).execute();
  }
}
