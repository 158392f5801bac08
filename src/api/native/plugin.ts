import type {} from '@fastify/swagger';
import type { FastifyInstance } from 'fastify';
import type { Services } from '../../services/index.ts';
import { bearerAuth } from './auth.ts';
import { nativeErrorHandler } from './errors.ts';
import { apiKeyRoutes } from './routes/api-keys.ts';
import { blockedSlotRoutes } from './routes/blocked-slots.ts';
import { bookingRoutes } from './routes/bookings.ts';
import { calendarGroupRoutes } from './routes/calendar-groups.ts';
import { calendarRoutes } from './routes/calendars.ts';
import { contactRoutes } from './routes/contacts.ts';
import { freeSlotRoutes } from './routes/free-slots.ts';
import { locationRoutes } from './routes/locations.ts';
import { resourceRoutes } from './routes/resources.ts';
import { scheduleRoutes } from './routes/schedules.ts';
import { userRoutes } from './routes/users.ts';

/** Slotbase's own REST API, mounted at /v1. */
export async function nativeApi(app: FastifyInstance, options: { services: Services }): Promise<void> {
  const { services } = options;
  app.setErrorHandler(nativeErrorHandler);
  app.setNotFoundHandler((request, reply) =>
    reply.status(404).send({ error: { code: 'not_found', message: `No route ${request.method} ${request.url}`, details: [] } }),
  );
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  await app.register(async (secured) => {
    secured.addHook('onRequest', bearerAuth(services));
    locationRoutes(secured, services);
    userRoutes(secured, services);
    contactRoutes(secured, services);
    apiKeyRoutes(secured, services);
    calendarRoutes(secured, services);
    calendarGroupRoutes(secured, services);
    freeSlotRoutes(secured, services);
    bookingRoutes(secured, services);
    scheduleRoutes(secured, services);
    blockedSlotRoutes(secured, services);
    resourceRoutes(secured, services);
  });
}
