import type { Store } from '../store/database.ts';
import type { Clock } from './clock.ts';

/** What every service needs: the database and the clock. */
export interface ServiceContext {
  store: Store;
  clock: Clock;
}
