import type { Config } from './config.ts';
import { systemClock, type Clock } from './services/clock.ts';
import { createServices, type Services } from './services/index.ts';
import { openStore, type Store } from './store/database.ts';
import { migrateToLatest } from './store/migrate.ts';

export interface App {
  store: Store;
  services: Services;
  /** Migrations applied while opening. */
  migrated: string[];
}

/** Opens the database, brings its schema up to date and wires the services. */
export async function openApp(config: Pick<Config, 'database'> & Partial<Pick<Config, 'authCacheMs'>>, clock: Clock = systemClock): Promise<App> {
  // Migrating changes tables under statements a serving store keeps prepared: it gets its own.
  const migrating = openStore(config.database, { preparedStatements: false });
  let migrated: string[];
  try {
    migrated = await migrateToLatest(migrating);
  } finally {
    await migrating.close();
  }
  const store = openStore(config.database);
  return { store, services: createServices({ store, clock }, { authCacheMs: config.authCacheMs }), migrated };
}
