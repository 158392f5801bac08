import type { FastifyInstance } from 'fastify';
import type { Services } from '../../../services/index.ts';
import type { LocationInput } from '../../../services/locations.ts';
import { LocationBody, LocationCreate, LocationPatch, locationToWire } from '../schemas/locations.ts';
import { registerResource } from './resource.ts';

export function locationRoutes(app: FastifyInstance, services: Services): void {
  registerResource(app, {
    path: '/locations',
    tag: 'Locations',
    noun: 'location',
    scopes: { read: 'locations.readonly', write: 'locations.write' },
    schemas: { item: LocationBody, create: LocationCreate, patch: LocationPatch, filters: {} },
    toWire: locationToWire,
    list: (principal, query, page) => services.locations.list(principal, { q: query.q as string | undefined }, page),
    get: (principal, id) => services.locations.get(principal, id),
    create: (principal, body: LocationInput) => services.locations.create(principal, body),
    update: (principal, id, body: Partial<LocationInput>) => services.locations.update(principal, id, body),
    remove: (principal, id) => services.locations.delete(principal, id),
    removeDescription: 'Deletes the location and everything in it. Needs an organization-wide key.',
  });
}
