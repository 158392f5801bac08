import type { FastifyInstance } from 'fastify';
import type { ApiKeyInput, IssuedKey } from '../../../services/api-keys.ts';
import type { Services } from '../../../services/index.ts';
import type { ApiKey } from '../../../store/repositories/api-keys.ts';
import { ApiKeyBody, ApiKeyCreate, ApiKeyListQuery, ApiKeyPatch, apiKeyToWire, IssuedApiKeyBody } from '../schemas/api-keys.ts';
import { LocationFilter } from '../schemas/common.ts';
import { registerResource } from './resource.ts';

export function apiKeyRoutes(app: FastifyInstance, services: Services): void {
  registerResource<ApiKey, IssuedKey>(app, {
    path: '/api-keys',
    tag: 'API keys',
    noun: 'API key',
    scopes: { read: 'keys.readonly', write: 'keys.write' },
    schemas: { item: ApiKeyBody, create: ApiKeyCreate, patch: ApiKeyPatch, filters: { ...LocationFilter, ...ApiKeyListQuery }, created: IssuedApiKeyBody },
    toWire: apiKeyToWire,
    createdToWire: (issued) => ({ apiKey: apiKeyToWire(issued.apiKey), secret: issued.secret }),
    list: (principal, query, page) =>
      services.apiKeys.list(principal, query as { locationId?: string; includeRevoked?: boolean; q?: string }, page),
    get: (principal, id) => services.apiKeys.get(principal, id),
    create: (principal, body: ApiKeyInput) => services.apiKeys.create(principal, body),
    update: (principal, id, body: { name?: string; scopes?: string[] }) => services.apiKeys.update(principal, id, body),
    remove: (principal, id) => services.apiKeys.revoke(principal, id),
    removeDescription: 'Revokes the key at once; it stays listed with includeRevoked=true.',
  });
}
