import { sql, type Kysely } from 'kysely';

/** Links a seated booking to its shared seat slot; at most one default schedule per user. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('bookings')
    .addColumn('seat_slot_id', 'bigint', (c) => c.references('seat_slots.id').onDelete('set null'))
    .execute();
  await db.schema.createIndex('bookings_seat_slot_idx').on('bookings').column('seat_slot_id').execute();
  await db.schema
    .createIndex('schedules_user_default_uq')
    .on('schedules')
    .column('user_id')
    .unique()
    .where(sql.ref('is_default'), '=', 1)
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('schedules_user_default_uq').execute();
  await db.schema.dropIndex('bookings_seat_slot_idx').execute();
  await db.schema.alterTable('bookings').dropColumn('seat_slot_id').execute();
}
