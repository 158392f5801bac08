import { insertContact } from '../store/repositories/contacts.ts';
import { insertLocation, type Location } from '../store/repositories/locations.ts';
import { countOrganizations, insertOrganization } from '../store/repositories/organizations.ts';
import { insertUser, type User } from '../store/repositories/users.ts';
import type { Contact } from '../store/repositories/contacts.ts';
import { findCalendarRecordByPk, insertCalendar, loadCalendarParts, replaceCalendarParts, type Calendar } from '../store/repositories/calendars.ts';
import { insertSchedule, replaceWeekdayRules, type WeekdayNumber } from '../store/repositories/schedules.ts';
import { issueApiKey, type IssuedKey } from './api-keys.ts';
import type { ServiceContext } from './context.ts';
import { newPublicId } from './ids.ts';
import { SCOPES } from './scopes.ts';

export interface DemoData {
  location: Location;
  host: User;
  contact: Contact;
  calendar: Calendar;
  adminKey: IssuedKey;
}

const DEMO_TIME_ZONE = 'America/New_York';

/**
 * Seeds a demo organization: one location, a host with working hours, a contact, a personal
 * calendar, and an all-scopes admin key.
 */
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
    // The host works Monday to Friday, 09:00–17:00 with a lunch break, in the location's zone.
    const schedule = await insertSchedule(trx, {
      public_id: newPublicId(),
      location_id: location.pk,
      user_id: host.pk,
      name: 'Working hours',
      time_zone: DEMO_TIME_ZONE,
      is_default: 1,
      created_at: now,
      updated_at: now,
    });
    const workday = [
      { start: '09:00', end: '12:00' },
      { start: '13:00', end: '17:00' },
    ];
    await replaceWeekdayRules(
      trx,
      schedule.pk,
      ([1, 2, 3, 4, 5] as WeekdayNumber[]).map((weekday) => ({ publicId: newPublicId(), weekday, intervals: workday })),
      now,
    );
    const calendarRecord = await insertCalendar(trx, {
      public_id: newPublicId(),
      location_id: location.pk,
      kind: 'personal',
      name: 'Intro call',
      slug: 'intro-call',
      description: 'A 30-minute first conversation.',
      meeting_location_kind: 'phone',
      created_at: now,
      updated_at: now,
    });
    await replaceCalendarParts(
      trx,
      calendarRecord.pk,
      {
        hosts: [{ userPk: host.pk, priority: 1, isPrimary: true, meetingLocation: null }],
        durations: [{ minutes: 30, isDefault: true, publicId: newPublicId() }],
        questions: [],
      },
      now,
    );
    const calendar = (await loadCalendarParts(trx, [(await findCalendarRecordByPk(trx, calendarRecord.pk))!]))[0]!;
    const adminKey = await issueApiKey(trx, {
      organizationPk: organization.pk,
      locationPk: null,
      name: 'Admin (created on first run)',
      scopes: [...SCOPES],
      now,
    });
    return { location, host, contact, calendar, adminKey };
  });
}

/** On an empty database, seeds the demo; on one that has data, does nothing. */
export async function seedOnFirstRun(ctx: ServiceContext): Promise<DemoData | null> {
  if ((await countOrganizations(ctx.store.db)) > 0) return null;
  return seedDemo(ctx);
}
