import { Migrator, type Migration, type MigrationProvider, type MigrationResult } from 'kysely/migration';
import { sql } from 'kysely';
import type { Store } from './database.ts';
import * as foundation from './migrations/0001-foundation.ts';
import * as scheduling from './migrations/0002-scheduling.ts';
import * as bookingSeats from './migrations/0003-booking-seats.ts';
import * as calendarNotifications from './migrations/0004-calendar-notifications.ts';
import * as resources from './migrations/0005-resources.ts';
import * as services from './migrations/0006-services.ts';
import * as calendarWideBusy from './migrations/0007-calendar-wide-busy.ts';

/** Every migration, in order. Names sort lexically; never rename or edit a released one. */
const MIGRATIONS: Record<string, Migration> = {
  '0001-foundation': foundation,
  '0002-scheduling': scheduling,
  '0003-booking-seats': bookingSeats,
  '0004-calendar-notifications': calendarNotifications,
  '0005-resources': resources,
  '0006-services': services,
  '0007-calendar-wide-busy': calendarWideBusy,
};

const provider: MigrationProvider = {
  getMigrations: async () => MIGRATIONS,
};

export class MigrationError extends Error {
  constructor(name: string | undefined, cause: unknown) {
    super(`Migration ${name ?? '(unknown)'} failed: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = 'MigrationError';
  }
}

/** Applies every pending migration; returns the names applied now. */
export async function migrateToLatest(store: Store): Promise<string[]> {
  // On PostgreSQL, name the schema: otherwise the migrator takes a migration table of another
  // schema in the same database (another Slotbase, a test run) for its own.
  const schema = store.kind === 'postgres' ? (await sql<{ schema: string }>`select current_schema() as schema`.execute(store.db)).rows[0]?.schema : undefined;
  const migrator = new Migrator({
    db: store.db,
    provider,
    migrationTableName: 'schema_migrations',
    migrationLockTableName: 'schema_migrations_lock',
    ...(schema ? { migrationTableSchema: schema } : {}),
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r: MigrationResult) => r.status === 'Error');
    throw new MigrationError(failed?.migrationName, error);
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
