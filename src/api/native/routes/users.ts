import type { FastifyInstance } from 'fastify';
import type { Services } from '../../../services/index.ts';
import type { UserInput, UserPatch as UserPatchInput } from '../../../services/users.ts';
import type { UserFilter } from '../../../store/repositories/users.ts';
import { LocationFilter } from '../schemas/common.ts';
import { UserBody, UserCreate, UserListQuery, UserPatch, userToWire } from '../schemas/users.ts';
import { registerResource } from './resource.ts';

export function userRoutes(app: FastifyInstance, services: Services): void {
  registerResource(app, {
    path: '/users',
    tag: 'Users',
    noun: 'user',
    scopes: { read: 'users.readonly', write: 'users.write' },
    schemas: { item: UserBody, create: UserCreate, patch: UserPatch, filters: { ...LocationFilter, ...UserListQuery } },
    toWire: userToWire,
    list: (principal, query, page) => services.users.list(principal, query as UserFilter & { locationId?: string }, page),
    get: (principal, id) => services.users.get(principal, id),
    create: (principal, body: UserInput) => services.users.create(principal, body),
    update: (principal, id, body: UserPatchInput) => services.users.update(principal, id, body),
    remove: (principal, id) => services.users.delete(principal, id),
  });
}
