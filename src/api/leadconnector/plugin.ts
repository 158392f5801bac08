import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Services } from '../../services/index.ts';
import { lcAuth } from './auth.ts';
import { lcBody, lcErrorHandler } from './errors.ts';
import { blockedSlotRoutes } from './routes/blocked-slots.ts';
import { calendarRoutes } from './routes/calendars.ts';
import { contactRoutes } from './routes/contacts.ts';
import { freeSlotRoutes } from './routes/free-slots.ts';
import { eventRoutes } from './routes/events.ts';
import { groupRoutes } from './routes/groups.ts';
import { noteRoutes } from './routes/notes.ts';
import { notificationRoutes } from './routes/notifications.ts';
import { resourceRoutes } from './routes/resources.ts';
import { scheduleRoutes } from './routes/schedules.ts';
import { serviceBookingRoutes } from './routes/service-bookings.ts';
import { serviceLocationRoutes } from './routes/service-locations.ts';
import { serviceCatalogRoutes } from './routes/services-catalog.ts';
import { userRoutes } from './routes/users.ts';

function notFound(request: FastifyRequest, reply: FastifyReply) {
  return reply.status(404).send(lcBody(404, `Cannot ${request.method} ${request.url}`));
}

/**
 * The HighLevel / LeadConnector dialect, mounted at the root like HighLevel's own base URL:
 * `/calendars`, `/contacts`, `/users`. It translates; the services decide.
 */
export async function leadconnectorApi(app: FastifyInstance, options: { services: Services }): Promise<void> {
  const { services } = options;
  // HighLevel's SDK sends `Content-Type: application/json` on body-less DELETEs too.
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, text, done) => {
    if (text === '') return done(null, undefined);
    try {
      done(null, JSON.parse(text as string));
    } catch (error) {
      (error as { statusCode?: number }).statusCode = 400;
      done(error as Error, undefined);
    }
  });
  app.addHook('onRequest', lcAuth(services));
  app.setErrorHandler(lcErrorHandler(services));
  const children: Array<[string, Array<(app: FastifyInstance) => Promise<void>>]> = [
    ['/calendars', [groupRoutes(services), freeSlotRoutes(services), noteRoutes(services), blockedSlotRoutes(services), calendarRoutes(services), eventRoutes(services), scheduleRoutes(services), notificationRoutes(services), resourceRoutes(services), serviceCatalogRoutes(services), serviceLocationRoutes(services), serviceBookingRoutes(services)]],
    ['/contacts', [contactRoutes(services)]],
    ['/users', [userRoutes(services)]],
  ];
  for (const [prefix, routes] of children) {
    await app.register(
      async (child) => {
        child.setNotFoundHandler(notFound);
        for (const register of routes) await register(child);
      },
      { prefix },
    );
  }
}
