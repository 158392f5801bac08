import { ApiKeysService } from './api-keys.ts';
import { BlockedSlotsService } from './blocked-slots.ts';
import { BookingNotesService } from './bookings/notes.ts';
import { BookingsService } from './bookings/service.ts';
import { ServiceBookingsService } from './bookings/service-bookings.ts';
import { CalendarGroupsService } from './calendar-groups.ts';
import { CalendarNotificationsService } from './calendar-notifications.ts';
import { CalendarsService } from './calendars.ts';
import { ContactsService } from './contacts.ts';
import { FreeSlotsService } from './free-slots.ts';
import type { ServiceContext } from './context.ts';
import { LocationsService } from './locations.ts';
import { ResourcesService } from './resources.ts';
import { SchedulesService } from './schedules.ts';
import { ServiceCatalogService } from './service-catalog.ts';
import { ServiceLocationsService } from './service-locations.ts';
import { UsersService } from './users.ts';

export interface Services {
  ctx: ServiceContext;
  locations: LocationsService;
  users: UsersService;
  contacts: ContactsService;
  apiKeys: ApiKeysService;
  calendars: CalendarsService;
  calendarGroups: CalendarGroupsService;
  calendarNotifications: CalendarNotificationsService;
  resources: ResourcesService;
  freeSlots: FreeSlotsService;
  bookings: BookingsService;
  bookingNotes: BookingNotesService;
  schedules: SchedulesService;
  blockedSlots: BlockedSlotsService;
  serviceCatalog: ServiceCatalogService;
  serviceLocations: ServiceLocationsService;
  serviceBookings: ServiceBookingsService;
}

export function createServices(ctx: ServiceContext): Services {
  const calendars = new CalendarsService(ctx);
  const bookings = new BookingsService(ctx, calendars);
  return {
    ctx,
    locations: new LocationsService(ctx),
    users: new UsersService(ctx),
    contacts: new ContactsService(ctx),
    apiKeys: new ApiKeysService(ctx),
    calendars,
    calendarGroups: new CalendarGroupsService(ctx),
    calendarNotifications: new CalendarNotificationsService(ctx, calendars),
    resources: new ResourcesService(ctx),
    freeSlots: new FreeSlotsService(ctx, calendars),
    bookings,
    bookingNotes: new BookingNotesService(ctx, bookings),
    schedules: new SchedulesService(ctx),
    blockedSlots: new BlockedSlotsService(ctx),
    serviceCatalog: new ServiceCatalogService(ctx),
    serviceLocations: new ServiceLocationsService(ctx),
    serviceBookings: new ServiceBookingsService(ctx),
  };
}
