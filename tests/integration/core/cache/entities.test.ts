import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openCache, type Cache } from '../../../../electron/core/cache';
import {
  account,
  order,
  position,
  tempDir,
  transaction,
  watchlist,
  watchlistItem,
} from '../../../unit/core/cache/fixtures';

let tmp: ReturnType<typeof tempDir>;
let cache: Cache;

beforeEach(() => {
  tmp = tempDir();
  cache = openCache(tmp.file()).cache;
});
afterEach(() => {
  cache.close();
  tmp.cleanup();
});

describe('versioned upsert', () => {
  it('inserts a row nobody has cached and reads it back equal', () => {
    const row = order();
    const [out] = cache.upsert('order', [row]);
    expect(out).toEqual({ kind: 'order', id: 'ord-1', previous: undefined, next: row, applied: true });
    expect(cache.get('order', 'ord-1')).toEqual(row);
  });

  it('applies a newer version and returns the row it replaced', () => {
    cache.upsert('order', [order()]);
    const newer = order({ status: 'EXECUTED', version: 2 });
    const [out] = cache.upsert('order', [newer]);
    expect(out!.applied).toBe(true);
    expect(out!.previous).toEqual(order());
    expect(out!.next).toEqual(newer);
    expect(cache.get('order', 'ord-1')!.status).toBe('EXECUTED');
  });

  it('rejects an equal or older version, writes nothing, still returns previous', () => {
    cache.upsert('order', [order({ status: 'EXECUTED', version: 5 })]);
    for (const v of [5, 4, 1]) {
      const [out] = cache.upsert('order', [order({ status: 'CANCELLED', version: v })]);
      expect(out).toEqual({
        kind: 'order',
        id: 'ord-1',
        previous: order({ status: 'EXECUTED', version: 5 }),
        next: undefined,
        applied: false,
      });
    }
    expect(cache.get('order', 'ord-1')).toEqual(order({ status: 'EXECUTED', version: 5 }));
  });

  it('applies a batch row by row: out-of-order versions of one id end at the highest', () => {
    const outs = cache.upsert('position', [
      position({ version: 3, quantity: 30 }),
      position({ version: 2, quantity: 20 }),
      position({ version: 4, quantity: 40 }),
    ]);
    expect(outs.map((o) => o.applied)).toEqual([true, false, true]);
    expect(cache.get('position', 'pos-1')).toMatchObject({ quantity: 40, version: 4 });
  });

  it('treats a transaction without version as version 0: first copy wins, replays are no-ops', () => {
    expect(cache.upsert('transaction', [transaction()])[0]!.applied).toBe(true);
    expect(cache.upsert('transaction', [transaction({ amount: 999 })])[0]!.applied).toBe(false);
    expect(cache.get('transaction', 'txn-1')!.amount).toBe(125);
  });

  it('stores every entity kind and lists it back in reading order', () => {
    cache.upsert('account', [account()]);
    cache.upsert('order', [
      order({ id: 'a', createdAt: '2026-11-26T09:00:00.000Z' }),
      order({ id: 'b', createdAt: '2026-11-26T10:00:00.000Z' }),
    ]);
    cache.upsert('position', [position({ id: 'p2', symbol: 'TCS' }), position({ id: 'p1', symbol: 'INFY' })]);
    cache.upsert('transaction', [transaction()]);
    cache.upsert('watchlist', [watchlist({ id: 'w2', sortOrder: 2 }), watchlist({ id: 'w1', sortOrder: 1 })]);
    cache.upsert('watchlistItem', [
      watchlistItem({ id: 'i2', sortOrder: 2 }),
      watchlistItem({ id: 'i1', sortOrder: 1 }),
    ]);
    expect(cache.all('account')).toEqual([account()]);
    expect(cache.all('order').map((o) => o.id)).toEqual(['b', 'a']); // newest first
    expect(cache.all('position').map((p) => p.symbol)).toEqual(['INFY', 'TCS']);
    expect(cache.all('transaction')).toEqual([transaction()]);
    expect(cache.all('watchlist').map((w) => w.id)).toEqual(['w1', 'w2']);
    expect(cache.all('watchlistItem').map((w) => w.id)).toEqual(['i1', 'i2']);
  });

  it('survives a reopen (the data is in the file)', () => {
    cache.upsert('order', [order({ version: 7 })]);
    cache.close();
    cache = openCache(tmp.file()).cache;
    expect(cache.get('order', 'ord-1')).toEqual(order({ version: 7 }));
    expect(cache.upsert('order', [order({ version: 7 })])[0]!.applied).toBe(false);
  });
});

describe('remove', () => {
  it('deletes and reports the removed row; a second remove is not applied', () => {
    cache.upsert('watchlistItem', [watchlistItem()]);
    expect(cache.remove('watchlistItem', ['wli-1'])).toEqual([
      { kind: 'watchlistItem', id: 'wli-1', previous: watchlistItem(), next: undefined, applied: true },
    ]);
    expect(cache.get('watchlistItem', 'wli-1')).toBeUndefined();
    expect(cache.remove('watchlistItem', ['wli-1'])[0]).toMatchObject({ previous: undefined, applied: false });
  });
});

describe('transaction', () => {
  it('commits everything or nothing', () => {
    expect(() =>
      cache.transaction(() => {
        cache.upsert('order', [order()]);
        cache.upsert('position', [position()]);
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(cache.all('order')).toEqual([]);
    expect(cache.all('position')).toEqual([]);
    const result = cache.transaction(() => {
      cache.upsert('order', [order()]);
      return cache.upsert('position', [position()]).length;
    });
    expect(result).toBe(1);
    expect(cache.all('order')).toHaveLength(1);
  });
});

describe('rows that fail their schema', () => {
  it('are counted and skipped on read, and may be overwritten by a valid row', () => {
    cache.upsert('order', [order({ id: 'good' }), order({ id: 'bad' }), order({ id: 'garbled' })]);
    cache.close();
    // Damage two stored rows the way an old build or a hand edit could.
    const raw = new Database(tmp.file());
    raw.prepare("UPDATE orders SET json = json_set(json, '$.status', 'SHIPPED') WHERE id = 'bad'").run();
    raw.prepare("UPDATE orders SET json = '{not json' WHERE id = 'garbled'").run();
    raw.close();
    cache = openCache(tmp.file()).cache;
    expect(cache.all('order').map((o) => o.id)).toEqual(['good']);
    expect(cache.stats().invalidRows).toBe(2);
    expect(cache.get('order', 'bad')).toBeUndefined();
    const [out] = cache.upsert('order', [order({ id: 'bad', version: 1 })]);
    expect(out).toMatchObject({ previous: undefined, applied: true });
    expect(cache.all('order')).toHaveLength(2);
  });
});

describe('rows an older build wrote (not in the exact parsed shape)', () => {
  it('are repaired through the schema on read, beside canonical rows, and nothing valid is dropped', () => {
    cache.upsert('order', [order({ id: 'new' }), order({ id: 'old' }), order({ id: 'broken' })]);
    cache.upsert('position', [position({ id: 'old-pos' })]);
    cache.close();
    const raw = new Database(tmp.file());
    // Numeric strings (as Realtime without column types sends them) and a defaulted field left out.
    raw
      .prepare(
        "UPDATE orders SET json = json_remove(json_set(json, '$.quantity', '10', '$.price', '2500.5'), '$.filledQuantity') WHERE id = 'old'",
      )
      .run();
    raw
      .prepare(
        "UPDATE positions SET json = json_set(json, '$.averagePrice', '2500.5', '$.extraColumn', 1) WHERE id = 'old-pos'",
      )
      .run();
    raw.prepare("UPDATE orders SET json = json_set(json, '$.quantity', 'ten') WHERE id = 'broken'").run();
    raw.close();
    cache = openCache(tmp.file()).cache;
    const snap = cache.loadSnapshot(Date.now());
    const byId = new Map(snap.orders.map((o) => [o.id, o]));
    expect([...byId.keys()].sort()).toEqual(['new', 'old']);
    expect(byId.get('old')).toEqual(order({ id: 'old', quantity: 10, price: 2500.5, filledQuantity: 0 }));
    expect(byId.get('new')).toEqual(order({ id: 'new' }));
    expect(snap.positions).toEqual([position({ id: 'old-pos', averagePrice: 2500.5 })]);
    expect(cache.stats().invalidRows).toBe(1);
  });
});

describe('interestSymbols', () => {
  const fromRows = () => ({
    openPositions: [
      ...new Set(
        cache
          .all('position')
          .filter((p) => p.quantity !== 0)
          .map((p) => p.symbol),
      ),
    ].sort(),
    pendingOrders: [
      ...new Set(
        cache
          .all('order')
          .filter((o) => o.status === 'PENDING')
          .map((o) => o.symbol),
      ),
    ].sort(),
  });

  it('agrees with the parsed rows through inserts, status changes, closes and removals', () => {
    expect(cache.interestSymbols()).toEqual({ openPositions: [], pendingOrders: [] });
    cache.upsert('order', [
      order({ id: 'a', symbol: 'TCS', status: 'PENDING' }),
      order({ id: 'b', symbol: 'TCS', status: 'PENDING' }),
      order({ id: 'c', symbol: 'INFY', status: 'EXECUTED' }),
      order({ id: 'd', symbol: 'HDFCBANK', status: 'PENDING' }),
    ]);
    cache.upsert('position', [
      position({ id: 'p1', symbol: 'SBIN', quantity: -5 }),
      position({ id: 'p2', symbol: 'ITC', quantity: 0 }),
      position({ id: 'p3', symbol: 'RELIANCE', quantity: 10 }),
    ]);
    expect(cache.interestSymbols()).toEqual({
      openPositions: ['RELIANCE', 'SBIN'],
      pendingOrders: ['HDFCBANK', 'TCS'],
    });
    expect(cache.interestSymbols()).toEqual(fromRows());

    cache.upsert('order', [
      order({ id: 'd', symbol: 'HDFCBANK', status: 'EXECUTED', version: 2 }),
      order({ id: 'a', symbol: 'TCS', status: 'CANCELLED', version: 2 }),
    ]);
    cache.upsert('position', [
      position({ id: 'p3', symbol: 'RELIANCE', quantity: 0, version: 2 }),
      position({ id: 'p2', symbol: 'ITC', quantity: 3, version: 2 }),
    ]);
    cache.remove('order', ['b']);
    expect(cache.interestSymbols()).toEqual({ openPositions: ['ITC', 'SBIN'], pendingOrders: [] });
    expect(cache.interestSymbols()).toEqual(fromRows());

    cache.clearAccountData();
    expect(cache.interestSymbols()).toEqual({ openPositions: [], pendingOrders: [] });
  });
});

describe('orderIdByClientOrderId', () => {
  it('finds the order placed with a client order id through the index, and nothing for another id', () => {
    const key = '1f0c7a52-9d7e-4c1e-8a3a-2b9f6c5d4e3f';
    expect(cache.orderIdByClientOrderId(key)).toBeNull();
    cache.upsert('order', [order({ id: 'o-1', clientOrderId: key }), order({ id: 'o-2', clientOrderId: null })]);
    expect(cache.orderIdByClientOrderId(key)).toBe('o-1');
    expect(cache.orderIdByClientOrderId('4b1e7a52-0000-4c1e-8a3a-2b9f6c5d4e3f')).toBeNull();
    cache.remove('order', ['o-1']);
    expect(cache.orderIdByClientOrderId(key)).toBeNull();
  });
});
