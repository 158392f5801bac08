import { ApiKeysService } from './api-keys.ts';
import { ContactsService } from './contacts.ts';
import type { ServiceContext } from './context.ts';
import { LocationsService } from './locations.ts';
import { UsersService } from './users.ts';

export interface Services {
  ctx: ServiceContext;
  locations: LocationsService;
  users: UsersService;
  contacts: ContactsService;
  apiKeys: ApiKeysService;
}

export function createServices(ctx: ServiceContext): Services {
  return {
    ctx,
    locations: new LocationsService(ctx),
    users: new UsersService(ctx),
    contacts: new ContactsService(ctx),
    apiKeys: new ApiKeysService(ctx),
  };
}
