import type { Kysely } from 'kysely';
import { sql } from 'kysely';

/**
 * Busy rows that occupy a calendar as a whole (no user: the bookings of a calendar without
 * hosts) are read for every free-slot answer and booking of that calendar, whether it has hosts
 * now or not; this index finds them without walking the calendar's other rows.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createIndex('host_busy_calendar_wide_idx')
    .on('host_busy')
    .columns(['calendar_id', 'busy_end'])
    .where(sql.ref('user_id'), 'is', null)
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('host_busy_calendar_wide_idx').execute();
}
