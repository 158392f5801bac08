import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { classifyError } from '../errors.ts';
import { NotFoundError, ServiceError, ValidationError } from '../../services/errors.ts';
import { locate } from '../../services/tenancy.ts';
import type { Services } from '../../services/index.ts';
import { validationMessages, type AjvIssue } from './messages.ts';

export const NO_ACCESS = 'The token does not have access to this location';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The status the HighLevel spec declares for a body that breaks its rules: 422 where the operation lists it, else 400. */
    lcValidationStatus?: 400 | 422;
    /** 404 where the operation declares it (v3 schedules); otherwise an unknown id is a 400. */
    lcNotFoundStatus?: 400 | 404;
  }
}

/** HighLevel's error bodies: `{statusCode, message[, error]}`; 422 carries `message` as a list. */
export function lcBody(status: number, messages: string | string[]) {
  if (status === 422) {
    return { statusCode: 422, message: Array.isArray(messages) ? messages : [messages], error: 'Unprocessable Entity' };
  }
  const message = Array.isArray(messages) ? messages.join(', ') : messages;
  if (status === 401) return { statusCode: 401, message, error: 'Unauthorized' };
  if (status === 403) return { statusCode: 403, message, error: 'Forbidden' };
  if (status === 404) return { statusCode: 404, message, error: 'Not Found' };
  return { statusCode: status, message };
}

/** The error handler of the LeadConnector dialect. */
export function lcErrorHandler(services: Services) {
  return async (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    const declared = request.routeOptions.config?.lcValidationStatus ?? 400;
    const validation = (error as FastifyError & { validation?: AjvIssue[] }).validation;
    if (validation) {
      const messages = validationMessages(validation, (error as FastifyError & { validationContext?: string }).validationContext);
      return reply.status(declared).send(lcBody(declared, messages));
    }
    // An id of another location — in the path or in the body — is "no access", not "not found", in this dialect.
    const named = error instanceof NotFoundError && error.id !== undefined ? { entity: error.entity, id: error.id } : error instanceof ValidationError ? error.reference : undefined;
    if (named && request.principal) {
      const owner = await locate(services.ctx.store.db, named.entity, named.id);
      if (owner !== null && owner !== request.principal.locationPk) return reply.status(403).send(lcBody(403, NO_ACCESS));
    }
    if (error instanceof NotFoundError) {
      const status = request.routeOptions.config?.lcNotFoundStatus ?? 400;
      return reply.status(status).send(lcBody(status, error.message));
    }
    if (error instanceof ServiceError) {
      if (error.kind === 'unauthenticated') return reply.status(401).send(lcBody(401, error.message));
      if (error.kind === 'forbidden') return reply.status(403).send(lcBody(403, error.message));
      const status = error.kind === 'unprocessable' ? declared : 400;
      const messages = error.issues.length > 0 && status === 422 ? error.issues.map((i) => `${i.field} ${i.message}`) : error.message;
      return reply.status(status).send(lcBody(status, messages));
    }
    const payload = classifyError(error);
    if (payload.status >= 500) {
      request.log.error({ err: error }, 'request failed');
      return reply.status(500).send(lcBody(500, 'Internal Server Error'));
    }
    return reply.status(payload.status).send(lcBody(payload.status, payload.message));
  };
}
