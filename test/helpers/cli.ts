import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** The project root, whatever the current directory of the test run. */
export const ROOT = path.resolve(import.meta.dirname, '..', '..');
const MAIN = path.join(ROOT, 'src', 'main.ts');

export const DEFAULT_TIMEOUT_MS = 15_000;

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface CliProcess {
  child: ChildProcess;
  readonly stdout: string;
  readonly stderr: string;
  /** Resolves with the first match of `pattern` in stdout (or stderr with `stream: 'stderr'`). */
  waitFor(pattern: RegExp, options?: { timeoutMs?: number; stream?: 'stdout' | 'stderr' }): Promise<RegExpMatchArray>;
  /** Resolves when the process has exited; rejects after the timeout. */
  exited(timeoutMs?: number): Promise<Exit>;
  /** SIGKILLs the process if it is still running and waits for it to go. Never throws. */
  kill(): Promise<void>;
}

const live = new Set<CliProcess>();

/**
 * The environment of a child: this process's, minus everything that would change what the CLI
 * does (a PostgreSQL URL, a host, a public URL, the test runner's own context), plus `env`.
 * A value of `undefined` in `env` removes the variable.
 */
function childEnv(dataDir: string, env: Record<string, string | undefined>): NodeJS.ProcessEnv {
  const result: NodeJS.ProcessEnv = { ...process.env };
  for (const name of ['DATABASE_URL', 'HOST', 'PORT', 'SLOTBASE_PUBLIC_URL', 'SLOTBASE_SEED_DEMO', 'LOG_LEVEL', 'NODE_ENV', 'NODE_TEST_CONTEXT']) {
    delete result[name];
  }
  result.SLOTBASE_DATA_DIR = dataDir;
  result.PORT = '0';
  for (const [name, value] of Object.entries(env)) {
    if (value === undefined) delete result[name];
    else result[name] = value;
  }
  return result;
}

/** Starts `node src/main.ts ...args` on an embedded SQLite database in `dataDir`. */
export function spawnCli(args: string[], options: { dataDir: string; env?: Record<string, string | undefined> }): CliProcess {
  const child = spawn(process.execPath, [MAIN, ...args], {
    cwd: ROOT,
    env: childEnv(options.dataDir, options.env ?? {}),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  let exit: Exit | null = null;
  const listeners = new Set<() => void>();
  const notify = () => {
    for (const listener of [...listeners]) listener();
  };
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
    notify();
  });
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
    notify();
  });
  // 'close' (not 'exit'): the output streams are drained by then.
  const closed = new Promise<Exit>((resolve) => {
    child.on('close', (code, signal) => {
      exit = { code, signal };
      live.delete(proc);
      notify();
      resolve(exit);
    });
  });
  child.on('error', (error) => {
    stderr += `\n[spawn error] ${error.message}`;
    notify();
  });

  const describeOutput = () => `\n--- stdout ---\n${stdout}\n--- stderr ---\n${stderr}`;

  const proc: CliProcess = {
    child,
    get stdout() {
      return stdout;
    },
    get stderr() {
      return stderr;
    },
    waitFor(pattern, { timeoutMs = DEFAULT_TIMEOUT_MS, stream = 'stdout' } = {}) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const match = (stream === 'stdout' ? stdout : stderr).match(pattern);
          if (match) {
            done();
            resolve(match);
          } else if (exit) {
            done();
            reject(new Error(`process exited (${JSON.stringify(exit)}) before ${stream} matched ${pattern}${describeOutput()}`));
          }
        };
        const timer = setTimeout(() => {
          done();
          reject(new Error(`timed out after ${timeoutMs} ms waiting for ${stream} to match ${pattern}${describeOutput()}`));
        }, timeoutMs);
        const done = () => {
          clearTimeout(timer);
          listeners.delete(check);
        };
        listeners.add(check);
        check();
      });
    },
    exited(timeoutMs = DEFAULT_TIMEOUT_MS) {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`process did not exit within ${timeoutMs} ms${describeOutput()}`)), timeoutMs);
      });
      return Promise.race([closed, timeout]).finally(() => clearTimeout(timer));
    },
    async kill() {
      if (exit) return;
      child.kill('SIGKILL');
      await Promise.race([closed, new Promise((resolve) => setTimeout(resolve, 5_000))]);
    },
  };
  live.add(proc);
  return proc;
}

/** SIGKILLs every CLI process still running. For `after`/`afterEach` hooks. */
export async function killAll(): Promise<void> {
  await Promise.all([...live].map((proc) => proc.kill()));
}

export interface CliResult extends Exit {
  stdout: string;
  stderr: string;
}

/** Runs a command that is expected to end by itself, and returns its exit and output. */
export async function runCli(
  args: string[],
  options: { dataDir: string; env?: Record<string, string | undefined>; timeoutMs?: number },
): Promise<CliResult> {
  const proc = spawnCli(args, options);
  try {
    const exit = await proc.exited(options.timeoutMs);
    return { ...exit, stdout: proc.stdout, stderr: proc.stderr };
  } finally {
    await proc.kill();
  }
}

export interface Serving {
  proc: CliProcess;
  /** The base URL parsed from the startup summary. */
  url: string;
  /** The startup summary (stdout up to and including its last line). */
  summary: string;
}

/** Starts `serve` and waits for the startup summary. Kills the process if it never comes. */
export async function startServe(options: { dataDir: string; env?: Record<string, string | undefined>; timeoutMs?: number }): Promise<Serving> {
  const proc = spawnCli(['serve'], options);
  try {
    const [, url] = await proc.waitFor(/^ {2}URL +(http:\/\/\S+)$/m, { timeoutMs: options.timeoutMs });
    // The summary is written at once; its "Log level" line comes after every line that names a path.
    await proc.waitFor(/^ {2}Log level +\S+$/m, { timeoutMs: options.timeoutMs });
    return { proc, url: url!, summary: proc.stdout };
  } catch (error) {
    await proc.kill();
    throw error;
  }
}

/** A fresh, empty data directory under the system temp directory. */
export function tempDataDir(): { dir: string; remove(): void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'slotbase-cli-'));
  return { dir, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

export interface HttpResponse {
  status: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
}

/** One HTTP request with a timeout; the body is parsed as JSON when it is JSON. */
export async function http(
  url: string,
  options: { method?: string; key?: string; body?: unknown; timeoutMs?: number } = {},
): Promise<HttpResponse> {
  const headers: Record<string, string> = {};
  if (options.key !== undefined) headers.authorization = `Bearer ${options.key}`;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(url, {
    method: options.method ?? 'GET',
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
    signal: AbortSignal.timeout(options.timeoutMs ?? 5_000),
  });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = text === '' ? null : JSON.parse(text);
  } catch {
    // not JSON: keep the text
  }
  return { status: response.status, body };
}
