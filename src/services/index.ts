import { ApiKeysService } from './api-keys.ts';
import { BlockedSlotsService } from './blocked-slots.ts';
import { CalendarsService } from './calendars.ts';
import { ContactsService } from './contacts.ts';
import type { ServiceContext } from './context.ts';
import { LocationsService } from './locations.ts';
import { SchedulesService } from './schedules.ts';
import { UsersService } from './users.ts';

export interface Services {
  ctx: ServiceContext;
  locations: LocationsService;
  users: UsersService;
  contacts: ContactsService;
  apiKeys: ApiKeysService;
  calendars: CalendarsService;
  schedules: SchedulesService;
  blockedSlots: BlockedSlotsService;
}

export function createServices(ctx: ServiceContext): Services {
  return {
    ctx,
    locations: new LocationsService(ctx),
    users: new UsersService(ctx),
    contacts: new ContactsService(ctx),
    apiKeys: new ApiKeysService(ctx),
    calendars: new CalendarsService(ctx),
    schedules: new SchedulesService(ctx),
    blockedSlots: new BlockedSlotsService(ctx),
  };
}
