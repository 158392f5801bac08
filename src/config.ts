import path from 'node:path';
import { parseClockSetting, type ClockSetting } from './services/clock.ts';
import { DEFAULT_AUTH_CACHE_MS } from './services/principal-cache.ts';

export type DatabaseConfig =
  | { kind: 'sqlite'; file: string }
  | { kind: 'postgres'; url: string; poolMax: number; statementTimeoutMs: number; schema?: string };

export interface Config {
  host: string;
  port: number;
  publicUrl: string;
  dataDir: string;
  database: DatabaseConfig;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  seedDemo: boolean;
  shutdownTimeoutMs: number;
  production: boolean;
  /** SLOTBASE_AUTH_CACHE_MS: how long a resolved API key is reused without a lookup (0: never). */
  authCacheMs: number;
  /** SLOTBASE_CLOCK: a test clock for test deployments; always the system clock in production. */
  clock: ClockSetting;
}

export class ConfigError extends Error {
  readonly variable: string;

  constructor(variable: string, message: string) {
    super(`Invalid configuration: ${variable} ${message}`);
    this.name = 'ConfigError';
    this.variable = variable;
  }
}

type Env = Record<string, string | undefined>;

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw)) throw new ConfigError(name, `must be a whole number, got "${raw}"`);
  const value = Number(raw);
  if (value < min || value > max) throw new ConfigError(name, `must be between ${min} and ${max}, got ${value}`);
  return value;
}

function boolean(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (/^(1|true|yes|on)$/i.test(raw)) return true;
  if (/^(0|false|no|off)$/i.test(raw)) return false;
  throw new ConfigError(name, `must be true or false, got "${raw}"`);
}

function databaseUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError('DATABASE_URL', 'is not a valid URL (expected postgres://user@host:5432/db)');
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
    throw new ConfigError('DATABASE_URL', `must use postgres:// or postgresql://, got "${url.protocol}"`);
  }
  return raw;
}

/** Reads the whole configuration from environment variables; throws ConfigError naming the variable. */
export function loadConfig(env: Env = process.env): Config {
  const host = env.HOST || '127.0.0.1';
  const port = integer(env, 'PORT', 3000, 0, 65535);
  const dataDir = path.resolve(env.SLOTBASE_DATA_DIR || './data');
  const logLevel = (env.LOG_LEVEL || 'info') as Config['logLevel'];
  if (!LOG_LEVELS.includes(logLevel)) {
    throw new ConfigError('LOG_LEVEL', `must be one of ${LOG_LEVELS.join(', ')}, got "${logLevel}"`);
  }
  // Checked even on SQLite, so a typo is reported before it matters.
  const poolMax = integer(env, 'PG_POOL_MAX', 10, 1, 1000);
  const statementTimeoutMs = integer(env, 'PG_STATEMENT_TIMEOUT_MS', 15_000, 0, 3_600_000);
  const database: DatabaseConfig = env.DATABASE_URL
    ? { kind: 'postgres', url: databaseUrl(env.DATABASE_URL), poolMax, statementTimeoutMs }
    : { kind: 'sqlite', file: path.join(dataDir, 'slotbase.db') };
  const publicUrl = env.SLOTBASE_PUBLIC_URL || `http://${host === '0.0.0.0' ? 'localhost' : host}:${port}`;
  try {
    new URL(publicUrl);
  } catch {
    throw new ConfigError('SLOTBASE_PUBLIC_URL', `is not a valid URL, got "${publicUrl}"`);
  }
  const production = env.NODE_ENV === 'production';
  let clock: ClockSetting = { kind: 'system' };
  if (env.SLOTBASE_CLOCK) {
    if (production) throw new ConfigError('SLOTBASE_CLOCK', 'is refused when NODE_ENV=production');
    const parsed = parseClockSetting(env.SLOTBASE_CLOCK);
    if (typeof parsed === 'string') throw new ConfigError('SLOTBASE_CLOCK', parsed);
    clock = parsed;
  }
  return {
    host,
    port,
    publicUrl: publicUrl.replace(/\/$/, ''),
    dataDir,
    database,
    logLevel,
    seedDemo: boolean(env, 'SLOTBASE_SEED_DEMO', true),
    shutdownTimeoutMs: integer(env, 'SHUTDOWN_TIMEOUT_MS', 10_000, 0, 600_000),
    production,
    clock,
    authCacheMs: integer(env, 'SLOTBASE_AUTH_CACHE_MS', DEFAULT_AUTH_CACHE_MS, 0, 60_000),
  };
}
