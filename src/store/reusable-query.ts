import type { Compilable, CompiledQuery } from 'kysely';
import type { Queryable } from './database.ts';

/** Stands in for one value while a reusable query is built. */
class Slot {
  readonly name: string;
  readonly index: number | undefined;

  constructor(name: string, index: number | undefined) {
    this.name = name;
    this.index = index;
  }
}

type Parameters = Record<string, unknown>;

/** Compiled shapes kept per query and database. */
const MAX_SHAPES = 100;

/** What decides the SQL text: per parameter (by name), missing / null / a boolean's value / an array's length. */
function shapeOf(params: Parameters): string {
  let shape = '';
  for (const name in params) {
    const value = params[name];
    shape += name;
    if (value === undefined) shape += 'u';
    else if (value === null) shape += 'n';
    else if (typeof value === 'boolean') shape += value ? 't' : 'f';
    else if (Array.isArray(value)) shape += `a${value.length}`;
    else shape += '.';
    shape += ',';
  }
  return shape;
}

function standIns(params: Parameters): Parameters {
  const out: Parameters = {};
  for (const name in params) {
    const value = params[name];
    if (value === undefined || value === null || typeof value === 'boolean') out[name] = value;
    else if (Array.isArray(value)) out[name] = value.map((_, i) => new Slot(name, i));
    else out[name] = new Slot(name, undefined);
  }
  return out;
}

/**
 * A query whose SQL is built and compiled once per database and shape, after which a call only
 * binds its values: building and compiling a Kysely query costs more than PostgreSQL takes to
 * run a short one. `build` gets stand-ins for the string, number and array-element parameters,
 * so it must use them only as query values, never decide anything by them; what may change the
 * SQL — a parameter being undefined or null, a boolean, an array's length — is passed as the
 * real value and becomes part of the cache key. A database with plugins gets no reuse.
 */
export function reusableQuery<P extends object, R>(build: (db: Queryable, params: P) => Compilable<R>): (db: Queryable, params: P) => Promise<R[]> {
  const compiled = new WeakMap<object, Map<string, CompiledQuery<R>>>();
  return async (db, params) => {
    const executor = db.getExecutor();
    // Plugins may rewrite each query: with any, the query is built and compiled every time.
    if (executor.plugins.length > 0) return (await db.executeQuery(build(db, params))).rows;
    const adapter = executor.adapter;
    let shapes = compiled.get(adapter);
    if (shapes === undefined) compiled.set(adapter, (shapes = new Map()));
    const given = params as Parameters;
    const shape = shapeOf(given);
    let query = shapes.get(shape);
    if (query === undefined) {
      // Past a bound (lists of many lengths) new shapes are built every time instead of kept.
      if (shapes.size >= MAX_SHAPES) return (await db.executeQuery(build(db, params))).rows;
      query = build(db, standIns(given) as P).compile();
      shapes.set(shape, query);
    }
    const values = query.parameters.map((value) => {
      if (!(value instanceof Slot)) return value;
      const actual = given[value.name];
      return value.index === undefined ? actual : (actual as unknown[])[value.index];
    });
    const result = await db.executeQuery<R>({ ...query, parameters: values });
    return result.rows;
  };
}
