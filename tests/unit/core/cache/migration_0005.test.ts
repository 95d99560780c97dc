import { describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { openCache } from '../../../../electron/core/cache';
import { migrate, schemaVersion } from '../../../../electron/core/cache/migrations';
import { migration0005 } from '../../../../electron/core/cache/migrations/0005_utc_instants';
import { account, order, tempDir, transaction } from './fixtures';

/** What an earlier build wrote: the platform's zone-less UTC strings, straight from the server. */
const LEGACY = '2026-11-30T04:35:00.000';

describe('migration 0005: stored timestamps become UTC instants', () => {
  it('rewrites zone-less createdAt/updatedAt/executedAt in the JSON and the indexed created_at', () => {
    const t = tempDir();
    try {
      const db = new Database(t.file());
      migrate(db, 4);
      const legacyOrder = order({
        id: 'o1',
        createdAt: LEGACY,
        executedAt: '2026-11-30 04:35:01.5',
        updatedAt: LEGACY,
      });
      db.prepare(
        'INSERT INTO orders (id, account_id, symbol, status, client_order_id, created_at, version, json) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      ).run('o1', legacyOrder.tradingAccountId, 'RELIANCE', 'EXECUTED', null, LEGACY, 1, JSON.stringify(legacyOrder));
      const legacyTxn = transaction({ id: 't1', createdAt: LEGACY });
      db.prepare('INSERT INTO transactions (id, account_id, created_at, version, json) VALUES (?, ?, ?, ?, ?)').run(
        't1',
        legacyTxn.tradingAccountId,
        LEGACY,
        null,
        JSON.stringify(legacyTxn),
      );
      const current = account({ createdAt: '2026-11-26T09:00:00.000Z' });
      db.prepare('INSERT INTO accounts (id, user_id, version, json) VALUES (?, ?, ?, ?)').run(
        current.id,
        current.userId,
        1,
        JSON.stringify(current),
      );
      db.prepare('INSERT INTO accounts (id, user_id, version, json) VALUES (?, ?, ?, ?)').run(
        'bad',
        'u',
        1,
        '{not json',
      );

      expect(migrate(db, 5)).toEqual([migration0005.version]);
      expect(schemaVersion(db)).toBe(5);
      const o = JSON.parse(db.prepare<[], string>("SELECT json FROM orders WHERE id = 'o1'").pluck().get()!) as Record<
        string,
        unknown
      >;
      expect(o).toMatchObject({
        createdAt: '2026-11-30T04:35:00.000Z',
        executedAt: '2026-11-30T04:35:01.500Z',
        updatedAt: '2026-11-30T04:35:00.000Z',
      });
      expect(db.prepare("SELECT created_at FROM orders WHERE id = 'o1'").pluck().get()).toBe(
        '2026-11-30T04:35:00.000Z',
      );
      expect(db.prepare("SELECT created_at FROM transactions WHERE id = 't1'").pluck().get()).toBe(
        '2026-11-30T04:35:00.000Z',
      );
      // Canonical rows and unreadable rows are left exactly as they were.
      expect(db.prepare(`SELECT json FROM accounts WHERE id = '${current.id}'`).pluck().get()).toBe(
        JSON.stringify(current),
      );
      expect(db.prepare("SELECT json FROM accounts WHERE id = 'bad'").pluck().get()).toBe('{not json');
      db.close();

      // Read back by the cache: the rows are instants, read without a single invalid row.
      const { cache } = openCache(t.file());
      expect(cache.get('order', 'o1')?.createdAt).toBe('2026-11-30T04:35:00.000Z');
      expect(cache.get('transaction', 't1')?.createdAt).toBe('2026-11-30T04:35:00.000Z');
      cache.close();
    } finally {
      t.cleanup();
    }
  });
});
