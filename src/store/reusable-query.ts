import type { Compilable, CompiledQuery } from 'kysely';
import type { Queryable } from './database.ts';

/** Stands in for one value while a reusable query is built: where it sits in the parameters. */
class Slot {
  readonly path: ReadonlyArray<string | number>;

  constructor(path: ReadonlyArray<string | number>) {
    this.path = path;
  }
}

/** Compiled shapes kept per query and database. */
const MAX_SHAPES = 100;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype;
}

/**
 * What decides the SQL text: whether each parameter (by name, also inside rows and lists) is
 * missing, null, which boolean, and how long each list is.
 */
function shapeOf(value: unknown): string {
  if (value === undefined) return 'u';
  if (value === null) return 'n';
  if (typeof value === 'boolean') return value ? 't' : 'f';
  if (Array.isArray(value)) {
    let shape = '[';
    for (const item of value) shape += `${shapeOf(item)},`;
    return `${shape}]`;
  }
  if (isPlainObject(value)) {
    let shape = '{';
    for (const key in value) shape += `${key}:${shapeOf(value[key])},`;
    return `${shape}}`;
  }
  return '.';
}

function standIn(value: unknown, path: Array<string | number>): unknown {
  if (value === undefined || value === null || typeof value === 'boolean') return value;
  if (Array.isArray(value)) return value.map((item, i) => standIn(item, [...path, i]));
  if (isPlainObject(value)) {
    const out: Record<string, unknown> = {};
    for (const key in value) out[key] = standIn(value[key], [...path, key]);
    return out;
  }
  return new Slot(path);
}

function valueAt(params: unknown, path: ReadonlyArray<string | number>): unknown {
  let value = params;
  for (const step of path) value = (value as Record<string | number, unknown>)[step];
  return value;
}

export interface ReusableQuery<P, R> {
  (db: Queryable, params: P): Promise<R[]>;
  /** The compiled statement with `params` bound, to run later or combined with others. */
  bind(db: Queryable, params: P): CompiledQuery<R>;
}

/**
 * A query whose SQL is built and compiled once per database and shape, after which a call only
 * binds its values: building and compiling a Kysely query costs more than PostgreSQL takes to
 * run a short one. Parameters are data: strings, numbers, booleans, null, rows (plain objects)
 * and lists of them. `build` gets stand-ins for the strings and numbers, so it must use them only
 * as query values, never decide anything by them; what may change the SQL — a value being
 * undefined or null, a boolean, a list's length, a row's keys — is passed as it is and becomes
 * part of the cache key. A database with plugins gets no reuse.
 */
export function reusableQuery<P extends object, R>(build: (db: Queryable, params: P) => Compilable<R>): ReusableQuery<P, R> {
  const compiled = new WeakMap<object, Map<string, CompiledQuery<R>>>();
  const bind = (db: Queryable, params: P): CompiledQuery<R> => {
    const executor = db.getExecutor();
    // Plugins may rewrite each query: with any, the query is built and compiled every time.
    if (executor.plugins.length > 0) return build(db, params).compile();
    let shapes = compiled.get(executor.adapter);
    if (shapes === undefined) compiled.set(executor.adapter, (shapes = new Map()));
    const shape = shapeOf(params);
    let query = shapes.get(shape);
    if (query === undefined) {
      // Past a bound (lists of many lengths) new shapes are built every time instead of kept.
      if (shapes.size >= MAX_SHAPES) return build(db, params).compile();
      query = build(db, standIn(params, []) as P).compile();
      shapes.set(shape, query);
    }
    const parameters = query.parameters.map((value) => (value instanceof Slot ? valueAt(params, value.path) : value));
    return { ...query, parameters };
  };
  const run = async (db: Queryable, params: P): Promise<R[]> => (await db.executeQuery(bind(db, params))).rows;
  return Object.assign(run, { bind });
}
