import { describe, expect, it } from 'vitest';
import { migrate, schemaVersion } from '../../../../electron/core/cache/migrations';
import { migration0001 } from '../../../../electron/core/cache/migrations/0001_entities';
import { columns, emptyDb, isStrict, tableNames } from './migration-helpers';

describe('migration 0001: entities', () => {
  it('creates the six entity tables, STRICT, each with id, version and json', () => {
    const db = emptyDb();
    expect(migrate(db, 1)).toEqual([1]);
    expect(migration0001.version).toBe(1);
    expect(schemaVersion(db)).toBe(1);
    const tables = ['accounts', 'orders', 'positions', 'transactions', 'watchlists', 'watchlist_items'];
    expect(tableNames(db)).toEqual([...tables].sort());
    for (const t of tables) {
      expect(isStrict(db, t)).toBe(true);
      const names = columns(db, t).map((c) => c.name);
      expect(names).toEqual(expect.arrayContaining(['id', 'version', 'json']));
      expect(columns(db, t).find((c) => c.name === 'id')!.pk).toBe(1);
    }
    expect(columns(db, 'orders').map((c) => c.name)).toEqual(
      expect.arrayContaining(['account_id', 'symbol', 'status', 'client_order_id', 'created_at']),
    );
    db.close();
  });

  it('rejects a value of the wrong type (STRICT) and a row without version (except transactions)', () => {
    const db = emptyDb();
    migrate(db, 1);
    expect(() =>
      db
        .prepare(
          "INSERT INTO positions (id, account_id, symbol, quantity, version, json) VALUES ('p', 'a', 'X', 'ten', 1, '{}')",
        )
        .run(),
    ).toThrow();
    expect(() =>
      db
        .prepare(
          "INSERT INTO orders (id, account_id, symbol, status, created_at, json) VALUES ('o', 'a', 'X', 'PENDING', 't', '{}')",
        )
        .run(),
    ).toThrow(/NOT NULL/);
    db.prepare("INSERT INTO transactions (id, account_id, created_at, json) VALUES ('t', 'a', 'x', '{}')").run();
    db.close();
  });

  it('indexes orders by account and by client order id', () => {
    const db = emptyDb();
    migrate(db, 1);
    const indexes = (db.pragma('index_list(orders)') as { name: string }[]).map((i) => i.name);
    expect(indexes).toEqual(expect.arrayContaining(['orders_by_account', 'orders_by_client_order_id']));
    db.close();
  });
});
