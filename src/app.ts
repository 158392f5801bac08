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
export async function openApp(config: Pick<Config, 'database'>, clock: Clock = systemClock): Promise<App> {
  const store = openStore(config.database);
  try {
    const migrated = await migrateToLatest(store);
    return { store, services: createServices({ store, clock }), migrated };
  } catch (error) {
    await store.close();
    throw error;
  }
}
