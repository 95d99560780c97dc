import { describe, expect, it } from 'vitest';
import { createTerminalStore, type MarketIssue } from '../../../../../src/renderer/store/store';
import { order, quote, snapshot } from '../../fixtures';

describe('market slice', () => {
  it('a tick batch renews only the quotes it names, and no trading table', () => {
    const store = createTerminalStore();
    store.getState().replaceSnapshot(snapshot({ orders: [order({ id: 'o1' })] }));
    store.getState().ticks([quote(1, 100, { receivedAt: 10 }), quote(2, 200, { receivedAt: 10 })]);
    const before = store.getState();
    store.getState().ticks([quote(1, 101, { receivedAt: 11 })]);
    const after = store.getState();
    expect(after.market.quotes[1]?.ltp).toBe(101);
    expect(after.market.quotes[2]).toBe(before.market.quotes[2]);
    expect(after.trading.orders).toBe(before.trading.orders);
  });

  it('a quote main received before the one on screen is ignored (a late batch after a resync)', () => {
    const store = createTerminalStore();
    store.getState().ticks([quote(1, 100, { receivedAt: 10 })]);
    store.getState().ticks([quote(1, 90, { receivedAt: 9 })]);
    expect(store.getState().market.quotes[1]?.ltp).toBe(100);
  });

  it('market issues are replaced whole, by a copy of the pushed list', () => {
    const store = createTerminalStore();
    const pushed: MarketIssue[] = [{ instrument: 'NSE_EQ|RELIANCE', reason: 'unresolved' }];
    store.getState().marketIssues(pushed);
    expect(store.getState().market.issues).toEqual(pushed);
    expect(store.getState().market.issues).not.toBe(pushed);
    store.getState().marketIssues([]);
    expect(store.getState().market.issues).toEqual([]);
  });
});
