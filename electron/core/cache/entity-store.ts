import type { Statement } from 'better-sqlite3';
import { inTransaction, type InTransaction } from './in-transaction';
import type { Db } from './migrations';
import { entityKinds, entityTables, versionOf, type EntityTable } from './entity-tables';
import { readAllStored, readStored, type InvalidRowCounter } from './stored-json';
import type { ApplyOutcome, EntityKind, RowOf } from './types';

interface KindStatements {
  get: Statement<[string], { version: number | null; json: string }>;
  /** Plucked: the JSON strings only, no row object per row (this is the offline-startup path). */
  all: Statement<[], string>;
  put: Statement<unknown[]>;
  del: Statement<[string]>;
  clear: Statement<[]>;
}

/**
 * Versioned storage of the synced entities. Statements are prepared once; callers group calls
 * in a transaction (`upsert`/`remove` open one of their own, nested ones become savepoints).
 */
export class EntityStore {
  readonly #tx: InTransaction;
  readonly #invalid: InvalidRowCounter;
  readonly #stmts = new Map<EntityKind, KindStatements>();
  readonly #openPositionSymbols: Statement<[], string>;
  readonly #pendingOrderSymbols: Statement<[], string>;
  readonly #orderIdByClientOrderId: Statement<[string], string>;

  constructor(db: Db, invalid: InvalidRowCounter) {
    this.#tx = inTransaction(db);
    this.#invalid = invalid;
    for (const kind of entityKinds) {
      const t: EntityTable<EntityKind> = entityTables[kind];
      const cols = ['id', ...t.columns, 'version', 'json'];
      this.#stmts.set(kind, {
        get: db.prepare(`SELECT version, json FROM ${t.table} WHERE id = ?`),
        all: db.prepare<[], string>(`SELECT json FROM ${t.table} ORDER BY ${t.orderBy}`).pluck(),
        put: db.prepare(
          `INSERT OR REPLACE INTO ${t.table} (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`,
        ),
        del: db.prepare(`DELETE FROM ${t.table} WHERE id = ?`),
        clear: db.prepare(`DELETE FROM ${t.table}`),
      });
    }
    this.#openPositionSymbols = db
      .prepare<[], string>('SELECT DISTINCT symbol FROM positions WHERE quantity != 0 ORDER BY symbol')
      .pluck();
    this.#pendingOrderSymbols = db
      .prepare<[], string>("SELECT DISTINCT symbol FROM orders WHERE status = 'PENDING' ORDER BY symbol")
      .pluck();
    this.#orderIdByClientOrderId = db
      .prepare<[string], string>('SELECT id FROM orders WHERE client_order_id = ? LIMIT 1')
      .pluck();
  }

  /** The cached order placed with this client order id (column `client_order_id`), by index: no row is parsed. */
  orderIdByClientOrderId(clientOrderId: string): string | null {
    return this.#orderIdByClientOrderId.get(clientOrderId) ?? null;
  }

  interestSymbols(): { openPositions: string[]; pendingOrders: string[] } {
    return { openPositions: this.#openPositionSymbols.all(), pendingOrders: this.#pendingOrderSymbols.all() };
  }

  #s(kind: EntityKind): KindStatements {
    return this.#stmts.get(kind)!;
  }

  /** The cached row and its stored version; an unreadable cached row reads as absent (and may be overwritten). */
  #cached<K extends EntityKind>(kind: K, id: string): { row: RowOf<K>; version: number } | undefined {
    const hit = this.#s(kind).get.get(id);
    if (!hit) return undefined;
    const row = readStored(entityTables[kind].schema, hit.json, this.#invalid);
    return row === undefined ? undefined : { row, version: hit.version ?? 0 };
  }

  get<K extends EntityKind>(kind: K, id: string): RowOf<K> | undefined {
    return this.#cached(kind, id)?.row;
  }

  all<K extends EntityKind>(kind: K): RowOf<K>[] {
    return readAllStored(entityTables[kind].schema, this.#s(kind).all.all(), this.#invalid);
  }

  upsert<K extends EntityKind>(kind: K, rows: RowOf<K>[]): ApplyOutcome<K>[] {
    const table = entityTables[kind];
    const put = this.#s(kind).put;
    return this.#tx(() =>
      rows.map((next): ApplyOutcome<K> => {
        const cached = this.#cached(kind, next.id);
        const version = versionOf(next);
        if (cached !== undefined && version <= cached.version) {
          return { kind, id: next.id, previous: cached.row, next: undefined, applied: false };
        }
        put.run(next.id, ...table.values(next), next.version ?? null, JSON.stringify(next));
        return { kind, id: next.id, previous: cached?.row, next, applied: true };
      }),
    );
  }

  remove<K extends EntityKind>(kind: K, ids: string[]): ApplyOutcome<K>[] {
    const del = this.#s(kind).del;
    return this.#tx(() =>
      ids.map((id): ApplyOutcome<K> => {
        const previous = this.#cached(kind, id)?.row;
        const removed = del.run(id).changes > 0;
        return { kind, id, previous, next: undefined, applied: removed };
      }),
    );
  }

  clearAll(): void {
    for (const kind of entityKinds) this.#s(kind).clear.run();
  }
}
