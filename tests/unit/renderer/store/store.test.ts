import { describe, expect, it } from 'vitest';
import { applyPatch, applySnapshot, mergeEvents, mergeQuotes } from '../../../../src/renderer/store/reducers';
import {
  activeWatchlistItemIds,
  interestTokens,
  orderIds,
  pendingIntents,
  positionIds,
  totals,
} from '../../../../src/renderer/store/selectors';
import { createTerminalStore, initialTerminalState, TOAST_CAP, TOAST_MS } from '../../../../src/renderer/store/store';
import { describeEvent, toastForEvent } from '../../../../src/renderer/store/toasts';
import type { TradingEvent } from '../../../../src/shared/domain';
import { account, executedEvent, instrument, item, order, position, quote, snapshot, watchlist } from '../fixtures';

const CID = '0b6a7c1e-0000-4000-8000-000000000001';

function loadedStore() {
  const store = createTerminalStore();
  store.getState().replaceSnapshot(
    snapshot({
      watchlists: [watchlist('w1', 'Main', { isDefault: true }), watchlist('w2', 'F&O', { sortOrder: 1 })],
      watchlistItems: [
        item('i2', 'w1', 1594, 1, 'INFY'),
        item('i1', 'w1', 2885, 0, 'RELIANCE'),
        item('i3', 'w2', 53001, 0, 'NIFTYFUT'),
      ],
      instruments: [
        instrument(2885, 'RELIANCE'),
        instrument(1594, 'INFY'),
        instrument(11536, 'TCS'),
        instrument(999, 'RELIANCE', 'NSE_FO'),
      ],
      positions: [
        position({ id: 'p1', symbol: 'RELIANCE', quantity: 10, averagePrice: 2500 }),
        position({ id: 'p2', symbol: 'TCS', quantity: 0, realizedPnL: 120 }),
      ],
      orders: [
        order({
          id: 'o1',
          status: 'PENDING',
          orderType: 'LIMIT',
          price: 2000,
          symbol: 'TCS',
          createdAt: '2026-11-26T09:30:00.000Z',
        }),
        order({ id: 'o2', status: 'EXECUTED', createdAt: '2026-11-26T09:31:00.000Z' }),
      ],
      quotes: [quote(2885, 2510, { ts: 5, receivedAt: 5 })],
    }),
  );
  return store;
}

describe('snapshot and patch reducers', () => {
  it('a snapshot replaces everything and indexes by id / token / symbol', () => {
    const s = loadedStore().getState();
    expect(s.trading.loaded).toBe(true);
    expect(Object.keys(s.trading.orders).sort()).toEqual(['o1', 'o2']);
    expect(s.trading.instruments['2885']?.symbol).toBe('RELIANCE');
    // Equity wins over a future with the same symbol.
    expect(s.trading.tokenBySymbol['RELIANCE']).toBe(2885);
    expect(s.ui.activeWatchlistId).toBe('w1');
    expect(s.market.quotes[2885]?.ltp).toBe(2510);
  });

  it('a second snapshot drops rows the first had', () => {
    const store = loadedStore();
    store.getState().replaceSnapshot(snapshot({ orders: [order({ id: 'o9' })] }));
    expect(Object.keys(store.getState().trading.orders)).toEqual(['o9']);
    expect(store.getState().ui.activeWatchlistId).toBeNull();
  });

  it('patches upsert, delete, and never let an older version overwrite a newer one', () => {
    const data = applySnapshot(snapshot({ orders: [order({ id: 'o1', version: 5, quantity: 10 })] }));
    const next = applyPatch(data, {
      changes: [
        { kind: 'order', op: 'upsert', row: order({ id: 'o1', version: 4, quantity: 99 }) },
        { kind: 'order', op: 'upsert', row: order({ id: 'o2', version: 1 }) },
        { kind: 'account', op: 'upsert', row: account({ version: 2, availableMargin: 5 }) },
      ],
      stale: false,
      syncedAt: 42,
    });
    expect(next.orders['o1']?.quantity).toBe(10);
    expect(next.orders['o2']).toBeDefined();
    expect(next.account?.availableMargin).toBe(5);
    expect(next.syncedAt).toBe(42);
    const newer = applyPatch(next, {
      changes: [{ kind: 'order', op: 'upsert', row: order({ id: 'o1', version: 6, quantity: 7 }) }],
    });
    expect(newer.orders['o1']?.quantity).toBe(7);
    const deleted = applyPatch(newer, { changes: [{ kind: 'order', op: 'delete', id: 'o2' }] });
    expect(deleted.orders['o2']).toBeUndefined();
    // The input is never mutated (zustand relies on new identities).
    expect(next.orders['o2']).toBeDefined();
  });

  it('untouched tables keep their identity so their selectors do not fire', () => {
    const data = applySnapshot(snapshot({ positions: [position({ id: 'p1' })] }));
    const next = applyPatch(data, { changes: [{ kind: 'order', op: 'upsert', row: order({ id: 'o1' }) }] });
    expect(next.positions).toBe(data.positions);
    expect(next.orders).not.toBe(data.orders);
  });

  it('an instrument patch re-indexes symbols', () => {
    const data = applySnapshot(snapshot());
    const next = applyPatch(data, { changes: [{ kind: 'instrument', op: 'upsert', row: instrument(3045, 'SBIN') }] });
    expect(next.tokenBySymbol['SBIN']).toBe(3045);
  });
});

describe('ticks', () => {
  it('only the ticked instruments get new quote identities; quotes main received earlier are ignored', () => {
    const quotes = mergeQuotes({}, [quote(1, 100, { receivedAt: 10 }), quote(2, 200, { receivedAt: 10 })]);
    const next = mergeQuotes(quotes, [quote(1, 101, { receivedAt: 11 }), quote(2, 150, { receivedAt: 9 })]);
    expect(next[1]?.ltp).toBe(101);
    expect(next[2]).toBe(quotes[2]);
    expect(mergeQuotes(next, [])).toBe(next);
  });

  it('a feed whose clock runs 5 s behind still updates the screen (no feed clock meets another clock)', () => {
    const machine = 1_764_500_000_000;
    // A snapshot price stamped when main received it, then live ticks stamped by the feed 5 s behind.
    let quotes = mergeQuotes({}, [quote(2885, 1400, { ts: machine, receivedAt: machine })]);
    for (let i = 1; i <= 3; i++) {
      quotes = mergeQuotes(quotes, [quote(2885, 1400 + i, { ts: machine - 5_000 + i, receivedAt: machine + i })]);
      expect(quotes[2885]?.ltp).toBe(1400 + i);
    }
  });

  it('a tick leaves order/position/watchlist tables untouched', () => {
    const store = loadedStore();
    const before = store.getState();
    store.getState().ticks([quote(2885, 2520, { ts: 6 })]);
    const after = store.getState();
    expect(after.market.quotes[2885]?.ltp).toBe(2520);
    expect(after.trading.positions).toBe(before.trading.positions);
    expect(after.trading.watchlistItems).toBe(before.trading.watchlistItems);
    expect(after.trading.orders).toBe(before.trading.orders);
  });

  it('a snapshot keeps live quotes newer than its own', () => {
    const store = loadedStore();
    store.getState().ticks([quote(1594, 1500, { ts: 50, receivedAt: 50 })]);
    store.getState().replaceSnapshot(
      snapshot({
        quotes: [quote(2885, 2400, { ts: 40, receivedAt: 40 }), quote(1594, 1400, { ts: 20, receivedAt: 20 })],
      }),
    );
    expect(store.getState().market.quotes[1594]?.ltp).toBe(1500);
    expect(store.getState().market.quotes[2885]?.ltp).toBe(2400);
  });

  it('live P&L totals follow the tick', () => {
    const store = loadedStore();
    store.getState().ticks([quote(2885, 2550, { ts: 7, close: 2540 })]);
    const t = totals(store.getState());
    expect(t.unrealized).toBeCloseTo(500);
    expect(t.day).toBeCloseTo(100);
    expect(t.booked).toBeCloseTo(120);
  });
});

describe('events and toasts', () => {
  it('keeps events newest first, de-duplicated by seq, capped', () => {
    const merged = mergeEvents([executedEvent(2)], [executedEvent(1), executedEvent(3), executedEvent(2)]);
    expect(merged.map((e) => e.seq)).toEqual([3, 2, 1]);
    const many = Array.from({ length: 20 }, (_, i) => executedEvent(i + 1));
    expect(mergeEvents([], many, 5).map((e) => e.seq)).toEqual([20, 19, 18, 17, 16]);
  });

  it('a live event toasts once; the same seq again does not; history never toasts', () => {
    const store = loadedStore();
    store.getState().tradingEvent(executedEvent(7));
    store.getState().tradingEvent(executedEvent(7));
    expect(store.getState().events).toHaveLength(1);
    expect(store.getState().toasts).toHaveLength(1);
    expect(store.getState().toasts[0]?.title).toBe('Bought RELIANCE');
    store.getState().loadEvents([executedEvent(3), executedEvent(4)]);
    expect(store.getState().events.map((e) => e.seq)).toEqual([7, 4, 3]);
    expect(store.getState().toasts).toHaveLength(1);
  });

  it('position_closed toasts its booked P&L and recovered events are marked', () => {
    const store = loadedStore();
    store.getState().tradingEvent({
      seq: 9,
      at: 1,
      accountId: 'acc-1',
      recovered: true,
      type: 'position_closed',
      position: position({ id: 'p1', quantity: 0 }),
      realizedPnL: -80,
      realizedPnLRounding: 0,
    });
    const t = store.getState().toasts[0];
    expect(t?.body).toBe('Booked P&L -₹80.00');
    expect(t?.recovered).toBe(true);
    expect(t?.tone).toBe('error');
  });

  it("each toast's timer is its own: others arriving or leaving never restart it (issue 11)", () => {
    let now = 1_000_000;
    const store = createTerminalStore(initialTerminalState(), () => now);
    store.getState().notify({ kind: 'refused', what: 'A', message: '' });
    now += 2_000;
    store.getState().notify({ kind: 'refused', what: 'B', message: '' });
    now += 2_000;
    store.getState().notify({ kind: 'refused', what: 'C', message: '' });
    store.getState().dismissToast(store.getState().toasts[1]!.id); // B goes early
    expect(store.getState().toasts.map((t) => [t.title, t.expiresAt])).toEqual([
      ['A failed', 1_000_000 + TOAST_MS],
      ['C failed', 1_004_000 + TOAST_MS],
    ]);
    // Three toasts shown over 4 s are all gone 6 s after the last, not 18 s after the first.
    store.getState().expireToasts(1_000_000 + TOAST_MS);
    expect(store.getState().toasts.map((t) => t.title)).toEqual(['C failed']);
    store.getState().expireToasts(1_004_000 + TOAST_MS);
    expect(store.getState().toasts).toEqual([]);
  });

  it('caps the toast stack', () => {
    const store = loadedStore();
    for (let i = 1; i <= TOAST_CAP + 3; i++) store.getState().tradingEvent(executedEvent(i));
    expect(store.getState().toasts).toHaveLength(TOAST_CAP);
  });
});

describe('selectors', () => {
  it('orders by tab, newest first; positions open vs closed', () => {
    const s = loadedStore().getState();
    expect(orderIds(s, 'open')).toEqual(['o1']);
    expect(orderIds(s, 'executed')).toEqual(['o2']);
    expect(orderIds(s, 'cancelled')).toEqual([]);
    expect(positionIds(s, 'open')).toEqual(['p1']);
    expect(positionIds(s, 'closed')).toEqual(['p2']);
  });

  it('a just-created watchlist stays active until its row arrives; a deleted one falls back to the default', () => {
    const store = loadedStore();
    store.getState().setUi({ activeWatchlistId: 'w-new' });
    store.getState().patch({ changes: [{ kind: 'order', op: 'upsert', row: order({ id: 'o7' }) }] });
    expect(store.getState().ui.activeWatchlistId).toBe('w-new');
    store
      .getState()
      .patch({ changes: [{ kind: 'watchlist', op: 'upsert', row: watchlist('w-new', 'Scalps', { sortOrder: 2 }) }] });
    expect(store.getState().ui.activeWatchlistId).toBe('w-new');
    store.getState().patch({ changes: [{ kind: 'watchlist', op: 'delete', id: 'w-new' }] });
    expect(store.getState().ui.activeWatchlistId).toBe('w1');
  });

  it('watchlist items in sortOrder of the active list', () => {
    const store = loadedStore();
    expect(activeWatchlistItemIds(store.getState())).toEqual(['i1', 'i2']);
    store.getState().setUi({ activeWatchlistId: 'w2' });
    expect(activeWatchlistItemIds(store.getState())).toEqual(['i3']);
  });

  it('interest: header indices, active watchlist, open positions, pending orders', () => {
    const store = loadedStore();
    // 2885 RELIANCE (watchlist + open position), 1594 INFY (watchlist), 11536 TCS (pending order; its position is closed).
    expect(interestTokens(store.getState())).toEqual([1594, 2885, 11536, 26000, 26009]);
    store.getState().setUi({ activeWatchlistId: 'w2' });
    expect(interestTokens(store.getState())).toEqual([2885, 11536, 26000, 26009, 53001]);
  });

  it('unconfirmed intents show until an order carries their client order id', () => {
    const store = loadedStore();
    const intent = {
      clientOrderId: CID,
      symbol: 'INFY',
      token: 1594,
      side: 'BUY' as const,
      type: 'MARKET' as const,
      product: 'MIS',
      quantity: 1,
      price: null,
      state: 'unconfirmed' as const,
      error: null,
      createdAt: 5,
    };
    store.getState().patch({ changes: [{ kind: 'intent', op: 'upsert', row: intent }] });
    expect(pendingIntents(store.getState()).map((i) => i.clientOrderId)).toEqual([CID]);
    store
      .getState()
      .patch({ changes: [{ kind: 'order', op: 'upsert', row: order({ id: 'o5', clientOrderId: CID }) }] });
    expect(pendingIntents(store.getState())).toEqual([]);
    store.getState().patch({ changes: [{ kind: 'intent', op: 'delete', id: CID }] });
    expect(store.getState().trading.intents[CID]).toBeUndefined();
  });
});

describe('event wording', () => {
  const base = { at: 1, accountId: 'acc-1', recovered: false };
  const events: TradingEvent[] = [
    { ...base, seq: 1, type: 'order_placed', order: order({ id: 'a', orderType: 'LIMIT', price: 2400 }) },
    {
      ...base,
      seq: 2,
      type: 'order_executed',
      order: order({ id: 'a', status: 'EXECUTED', filledQuantity: 10, averagePrice: 2401.5 }),
    },
    { ...base, seq: 3, type: 'order_cancelled', order: order({ id: 'b', status: 'CANCELLED' }) },
    {
      ...base,
      seq: 4,
      type: 'order_modified',
      order: order({ id: 'c', price: 2390, quantity: 5 }),
      previous: { price: 2400, quantity: 10 },
    },
    { ...base, seq: 5, type: 'position_opened', position: position({ id: 'p' }) },
    { ...base, seq: 6, type: 'position_updated', position: position({ id: 'p', quantity: 20 }) },
    {
      ...base,
      seq: 7,
      type: 'position_closed',
      position: position({ id: 'p', quantity: 0 }),
      realizedPnL: 1250,
      realizedPnLRounding: 0,
    },
    {
      ...base,
      seq: 8,
      type: 'balance_updated',
      balance: 999_980,
      previousBalance: 1_000_000,
      availableMargin: 900_000,
      usedMargin: 99_980,
    },
    { ...base, seq: 9, type: 'margin_blocked', amount: 125, availableMargin: 999_875, usedMargin: 125 },
    { ...base, seq: 10, type: 'margin_released', amount: 125, availableMargin: 1_000_000, usedMargin: 0 },
    // Issue 11: charges by name; the booked amount and its rupee rounding apart.
    {
      ...base,
      seq: 11,
      type: 'charges_debited',
      order: order({ id: 'r', quantity: 1, chargesDeducted: 2 }),
      amount: 2,
      onModify: false,
    },
    {
      ...base,
      seq: 12,
      type: 'charges_debited',
      order: order({ id: 'r', quantity: 100_000, chargesDeducted: 49_005 }),
      amount: 49_003,
      onModify: true,
    },
    {
      ...base,
      seq: 13,
      type: 'charges_refunded',
      order: order({ id: 'r', quantity: 1, chargesDeducted: 2 }),
      amount: 49_003,
    },
    {
      ...base,
      seq: 14,
      type: 'pnl_booked',
      order: order({ id: 's', orderSide: 'SELL', quantity: 1, filledQuantity: 1, status: 'EXECUTED' }),
      realizedPnL: -1.75,
      realizedPnLRounding: -0.25,
    },
    {
      ...base,
      seq: 15,
      type: 'position_closed',
      position: position({ id: 'p', quantity: 0 }),
      realizedPnL: -1.75,
      realizedPnLRounding: -0.25,
    },
  ];
  it('describes every event type in words, with Indian grouping', () => {
    expect(events.map(describeEvent)).toEqual([
      'Placed BUY 10 RELIANCE LIMIT @ 2,400.00',
      'Executed BUY 10 RELIANCE @ 2,401.50',
      'Cancelled BUY 10 RELIANCE',
      'Modified RELIANCE: 10 @ 2,400.00 → 5 @ 2,390.00',
      'Opened RELIANCE 10 @ 2,500.00',
      'Position RELIANCE now 20 @ 2,500.00',
      'Closed RELIANCE, booked +₹1,250.00',
      // Whole-rupee money without paise; the change said, not hidden in "(was …)".
      'Balance ₹9,99,980 (-₹20)',
      'Margin blocked ₹125, available ₹9,99,875',
      'Margin released ₹125, available ₹10,00,000',
      'Charges ₹2 for BUY 1 RELIANCE',
      'Charges ₹49,003 more for BUY 1,00,000 RELIANCE (modified)',
      'Charges ₹49,003 refunded for BUY 1 RELIANCE (modified)',
      'Booked -₹1.75 on SELL 1 RELIANCE; balance -₹2 (rounding -₹0.25)',
      'Closed RELIANCE, booked -₹1.75; balance -₹2 (rounding -₹0.25)',
    ]);
  });
  it('toasts trading outcomes, not bookkeeping (no toast for balance or position updates, or MARKET placement)', () => {
    const toasted = events.map((e) => toastForEvent(e)?.title ?? null);
    expect(toasted).toEqual([
      'Order placed: RELIANCE',
      'Bought RELIANCE',
      'Order cancelled: RELIANCE',
      'Order modified: RELIANCE',
      'Position opened: RELIANCE',
      null,
      'Position closed: RELIANCE',
      null,
      'Margin blocked',
      'Margin released',
      null,
      null,
      null,
      null,
      'Position closed: RELIANCE',
    ]);
    expect(toastForEvent(events[14]!)?.body).toBe('Booked P&L -₹1.75; balance -₹2 (rounding -₹0.25)');
    expect(toastForEvent(events[8]!)?.body).toBe('₹125 · available ₹9,99,875');
    expect(
      toastForEvent({ ...base, seq: 11, type: 'order_placed', order: order({ id: 'm', orderType: 'MARKET' }) }),
    ).toBeNull();
  });
  it('says "Stop triggered: … at …" for a stop whose trigger was crossed (issue 13)', () => {
    const stop = order({
      id: 'st',
      orderType: 'SL-M',
      orderSide: 'SELL',
      quantity: 2,
      price: null,
      triggerPrice: 1500,
      triggeredAt: '2026-12-01T03:00:00.000Z',
    });
    const triggered: TradingEvent = { ...base, seq: 16, type: 'order_triggered', order: stop };
    expect(toastForEvent(triggered)).toMatchObject({
      tone: 'warning',
      title: 'Stop triggered: SELL 2 RELIANCE at 1,500.00',
      body: 'SL-M now works as MARKET',
    });
    expect(describeEvent(triggered)).toBe('Stop triggered: SELL 2 RELIANCE at 1,500.00');
    expect(describeEvent({ ...base, seq: 17, type: 'order_placed', order: { ...stop, triggeredAt: null } })).toBe(
      'Placed SELL 2 RELIANCE SL-M trigger 1,500.00',
    );
  });
});
