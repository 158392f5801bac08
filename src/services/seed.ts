import { insertContact } from '../store/repositories/contacts.ts';
import { insertLocation, type Location } from '../store/repositories/locations.ts';
import { countOrganizations, insertOrganization } from '../store/repositories/organizations.ts';
import { insertUser, type User } from '../store/repositories/users.ts';
import type { Contact } from '../store/repositories/contacts.ts';
import { issueApiKey, type IssuedKey } from './api-keys.ts';
import type { ServiceContext } from './context.ts';
import { newPublicId } from './ids.ts';
import { SCOPES } from './scopes.ts';

export interface DemoData {
  location: Location;
  host: User;
  contact: Contact;
  adminKey: IssuedKey;
}

const DEMO_TIME_ZONE = 'America/New_York';

/** Seeds a demo organization with one location, host and contact, and an all-scopes admin key. */
export async function seedDemo(ctx: ServiceContext): Promise<DemoData> {
  return ctx.store.transaction(async (trx) => {
    const now = ctx.clock.now();
    const organization = await insertOrganization(trx, { publicId: newPublicId(), name: 'Demo Organization', now });
    const location = await insertLocation(trx, {
      public_id: newPublicId(),
      organization_id: organization.pk,
      name: 'Demo Studio',
      time_zone: DEMO_TIME_ZONE,
      email: 'studio@example.com',
      phone: null,
      address: null,
      website: null,
      created_at: now,
      updated_at: now,
    });
    const host = await insertUser(trx, {
      public_id: newPublicId(),
      location_id: location.pk,
      first_name: 'Alex',
      last_name: 'Host',
      email: 'alex.host@example.com',
      phone: null,
      time_zone: DEMO_TIME_ZONE,
      role: 'admin',
      active: 1,
      created_at: now,
      updated_at: now,
    });
    const contact = await insertContact(trx, {
      public_id: newPublicId(),
      location_id: location.pk,
      first_name: 'Jamie',
      last_name: 'Doe',
      email: 'jamie.doe@example.com',
      time_zone: 'Europe/London',
      locale: 'en-GB',
      dnd: 0,
      tags: '["demo"]',
      custom_fields: '[]',
      created_at: now,
      updated_at: now,
    });
    const adminKey = await issueApiKey(trx, {
      organizationPk: organization.pk,
      locationPk: null,
      name: 'Admin (created on first run)',
      scopes: [...SCOPES],
      now,
    });
    return { location, host, contact, adminKey };
  });
}

/** On an empty database, seeds the demo; on one that has data, does nothing. */
export async function seedOnFirstRun(ctx: ServiceContext): Promise<DemoData | null> {
  if ((await countOrganizations(ctx.store.db)) > 0) return null;
  return seedDemo(ctx);
}
