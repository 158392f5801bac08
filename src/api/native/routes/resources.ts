import type { FastifyInstance } from 'fastify';
import type { Services } from '../../../services/index.ts';
import type { ResourceInput, ResourceKind, ResourcePatch } from '../../../services/resources.ts';
import { LocationFilter } from '../schemas/common.ts';
import { EquipmentCreate, EquipmentPatch, ResourceBody, resourceToWire, RoomCreate, RoomPatch } from '../schemas/resources.ts';
import { registerResource } from './resource.ts';

/** Rooms and equipment: what a calendar's bookings take besides their hosts' time. */
export function resourceRoutes(app: FastifyInstance, services: Services): void {
  const kinds: Array<{ kind: ResourceKind; path: string; noun: string; create: typeof RoomCreate | typeof EquipmentCreate; patch: typeof RoomPatch | typeof EquipmentPatch }> = [
    { kind: 'room', path: '/rooms', noun: 'room', create: RoomCreate, patch: RoomPatch },
    { kind: 'equipment', path: '/equipment', noun: 'piece of equipment', create: EquipmentCreate, patch: EquipmentPatch },
  ];
  for (const { kind, path, noun, create, patch } of kinds) {
    registerResource(app, {
      path,
      tag: 'Rooms and equipment',
      noun,
      scopes: { read: 'calendars/resources.readonly', write: 'calendars/resources.write' },
      schemas: { item: ResourceBody, create, patch, filters: { ...LocationFilter } },
      toWire: resourceToWire,
      list: (principal, query, page) => services.resources.list(principal, kind, { locationId: query.locationId as string | undefined }, page),
      get: (principal, id) => services.resources.get(principal, kind, id),
      create: (principal, body: ResourceInput) => services.resources.create(principal, kind, body),
      update: (principal, id, body: ResourcePatch) => services.resources.update(principal, kind, id, body),
      remove: (principal, id) => services.resources.delete(principal, kind, id),
      removeDescription: 'Bookings that took it keep their record; new bookings no longer need it.',
    });
  }
}
