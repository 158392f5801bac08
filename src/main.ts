#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { openApp, type App } from './app.ts';
import { buildServer } from './api/server.ts';
import { startupSummary } from './cli/summary.ts';
import { ConfigError, loadConfig, type Config } from './config.ts';
import { clockFrom } from './services/clock.ts';
import { ServiceError } from './services/errors.ts';
import { createKeyForLocation, revokeKey } from './services/operator.ts';
import { SCOPES } from './services/scopes.ts';
import { seedDemo, seedOnFirstRun } from './services/seed.ts';

const USAGE = `Usage: slotbase <command>

Commands:
  serve                                   start the server (migrates, seeds a demo on first run)
  migrate                                 apply pending database migrations
  seed --demo                             add a demo organization, location, host and contact
  keys create --location <id> --scopes <a,b|all> [--name <name>]
                                          create an API key for a location (printed once)
  keys revoke <keyId>                     revoke an API key

Configuration comes from environment variables; see README.md.`;

async function serve(config: Config): Promise<void> {
  const app = await openApp(config, clockFrom(config.clock));
  const demo = config.seedDemo ? await seedOnFirstRun(app.services.ctx) : null;
  const server = await buildServer({ config, store: app.store, services: app.services });
  await server.listen({ host: config.host, port: config.port });
  const address = server.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const url = config.publicUrl.endsWith(`:${config.port}`) ? config.publicUrl.replace(/:\d+$/, `:${port}`) : config.publicUrl;
  process.stdout.write(startupSummary(config, app.store, url, demo) + '\n');

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    server.log.info({ signal }, 'shutting down: no new connections, finishing requests in flight');
    const force = setTimeout(() => {
      server.log.error('shutdown timed out; exiting');
      process.exit(1);
    }, config.shutdownTimeoutMs);
    force.unref();
    await server.close();
    await app.store.close();
    server.log.info('stopped');
  };
  process.once('SIGTERM', () => void stop('SIGTERM'));
  process.once('SIGINT', () => void stop('SIGINT'));
}

async function withApp(config: Config, work: (app: App) => Promise<void>): Promise<void> {
  const app = await openApp(config, clockFrom(config.clock));
  try {
    await work(app);
  } finally {
    await app.store.close();
  }
}

async function keys(config: Config, args: string[]): Promise<void> {
  const { values, positionals } = parseCommandArgs(args, {
    location: { type: 'string' },
    scopes: { type: 'string' },
    name: { type: 'string' },
  });
  const [action, keyId] = positionals;
  if (action === 'create') {
    if (!values.location || !values.scopes) throw new UsageError('keys create needs --location <id> and --scopes <a,b|all>');
    const scopes = values.scopes === 'all' ? [...SCOPES] : values.scopes.split(',').map((s) => s.trim());
    await withApp(config, async (app) => {
      const issued = await createKeyForLocation(app.services.ctx, {
        locationId: values.location!,
        scopes,
        name: values.name ?? 'Created with the slotbase CLI',
      });
      process.stdout.write(`API key ${issued.apiKey.id} for location ${values.location} (${scopes.join(', ')}).\n`);
      process.stdout.write(`It is shown only this once:\n${issued.secret}\n`);
    });
  } else if (action === 'revoke' && keyId) {
    await withApp(config, async (app) => {
      await revokeKey(app.services.ctx, keyId);
      process.stdout.write(`API key ${keyId} revoked.\n`);
    });
  } else {
    throw new UsageError('keys takes "create --location <id> --scopes <list>" or "revoke <keyId>"');
  }
}

class UsageError extends Error {}

type OptionSpec = Record<string, { type: 'string' | 'boolean' }>;

/** parseArgs, with its errors (an unknown option, an option without its value) as usage errors. */
function parseCommandArgs<T extends OptionSpec>(args: string[], options: T) {
  try {
    return parseArgs({ args, allowPositionals: true, options });
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS_')) throw new UsageError((error as Error).message);
    throw error;
  }
}

async function run(argv: string[]): Promise<void> {
  const [command = 'serve', ...rest] = argv;
  if (command === '--help' || command === 'help' || command === '-h') {
    process.stdout.write(USAGE + '\n');
    return;
  }
  const config = loadConfig();
  switch (command) {
    case 'serve':
      return serve(config);
    case 'migrate':
      return withApp(config, async (app) => {
        process.stdout.write(app.migrated.length ? `Applied: ${app.migrated.join(', ')}\n` : 'Database is up to date.\n');
      });
    case 'seed':
      if (!rest.includes('--demo')) throw new UsageError('seed takes --demo');
      return withApp(config, async (app) => {
        const demo = await seedDemo(app.services.ctx);
        process.stdout.write(`Demo location ${demo.location.id} created. Admin API key (shown once):\n${demo.adminKey.secret}\n`);
      });
    case 'keys':
      return keys(config, rest);
    default:
      throw new UsageError(`unknown command "${command}"`);
  }
}

run(process.argv.slice(2)).catch((error: unknown) => {
  if (error instanceof UsageError) process.stderr.write(`slotbase: ${error.message}\n\n${USAGE}\n`);
  else if (error instanceof ConfigError || error instanceof ServiceError) process.stderr.write(`slotbase: ${error.message}\n`);
  else process.stderr.write(`slotbase: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
