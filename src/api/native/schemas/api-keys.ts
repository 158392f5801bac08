import { Type } from 'typebox';
import type { ApiKey } from '../../../store/repositories/api-keys.ts';
import { SCOPES } from '../../../services/scopes.ts';
import { iso, NullableTimestamp, Timestamp } from './common.ts';

const ScopeName = Type.String({ minLength: 1, maxLength: 64, description: `One of: ${SCOPES.join(', ')}` });

export const ApiKeyBody = Type.Object(
  {
    id: Type.String(),
    name: Type.String(),
    prefix: Type.String({ description: 'The first characters of the key, to recognise it' }),
    locationId: Type.Union([Type.String(), Type.Null()], { description: 'null: an organization-wide key' }),
    scopes: Type.Array(Type.String()),
    createdAt: Timestamp,
    lastUsedAt: NullableTimestamp,
    revokedAt: NullableTimestamp,
  },
  { $id: 'ApiKey' },
);

export const IssuedApiKeyBody = Type.Object({
  apiKey: ApiKeyBody,
  secret: Type.String({ description: 'The key itself. Shown only in this response; store it now.' }),
});

export const ApiKeyCreate = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200 }),
    scopes: Type.Array(ScopeName, { minItems: 1, maxItems: SCOPES.length }),
    locationId: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  },
  { additionalProperties: false },
);

export const ApiKeyPatch = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    scopes: Type.Optional(Type.Array(ScopeName, { minItems: 1, maxItems: SCOPES.length })),
  },
  { additionalProperties: false },
);

export const ApiKeyListQuery = {
  includeRevoked: Type.Optional(Type.Boolean()),
};

export function apiKeyToWire(key: ApiKey) {
  return {
    id: key.id,
    name: key.name,
    prefix: key.prefix,
    locationId: key.locationId,
    scopes: key.scopes,
    createdAt: iso(key.createdAt),
    lastUsedAt: iso(key.lastUsedAt),
    revokedAt: iso(key.revokedAt),
  };
}
