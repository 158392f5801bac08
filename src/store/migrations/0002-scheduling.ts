import { sql, type ColumnDefinitionBuilder, type CreateTableBuilder, type Kysely } from 'kysely';
import { addIdColumn, kindOf, publicId } from './column-types.ts';

/**
 * Calendars, availability and bookings (docs/scheduling-model.md). Settings durations are
 * minutes; instants are epoch ms. No double booking is enforced by the database over
 * `host_busy`: an exclusion constraint on PostgreSQL, a trigger on SQLite.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const kind = kindOf(db);
  const table = (name: string) => addIdColumn(db.schema.createTable(name), kind);
  const stamps = <T extends string>(t: CreateTableBuilder<T, 'id'>) =>
    t.addColumn('created_at', 'bigint', (c) => c.notNull()).addColumn('updated_at', 'bigint', (c) => c.notNull());
  const location = (c: ColumnDefinitionBuilder) =>
    c.notNull().references('locations.id').onDelete('cascade');

  if (kind === 'postgres') {
    try {
      await sql`create extension if not exists btree_gist`.execute(db);
    } catch (error) {
      throw new Error(
        `PostgreSQL extension btree_gist is required (it enforces "no double booking"); ask the database owner to run "create extension btree_gist": ${(error as Error).message}`,
      );
    }
  }

  await stamps(
    table('calendar_groups')
      .addColumn('public_id', 'varchar(20)', publicId)
      .addColumn('location_id', 'bigint', location)
      .addColumn('name', 'varchar(200)', (c) => c.notNull())
      .addColumn('description', 'text')
      .addColumn('slug', 'varchar(100)', (c) => c.notNull())
      .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('position', 'integer', (c) => c.notNull().defaultTo(0)),
  ).execute();
  await db.schema.createIndex('calendar_groups_slug_uq').on('calendar_groups').columns(['location_id', 'slug']).unique().execute();

  await stamps(
    table('calendars')
      .addColumn('public_id', 'varchar(20)', publicId)
      .addColumn('location_id', 'bigint', location)
      .addColumn('group_id', 'bigint', (c) => c.references('calendar_groups.id').onDelete('set null'))
      .addColumn('kind', 'varchar(16)', (c) => c.notNull())
      .addColumn('round_robin_mode', 'varchar(20)', (c) => c.notNull().defaultTo('availability'))
      .addColumn('name', 'varchar(200)', (c) => c.notNull())
      .addColumn('slug', 'varchar(100)', (c) => c.notNull())
      .addColumn('description', 'text')
      .addColumn('color', 'varchar(9)', (c) => c.notNull().defaultTo('#039be5'))
      .addColumn('position', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('secret', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('owner_user_id', 'bigint', (c) => c.references('users.id').onDelete('set null'))
      .addColumn('time_zone', 'varchar(64)')
      .addColumn('slot_interval_min', 'integer')
      .addColumn('pre_buffer_min', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('post_buffer_min', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('min_notice_amount', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('min_notice_unit', 'varchar(8)', (c) => c.notNull().defaultTo('minutes'))
      .addColumn('booking_window_kind', 'varchar(10)', (c) => c.notNull().defaultTo('unlimited'))
      .addColumn('booking_window_amount', 'integer')
      .addColumn('booking_window_unit', 'varchar(8)')
      .addColumn('booking_window_start_date', 'varchar(10)')
      .addColumn('booking_window_end_date', 'varchar(10)')
      .addColumn('daily_limit', 'integer')
      .addColumn('daily_limit_scope', 'varchar(10)', (c) => c.notNull().defaultTo('host'))
      .addColumn('seats_per_slot', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('auto_confirm', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('allow_cancel', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('allow_reschedule', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('cancel_window_min', 'integer')
      .addColumn('meeting_location_kind', 'varchar(24)')
      .addColumn('meeting_location', 'varchar(1000)')
      .addColumn('event_title', 'varchar(500)')
      .addColumn('extensions', 'text', (c) => c.notNull().defaultTo('{}'))
      .addColumn('deleted_at', 'bigint')
      .addCheckConstraint('calendars_seats_ck', sql`seats_per_slot >= 1`)
      .addCheckConstraint('calendars_buffers_ck', sql`pre_buffer_min >= 0 and post_buffer_min >= 0`),
  ).execute();
  await db.schema
    .createIndex('calendars_slug_uq')
    .on('calendars')
    .columns(['location_id', 'slug'])
    .unique()
    .where(sql.ref('deleted_at'), 'is', null)
    .execute();
  await db.schema.createIndex('calendars_location_idx').on('calendars').columns(['location_id', 'position', 'id']).execute();

  await table('calendar_variants')
    .addColumn('public_id', 'varchar(20)', publicId)
    .addColumn('calendar_id', 'bigint', (c) => c.notNull().references('calendars.id').onDelete('cascade'))
    .addColumn('name', 'varchar(200)')
    .addColumn('duration_min', 'integer', (c) => c.notNull())
    .addColumn('is_default', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('position', 'integer', (c) => c.notNull().defaultTo(0))
    .addCheckConstraint('calendar_variants_duration_ck', sql`duration_min > 0`)
    .execute();
  await db.schema.createIndex('calendar_variants_calendar_idx').on('calendar_variants').columns(['calendar_id', 'position']).execute();

  await table('calendar_hosts')
    .addColumn('calendar_id', 'bigint', (c) => c.notNull().references('calendars.id').onDelete('cascade'))
    .addColumn('user_id', 'bigint', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('priority', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('is_primary', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('position', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('meeting_location_kind', 'varchar(24)')
    .addColumn('meeting_location', 'varchar(1000)')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('calendar_hosts_uq').on('calendar_hosts').columns(['calendar_id', 'user_id']).unique().execute();
  await db.schema.createIndex('calendar_hosts_user_idx').on('calendar_hosts').column('user_id').execute();

  await stamps(
    table('schedules')
      .addColumn('public_id', 'varchar(20)', publicId)
      .addColumn('location_id', 'bigint', location)
      .addColumn('user_id', 'bigint', (c) => c.references('users.id').onDelete('cascade'))
      .addColumn('calendar_id', 'bigint', (c) => c.references('calendars.id').onDelete('cascade'))
      .addColumn('name', 'varchar(200)', (c) => c.notNull())
      .addColumn('time_zone', 'varchar(64)', (c) => c.notNull())
      .addColumn('is_default', 'integer', (c) => c.notNull().defaultTo(0))
      .addCheckConstraint('schedules_owner_ck', sql`(user_id is null) <> (calendar_id is null)`),
  ).execute();
  await db.schema.createIndex('schedules_user_idx').on('schedules').columns(['location_id', 'user_id']).execute();
  await db.schema.createIndex('schedules_calendar_uq').on('schedules').column('calendar_id').unique().where(sql.ref('calendar_id'), 'is not', null).execute();

  await stamps(
    table('schedule_rules')
      .addColumn('public_id', 'varchar(20)', publicId)
      .addColumn('schedule_id', 'bigint', (c) => c.notNull().references('schedules.id').onDelete('cascade'))
      .addColumn('weekday', 'integer')
      .addColumn('date', 'varchar(10)')
      // JSON [{start:'HH:MM', end:'HH:MM'}]; [] = closed (date rules).
      .addColumn('intervals', 'text', (c) => c.notNull())
      .addCheckConstraint('schedule_rules_kind_ck', sql`(weekday is null) <> (date is null)`),
  ).execute();
  await db.schema.createIndex('schedule_rules_weekday_uq').on('schedule_rules').columns(['schedule_id', 'weekday']).unique().where(sql.ref('weekday'), 'is not', null).execute();
  await db.schema.createIndex('schedule_rules_date_uq').on('schedule_rules').columns(['schedule_id', 'date']).unique().where(sql.ref('date'), 'is not', null).execute();

  await db.schema
    .createTable('schedule_calendars')
    .addColumn('schedule_id', 'bigint', (c) => c.notNull().references('schedules.id').onDelete('cascade'))
    .addColumn('calendar_id', 'bigint', (c) => c.notNull().references('calendars.id').onDelete('cascade'))
    .addColumn('user_id', 'bigint', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('schedule_calendars_pk', ['schedule_id', 'calendar_id'])
    .execute();
  await db.schema.createIndex('schedule_calendars_host_uq').on('schedule_calendars').columns(['calendar_id', 'user_id']).unique().execute();

  await stamps(
    table('blocked_slots')
      .addColumn('public_id', 'varchar(20)', publicId)
      .addColumn('location_id', 'bigint', location)
      .addColumn('calendar_id', 'bigint', (c) => c.references('calendars.id').onDelete('cascade'))
      .addColumn('user_id', 'bigint', (c) => c.references('users.id').onDelete('cascade'))
      .addColumn('title', 'varchar(500)')
      .addColumn('start_at', 'bigint', (c) => c.notNull())
      .addColumn('end_at', 'bigint', (c) => c.notNull())
      .addCheckConstraint('blocked_slots_range_ck', sql`start_at < end_at`)
      .addCheckConstraint('blocked_slots_owner_ck', sql`(calendar_id is null) <> (user_id is null)`),
  ).execute();
  await db.schema.createIndex('blocked_slots_calendar_idx').on('blocked_slots').columns(['calendar_id', 'end_at']).execute();
  await db.schema.createIndex('blocked_slots_user_idx').on('blocked_slots').columns(['user_id', 'end_at']).execute();

  await stamps(
    table('booking_questions')
      .addColumn('public_id', 'varchar(20)', publicId)
      .addColumn('calendar_id', 'bigint', (c) => c.notNull().references('calendars.id').onDelete('cascade'))
      .addColumn('label', 'varchar(500)', (c) => c.notNull())
      .addColumn('type', 'varchar(16)', (c) => c.notNull())
      .addColumn('required', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('options', 'text', (c) => c.notNull().defaultTo('[]'))
      .addColumn('position', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1)),
  ).execute();
  await db.schema.createIndex('booking_questions_calendar_idx').on('booking_questions').columns(['calendar_id', 'position']).execute();

  await stamps(
    table('booking_series')
      .addColumn('public_id', 'varchar(20)', publicId)
      .addColumn('location_id', 'bigint', location)
      .addColumn('calendar_id', 'bigint', (c) => c.notNull().references('calendars.id').onDelete('cascade'))
      .addColumn('contact_id', 'bigint', (c) => c.notNull().references('contacts.id').onDelete('cascade'))
      .addColumn('rrule', 'text', (c) => c.notNull())
      .addColumn('time_zone', 'varchar(64)', (c) => c.notNull())
      .addColumn('on_conflict', 'varchar(10)', (c) => c.notNull()),
  ).execute();

  await stamps(
    table('bookings')
      .addColumn('public_id', 'varchar(20)', publicId)
      .addColumn('location_id', 'bigint', location)
      .addColumn('calendar_id', 'bigint', (c) => c.notNull().references('calendars.id').onDelete('cascade'))
      .addColumn('contact_id', 'bigint', (c) => c.notNull().references('contacts.id').onDelete('cascade'))
      .addColumn('series_id', 'bigint', (c) => c.references('booking_series.id').onDelete('set null'))
      .addColumn('series_index', 'integer')
      .addColumn('status', 'varchar(12)', (c) => c.notNull())
      .addColumn('title', 'varchar(500)')
      .addColumn('description', 'text')
      .addColumn('start_at', 'bigint', (c) => c.notNull())
      .addColumn('end_at', 'bigint', (c) => c.notNull())
      .addColumn('pre_buffer_min', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('post_buffer_min', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('time_zone', 'varchar(64)')
      .addColumn('seats', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('meeting_location_kind', 'varchar(24)')
      .addColumn('meeting_location', 'varchar(1000)')
      .addColumn('override', 'varchar(12)', (c) => c.notNull().defaultTo('none'))
      .addColumn('idempotency_key', 'varchar(255)')
      .addColumn('created_via', 'varchar(24)', (c) => c.notNull())
      .addColumn('created_by_type', 'varchar(10)', (c) => c.notNull())
      .addColumn('created_by_id', 'varchar(40)')
      .addColumn('cancel_reason', 'text')
      .addColumn('cancelled_at', 'bigint')
      .addColumn('extensions', 'text', (c) => c.notNull().defaultTo('{}'))
      .addColumn('deleted_at', 'bigint')
      .addCheckConstraint('bookings_range_ck', sql`start_at < end_at`),
  ).execute();
  await db.schema.createIndex('bookings_calendar_start_idx').on('bookings').columns(['calendar_id', 'start_at']).execute();
  await db.schema.createIndex('bookings_location_start_idx').on('bookings').columns(['location_id', 'start_at']).execute();
  await db.schema.createIndex('bookings_contact_start_idx').on('bookings').columns(['contact_id', 'start_at']).execute();
  await db.schema.createIndex('bookings_series_idx').on('bookings').columns(['series_id', 'series_index']).execute();

  await table('booking_hosts')
    .addColumn('booking_id', 'bigint', (c) => c.notNull().references('bookings.id').onDelete('cascade'))
    .addColumn('user_id', 'bigint', (c) => c.notNull().references('users.id'))
    .addColumn('role', 'varchar(10)', (c) => c.notNull())
    .addColumn('calendar_id', 'bigint', (c) => c.notNull())
    .addColumn('start_at', 'bigint', (c) => c.notNull())
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('assigned_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('booking_hosts_uq').on('booking_hosts').columns(['booking_id', 'user_id']).unique().execute();
  await db.schema.createIndex('booking_hosts_user_idx').on('booking_hosts').columns(['user_id', 'start_at']).execute();
  await db.schema.createIndex('booking_hosts_calendar_idx').on('booking_hosts').columns(['calendar_id', 'start_at', 'user_id', 'active']).execute();

  await stamps(
    table('seat_slots')
      .addColumn('location_id', 'bigint', location)
      .addColumn('calendar_id', 'bigint', (c) => c.notNull().references('calendars.id').onDelete('cascade'))
      .addColumn('user_id', 'bigint', (c) => c.references('users.id').onDelete('cascade'))
      .addColumn('start_at', 'bigint', (c) => c.notNull())
      .addColumn('end_at', 'bigint', (c) => c.notNull())
      .addColumn('seats_taken', 'integer', (c) => c.notNull().defaultTo(0))
      .addCheckConstraint('seat_slots_seats_ck', sql`seats_taken >= 0`),
  ).execute();
  await db.schema.createIndex('seat_slots_host_uq').on('seat_slots').columns(['calendar_id', 'user_id', 'start_at']).unique().where(sql.ref('user_id'), 'is not', null).execute();
  await db.schema.createIndex('seat_slots_hostless_uq').on('seat_slots').columns(['calendar_id', 'start_at']).unique().where(sql.ref('user_id'), 'is', null).execute();

  await table('host_busy')
    .addColumn('location_id', 'bigint', location)
    .addColumn('user_id', 'bigint', (c) => c.references('users.id').onDelete('cascade'))
    .addColumn('calendar_id', 'bigint', (c) => c.references('calendars.id').onDelete('cascade'))
    .addColumn('kind', 'varchar(10)', (c) => c.notNull())
    .addColumn('booking_id', 'bigint', (c) => c.references('bookings.id').onDelete('cascade'))
    .addColumn('seat_slot_id', 'bigint', (c) => c.references('seat_slots.id').onDelete('cascade'))
    .addColumn('blocked_slot_id', 'bigint', (c) => c.references('blocked_slots.id').onDelete('cascade'))
    .addColumn('busy_start', 'bigint', (c) => c.notNull())
    .addColumn('busy_end', 'bigint', (c) => c.notNull())
    .addColumn('enforced', 'integer', (c) => c.notNull().defaultTo(1))
    .addCheckConstraint('host_busy_range_ck', sql`busy_start < busy_end`)
    .addCheckConstraint('host_busy_owner_ck', sql`user_id is not null or calendar_id is not null`)
    .execute();
  await db.schema.createIndex('host_busy_user_idx').on('host_busy').columns(['user_id', 'busy_end', 'busy_start']).execute();
  await db.schema.createIndex('host_busy_calendar_idx').on('host_busy').columns(['calendar_id', 'busy_end']).execute();
  await db.schema.createIndex('host_busy_booking_idx').on('host_busy').column('booking_id').execute();
  await db.schema.createIndex('host_busy_seat_slot_idx').on('host_busy').column('seat_slot_id').execute();
  await db.schema.createIndex('host_busy_blocked_slot_idx').on('host_busy').column('blocked_slot_id').execute();

  if (kind === 'postgres') {
    await sql`alter table host_busy add constraint host_busy_no_overlap_user
      exclude using gist (user_id with =, int8range(busy_start, busy_end) with &&)
      where (enforced = 1 and user_id is not null)`.execute(db);
    await sql`alter table host_busy add constraint host_busy_no_overlap_calendar
      exclude using gist (calendar_id with =, int8range(busy_start, busy_end) with &&)
      where (enforced = 1 and user_id is null)`.execute(db);
  } else {
    // SQLite has no exclusion constraints; writers are serialised (BEGIN IMMEDIATE), so a
    // trigger that probes for an overlapping enforced row is an equivalent guarantee.
    const overlap = sql.raw(`
      when new.enforced = 1 and exists (
        select 1 from host_busy b
        where b.enforced = 1 and b.id is not new.id
          and ((new.user_id is not null and b.user_id = new.user_id)
            or (new.user_id is null and b.user_id is null and b.calendar_id = new.calendar_id))
          and b.busy_start < new.busy_end and b.busy_end > new.busy_start
      )
      begin select raise(abort, 'slotbase_busy_overlap'); end`);
    await sql`create trigger host_busy_no_overlap_insert before insert on host_busy ${overlap}`.execute(db);
    await sql`create trigger host_busy_no_overlap_update before update of user_id, calendar_id, busy_start, busy_end, enforced on host_busy ${overlap}`.execute(db);
  }

  await table('booking_events')
    .addColumn('booking_id', 'bigint', (c) => c.notNull().references('bookings.id').onDelete('cascade'))
    .addColumn('location_id', 'bigint', location)
    .addColumn('type', 'varchar(20)', (c) => c.notNull())
    .addColumn('from_status', 'varchar(12)')
    .addColumn('to_status', 'varchar(12)')
    .addColumn('before', 'text')
    .addColumn('after', 'text')
    .addColumn('reason', 'text')
    .addColumn('actor_type', 'varchar(10)', (c) => c.notNull())
    .addColumn('actor_id', 'varchar(40)')
    .addColumn('via', 'varchar(24)', (c) => c.notNull())
    .addColumn('occurred_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('booking_events_booking_idx').on('booking_events').columns(['booking_id', 'occurred_at']).execute();

  await table('booking_answers')
    .addColumn('booking_id', 'bigint', (c) => c.notNull().references('bookings.id').onDelete('cascade'))
    .addColumn('question_id', 'bigint', (c) => c.references('booking_questions.id').onDelete('set null'))
    .addColumn('label', 'varchar(500)', (c) => c.notNull())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('booking_answers_booking_idx').on('booking_answers').column('booking_id').execute();

  await stamps(
    table('booking_notes')
      .addColumn('public_id', 'varchar(20)', publicId)
      .addColumn('booking_id', 'bigint', (c) => c.notNull().references('bookings.id').onDelete('cascade'))
      .addColumn('location_id', 'bigint', location)
      .addColumn('body', 'text', (c) => c.notNull())
      .addColumn('user_id', 'bigint', (c) => c.references('users.id').onDelete('set null'))
      .addColumn('deleted_at', 'bigint'),
  ).execute();
  await db.schema.createIndex('booking_notes_booking_idx').on('booking_notes').columns(['booking_id', 'created_at']).execute();

  await table('idempotency_keys')
    .addColumn('location_id', 'bigint', location)
    .addColumn('api_key_id', 'bigint', (c) => c.references('api_keys.id').onDelete('cascade'))
    .addColumn('key', 'varchar(255)', (c) => c.notNull())
    .addColumn('request_hash', 'varchar(64)', (c) => c.notNull())
    .addColumn('response_status', 'integer')
    .addColumn('response_body', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('idempotency_keys_uq').on('idempotency_keys').columns(['location_id', 'api_key_id', 'key']).unique().execute();
  await db.schema.createIndex('idempotency_keys_expiry_idx').on('idempotency_keys').column('expires_at').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const name of [
    'idempotency_keys', 'booking_notes', 'booking_answers', 'booking_events', 'host_busy', 'seat_slots', 'booking_hosts',
    'bookings', 'booking_series', 'booking_questions', 'blocked_slots', 'schedule_calendars', 'schedule_rules', 'schedules',
    'calendar_hosts', 'calendar_variants', 'calendars', 'calendar_groups',
  ]) {
    await db.schema.dropTable(name).execute();
  }
}
