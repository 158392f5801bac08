import assert from 'node:assert/strict';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { after, afterEach, before, describe, it } from 'node:test';
import { http, killAll, runCli, startServe, tempDataDir, type Serving } from './helpers/cli.ts';

// End-to-end tests of `node src/main.ts`: real processes on an embedded SQLite database in a fresh
// temporary data directory, listening on a free port (PORT=0).

const T = { timeout: 30_000 };

const ADMIN_KEY = /^ {4}(sbk_[A-Za-z0-9_-]+)$/m;
const DEMO_LOCATION = /^ {2}Location +Demo Studio \(([A-Za-z0-9_-]{20})\)$/m;
const ISSUED = /^API key ([A-Za-z0-9_-]{20}) for location (\S+) \(([^)]*)\)\.\nIt is shown only this once:\n(sbk_[A-Za-z0-9_-]+)\n$/;
const USAGE = /Usage: slotbase <command>[\s\S]*keys create --location <id> --scopes/;

function match(text: string, pattern: RegExp, what: string): RegExpMatchArray {
  const found = text.match(pattern);
  assert.ok(found, `${what} not found in:\n${text}`);
  return found;
}

/** Sends a signal and waits for a clean exit, checking the shutdown was logged. */
async function stopWith(serving: Serving, signal: NodeJS.Signals): Promise<void> {
  serving.proc.child.kill(signal);
  const exit = await serving.proc.exited(10_000);
  assert.deepEqual(exit, { code: 0, signal: null }, `exit after ${signal}:\n${serving.proc.stdout}\n${serving.proc.stderr}`);
  assert.match(serving.proc.stdout, new RegExp(`"signal":"${signal}".*"msg":"shutting down`));
  assert.match(serving.proc.stdout, /"msg":"stopped"/);
  assert.equal(serving.proc.stderr, '');
}

after(killAll);

describe('slotbase serve on an empty data directory', () => {
  const data = tempDataDir();
  let first: Serving;
  let adminKey: string;
  let locationId: string;

  before(async () => {
    first = await startServe({ dataDir: data.dir });
    await first.proc.waitFor(/curl .*\/v1\/users\?locationId=.*\n/);
    adminKey = match(first.proc.stdout, ADMIN_KEY, 'admin key')[1]!;
    locationId = match(first.proc.stdout, DEMO_LOCATION, 'demo location')[1]!;
  }, T);
  after(async () => {
    await killAll();
    data.remove();
  });

  it('creates the database file and prints where everything is', T, () => {
    const file = path.join(data.dir, 'slotbase.db');
    assert.ok(fs.existsSync(file), `${file} should exist`);
    const out = first.proc.stdout;
    assert.match(first.url, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.doesNotMatch(first.url, /:0$/, 'the summary shows the port actually bound, not 0');
    assert.ok(out.includes(`  API reference  ${first.url}/docs`));
    assert.ok(out.includes(`  Database       SQLite (embedded) at ${file}`), out);
    assert.ok(out.includes(`  Data directory ${data.dir}`), out);
    assert.ok(out.includes('  First run: a demo location was created.'));
    assert.match(out, /^ {2}Host +Alex Host \([A-Za-z0-9_-]{20}\)$/m);
    assert.match(out, /^ {2}Contact +Jamie Doe \([A-Za-z0-9_-]{20}\)$/m);
    assert.ok(out.includes(`curl -H "Authorization: Bearer ${adminKey}" ${first.url}/v1/locations`), out);
    assert.ok(out.includes(`curl -H "Authorization: Bearer ${adminKey}" "${first.url}/v1/users?locationId=${locationId}"`), out);
    assert.equal(first.proc.stderr, '');
  });

  it('answers /healthz and /readyz', T, async () => {
    const health = await http(`${first.url}/healthz`);
    assert.equal(health.status, 200);
    assert.deepEqual(health.body, { status: 'ok' });
    const ready = await http(`${first.url}/readyz`);
    assert.equal(ready.status, 200);
    assert.deepEqual(ready.body, { status: 'ok', database: 'sqlite' });
  });

  it('the printed admin key works; no key answers 401', T, async () => {
    const res = await http(`${first.url}/v1/locations`, { key: adminKey });
    assert.equal(res.status, 200);
    assert.deepEqual(
      res.body.data.map((l: { id: string; name: string }) => [l.id, l.name]),
      [[locationId, 'Demo Studio']],
    );
    const users = await http(`${first.url}/v1/users?locationId=${locationId}`, { key: adminKey });
    assert.equal(users.status, 200);
    assert.equal(users.body.data[0].firstName, 'Alex');

    const anonymous = await http(`${first.url}/v1/locations`);
    assert.equal(anonymous.status, 401);
    assert.equal((await http(`${first.url}/v1/locations`, { key: 'sbk_not-a-real-key' })).status, 401);
  });

  it('migrate on the existing database has nothing to do', T, async () => {
    const res = await runCli(['migrate'], { dataDir: data.dir });
    assert.equal(res.code, 0, res.stderr);
    assert.equal(res.stdout, 'Database is up to date.\n');
    assert.equal(res.stderr, '');
  });

  it('seed --demo adds another demo organization with its own key, usable at once', T, async () => {
    const res = await runCli(['seed', '--demo'], { dataDir: data.dir });
    assert.equal(res.code, 0, res.stderr);
    const [, newLocation, newKey] = match(
      res.stdout,
      /^Demo location ([A-Za-z0-9_-]{20}) created\. Admin API key \(shown once\):\n(sbk_[A-Za-z0-9_-]+)\n$/,
      'seed output',
    );
    assert.notEqual(newKey, adminKey);
    assert.notEqual(newLocation, locationId);
    // The running server sees it; each key sees only its own organization.
    const mine = await http(`${first.url}/v1/locations`, { key: newKey });
    assert.equal(mine.status, 200);
    assert.deepEqual(mine.body.data.map((l: { id: string }) => l.id), [newLocation]);
    const theirs = await http(`${first.url}/v1/locations`, { key: adminKey });
    assert.deepEqual(theirs.body.data.map((l: { id: string }) => l.id), [locationId]);
  });

  it('keys create issues a scoped location key; keys revoke turns it off', T, async () => {
    const created = await runCli(['keys', 'create', '--location', locationId, '--scopes', 'users.readonly', '--name', 'Read-only users'], {
      dataDir: data.dir,
    });
    assert.equal(created.code, 0, created.stderr);
    assert.equal(created.stderr, '');
    const [, keyId, forLocation, scopes, secret] = match(created.stdout, ISSUED, 'keys create output');
    assert.equal(forLocation, locationId);
    assert.equal(scopes, 'users.readonly');

    const list = await http(`${first.url}/v1/users`, { key: secret });
    assert.equal(list.status, 200);
    assert.equal(list.body.data.length, 1);
    assert.equal(list.body.data[0].locationId, locationId);
    const write = await http(`${first.url}/v1/users`, {
      method: 'POST',
      key: secret,
      body: { locationId, firstName: 'Not', lastName: 'Allowed', email: 'not.allowed@example.com' },
    });
    assert.equal(write.status, 403);
    assert.equal((await http(`${first.url}/v1/locations`, { key: secret })).status, 403);

    const revoked = await runCli(['keys', 'revoke', keyId!], { dataDir: data.dir });
    assert.equal(revoked.code, 0, revoked.stderr);
    assert.equal(revoked.stdout, `API key ${keyId} revoked.\n`);
    assert.equal((await http(`${first.url}/v1/users`, { key: secret })).status, 401);
    // Revoking one key leaves the others alone.
    assert.equal((await http(`${first.url}/v1/locations`, { key: adminKey })).status, 200);
  });

  it('keys create --scopes all grants every scope', T, async () => {
    const created = await runCli(['keys', 'create', '--location', locationId, '--scopes', 'all'], { dataDir: data.dir });
    assert.equal(created.code, 0, created.stderr);
    const [, , , scopes, secret] = match(created.stdout, ISSUED, 'keys create output');
    assert.match(scopes!, /users\.write/);
    const write = await http(`${first.url}/v1/users`, {
      method: 'POST',
      key: secret,
      body: { locationId, firstName: 'Now', lastName: 'Allowed', email: 'now.allowed@example.com' },
    });
    assert.equal(write.status, 201, JSON.stringify(write.body));
  });

  it('keys create/revoke refuse unknown ids and scopes, exiting non-zero', T, async () => {
    const unknownLocation = await runCli(['keys', 'create', '--location', 'nosuchlocation000000', '--scopes', 'users.readonly'], { dataDir: data.dir });
    assert.equal(unknownLocation.code, 1);
    assert.equal(unknownLocation.stdout, '');
    assert.match(unknownLocation.stderr, /^slotbase: .*nosuchlocation000000.*not found/i);
    assert.doesNotMatch(unknownLocation.stderr, /\n\s+at /, 'no stack trace for an expected error');

    const unknownScope = await runCli(['keys', 'create', '--location', locationId, '--scopes', 'users.readonly,bogus'], { dataDir: data.dir });
    assert.equal(unknownScope.code, 1);
    assert.match(unknownScope.stderr, /bogus/);
    assert.doesNotMatch(unknownScope.stderr, /\n\s+at /);

    const blankName = await runCli(['keys', 'create', '--location', locationId, '--scopes', 'users.readonly', '--name', '   '], { dataDir: data.dir });
    assert.equal(blankName.code, 1);
    assert.match(blankName.stderr, /name: must not be blank/);

    const unknownKey = await runCli(['keys', 'revoke', 'nosuchkey00000000000'], { dataDir: data.dir });
    assert.equal(unknownKey.code, 1);
    assert.match(unknownKey.stderr, /nosuchkey00000000000.*not found/i);
  });

  it('keys create without --scopes, or with an unknown option, prints the usage', T, async () => {
    for (const args of [
      ['keys', 'create', '--location', locationId],
      ['keys', 'create', '--location', locationId, '--scopes', 'all', '--bogus'],
      ['keys', 'create', '--location'],
      ['keys'],
      ['keys', 'revoke'],
    ]) {
      const res = await runCli(args, { dataDir: data.dir });
      assert.equal(res.code, 1, args.join(' '));
      assert.equal(res.stdout, '', args.join(' '));
      assert.match(res.stderr, /^slotbase: /, args.join(' '));
      assert.match(res.stderr, USAGE, args.join(' '));
      assert.doesNotMatch(res.stderr, /\n\s+at /, `no stack trace for: ${args.join(' ')}\n${res.stderr}`);
    }
  });

  it('SIGTERM shuts down gracefully: exit code 0, "stopped" logged', T, async () => {
    // A kept-alive idle connection (fetch pools them) must not hold the shutdown up.
    assert.equal((await http(`${first.url}/healthz`)).status, 200);
    const started = Date.now();
    await stopWith(first, 'SIGTERM');
    assert.ok(Date.now() - started < 5_000, `shutdown took ${Date.now() - started} ms`);
  });

  it('a second serve on the same directory seeds nothing, and the old key still works; SIGINT stops it', T, async () => {
    const second = await startServe({ dataDir: data.dir });
    try {
      assert.equal((await http(`${second.url}/healthz`)).status, 200);
      // Everything the process printed so far: the summary has long been flushed.
      assert.doesNotMatch(second.proc.stdout, /sbk_/);
      assert.doesNotMatch(second.proc.stdout, /First run/);
      const res = await http(`${second.url}/v1/locations`, { key: adminKey });
      assert.equal(res.status, 200);
      assert.deepEqual(res.body.data.map((l: { id: string }) => l.id), [locationId]);
      await stopWith(second, 'SIGINT');
    } finally {
      await second.proc.kill();
    }
  });
});

describe('slotbase serve: graceful shutdown', () => {
  const data = tempDataDir();
  let adminKey = '';
  let locationId = '';
  afterEach(killAll);
  after(() => data.remove());

  it('finishes a request in flight when SIGTERM arrives, then exits 0', T, async () => {
    const serving = await startServe({ dataDir: data.dir });
    const socket = new net.Socket();
    try {
      adminKey = match(serving.proc.stdout, ADMIN_KEY, 'admin key')[1]!;
      locationId = match(serving.proc.stdout, DEMO_LOCATION, 'demo location')[1]!;
      const { hostname, port } = new URL(serving.url);

      // Send the headers and half the body: the server has begun the request and waits for the rest.
      const body = JSON.stringify({ locationId, firstName: 'In', lastName: 'Flight', email: 'in.flight@example.com' });
      const head = [
        'POST /v1/users HTTP/1.1',
        `Host: ${hostname}:${port}`,
        `Authorization: Bearer ${adminKey}`,
        'Content-Type: application/json',
        `Content-Length: ${Buffer.byteLength(body)}`,
        'Connection: close',
        '',
        '',
      ].join('\r\n');
      let response = '';
      const closed = new Promise<void>((resolve, reject) => {
        socket.setEncoding('utf8');
        socket.on('data', (chunk: string) => (response += chunk));
        socket.on('close', () => resolve());
        socket.on('error', reject);
      });
      await new Promise<void>((resolve, reject) => {
        socket.once('error', reject);
        socket.connect(Number(port), hostname, () => resolve());
      });
      socket.write(head + body.slice(0, 10));
      await serving.proc.waitFor(/"method":"POST","url":"\/v1\/users".*"msg":"incoming request"/);

      serving.proc.child.kill('SIGTERM');
      await serving.proc.waitFor(/"msg":"shutting down/);
      // The server closes asynchronously after that line: wait until new requests are turned away
      // (connection refused, or 503 while closing), so the rest of the body arrives during shutdown.
      let late: number | 'refused' = 200;
      for (const deadline = Date.now() + 5_000; late === 200 && Date.now() < deadline; ) {
        late = await fetch(`${serving.url}/healthz`, { signal: AbortSignal.timeout(2_000) }).then(
          (r) => r.status,
          () => 'refused' as const,
        );
        if (late === 200) await new Promise((resolve) => setTimeout(resolve, 20));
      }
      assert.ok(late === 'refused' || late === 503, `new requests during shutdown answered ${late}`);

      socket.write(body.slice(10));
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        closed,
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new Error(`no response to the in-flight request; got:\n${response}`)), 10_000);
        }),
      ]).finally(() => clearTimeout(timer));
      assert.match(response, /^HTTP\/1\.1 201 /, response);
      assert.match(response, /"firstName":"In"/);

      const exit = await serving.proc.exited(10_000);
      assert.deepEqual(exit, { code: 0, signal: null }, serving.proc.stdout + serving.proc.stderr);
      assert.match(serving.proc.stdout, /"msg":"stopped"/);
    } finally {
      socket.destroy();
      await serving.proc.kill();
    }
  });

  it('the user created during shutdown was committed', T, async () => {
    assert.ok(adminKey, 'needs the previous test');
    const serving = await startServe({ dataDir: data.dir });
    try {
      const users = await http(`${serving.url}/v1/users?locationId=${locationId}`, { key: adminKey });
      assert.equal(users.status, 200);
      assert.deepEqual(users.body.data.map((u: { firstName: string }) => u.firstName).sort(), ['Alex', 'In']);
    } finally {
      await serving.proc.kill();
    }
  });
});

describe('slotbase migrate on an empty data directory', () => {
  const data = tempDataDir();
  after(async () => {
    await killAll();
    data.remove();
  });

  it('applies every migration, then has nothing left to do', T, async () => {
    const first = await runCli(['migrate'], { dataDir: data.dir });
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stdout, /^Applied: 0001-foundation(, [\w-]+)*\n$/);
    assert.equal(first.stderr, '');
    assert.ok(fs.existsSync(path.join(data.dir, 'slotbase.db')));

    const again = await runCli(['migrate'], { dataDir: data.dir });
    assert.equal(again.code, 0, again.stderr);
    assert.equal(again.stdout, 'Database is up to date.\n');
  });

  it('a serve after migrate still seeds the demo (the database has no organization yet)', T, async () => {
    const serving = await startServe({ dataDir: data.dir });
    try {
      await serving.proc.waitFor(ADMIN_KEY);
    } finally {
      await serving.proc.kill();
    }
  });
});

describe('slotbase CLI errors', () => {
  const data = tempDataDir();
  after(async () => {
    await killAll();
    data.remove();
  });

  it('a bad configuration exits non-zero and names the variable', T, async () => {
    for (const [name, value] of [
      ['PORT', 'abc'],
      ['LOG_LEVEL', 'loud'],
      ['SLOTBASE_SEED_DEMO', 'maybe'],
    ] as const) {
      const res = await runCli(['serve'], { dataDir: data.dir, env: { [name]: value } });
      assert.equal(res.code, 1, `${name}=${value}`);
      assert.match(res.stderr, new RegExp(`^slotbase: Invalid configuration: ${name} `));
      assert.ok(res.stderr.includes(value), res.stderr);
      assert.doesNotMatch(res.stderr, /\n\s+at /);
      assert.equal(res.stdout, '');
    }
    // Nothing was created.
    assert.deepEqual(fs.readdirSync(data.dir), []);
  });

  it('an unknown command exits non-zero with the usage text', T, async () => {
    const res = await runCli(['frobnicate'], { dataDir: data.dir });
    assert.equal(res.code, 1);
    assert.match(res.stderr, /^slotbase: unknown command "frobnicate"/);
    assert.match(res.stderr, USAGE);
    assert.equal(res.stdout, '');
  });

  it('seed without --demo exits non-zero with the usage text', T, async () => {
    const res = await runCli(['seed'], { dataDir: data.dir });
    assert.equal(res.code, 1);
    assert.match(res.stderr, USAGE);
  });

  it('--help prints the usage and exits 0', T, async () => {
    const res = await runCli(['--help'], { dataDir: data.dir });
    assert.equal(res.code, 0);
    assert.match(res.stdout, USAGE);
    assert.equal(res.stderr, '');
  });
});

describe('slotbase serve with SLOTBASE_CLOCK', () => {
  const data = tempDataDir();
  after(async () => {
    await killAll();
    data.remove();
  });

  it('runs on a fixed test clock and says so in the summary', T, async () => {
    const serving = await startServe({ dataDir: data.dir, env: { SLOTBASE_CLOCK: 'fixed:2030-01-02T03:04:05Z' } });
    try {
      assert.match(serving.summary, /^ {2}Clock +fixed at 2030-01-02T03:04:05\.000Z/m);
      const key = /Bearer (sbk_\S+)"/.exec(serving.summary)![1]!;
      const res = await http(`${serving.url}/v1/locations`, { key });
      assert.equal(res.body.data[0].createdAt, '2030-01-02T03:04:05.000Z');
    } finally {
      await serving.proc.kill();
    }
  });

  it('runs on a clock shifted by an offset and says so in the summary', T, async () => {
    const own = tempDataDir(); // a fresh database: the summary prints the demo key only when it seeds
    const serving = await startServe({ dataDir: own.dir, env: { SLOTBASE_CLOCK: 'offset:-30d' } });
    try {
      assert.match(serving.summary, /^ {2}Clock +system time - 2592000000 ms \(SLOTBASE_CLOCK, for tests only\)/m);
      const key = /Bearer (sbk_\S+)"/.exec(serving.summary)![1]!;
      const before = Date.now();
      const created = await http(`${serving.url}/v1/locations`, { key, method: 'POST', body: { name: 'Shifted', timeZone: 'UTC' } });
      const lag = before - Date.parse(created.body.createdAt);
      assert.ok(lag > 29.9 * 86_400_000 && lag < 30.1 * 86_400_000, `created ${created.body.createdAt}, ${lag} ms before the wall clock`);
    } finally {
      await serving.proc.kill();
      own.remove();
    }
  });

  it('is refused in production', T, async () => {
    const res = await runCli(['serve'], { dataDir: data.dir, env: { SLOTBASE_CLOCK: 'offset:+1d', NODE_ENV: 'production' } });
    assert.equal(res.code, 1);
    assert.match(res.stderr, /SLOTBASE_CLOCK is refused when NODE_ENV=production/);
  });
});
