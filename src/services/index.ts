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
import { DEFAULT_AUTH_CACHE_MS, PrincipalCache } from './principal-cache.ts';
import { API_KEYS_CHANNEL } from '../store/change-notices.ts';
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

export interface ServiceOptions {
  /** How long a resolved API key is trusted without a lookup (SLOTBASE_AUTH_CACHE_MS); 0: never. */
  authCacheMs?: number;
}

export function createServices(ctx: ServiceContext, options: ServiceOptions = {}): Services {
  // Notices are followed from the first authentication on (a CLI command never needs them).
  const principals = new PrincipalCache(options.authCacheMs ?? DEFAULT_AUTH_CACHE_MS, (cache) =>
    ctx.store.watch(API_KEYS_CHANNEL, { onChange: () => cache.clear(), onWatching: (watching) => cache.setWatching(watching) }),
  );
  const calendars = new CalendarsService(ctx);
  const bookings = new BookingsService(ctx, calendars);
  return {
    ctx,
    locations: new LocationsService(ctx, principals),
    users: new UsersService(ctx),
    contacts: new ContactsService(ctx),
    apiKeys: new ApiKeysService(ctx, principals),
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
