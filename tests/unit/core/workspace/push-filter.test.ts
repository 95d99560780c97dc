import { describe, expect, it } from 'vitest';
import { topicFilter } from '../../../../electron/core/workspace/push-filter';
import type { StatePatch, StateSnapshot } from '../../../../src/shared/domain';
import { ALL_TOPICS } from '../../../../src/shared/layout';

const order = {
  id: 'o1',
  tradingAccountId: 'a1',
  symbol: 'RELIANCE',
  quantity: 10,
  orderType: 'MARKET' as const,
  orderSide: 'BUY' as const,
  price: 2450.5,
  triggerPrice: null,
  triggeredAt: null,
  filledQuantity: 0,
  averagePrice: null,
  productType: 'MIS',
  status: 'PENDING' as const,
  createdAt: '2026-11-26T09:15:00.000Z',
  executedAt: null,
  stockId: null,
  positionId: null,
  clientOrderId: null,
  marginBlocked: 0,
  chargesDeducted: 0,
  realizedPnL: 0,
  realizedPnLRounding: 0,
  version: 1,
};
const watchlist = {
  id: 'wl1',
  userId: 'u1',
  name: 'NIFTY 50',
  description: null,
  color: null,
  isDefault: true,
  isPrivate: false,
  sortOrder: 0,
  version: 1,
};

const snapshot = {
  account: { id: 'a1' },
  orders: [order],
  positions: [{ id: 'p1' }],
  transactions: [{ id: 't1' }],
  watchlists: [watchlist],
  watchlistItems: [{ id: 'i1' }],
  instruments: [{ token: 1 }],
  quotes: [{ token: 1 }],
  intents: [{ clientOrderId: 'c' }],
  riskConfig: [{ segment: 'NSE' }],
  priceAlerts: [{ id: 'al1' }],
  alertIntents: [{ opId: 'op1' }],
  stale: true,
  syncedAt: 5,
  asOf: 6,
} as unknown as StateSnapshot;

describe('topicFilter', () => {
  it('keeps a detached watchlist’s snapshot to its topics', () => {
    const f = topicFilter(['watchlists', 'instruments', 'account', 'riskConfig', 'intents']);
    const out = f('state.snapshot', snapshot)!;
    expect(out.orders).toEqual([]);
    expect(out.positions).toEqual([]);
    expect(out.transactions).toEqual([]);
    expect(out.watchlists).toBe(snapshot.watchlists);
    expect(out.watchlistItems).toBe(snapshot.watchlistItems);
    expect(out.quotes).toBe(snapshot.quotes);
    expect(out.account).toBe(snapshot.account);
    expect(out.priceAlerts).toEqual([]);
    expect(out.alertIntents).toEqual([]);
    expect([out.stale, out.syncedAt, out.asOf]).toEqual([true, 5, 6]);
    // The input is shared with other windows: untouched.
    expect(snapshot.orders).toHaveLength(1);
  });

  it('with every topic, passes a snapshot through in full', () => {
    expect(topicFilter(ALL_TOPICS)('state.snapshot', snapshot)).toEqual(snapshot);
  });

  it('keeps only the patch entries of its topics, drops an emptied patch unless it carries freshness', () => {
    const f = topicFilter(['watchlists']);
    const patch: StatePatch = {
      changes: [
        { kind: 'order', op: 'upsert', row: order },
        { kind: 'watchlist', op: 'upsert', row: watchlist },
        { kind: 'order', op: 'delete', id: 'o9' },
        { kind: 'watchlistItem', op: 'delete', id: 'i9' },
      ],
    };
    expect(f('state.patch', patch)!.changes.map((c) => `${c.op}:${c.kind}`)).toEqual([
      'upsert:watchlist',
      'delete:watchlistItem',
    ]);
    const ordersOnly: StatePatch = { changes: [{ kind: 'order', op: 'upsert', row: order }] };
    expect(f('state.patch', ordersOnly)).toBeNull();
    expect(f('state.patch', { ...ordersOnly, stale: false, syncedAt: 9 })).toEqual({
      changes: [],
      stale: false,
      syncedAt: 9,
    });
    // Nothing filtered out: the very same object.
    expect(topicFilter(['orders'])('state.patch', ordersOnly)).toBe(ordersOnly);
  });

  it('sends trading events only to windows with the events topic; other pushes pass', () => {
    const event = { type: 'order_placed' } as never;
    expect(topicFilter(['watchlists'])('trading.event', event)).toBeNull();
    expect(topicFilter(['events'])('trading.event', event)).toBe(event);
    const ticks = { quotes: [] };
    expect(topicFilter([])('market.ticks', ticks)).toBe(ticks);
  });

  it('sends alerts (rows, queued writes, toasts, refusals, notification clicks) only to windows with alerts', () => {
    const alertsWindow = topicFilter(['alerts', 'instruments']);
    const watchlistWindow = topicFilter(['watchlists', 'instruments']);
    const snap = alertsWindow('state.snapshot', snapshot)!;
    expect(snap.priceAlerts).toBe(snapshot.priceAlerts);
    expect(snap.alertIntents).toBe(snapshot.alertIntents);
    expect(snap.orders).toEqual([]);
    const patch = {
      changes: [
        { kind: 'priceAlert', op: 'upsert', row: { id: 'al1' } },
        { kind: 'alertIntent', op: 'delete', id: 'op1' },
      ],
    } as unknown as StatePatch;
    expect(alertsWindow('state.patch', patch)).toBe(patch);
    expect(watchlistWindow('state.patch', patch)).toBeNull();
    for (const name of ['alerts.triggered', 'alerts.refused', 'alerts.focus'] as const) {
      const payload = {} as never;
      expect(alertsWindow(name, payload), name).toBe(payload);
      expect(watchlistWindow(name, payload), name).toBeNull();
    }
    // Every window follows the keymap.
    const keymap = { keymap: {}, overrides: {} } as never;
    expect(watchlistWindow('keymap.changed', keymap)).toBe(keymap);
  });
});
