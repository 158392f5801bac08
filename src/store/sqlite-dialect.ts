import { DatabaseSync, type SQLInputValue, type StatementSync } from 'node:sqlite';
import {
  CompiledQuery,
  SqliteDialect,
  SqliteDriver,
  type DatabaseConnection,
  type Driver,
  type SqliteDatabase,
  type SqliteStatement,
} from 'kysely';

/** Adapts Node's built-in node:sqlite to the interface Kysely's SqliteDialect expects. */
class NodeSqliteDatabase implements SqliteDatabase {
  readonly #db: DatabaseSync;

  constructor(db: DatabaseSync) {
    this.#db = db;
  }

  close(): void {
    if (this.#db.isOpen) this.#db.close();
  }

  /** Prepared statements by SQL text: preparing costs more than running most of these queries. */
  readonly #statements = new Map<string, StatementSync>();

  prepare(sql: string): SqliteStatement {
    let statement = this.#statements.get(sql);
    if (statement === undefined) {
      statement = this.#db.prepare(sql);
      if (this.#statements.size >= 1000) this.#statements.delete(this.#statements.keys().next().value!);
      this.#statements.set(sql, statement);
    }
    const params = (values: ReadonlyArray<unknown>) => values.map(toSqlValue);
    return {
      reader: statement.columns().length > 0,
      all: (values) => statement.all(...params(values)),
      run: (values) => statement.run(...params(values)),
      iterate: (values) => statement.iterate(...params(values)),
    };
  }
}

function toSqlValue(value: unknown): SQLInputValue {
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (value === undefined) return null;
  return value as SQLInputValue;
}

/**
 * Writers take the database lock when the transaction begins (BEGIN IMMEDIATE), so a
 * transaction that reads and then writes never fails half-way on a lock upgrade.
 */
class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
}

class ImmediateSqliteDialect extends SqliteDialect {
  readonly #database: SqliteDatabase;

  constructor(database: SqliteDatabase) {
    super({ database });
    this.#database = database;
  }

  override createDriver(): Driver {
    return new ImmediateSqliteDriver({ database: this.#database });
  }
}

export function openSqlite(file: string): SqliteDialect {
  const db = new DatabaseSync(file);
  db.exec('PRAGMA journal_mode = WAL');
  db.exec('PRAGMA foreign_keys = ON');
  db.exec('PRAGMA busy_timeout = 5000');
  db.exec('PRAGMA synchronous = NORMAL');
  // SQLite's own lower() folds ASCII only; searches must find "Émile" by "émile" as PostgreSQL does.
  db.function('lower', { deterministic: true }, (value) => (typeof value === 'string' ? value.toLowerCase() : value));
  return new ImmediateSqliteDialect(new NodeSqliteDatabase(db));
}
