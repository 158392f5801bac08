import { randomUUID } from 'node:crypto';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance, type FastifyReply } from 'fastify';
import type { Config } from '../config.ts';
import type { Services } from '../services/index.ts';
import type { Store } from '../store/database.ts';
import { leadconnectorApi } from './leadconnector/plugin.ts';
import { nativeApi } from './native/plugin.ts';
import { nativeErrorHandler } from './native/errors.ts';
import { lcBody } from './leadconnector/errors.ts';
import { classifyError } from './errors.ts';
import { refuseNulCharacters } from './nul-characters.ts';
import { validatorCompiler } from './validation.ts';
import { OPTIONAL_BODY } from './native/schemas/common.ts';

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

export interface ServerOptions {
  config: Pick<Config, 'logLevel' | 'publicUrl'>;
  store: Store;
  services: Services;
  /** Where logs go (stdout when absent); tests capture them. */
  logStream?: { write(line: string): void };
}

export async function buildServer({ config, store, services, logStream }: ServerOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: {
      level: config.logLevel,
      redact: { paths: ['req.headers.authorization', 'req.headers["x-api-key"]'], censor: '[redacted]' },
      ...(logStream ? { stream: logStream } : {}),
    },
    // A caller's own request id is kept (for tracing across systems) when it looks like one.
    genReqId: (request) => {
      const given = request.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    },
    ajv: { customOptions: { removeAdditional: false } },
    // Errors before routing (a malformed URL): the body of the API the path belongs to.
    frameworkErrors: (error, request, reply) => {
      if (request.url.startsWith('/v1')) return nativeErrorHandler(error, request, reply);
      const payload = classifyError(error);
      return (reply as FastifyReply).status(payload.status).send(lcBody(payload.status, payload.message));
    },
    bodyLimit: 1024 * 1024,
    return503OnClosing: true,
  });
  app.setValidatorCompiler(validatorCompiler());
  app.addHook('preValidation', refuseNulCharacters);
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Slotbase API',
        version: '1',
        description: 'Slotbase’s native REST API. Authenticate with `Authorization: Bearer <API key>`.',
      },
      servers: [{ url: config.publicUrl }],
      components: { securitySchemes: { apiKey: { type: 'http', scheme: 'bearer' } } },
      security: [{ apiKey: [] }],
    },
    transformObject: (documentObject) => markOptionalBodies((documentObject as { openapiObject: OpenApiDocument }).openapiObject) as object,
  });
  await app.register(swaggerUi, { routePrefix: '/docs', uiConfig: { url: '/v1/openapi.json' } as object });

  app.get('/healthz', { schema: { hide: true } }, async () => ({ status: 'ok' }));
  app.get('/readyz', { schema: { hide: true } }, async (request, reply) => {
    try {
      await store.ping();
      return { status: 'ok', database: store.kind };
    } catch (error) {
      request.log.warn({ err: error }, 'database not reachable');
      return reply.status(503).send({ status: 'unavailable', database: store.kind });
    }
  });

  await app.register(nativeApi, { prefix: '/v1', services });
  await app.register(leadconnectorApi, { services });
  return app;
}

type OpenApiDocument = { paths?: Record<string, Record<string, { requestBody?: { required?: boolean } } & Record<string, unknown>>> };

/** Operations marked with OPTIONAL_BODY say that their body may be left out. */
function markOptionalBodies(document: OpenApiDocument): OpenApiDocument {
  for (const operations of Object.values(document.paths ?? {})) {
    for (const operation of Object.values(operations)) {
      if (operation[OPTIONAL_BODY] === undefined) continue;
      delete operation[OPTIONAL_BODY];
      if (operation.requestBody) operation.requestBody.required = false;
    }
  }
  return document;
}
