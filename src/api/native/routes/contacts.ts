import type { FastifyInstance } from 'fastify';
import type { ContactInput, ContactPatch as ContactPatchInput } from '../../../services/contacts.ts';
import type { Services } from '../../../services/index.ts';
import type { ContactFilter } from '../../../store/repositories/contacts.ts';
import { LocationFilter } from '../schemas/common.ts';
import { ContactBody, ContactCreate, ContactListQuery, ContactPatch, contactToWire } from '../schemas/contacts.ts';
import { registerResource } from './resource.ts';

export function contactRoutes(app: FastifyInstance, services: Services): void {
  registerResource(app, {
    path: '/contacts',
    tag: 'Contacts',
    noun: 'contact',
    scopes: { read: 'contacts.readonly', write: 'contacts.write' },
    schemas: { item: ContactBody, create: ContactCreate, patch: ContactPatch, filters: { ...LocationFilter, ...ContactListQuery } },
    toWire: contactToWire,
    list: (principal, query, page) => services.contacts.list(principal, query as ContactFilter & { locationId?: string }, page),
    get: (principal, id) => services.contacts.get(principal, id),
    create: (principal, body: ContactInput) => services.contacts.create(principal, body),
    update: (principal, id, body: ContactPatchInput) => services.contacts.update(principal, id, body),
    remove: (principal, id) => services.contacts.delete(principal, id),
  });
}
