import type { Principal } from '../../src/services/principal.ts';
import type { LcServer } from './leadconnector.ts';

const WORKDAY = [{ start: '09:00', end: '17:00' }];
const WEEK = { monday: WORKDAY, tuesday: WORKDAY, wednesday: WORKDAY, thursday: WORKDAY, friday: WORKDAY };

export interface ServicesSetup {
  /** The demo organization's key (every location). */
  admin: Principal;
  /** Staff of the demo location, each working Mon–Fri 09:00–17:00 New York. */
  staff: string[];
  /** Objects of another location of the same organization. */
  other: { locationId: string; userId: string; contactId: string; serviceId: string; serviceLocationId: string };
}

/** Staff with working hours for the LeadConnector service tests, and another location's objects. */
export async function servicesSetup(t: LcServer, staffCount = 2): Promise<ServicesSetup> {
  const services = t.app.services;
  const admin = await services.apiKeys.authenticate(t.demo.adminKey.secret);
  const staff: string[] = [];
  for (let n = 1; n <= staffCount; n++) {
    const user = await services.users.create(admin, { locationId: t.demo.location.id, firstName: `Staff${n}`, lastName: 'Member', email: `staff${n}@example.com`, timeZone: 'America/New_York' });
    await services.schedules.create(admin, { userId: user.id, weeklyHours: WEEK });
    staff.push(user.id);
  }
  const location = await services.locations.create(admin, { name: 'Elsewhere', timeZone: 'America/New_York' });
  const user = await services.users.create(admin, { locationId: location.id, firstName: 'Other', lastName: 'Staff', email: 'other.staff@example.com' });
  const contact = await services.contacts.create(admin, { locationId: location.id, firstName: 'Other', email: 'other.contact@example.com' });
  const service = await services.serviceCatalog.create(admin, { locationId: location.id, name: 'Theirs', slug: 'theirs', staffIds: [user.id] });
  const serviceLocation = await services.serviceLocations.create(admin, { locationId: location.id, name: 'Their place', slug: 'their-place' });
  return {
    admin,
    staff,
    other: { locationId: location.id, userId: user.id, contactId: contact.id, serviceId: service.calendar.id, serviceLocationId: serviceLocation.id },
  };
}
