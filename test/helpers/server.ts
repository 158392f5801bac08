import type { FastifyInstance } from 'fastify';
import { buildServer } from '../../src/api/server.ts';
import { openApp, type App } from '../../src/app.ts';
import { fixedClock, type Clock } from '../../src/services/clock.ts';
import { seedDemo, type DemoData } from '../../src/services/seed.ts';
import { createTestDatabase, type TestDatabase } from './database.ts';

export const TEST_NOW = Date.parse('2026-06-01T12:00:00Z');

export interface TestServer {
  url: string;
  app: App;
  server: FastifyInstance;
  database: TestDatabase;
  /** The demo organization: a location, a host, a contact and an all-scopes organization key. */
  demo: DemoData;
  request(method: string, path: string, options?: { key?: string | null; body?: unknown; headers?: Record<string, string> }): Promise<TestResponse>;
  close(): Promise<void>;
}

export interface TestResponse {
  status: number;
  headers: Headers;
  // Tests read arbitrary JSON; loosely typed on purpose.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
}

/** Starts the real server on a free port over an isolated database. */
export async function startTestServer(options: { clock?: Clock } = {}): Promise<TestServer> {
  const database = await createTestDatabase();
  const app = await openApp({ database: database.config }, options.clock ?? fixedClock(TEST_NOW));
  const demo = await seedDemo(app.services.ctx);
  const server = await buildServer({ config: { logLevel: 'silent', publicUrl: 'http://127.0.0.1' }, store: app.store, services: app.services });
  await server.listen({ host: '127.0.0.1', port: 0 });
  const address = server.server.address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;

  return {
    url,
    app,
    server,
    database,
    demo,
    async request(method, path, { key = demo.adminKey.secret, body, headers = {} } = {}) {
      const init: RequestInit = { method, headers: { ...headers } };
      if (key !== null) (init.headers as Record<string, string>).authorization = `Bearer ${key}`;
      if (body !== undefined) {
        (init.headers as Record<string, string>)['content-type'] = 'application/json';
        init.body = typeof body === 'string' ? body : JSON.stringify(body);
      }
      const response = await fetch(url + path, init);
      const text = await response.text();
      let parsed: unknown = text;
      try {
        parsed = text === '' ? null : JSON.parse(text);
      } catch {
        // not JSON: keep the text
      }
      return { status: response.status, headers: response.headers, body: parsed };
    },
    async close() {
      await server.close();
      await app.store.close();
      await database.drop();
    },
  };
}
