import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { classifyError } from '../errors.ts';

export function nativeErrorHandler(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  const payload = classifyError(error);
  if (payload.status >= 500) request.log.error({ err: error }, 'request failed');
  return reply
    .status(payload.status)
    .send({ error: { code: payload.code, message: payload.message, details: payload.details } });
}
