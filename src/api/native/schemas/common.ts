import { Type, type TSchema } from 'typebox';

export const ErrorBody = Type.Object(
  {
    error: Type.Object({
      code: Type.String({ description: 'Stable machine-readable code, e.g. not_found' }),
      message: Type.String(),
      details: Type.Array(Type.Object({ field: Type.String(), message: Type.String() })),
    }),
  },
  { $id: 'Error', description: 'Every error of the native API has this body' },
);

export const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });

export const PageQuery = {
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
  offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 2_147_483_647, default: 0 })),
  q: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'Case-insensitive text search' })),
};

export const LocationFilter = {
  locationId: Type.Optional(
    Type.String({ minLength: 1, maxLength: 64, description: 'Narrow to one location (required to create with an organization key)' }),
  ),
};

export function ListOf<T extends TSchema>(item: T) {
  return Type.Object({
    data: Type.Array(item),
    pagination: Type.Object({ total: Type.Integer(), limit: Type.Integer(), offset: Type.Integer() }),
  });
}

/** Optional, nullable text: absent leaves a value alone, null clears it. */
export function NullableText(maxLength: number, options: { format?: string; description?: string } = {}) {
  return Type.Optional(Type.Union([Type.String({ maxLength, ...options }), Type.Null()]));
}

export const Timestamp = Type.String({ format: 'date-time' });
export const NullableTimestamp = Type.Union([Timestamp, Type.Null()]);

/**
 * Marks a route whose body may be left out (the OpenAPI document says so; @fastify/swagger would
 * mark every body required). Keys starting with `x-` are copied onto the operation.
 */
export const OPTIONAL_BODY = 'x-optional-body';

export const errorResponses = {
  400: ErrorBody,
  401: ErrorBody,
  403: ErrorBody,
  404: ErrorBody,
  409: ErrorBody,
  // A body over 1 MB, or one that is not JSON.
  413: ErrorBody,
  415: ErrorBody,
  422: ErrorBody,
};

export function iso(epochMs: number): string;
export function iso(epochMs: number | null): string | null;
export function iso(epochMs: number | null): string | null {
  return epochMs === null ? null : new Date(epochMs).toISOString();
}
