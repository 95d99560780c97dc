import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openCache, type Cache } from '../../../../electron/core/cache';
import type {
  AlertIntent,
  DerivedTradingEvent,
  Instrument,
  OrderIntent,
  RiskConfig,
} from '../../../../src/shared/domain';
import {
  ACCOUNT_ID,
  account,
  order,
  position,
  priceAlert,
  quote,
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

function reopen(): void {
  cache.close();
  cache = openCache(tmp.file()).cache;
}

const instrument = (token: number, symbol: string): Instrument => ({
  token,
  instrumentId: `NSE_EQ-${token}`,
  symbol,
  name: symbol,
  exchange: 'NSE_EQ',
  segment: 'NSE_EQ',
  instrumentType: 'EQ',
  lotSize: 1,
  tickSize: 0.05,
  lastPrice: null,
});

const intent = (n: number, over: Partial<OrderIntent> = {}): OrderIntent => ({
  clientOrderId: `00000000-0000-4000-8000-00000000000${n}`,
  symbol: 'RELIANCE',
  token: 2885,
  side: 'BUY',
  type: 'MARKET',
  product: 'MIS',
  quantity: 1,
  price: null,
  state: 'sending',
  error: null,
  createdAt: 1000 + n,
  ...over,
});

const placed = (id: string, at: number): DerivedTradingEvent => ({
  type: 'order_placed',
  at,
  accountId: ACCOUNT_ID,
  recovered: false,
  order: order({ id }),
});

describe('instruments and risk config', () => {
  it('replaceInstruments replaces the whole catalogue', () => {
    cache.replaceInstruments([instrument(2885, 'RELIANCE'), instrument(11536, 'TCS')]);
    cache.replaceInstruments([instrument(1333, 'HDFCBANK'), instrument(2885, 'RELIANCE')]);
    reopen();
    expect(cache.instruments().map((i) => i.symbol)).toEqual(['HDFCBANK', 'RELIANCE']);
    expect(cache.instruments()[0]).toEqual(instrument(1333, 'HDFCBANK'));
  });

  it('setRiskConfig replaces all rows', () => {
    const mis: RiskConfig = {
      segment: 'NSE',
      productType: 'MIS',
      leverage: 200,
      brokerageFlat: 20,
      brokerageRate: null,
      brokerageCap: null,
      active: true,
    };
    const cnc: RiskConfig = { ...mis, productType: 'CNC', leverage: 50 };
    cache.setRiskConfig([mis, cnc]);
    cache.setRiskConfig([cnc]);
    reopen();
    expect(cache.riskConfig()).toEqual([cnc]);
  });
});

describe('quotes (QuoteStore)', () => {
  it('keeps the latest received quote per token and never rolls one back', () => {
    cache.saveQuotes([quote({ token: 1, ltp: 10, receivedAt: 100 }), quote({ token: 2, ltp: 20, receivedAt: 100 })]);
    cache.saveQuotes([quote({ token: 1, ltp: 11, receivedAt: 200 })]);
    cache.saveQuotes([quote({ token: 1, ltp: 9, receivedAt: 150 })]); // arrived late: ignored
    reopen();
    expect(cache.loadQuotes().map((q) => [q.token, q.ltp])).toEqual([
      [1, 11],
      [2, 20],
    ]);
  });
});

describe('intents', () => {
  it('put (insert and update by client order id), list oldest first, delete', () => {
    cache.putIntent(intent(2));
    cache.putIntent(intent(1));
    cache.putIntent(intent(2, { state: 'unconfirmed' }));
    reopen();
    expect(cache.intents()).toEqual([intent(1), intent(2, { state: 'unconfirmed' })]);
    cache.deleteIntent(intent(1).clientOrderId);
    expect(cache.intents().map((i) => i.clientOrderId)).toEqual([intent(2).clientOrderId]);
  });
});

describe('event journal', () => {
  it('assigns strictly increasing seq, lists newest first and pages with beforeSeq', () => {
    const first = cache.appendEvents([placed('a', 1), placed('b', 2)]);
    const second = cache.appendEvents([placed('c', 3)]);
    expect([...first, ...second].map((e) => e.seq)).toEqual([1, 2, 3]);
    expect(first[0]).toEqual({ ...placed('a', 1), seq: 1 });
    reopen();
    const latest = cache.listEvents(2);
    expect(latest.map((e) => e.seq)).toEqual([3, 2]);
    expect(latest[0]).toEqual({ ...placed('c', 3), seq: 3 });
    expect(cache.listEvents(10, 2).map((e) => e.seq)).toEqual([1]);
    expect(cache.listEvents(0)).toEqual([]);
  });

  it('an unreadable journal row is counted and skipped', () => {
    cache.appendEvents([placed('a', 1), placed('b', 2)]);
    cache.close();
    const raw = new Database(tmp.file());
    raw.prepare("UPDATE events SET json = '[]' WHERE seq = 1").run();
    raw.close();
    cache = openCache(tmp.file()).cache;
    expect(cache.listEvents(10).map((e) => e.seq)).toEqual([2]);
    expect(cache.stats().invalidRows).toBe(1);
  });

  it('appending inside a failed transaction leaves no event behind', () => {
    expect(() =>
      cache.transaction(() => {
        cache.appendEvents([placed('a', 1)]);
        throw new Error('abort');
      }),
    ).toThrow('abort');
    expect(cache.listEvents(10)).toEqual([]);
  });
});

describe('meta', () => {
  it('get/set/delete', () => {
    expect(cache.getMeta('syncedAt')).toBeNull();
    cache.setMeta('syncedAt', '123');
    cache.setMeta('syncedAt', '456');
    reopen();
    expect(cache.getMeta('syncedAt')).toBe('456');
    cache.setMeta('syncedAt', null);
    expect(cache.getMeta('syncedAt')).toBeNull();
  });
});

function alertCreate(n: number): Extract<AlertIntent, { op: 'create' }> {
  return {
    opId: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    alertId: `new-${n}`,
    createdAt: 1_764_150_000_000 + n,
    op: 'create',
    alert: {
      userId: 'user-1',
      token: 1333,
      symbol: 'HDFCBANK',
      exchange: 'NSE_EQ',
      condition: 'LTP_BELOW',
      value: 1500,
      note: null,
      state: 'ACTIVE',
      armId: `arm-${n}`,
    },
  };
}

function fill(): void {
  cache.upsert('account', [account()]);
  cache.upsert('order', [order()]);
  cache.upsert('position', [position()]);
  cache.upsert('transaction', [transaction()]);
  cache.upsert('watchlist', [watchlist()]);
  cache.upsert('watchlistItem', [watchlistItem()]);
  cache.replaceInstruments([instrument(1333, 'HDFCBANK')]);
  cache.saveQuotes([quote()]);
  cache.putIntent(intent(1));
  cache.upsert('priceAlert', [priceAlert()]);
  cache.putAlertIntent(alertCreate(1));
  cache.setRiskConfig([
    {
      segment: 'NSE',
      productType: 'MIS',
      leverage: 200,
      brokerageFlat: null,
      brokerageRate: null,
      brokerageCap: null,
      active: true,
    },
  ]);
  cache.appendEvents([placed('ord-1', 5)]);
  cache.setMeta('syncedAt', '1764150000000');
}

describe('layouts', () => {
  it('save (insert and replace), load, list newest first, delete; survive sign-out', () => {
    cache.saveLayout({ id: 'main', json: '{"v":1}', updatedAt: 10 });
    cache.saveLayout({ id: 'detached', json: '{"w":2}', updatedAt: 20 });
    cache.saveLayout({ id: 'main', json: '{"v":2}', updatedAt: 30 });
    cache.clearAccountData();
    reopen();
    expect(cache.loadLayout('main')).toEqual({ id: 'main', json: '{"v":2}', updatedAt: 30 });
    expect(cache.listLayouts().map((l) => l.id)).toEqual(['main', 'detached']);
    cache.deleteLayout('main');
    expect(cache.loadLayout('main')).toBeUndefined();
    expect(cache.listLayouts().map((l) => l.id)).toEqual(['detached']);
  });
});

describe('loadSnapshot', () => {
  it('returns everything cached, stale, with syncedAt from meta', () => {
    fill();
    reopen();
    const snap = cache.loadSnapshot(42);
    expect(snap).toEqual({
      account: account(),
      orders: [order()],
      positions: [position()],
      transactions: [transaction()],
      watchlists: [watchlist()],
      watchlistItems: [watchlistItem()],
      instruments: [instrument(1333, 'HDFCBANK')],
      quotes: [quote()],
      intents: [intent(1)],
      riskConfig: cache.riskConfig(),
      priceAlerts: [priceAlert()],
      alertIntents: [alertCreate(1)],
      stale: true,
      syncedAt: 1764150000000,
      asOf: 42,
    });
  });

  it('on an empty cache: no account, empty lists, never synced', () => {
    const snap = cache.loadSnapshot(1);
    expect(snap.account).toBeNull();
    expect(snap.orders).toEqual([]);
    expect(snap.syncedAt).toBeNull();
    expect(snap.stale).toBe(true);
  });

  it('picks the account named by meta accountId when several are cached', () => {
    cache.upsert('account', [account({ id: 'acc-0' }), account({ id: 'acc-9' })]);
    cache.setMeta('accountId', 'acc-9');
    expect(cache.loadSnapshot(1).account!.id).toBe('acc-9');
  });
});

describe('alert intents', () => {
  it('keep the order they were queued in across restarts; an update keeps its place; delete by opId', () => {
    const [a, b, c] = [alertCreate(3), alertCreate(1), alertCreate(2)];
    for (const i of [a, b, c]) cache.putAlertIntent(i);
    cache.putAlertIntent({ ...b, alert: { ...b.alert, value: 1490 } });
    reopen();
    expect(cache.alertIntents().map((i) => i.opId)).toEqual([a.opId, b.opId, c.opId]);
    expect(cache.alertIntents()[1]).toMatchObject({ alert: { value: 1490 } });
    cache.deleteAlertIntent(a.opId);
    expect(cache.alertIntents().map((i) => i.opId)).toEqual([b.opId, c.opId]);
  });
});

describe('clearAccountData (sign-out)', () => {
  it('drops entities, intents, journal, quotes and account meta; keeps instruments, risk config and global meta', () => {
    fill();
    cache.setMeta('global.lastProfile', 'demo');
    cache.clearAccountData();
    reopen();
    const snap = cache.loadSnapshot(1);
    expect(snap.account).toBeNull();
    for (const list of [
      snap.orders,
      snap.positions,
      snap.transactions,
      snap.watchlists,
      snap.watchlistItems,
      snap.quotes,
      snap.intents,
      snap.priceAlerts,
      snap.alertIntents,
    ]) {
      expect(list).toEqual([]);
    }
    expect(cache.listEvents(10)).toEqual([]);
    expect(cache.getMeta('syncedAt')).toBeNull();
    expect(cache.getMeta('global.lastProfile')).toBe('demo');
    expect(snap.instruments).toHaveLength(1);
    expect(snap.riskConfig).toHaveLength(1);
    // The journal keeps counting: a new account's events never reuse an old seq.
    expect(cache.appendEvents([placed('x', 9)])[0]!.seq).toBe(2);
  });
});
