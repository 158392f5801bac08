import type { FastifyInstance } from 'fastify';
import type { CalendarInput, CalendarPatch as CalendarPatchInput } from '../../../services/calendars.ts';
import type { Services } from '../../../services/index.ts';
import type { CalendarKind } from '../../../store/repositories/calendars.ts';
import { CalendarBody, CalendarCreate, CalendarListQuery, CalendarPatch, calendarToWire } from '../schemas/calendars.ts';
import { LocationFilter } from '../schemas/common.ts';
import { registerResource } from './resource.ts';

type CalendarListFilter = { q?: string; locationId?: string; kind?: CalendarKind; active?: boolean; hostId?: string; groupId?: string };

export function calendarRoutes(app: FastifyInstance, services: Services): void {
  registerResource(app, {
    path: '/calendars',
    tag: 'Calendars',
    noun: 'calendar',
    scopes: { read: 'calendars.readonly', write: 'calendars.write' },
    schemas: { item: CalendarBody, create: CalendarCreate, patch: CalendarPatch, filters: { ...LocationFilter, ...CalendarListQuery } },
    toWire: calendarToWire,
    list: (principal, query, page) => services.calendars.list(principal, query as CalendarListFilter, page),
    get: (principal, id) => services.calendars.get(principal, id),
    create: (principal, body: CalendarInput) => services.calendars.create(principal, body),
    update: (principal, id, body: CalendarPatchInput) => services.calendars.update(principal, id, body),
    remove: (principal, id) => services.calendars.delete(principal, id),
    removeDescription: 'Existing bookings keep the calendar; it disappears from lists and lookups.',
  });
}
