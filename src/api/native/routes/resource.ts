import type { FastifyInstance } from 'fastify';
import { Type, type TSchema } from 'typebox';
import type { Principal } from '../../../services/principal.ts';
import type { Scope } from '../../../services/scopes.ts';
import type { Page, PageRequest } from '../../../store/repositories/scope.ts';
import { principalOf } from '../auth.ts';
import { errorResponses, IdParams, ListOf, PageQuery } from '../schemas/common.ts';

type Query = Record<string, unknown> & PageRequest;

/**
 * The five routes of a resource (list, create, get, update, delete) on one service, so every
 * resource of the native API behaves the same: pagination, scopes, status codes, error bodies.
 */
export interface ResourceSpec<Item, Created = Item> {
  path: string;
  tag: string;
  noun: string;
  scopes: { read: Scope; write: Scope };
  schemas: {
    item: TSchema;
    create: TSchema;
    patch: TSchema;
    /** Extra list filters besides limit, offset and q. */
    filters: Record<string, TSchema>;
    /** The create response when it is not the item itself. */
    created?: TSchema;
  };
  toWire: (item: Item) => unknown;
  createdToWire?: (created: Created) => unknown;
  list: (principal: Principal, query: Query, page: PageRequest) => Promise<Page<Item>>;
  get: (principal: Principal, id: string) => Promise<Item>;
  create: (principal: Principal, body: never) => Promise<Created>;
  update: (principal: Principal, id: string, body: never) => Promise<Item>;
  remove: (principal: Principal, id: string) => Promise<unknown>;
  removeDescription?: string;
}

export function registerResource<Item, Created>(app: FastifyInstance, spec: ResourceSpec<Item, Created>): void {
  const tags = [spec.tag];
  const item = `${spec.path}/:id`;

  app.get(
    spec.path,
    {
      config: { scope: spec.scopes.read },
      schema: {
        tags,
        summary: `List ${spec.noun}s`,
        querystring: Type.Object({ ...PageQuery, ...spec.schemas.filters }, { additionalProperties: false }),
        response: { 200: ListOf(spec.schemas.item), ...errorResponses },
      },
    },
    async (request) => {
      const query = request.query as Query;
      const page = { limit: query.limit, offset: query.offset };
      const result = await spec.list(principalOf(request), query, page);
      return {
        data: result.items.map(spec.toWire),
        pagination: { total: result.total, limit: result.limit, offset: result.offset },
      };
    },
  );

  app.post(
    spec.path,
    {
      config: { scope: spec.scopes.write },
      schema: {
        tags,
        summary: `Create a ${spec.noun}`,
        body: spec.schemas.create,
        response: { 201: spec.schemas.created ?? spec.schemas.item, ...errorResponses },
      },
    },
    async (request, reply) => {
      const created = await spec.create(principalOf(request), request.body as never);
      const wire = spec.createdToWire ? spec.createdToWire(created) : spec.toWire(created as unknown as Item);
      return reply.status(201).send(wire);
    },
  );

  app.get(
    item,
    {
      config: { scope: spec.scopes.read },
      schema: { tags, summary: `Get a ${spec.noun}`, params: IdParams, response: { 200: spec.schemas.item, ...errorResponses } },
    },
    async (request) => spec.toWire(await spec.get(principalOf(request), (request.params as { id: string }).id)),
  );

  app.patch(
    item,
    {
      config: { scope: spec.scopes.write },
      schema: {
        tags,
        summary: `Update a ${spec.noun}`,
        description: 'Only the fields sent change; null clears an optional field.',
        params: IdParams,
        body: spec.schemas.patch,
        response: { 200: spec.schemas.item, ...errorResponses },
      },
    },
    async (request) =>
      spec.toWire(await spec.update(principalOf(request), (request.params as { id: string }).id, request.body as never)),
  );

  app.delete(
    item,
    {
      config: { scope: spec.scopes.write },
      schema: {
        tags,
        summary: `Delete a ${spec.noun}`,
        description: spec.removeDescription,
        params: IdParams,
        response: { 204: Type.Null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      await spec.remove(principalOf(request), (request.params as { id: string }).id);
      return reply.status(204).send();
    },
  );
}
