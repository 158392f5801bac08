import type { FastifyInstance } from 'fastify';
import type { Services } from '../../../services/index.ts';
import type { ScheduleFilter, ScheduleInput, SchedulePatch as SchedulePatchInput } from '../../../services/schedules.ts';
import { LocationFilter } from '../schemas/common.ts';
import { ScheduleBody, ScheduleCreate, ScheduleListQuery, SchedulePatch, scheduleToWire } from '../schemas/schedules.ts';
import { registerResource } from './resource.ts';

export function scheduleRoutes(app: FastifyInstance, services: Services): void {
  registerResource(app, {
    path: '/schedules',
    tag: 'Schedules',
    noun: 'schedule',
    scopes: { read: 'calendars.readonly', write: 'calendars.write' },
    schemas: { item: ScheduleBody, create: ScheduleCreate, patch: SchedulePatch, filters: { ...LocationFilter, ...ScheduleListQuery } },
    toWire: scheduleToWire,
    list: (principal, query, page) => services.schedules.list(principal, query as ScheduleFilter, page),
    get: (principal, id) => services.schedules.get(principal, id),
    create: (principal, body: ScheduleInput) => services.schedules.create(principal, body),
    update: (principal, id, body: SchedulePatchInput) => services.schedules.update(principal, id, body),
    remove: (principal, id) => services.schedules.delete(principal, id),
    removeDescription: 'Deletes the schedule with its rules and calendar associations; hosts fall back to the next schedule that applies.',
  });
}
