/**
 * The real HTTP server for the benchmarks, run in a worker thread: openApp + buildServer as
 * `slotbase serve` does, on a free port of 127.0.0.1 over the benchmark's database. Posts
 * `{port}` when listening; on the message 'stop' closes the server and the store and exits.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { buildServer } from '../src/api/server.ts';
import { openApp } from '../src/app.ts';
import type { Config, DatabaseConfig } from '../src/config.ts';
import { fixedClock } from '../src/services/clock.ts';

const { database, now, logLevel } = workerData as { database: DatabaseConfig; now: number; logLevel: Config['logLevel'] };

const app = await openApp({ database }, fixedClock(now));
const server = await buildServer({
  config: { logLevel, publicUrl: 'http://127.0.0.1' },
  store: app.store,
  services: app.services,
  // Lines are formatted (that cost is real) and then dropped.
  logStream: { write() {} },
});
await server.listen({ host: '127.0.0.1', port: 0 });
const address = server.server.address();
parentPort!.postMessage({ port: typeof address === 'object' && address ? address.port : 0 });

parentPort!.on('message', async (message) => {
  if (message !== 'stop') return;
  await server.close();
  await app.store.close();
  parentPort!.close();
});
