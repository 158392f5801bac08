import type { FastifyRequest } from 'fastify';
import { InvalidInputError } from '../services/errors.ts';

/** The path of the first string in `value` holding a NUL character (PostgreSQL stores none), or null. */
function nulPath(value: unknown, path: string): string | null {
  if (typeof value === 'string') return value.includes('\u0000') ? path : null;
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) {
      const found = nulPath(item, `${path}[${i}]`);
      if (found !== null) return found;
    }
    return null;
  }
  if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      const found = nulPath(key, path ? `${path}.${key}` : key) ?? nulPath(item, path ? `${path}.${key}` : key);
      if (found !== null) return found;
    }
  }
  return null;
}

/**
 * Refuses text with NUL characters anywhere in a request (body, query, path) as malformed input
 * naming the field, before it reaches a database that cannot store it.
 */
export async function refuseNulCharacters(request: FastifyRequest): Promise<void> {
  for (const [part, value] of [['params', request.params], ['query', request.query], ['body', request.body]] as const) {
    const field = nulPath(value, '');
    if (field !== null) {
      const name = field || part;
      throw new InvalidInputError(`${name} must not contain NUL characters`, [{ field: name, message: 'must not contain NUL characters' }]);
    }
  }
}
