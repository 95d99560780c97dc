import { describe, expect, it } from 'vitest';
import { createTerminalStore } from '../../../../../src/renderer/store/store';
import { instrument, item, order, quote, snapshot, watchlist } from '../../fixtures';

function twoLists() {
  return snapshot({
    watchlists: [watchlist('w1', 'Main', { isDefault: true }), watchlist('w2', 'F&O', { sortOrder: 1 })],
    watchlistItems: [item('i1', 'w1', 2885, 0, 'RELIANCE')],
    instruments: [instrument(2885, 'RELIANCE')],
  });
}

describe('trading slice', () => {
  it('a snapshot loads the data, picks the default list, and keeps live quotes newer than its own', () => {
    const store = createTerminalStore();
    store.getState().ticks([quote(2885, 2520, { receivedAt: 20 }), quote(1594, 1500, { receivedAt: 5 })]);
    store.getState().replaceSnapshot({
      ...twoLists(),
      quotes: [quote(2885, 2510, { receivedAt: 10 }), quote(1594, 1490, { receivedAt: 10 })],
    });
    const s = store.getState();
    expect(s.trading.loaded).toBe(true);
    expect(s.ui.activeWatchlistId).toBe('w1');
    expect(s.market.quotes[2885]?.ltp).toBe(2520); // the live one was newer
    expect(s.market.quotes[1594]?.ltp).toBe(1490); // the snapshot's was newer
  });

  it('deleting the active list falls back to the default; a patch that does not touch it keeps ui as it was', () => {
    const store = createTerminalStore();
    store.getState().replaceSnapshot(twoLists());
    store.getState().setUi({ activeWatchlistId: 'w2' });
    const ui = store.getState().ui;
    store.getState().patch({ changes: [{ kind: 'order', op: 'upsert', row: order({ id: 'o1' }) }] });
    expect(store.getState().ui).toBe(ui);
    store.getState().patch({ changes: [{ kind: 'watchlist', op: 'delete', id: 'w2' }] });
    expect(store.getState().ui.activeWatchlistId).toBe('w1');
  });

  it('a patch keeps the identity of every table it does not touch', () => {
    const store = createTerminalStore();
    store.getState().replaceSnapshot(twoLists());
    const before = store.getState();
    store.getState().patch({ changes: [{ kind: 'order', op: 'upsert', row: order({ id: 'o1' }) }], syncedAt: 9 });
    const after = store.getState();
    expect(after.trading.orders).not.toBe(before.trading.orders);
    expect(after.trading.watchlists).toBe(before.trading.watchlists);
    expect(after.trading.instruments).toBe(before.trading.instruments);
    expect(after.trading.syncedAt).toBe(9);
  });

  it('the synced rows sit under one key: the root holds no table of them', () => {
    const store = createTerminalStore();
    store.getState().replaceSnapshot(twoLists());
    const s = store.getState();
    for (const table of ['account', 'orders', 'positions', 'watchlists', 'instruments', 'priceAlerts'])
      expect(s).not.toHaveProperty(table);
    expect(Object.keys(s.trading.watchlists)).toEqual(['w1', 'w2']);
  });
});
