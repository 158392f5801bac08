import type { FastifyInstance } from 'fastify';
import type { CalendarGroupInput, CalendarGroupPatch as CalendarGroupPatchInput } from '../../../services/calendar-groups.ts';
import type { Services } from '../../../services/index.ts';
import type { CalendarGroupFilter } from '../../../store/repositories/calendar-groups.ts';
import { principalOf } from '../auth.ts';
import {
  CalendarGroupBody,
  CalendarGroupCreate,
  CalendarGroupListQuery,
  CalendarGroupPatch,
  calendarGroupToWire,
  ValidateSlugAnswer,
  ValidateSlugBody,
} from '../schemas/calendar-groups.ts';
import { errorResponses, LocationFilter } from '../schemas/common.ts';
import { registerResource } from './resource.ts';

export function calendarGroupRoutes(app: FastifyInstance, services: Services): void {
  registerResource(app, {
    path: '/calendar-groups',
    tag: 'Calendar groups',
    noun: 'calendar group',
    scopes: { read: 'calendars/groups.readonly', write: 'calendars/groups.write' },
    schemas: {
      item: CalendarGroupBody,
      create: CalendarGroupCreate,
      patch: CalendarGroupPatch,
      filters: { ...LocationFilter, ...CalendarGroupListQuery },
    },
    toWire: calendarGroupToWire,
    list: (principal, query, page) => services.calendarGroups.list(principal, query as CalendarGroupFilter & { locationId?: string }, page),
    get: (principal, id) => services.calendarGroups.get(principal, id),
    create: (principal, body: CalendarGroupInput) => services.calendarGroups.create(principal, body),
    update: (principal, id, body: CalendarGroupPatchInput) => services.calendarGroups.update(principal, id, body),
    remove: (principal, id) => services.calendarGroups.delete(principal, id),
    removeDescription: 'The group’s calendars stay, with groupId null.',
  });

  app.post(
    '/calendar-groups/validate-slug',
    {
      // As in HighLevel, checking a slug belongs to creating or editing a group.
      config: { scope: 'calendars/groups.write' },
      schema: {
        tags: ['Calendar groups'],
        summary: 'Check whether a group slug is free',
        description: 'Answers 200 with available: false for a slug that is taken in the location or is not a valid slug.',
        body: ValidateSlugBody,
        response: { 200: ValidateSlugAnswer, ...errorResponses },
      },
    },
    async (request) => ({
      available: await services.calendarGroups.isSlugAvailable(principalOf(request), request.body as { slug: string; locationId?: string }),
    }),
  );
}
