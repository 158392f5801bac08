import type { FastifyInstance } from 'fastify';
import type { BlockedSlotFilter, BlockedSlotInput, BlockedSlotPatch as BlockedSlotPatchInput } from '../../../services/blocked-slots.ts';
import type { Services } from '../../../services/index.ts';
import { BlockedSlotBody, BlockedSlotCreate, BlockedSlotListQuery, BlockedSlotPatch, blockedSlotToWire } from '../schemas/blocked-slots.ts';
import { LocationFilter } from '../schemas/common.ts';
import { registerResource } from './resource.ts';

export function blockedSlotRoutes(app: FastifyInstance, services: Services): void {
  registerResource(app, {
    path: '/blocked-slots',
    tag: 'Blocked slots',
    noun: 'blocked slot',
    scopes: { read: 'calendars/events.readonly', write: 'calendars/events.write' },
    schemas: { item: BlockedSlotBody, create: BlockedSlotCreate, patch: BlockedSlotPatch, filters: { ...LocationFilter, ...BlockedSlotListQuery } },
    toWire: blockedSlotToWire,
    list: (principal, query, page) => services.blockedSlots.list(principal, query as BlockedSlotFilter, page),
    get: (principal, id) => services.blockedSlots.get(principal, id),
    create: (principal, body: BlockedSlotInput) => services.blockedSlots.create(principal, body),
    update: (principal, id, body: BlockedSlotPatchInput) => services.blockedSlots.update(principal, id, body),
    remove: (principal, id) => services.blockedSlots.delete(principal, id),
  });
}
