import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import { ConfigError, loadConfig } from '../src/config.ts';

const PG = 'postgres://slotbase:secret@db.internal:5432/slotbase';

/** Asserts that loading `env` throws a ConfigError for `variable` whose message names it. */
function assertRejects(env: Record<string, string>, variable: string, detail?: RegExp): void {
  assert.throws(
    () => loadConfig(env),
    (error: unknown) => {
      assert.ok(error instanceof ConfigError, `expected a ConfigError, got ${String(error)}`);
      assert.equal(error.variable, variable);
      assert.ok(error.message.includes(variable), `message should name ${variable}: ${error.message}`);
      if (detail) assert.match(error.message, detail);
      return true;
    },
  );
}

describe('loadConfig', () => {
  it('reads a test clock from SLOTBASE_CLOCK, and uses the system clock by default', () => {
    assert.deepEqual(loadConfig({}).clock, { kind: 'system' });
    assert.deepEqual(loadConfig({ SLOTBASE_CLOCK: 'offset:-2h' }).clock, { kind: 'offset', ms: -7_200_000 });
  });

  it('reads SLOTBASE_AUTH_CACHE_MS (default 10 s, 0 turns the cache off) and names it when wrong', () => {
    assert.equal(loadConfig({}).authCacheMs, 10_000);
    assert.equal(loadConfig({ SLOTBASE_AUTH_CACHE_MS: '0' }).authCacheMs, 0);
    assertRejects({ SLOTBASE_AUTH_CACHE_MS: 'soon' }, 'SLOTBASE_AUTH_CACHE_MS');
    assertRejects({ SLOTBASE_AUTH_CACHE_MS: '3600000' }, 'SLOTBASE_AUTH_CACHE_MS');
  });

  describe('defaults (empty environment)', () => {
    const config = loadConfig({});

    it('listens on 127.0.0.1:3000 and advertises that URL', () => {
      assert.equal(config.host, '127.0.0.1');
      assert.equal(config.port, 3000);
      assert.equal(config.publicUrl, 'http://127.0.0.1:3000');
    });

    it('uses an embedded SQLite file under ./data, resolved to an absolute path', () => {
      assert.equal(config.dataDir, path.resolve('data'));
      assert.ok(path.isAbsolute(config.dataDir));
      assert.deepEqual(config.database, { kind: 'sqlite', file: path.join(path.resolve('data'), 'slotbase.db') });
      assert.ok(config.database.kind === 'sqlite' && path.isAbsolute(config.database.file));
    });

    it('seeds a demo, logs at info, is not production, waits 10 s on shutdown', () => {
      assert.equal(config.seedDemo, true);
      assert.equal(config.logLevel, 'info');
      assert.equal(config.production, false);
      assert.equal(config.shutdownTimeoutMs, 10_000);
    });

    it('treats empty values as unset', () => {
      const blank = loadConfig({ PORT: '', HOST: '', LOG_LEVEL: '', DATABASE_URL: '', SLOTBASE_SEED_DEMO: '', SLOTBASE_DATA_DIR: '' });
      assert.deepEqual(blank, config);
    });
  });

  describe('valid settings', () => {
    it('puts the SQLite file in SLOTBASE_DATA_DIR, resolved against the current directory', () => {
      const config = loadConfig({ SLOTBASE_DATA_DIR: 'var/slotbase' });
      assert.equal(config.dataDir, path.resolve('var/slotbase'));
      assert.deepEqual(config.database, { kind: 'sqlite', file: path.resolve('var/slotbase', 'slotbase.db') });
      assert.equal(loadConfig({ SLOTBASE_DATA_DIR: '/srv/slotbase' }).dataDir, '/srv/slotbase');
    });

    it('switches to PostgreSQL when DATABASE_URL is set, with default pool and statement timeout', () => {
      const config = loadConfig({ DATABASE_URL: PG });
      assert.deepEqual(config.database, { kind: 'postgres', url: PG, poolMax: 10, statementTimeoutMs: 15_000 });
    });

    it('accepts postgresql:// and reads PG_POOL_MAX and PG_STATEMENT_TIMEOUT_MS', () => {
      const url = 'postgresql://localhost/slotbase';
      const config = loadConfig({ DATABASE_URL: url, PG_POOL_MAX: '25', PG_STATEMENT_TIMEOUT_MS: '0' });
      assert.deepEqual(config.database, { kind: 'postgres', url, poolMax: 25, statementTimeoutMs: 0 });
    });

    it('reads PORT (0 = any free port, 65535 the highest), HOST and LOG_LEVEL', () => {
      assert.equal(loadConfig({ PORT: '0' }).port, 0);
      assert.equal(loadConfig({ PORT: '65535' }).port, 65535);
      const config = loadConfig({ PORT: '8080', HOST: '10.0.0.5', LOG_LEVEL: 'debug' });
      assert.equal(config.port, 8080);
      assert.equal(config.host, '10.0.0.5');
      assert.equal(config.logLevel, 'debug');
      assert.equal(config.publicUrl, 'http://10.0.0.5:8080');
      for (const level of ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const) {
        assert.equal(loadConfig({ LOG_LEVEL: level }).logLevel, level);
      }
    });

    it('advertises localhost when listening on every interface', () => {
      assert.equal(loadConfig({ HOST: '0.0.0.0', PORT: '4000' }).publicUrl, 'http://localhost:4000');
    });

    it('takes SLOTBASE_PUBLIC_URL as given, without a trailing slash', () => {
      assert.equal(loadConfig({ SLOTBASE_PUBLIC_URL: 'https://book.example.com/' }).publicUrl, 'https://book.example.com');
    });

    it('reads SLOTBASE_SEED_DEMO in the usual spellings', () => {
      for (const yes of ['1', 'true', 'TRUE', 'yes', 'on']) assert.equal(loadConfig({ SLOTBASE_SEED_DEMO: yes }).seedDemo, true, yes);
      for (const no of ['0', 'false', 'False', 'no', 'off']) assert.equal(loadConfig({ SLOTBASE_SEED_DEMO: no }).seedDemo, false, no);
    });

    it('reads SHUTDOWN_TIMEOUT_MS and NODE_ENV=production', () => {
      const config = loadConfig({ SHUTDOWN_TIMEOUT_MS: '2500', NODE_ENV: 'production' });
      assert.equal(config.shutdownTimeoutMs, 2500);
      assert.equal(config.production, true);
    });
  });

  describe('bad values throw a ConfigError naming the variable', () => {
    it('PORT=abc', () => assertRejects({ PORT: 'abc' }, 'PORT', /"abc"/));
    it('PORT=70000', () => assertRejects({ PORT: '70000' }, 'PORT', /70000/));
    it('PORT=-1 and PORT=80.5', () => {
      assertRejects({ PORT: '-1' }, 'PORT');
      assertRejects({ PORT: '80.5' }, 'PORT');
    });
    it('LOG_LEVEL=loud', () => assertRejects({ LOG_LEVEL: 'loud' }, 'LOG_LEVEL', /"loud"/));
    it('DATABASE_URL=mysql://x', () => assertRejects({ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL', /mysql:/));
    it('DATABASE_URL=not a url', () => assertRejects({ DATABASE_URL: 'not a url' }, 'DATABASE_URL'));
    it('SLOTBASE_SEED_DEMO=maybe', () => assertRejects({ SLOTBASE_SEED_DEMO: 'maybe' }, 'SLOTBASE_SEED_DEMO', /"maybe"/));
    it('PG_POOL_MAX=0', () => assertRejects({ DATABASE_URL: PG, PG_POOL_MAX: '0' }, 'PG_POOL_MAX'));
    it('PG_STATEMENT_TIMEOUT_MS=soon', () => assertRejects({ DATABASE_URL: PG, PG_STATEMENT_TIMEOUT_MS: 'soon' }, 'PG_STATEMENT_TIMEOUT_MS'));
    it('SHUTDOWN_TIMEOUT_MS=-5', () => assertRejects({ SHUTDOWN_TIMEOUT_MS: '-5' }, 'SHUTDOWN_TIMEOUT_MS'));
    it('SLOTBASE_PUBLIC_URL=nowhere', () => assertRejects({ SLOTBASE_PUBLIC_URL: 'nowhere' }, 'SLOTBASE_PUBLIC_URL'));
    it('SLOTBASE_CLOCK=yesterday', () => assertRejects({ SLOTBASE_CLOCK: 'yesterday' }, 'SLOTBASE_CLOCK'));
    it('SLOTBASE_CLOCK in production', () =>
      assertRejects({ SLOTBASE_CLOCK: 'fixed:2026-01-01T00:00:00Z', NODE_ENV: 'production' }, 'SLOTBASE_CLOCK', /production/));
    it('PG_POOL_MAX=0 without DATABASE_URL', () => assertRejects({ PG_POOL_MAX: '0' }, 'PG_POOL_MAX'));

    it('is an Error with a readable message', () => {
      try {
        loadConfig({ PORT: 'abc' });
        assert.fail('should have thrown');
      } catch (error) {
        assert.ok(error instanceof Error);
        assert.equal((error as Error).name, 'ConfigError');
        assert.equal((error as Error).message, 'Invalid configuration: PORT must be a whole number, got "abc"');
      }
    });
  });
});
