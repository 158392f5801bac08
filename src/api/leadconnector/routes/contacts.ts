import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { ValidationError } from '../../../services/errors.ts';
import type { Services } from '../../../services/index.ts';
import { SEARCHABLE_CONTACT_FIELDS, type FieldCondition } from '../../../store/repositories/contacts.ts';
import { principalOf } from '../../native/auth.ts';
import { checkLocation } from '../auth.ts';
import { contactToLc, lcToContactInput, type LcContactBody } from '../mappers/contact.ts';
import { contactEventToLc } from '../mappers/event.ts';
import { allPages, withoutNulls } from '../wire.ts';

const read = { scope: 'contacts.readonly' as const, lcValidationStatus: 422 as const };
const write = { scope: 'contacts.write' as const, lcValidationStatus: 422 as const };
const ContactId = Type.Object({ contactId: Type.String({ minLength: 1 }) });
const Text = (max: number) => Type.Optional(Type.Union([Type.String({ maxLength: max }), Type.Null()]));
const ContactFields = {
  firstName: Text(100),
  lastName: Text(100),
  name: Text(200),
  email: Text(320),
  phone: Text(40),
  address1: Text(300),
  city: Text(100),
  state: Text(100),
  postalCode: Text(20),
  website: Text(500),
  timezone: Text(64),
  dnd: Type.Optional(Type.Boolean()),
  tags: Type.Optional(Type.Array(Type.String({ maxLength: 100 }), { maxItems: 100 })),
  customFields: Type.Optional(Type.Array(Type.Object({}), { maxItems: 200 })),
  source: Text(200),
  dateOfBirth: Text(30),
  country: Text(100),
  companyName: Text(200),
};
const CreateContact = Type.Object({ locationId: Type.String({ minLength: 1 }), ...ContactFields });
const UpdateContact = Type.Object(ContactFields);
const OPERATORS = ['eq', 'not_eq', 'contains', 'exists', 'not_exists'];

export function contactRoutes(services: Services) {
  return async (app: FastifyInstance) => {
    app.post('/', { config: write, schema: { hide: true, body: CreateContact } }, async (request, reply) => {
      const principal = principalOf(request);
      const body = request.body as LcContactBody & { locationId: string };
      checkLocation(principal, body.locationId);
      const contact = await services.contacts.create(principal, lcToContactInput(body));
      return reply.status(201).send({ contact: contactToLc(contact) });
    });

    app.post('/upsert', { config: write, schema: { hide: true, body: CreateContact } }, async (request) => {
      const principal = principalOf(request);
      const body = request.body as LcContactBody & { locationId: string };
      checkLocation(principal, body.locationId);
      const { contact, created } = await services.contacts.upsert(principal, lcToContactInput(body));
      return { new: created, contact: contactToLc(contact), traceId: request.id };
    });

    app.get(
      '/',
      {
        config: read,
        schema: {
          hide: true,
          querystring: Type.Object({
            locationId: Type.String({ minLength: 1 }),
            query: Type.Optional(Type.String()),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
            startAfter: Type.Optional(Type.Number()),
            startAfterId: Type.Optional(Type.String()),
          }),
        },
      },
      async (request) => {
        const principal = principalOf(request);
        const q = request.query as { locationId: string; query?: string; limit?: number; startAfter?: number; startAfterId?: string };
        checkLocation(principal, q.locationId);
        // The cursor is the last contact of the previous page; its id alone is enough to find it.
        const after =
          q.startAfter !== undefined
            ? { createdAt: q.startAfter, id: q.startAfterId ?? '' }
            : q.startAfterId
              ? { createdAt: (await services.contacts.get(principal, q.startAfterId)).createdAt, id: q.startAfterId }
              : undefined;
        const filter = { q: q.query || undefined };
        const page = await services.contacts.list(principal, { ...filter, after }, { limit: q.limit ?? 20, offset: 0 });
        // The total counts every matching contact, not only those after the cursor.
        const total = after ? (await services.contacts.list(principal, filter, { limit: 1, offset: 0 })).total : page.total;
        const contacts = page.items.map(contactToLc);
        const last = page.items.at(-1);
        return {
          contacts,
          count: total,
          meta: withoutNulls({ total, startAfterId: last?.id ?? null, startAfter: last?.createdAt ?? null }),
        };
      },
    );

    app.post(
      '/search',
      {
        config: { scope: 'contacts.readonly', lcValidationStatus: 400 },
        schema: {
          hide: true,
          body: Type.Object({
            locationId: Type.String({ minLength: 1 }),
            query: Type.Optional(Type.String()),
            page: Type.Optional(Type.Integer({ minimum: 1 })),
            pageLimit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
            filters: Type.Optional(Type.Array(Type.Object({ field: Type.String(), operator: Type.String(), value: Type.Optional(Type.Unknown()) }))),
          }),
        },
      },
      async (request) => {
        const principal = principalOf(request);
        const body = request.body as { locationId: string; query?: string; page?: number; pageLimit?: number; filters?: Array<{ field: string; operator: string; value?: unknown }> };
        checkLocation(principal, body.locationId);
        let tag: string | undefined;
        const conditions: FieldCondition[] = [];
        for (const [i, f] of (body.filters ?? []).entries()) {
          if (f.field === 'tags' && (f.operator === 'eq' || f.operator === 'contains')) {
            tag = String(Array.isArray(f.value) ? f.value[0] : f.value).toLowerCase();
            continue;
          }
          if (!(f.field in SEARCHABLE_CONTACT_FIELDS)) {
            throw ValidationError.field(`filters.${i}.field`, `must be one of: tags, ${Object.keys(SEARCHABLE_CONTACT_FIELDS).join(', ')}`);
          }
          if (!OPERATORS.includes(f.operator)) throw ValidationError.field(`filters.${i}.operator`, `must be one of: ${OPERATORS.join(', ')}`);
          conditions.push({ field: f.field as FieldCondition['field'], operator: f.operator as FieldCondition['operator'], value: f.value === undefined ? undefined : String(f.value) });
        }
        const limit = body.pageLimit ?? 20;
        const page = await services.contacts.list(principal, { q: body.query || undefined, tag, conditions }, { limit, offset: ((body.page ?? 1) - 1) * limit });
        return { contacts: page.items.map(contactToLc), total: page.total };
      },
    );

    app.get('/:contactId', { config: read, schema: { hide: true, params: ContactId } }, async (request) => ({
      contact: contactToLc(await services.contacts.get(principalOf(request), (request.params as { contactId: string }).contactId)),
    }));

    app.put('/:contactId', { config: write, schema: { hide: true, params: ContactId, body: UpdateContact } }, async (request) => {
      const contact = await services.contacts.update(principalOf(request), (request.params as { contactId: string }).contactId, lcToContactInput(request.body as LcContactBody));
      return { succeded: true, contact: contactToLc(contact) };
    });

    app.delete('/:contactId', { config: write, schema: { hide: true, params: ContactId } }, async (request) => {
      await services.contacts.delete(principalOf(request), (request.params as { contactId: string }).contactId);
      return { succeded: true };
    });

    app.get('/:contactId/appointments', { config: read, schema: { hide: true, params: ContactId } }, async (request) => {
      const principal = principalOf(request);
      const contactId = (request.params as { contactId: string }).contactId;
      return { events: (await allPages((page) => services.bookings.list(principal, { contactId }, page))).map(contactEventToLc) };
    });
  };
}
