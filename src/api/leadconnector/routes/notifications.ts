import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { CalendarNotification, NotificationSettings } from '../../../services/calendar-notifications.ts';
import type { Services } from '../../../services/index.ts';
import { principalOf } from '../../native/auth.ts';

const read = { scope: 'calendars/events.readonly' as const, lcValidationStatus: 400 as const };
const write = { scope: 'calendars/events.write' as const, lcValidationStatus: 400 as const };
const Receiver = Type.Union(['contact', 'guest', 'assignedUser', 'emails', 'phoneNumbers', 'business'].map((v) => Type.Literal(v)));
const Channel = Type.Union(['email', 'inApp', 'sms', 'whatsapp'].map((v) => Type.Literal(v)));
const Kind = Type.Union(['booked', 'confirmation', 'cancellation', 'reminder', 'followup', 'reschedule'].map((v) => Type.Literal(v)));
const Offset = Type.Object({ timeOffset: Type.Optional(Type.Number()), unit: Type.Optional(Type.String()) });
/** The settings HighLevel keeps besides who, how and when; stored as given. */
const KEPT = ['templateId', 'body', 'subject', 'afterTime', 'beforeTime', 'additionalEmailIds', 'additionalPhoneNumbers', 'additionalWhatsappNumbers', 'selectedUsers', 'fromAddress', 'fromName', 'fromNumber'] as const;
const settingsFields = {
  isActive: Type.Optional(Type.Boolean()),
  templateId: Type.Optional(Type.String()),
  body: Type.Optional(Type.String({ maxLength: 50_000 })),
  subject: Type.Optional(Type.String({ maxLength: 1000 })),
  afterTime: Type.Optional(Type.Array(Offset)),
  beforeTime: Type.Optional(Type.Array(Offset)),
  additionalEmailIds: Type.Optional(Type.Array(Type.String())),
  additionalPhoneNumbers: Type.Optional(Type.Array(Type.String())),
  additionalWhatsappNumbers: Type.Optional(Type.Array(Type.String())),
  selectedUsers: Type.Optional(Type.Array(Type.String())),
  fromAddress: Type.Optional(Type.String()),
  fromName: Type.Optional(Type.String()),
  fromNumber: Type.Optional(Type.String()),
};
const Create = Type.Object({ receiverType: Receiver, channel: Channel, notificationType: Kind, ...settingsFields });
const Update = Type.Object({ receiverType: Type.Optional(Receiver), channel: Type.Optional(Channel), notificationType: Type.Optional(Kind), deleted: Type.Optional(Type.Boolean()), ...settingsFields });
const Params = Type.Object({ calendarId: Type.String({ minLength: 1 }), notificationId: Type.String({ minLength: 1 }) });
type Body = Record<string, unknown> & { receiverType?: string; channel?: string; notificationType?: string; isActive?: boolean; deleted?: boolean };

function settingsOf(body: Body): Record<string, unknown> {
  return Object.fromEntries(KEPT.filter((k) => body[k] !== undefined).map((k) => [k, body[k]]));
}

function notificationToLc(n: CalendarNotification) {
  return { _id: n.id, receiverType: n.receiverType, channel: n.channel, notificationType: n.notificationType, isActive: n.isActive, deleted: n.deleted, ...n.settings };
}

export function notificationRoutes(services: Services) {
  return async (app: FastifyInstance) => {
    app.get(
      '/:calendarId/notifications',
      {
        config: read,
        schema: {
          hide: true,
          params: Type.Object({ calendarId: Type.String({ minLength: 1 }) }),
          querystring: Type.Object({ isActive: Type.Optional(Type.Boolean()), deleted: Type.Optional(Type.Boolean()), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })), skip: Type.Optional(Type.Integer({ minimum: 0 })) }),
        },
      },
      async (request) => {
        const q = request.query as { isActive?: boolean; deleted?: boolean; limit?: number; skip?: number };
        const list = await services.calendarNotifications.list(principalOf(request), (request.params as { calendarId: string }).calendarId, { ...q, limit: q.limit ?? 100, skip: q.skip ?? 0 });
        return list.map(notificationToLc);
      },
    );

    app.post(
      '/:calendarId/notifications',
      { config: write, schema: { hide: true, params: Type.Object({ calendarId: Type.String({ minLength: 1 }) }), body: Type.Array(Create, { maxItems: 50 }) } },
      async (request) => {
        const inputs: NotificationSettings[] = (request.body as Body[]).map((b) => ({
          receiverType: b.receiverType!,
          channel: b.channel!,
          notificationType: b.notificationType!,
          isActive: b.isActive,
          settings: settingsOf(b),
        }));
        const created = await services.calendarNotifications.create(principalOf(request), (request.params as { calendarId: string }).calendarId, inputs);
        return created.map(notificationToLc);
      },
    );

    app.get('/:calendarId/notifications/:notificationId', { config: read, schema: { hide: true, params: Params } }, async (request) => {
      const p = request.params as { calendarId: string; notificationId: string };
      return notificationToLc(await services.calendarNotifications.get(principalOf(request), p.calendarId, p.notificationId));
    });

    app.put('/:calendarId/notifications/:notificationId', { config: write, schema: { hide: true, params: Params, body: Update } }, async (request) => {
      const p = request.params as { calendarId: string; notificationId: string };
      const b = request.body as Body;
      const settings = settingsOf(b);
      await services.calendarNotifications.update(principalOf(request), p.calendarId, p.notificationId, {
        receiverType: b.receiverType,
        channel: b.channel,
        notificationType: b.notificationType,
        isActive: b.isActive,
        deleted: b.deleted,
        settings: Object.keys(settings).length > 0 ? settings : undefined,
      });
      return { message: 'Notification updated successfully' };
    });

    app.delete('/:calendarId/notifications/:notificationId', { config: write, schema: { hide: true, params: Params } }, async (request) => {
      const p = request.params as { calendarId: string; notificationId: string };
      await services.calendarNotifications.delete(principalOf(request), p.calendarId, p.notificationId);
      return { message: 'Notification deleted successfully' };
    });
  };
}
