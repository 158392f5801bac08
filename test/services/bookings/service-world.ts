import { createKeyForLocation } from '../../../src/services/operator.ts';
import type { Principal } from '../../../src/services/principal.ts';
import { SCOPES } from '../../../src/services/scopes.ts';
import { bookingWorld, type BookingWorld } from './helpers.ts';

export interface ServiceWorld extends BookingWorld {
  /** A key of the demo location (services, like HighLevel's, act for one location). */
  lp: Principal;
}

/** The booking world (four more hosts working Mon–Fri 09:00–17:00 New York) with a location key. */
export async function serviceWorld(): Promise<ServiceWorld> {
  const w = await bookingWorld();
  const key = await createKeyForLocation(w.t.app.services.ctx, { locationId: w.t.demo.location.id, name: 'services', scopes: [...SCOPES] });
  return { ...w, lp: await w.t.app.services.apiKeys.authenticate(key.secret) };
}
