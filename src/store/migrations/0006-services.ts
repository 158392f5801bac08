import { sql, type Kysely } from 'kysely';
import { addIdColumn, kindOf, publicId } from './column-types.ts';

/**
 * Services (HighLevel v3): a service is a calendar of kind `service` whose variations are
 * calendar variants with their own buffers and price; service locations; service bookings, whose
 * items (one service each, on one staff member, back to back) live in `booking_services` under a
 * parent `bookings` row and occupy staff through the parent's `host_busy` rows
 * (docs/scheduling-model.md §1.12).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const kind = kindOf(db);

  await db.schema.alterTable('calendars').addColumn('payment', 'text').execute();
  await db.schema.alterTable('calendars').addColumn('cover_image_url', 'varchar(1000)').execute();
  // A variation's buffers (null: the service's) and price, as JSON.
  await db.schema.alterTable('calendar_variants').addColumn('pre_buffer_min', 'integer').execute();
  await db.schema.alterTable('calendar_variants').addColumn('post_buffer_min', 'integer').execute();
  await db.schema.alterTable('calendar_variants').addColumn('payment', 'text').execute();

  await addIdColumn(db.schema.createTable('service_locations'), kind)
    .addColumn('public_id', 'varchar(20)', publicId)
    .addColumn('location_id', 'bigint', (c) => c.notNull().references('locations.id').onDelete('cascade'))
    .addColumn('name', 'varchar(200)', (c) => c.notNull())
    .addColumn('slug', 'varchar(100)', (c) => c.notNull())
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('private', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('cover_image_url', 'varchar(1000)')
    // offline (an address) | ask_booker (the booker says where)
    .addColumn('location_type', 'varchar(12)', (c) => c.notNull().defaultTo('offline'))
    .addColumn('address', 'varchar(1000)')
    .addColumn('phone', 'varchar(40)')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addColumn('deleted_at', 'bigint')
    .addCheckConstraint('service_locations_type_ck', sql`location_type in ('offline', 'ask_booker')`)
    .execute();
  await db.schema
    .createIndex('service_locations_slug_uq')
    .on('service_locations')
    .columns(['location_id', 'slug'])
    .unique()
    .where(sql.ref('deleted_at'), 'is', null)
    .execute();
  await db.schema.createIndex('service_locations_location_idx').on('service_locations').columns(['location_id', 'created_at']).execute();

  await db.schema
    .alterTable('bookings')
    .addColumn('service_location_id', 'bigint', (c) => c.references('service_locations.id').onDelete('set null'))
    .execute();

  await addIdColumn(db.schema.createTable('booking_services'), kind)
    .addColumn('public_id', 'varchar(20)', publicId)
    .addColumn('booking_id', 'bigint', (c) => c.notNull().references('bookings.id').onDelete('cascade'))
    .addColumn('calendar_id', 'bigint', (c) => c.notNull().references('calendars.id').onDelete('cascade'))
    .addColumn('variant_id', 'bigint', (c) => c.references('calendar_variants.id').onDelete('set null'))
    .addColumn('user_id', 'bigint', (c) => c.notNull().references('users.id'))
    // 1: the client named this staff member; 0: Slotbase chose one (another may take over on a move).
    .addColumn('staff_requested', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('start_at', 'bigint', (c) => c.notNull())
    .addColumn('end_at', 'bigint', (c) => c.notNull())
    .addColumn('pre_buffer_min', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('post_buffer_min', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('position', 'integer', (c) => c.notNull())
    // JSON [{id, quantity, duration}]
    .addColumn('add_ons', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addCheckConstraint('booking_services_range_ck', sql`start_at < end_at`)
    .execute();
  await db.schema.createIndex('booking_services_booking_idx').on('booking_services').columns(['booking_id', 'position']).execute();
  await db.schema.createIndex('booking_services_user_idx').on('booking_services').columns(['user_id', 'start_at']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('booking_services').execute();
  await db.schema.alterTable('bookings').dropColumn('service_location_id').execute();
  await db.schema.dropTable('service_locations').execute();
  for (const column of ['payment', 'post_buffer_min', 'pre_buffer_min']) await db.schema.alterTable('calendar_variants').dropColumn(column).execute();
  for (const column of ['cover_image_url', 'payment']) await db.schema.alterTable('calendars').dropColumn(column).execute();
}
