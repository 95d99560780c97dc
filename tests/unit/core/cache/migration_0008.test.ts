import { describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { openCache } from '../../../../electron/core/cache';
import { migrate, schemaVersion } from '../../../../electron/core/cache/migrations';
import { migration0008 } from '../../../../electron/core/cache/migrations/0008_client_order_id';
import { order, tempDir } from './fixtures';

const KEY = '6f1c1d3e-5b7a-4c2e-9d1f-0a1b2c3d4e5f';

/** An order row as builds before migration 8 stored it: the client order id under the platform's column name, in place. */
function legacyJson(row: ReturnType<typeof order>): string {
  return JSON.stringify(
    Object.fromEntries(Object.entries(row).map(([k, v]) => [k === 'clientOrderId' ? 'idempotency_key' : k, v])),
  );
}

describe('migration 0008: an order row names its client order id clientOrderId', () => {
  it('renames idempotency_key in the cached JSON in place; other rows and unreadable JSON stay as they were', () => {
    const t = tempDir();
    try {
      const db = new Database(t.file());
      migrate(db, 7);
      const insert = db.prepare(
        'INSERT INTO orders (id, account_id, symbol, status, client_order_id, created_at, version, json) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      );
      const placed = order({ id: 'o1', clientOrderId: KEY });
      insert.run(
        'o1',
        placed.tradingAccountId,
        placed.symbol,
        placed.status,
        KEY,
        placed.createdAt,
        1,
        legacyJson(placed),
      );
      const elsewhere = order({ id: 'o2', clientOrderId: null });
      insert.run(
        'o2',
        elsewhere.tradingAccountId,
        'RELIANCE',
        'PENDING',
        null,
        elsewhere.createdAt,
        1,
        legacyJson(elsewhere),
      );
      insert.run('bad', 'acc-1', 'RELIANCE', 'PENDING', null, placed.createdAt, 1, '{not json');

      expect(migrate(db, 8)).toEqual([migration0008.version]);
      expect(schemaVersion(db)).toBe(8);
      const json = (id: string) => db.prepare<[string], string>('SELECT json FROM orders WHERE id = ?').pluck().get(id);
      // Exactly what this build writes for the same row: same keys, same order.
      expect(json('o1')).toBe(JSON.stringify(placed));
      expect(json('o2')).toBe(JSON.stringify(elsewhere));
      expect(json('bad')).toBe('{not json');
      db.close();

      const { cache } = openCache(t.file());
      expect(cache.get('order', 'o1')?.clientOrderId).toBe(KEY);
      expect(cache.orderIdByClientOrderId(KEY)).toBe('o1');
      expect(cache.get('order', 'o2')?.clientOrderId).toBeNull();
      cache.close();
    } finally {
      t.cleanup();
    }
  });
});
