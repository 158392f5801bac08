import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { DatabaseConfig } from '../../src/config.ts';

export interface TestDatabase {
  config: DatabaseConfig;
  label: string;
  drop(): Promise<void>;
}

/**
 * An isolated database for one test run: a temporary SQLite file, or, when DATABASE_URL is set,
 * a fresh PostgreSQL schema that is dropped afterwards. Benchmarks use it too, with their own
 * prefix and pool settings.
 */
export async function createTestDatabase(
  options: { prefix?: string; poolMax?: number; statementTimeoutMs?: number } = {},
): Promise<TestDatabase> {
  const prefix = options.prefix ?? 'test';
  const url = process.env.DATABASE_URL;
  if (!url) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), `slotbase-${prefix}-`));
    return {
      config: { kind: 'sqlite', file: path.join(dir, 'slotbase.db') },
      label: 'sqlite',
      drop: async () => fs.rmSync(dir, { recursive: true, force: true }),
    };
  }
  const schema = `${prefix}_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    // The extension must outlive every test schema: created inside one (the migration creates it
    // in the first schema of the search path), dropping that schema would drop it with cascade —
    // and with it the no-overlap constraints of every other run using it at the time.
    await admin.query('create extension if not exists btree_gist with schema public').catch((error: { code?: string }) => {
      if (error.code !== '23505' && error.code !== '42710') throw error; // created by a concurrent run
    });
    await admin.query(`create schema ${schema}`);
  } finally {
    await admin.end();
  }
  return {
    config: { kind: 'postgres', url, poolMax: options.poolMax ?? 20, statementTimeoutMs: options.statementTimeoutMs ?? 30_000, schema },
    label: 'postgres',
    drop: async () => {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        await client.query(`drop schema if exists ${schema} cascade`);
      } finally {
        await client.end();
      }
    },
  };
}
