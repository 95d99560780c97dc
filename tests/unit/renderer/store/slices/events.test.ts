import { describe, expect, it } from 'vitest';
import { createTerminalStore } from '../../../../../src/renderer/store/store';
import type { TradingEvent } from '../../../../../src/shared/domain';
import { ACCOUNT_ID, executedEvent } from '../../fixtures';

const balance: TradingEvent = {
  seq: 5,
  at: 1_700_000_000_005,
  accountId: ACCOUNT_ID,
  recovered: false,
  type: 'balance_updated',
  balance: 1_000_000,
  previousBalance: 1_000_125,
  availableMargin: 990_000,
  usedMargin: 10_000,
};

describe('events slice', () => {
  it('logs a live event newest first and hands it to the toasts once, whatever repeats it', () => {
    const store = createTerminalStore();
    store.getState().tradingEvent(executedEvent(3));
    store.getState().tradingEvent(executedEvent(4));
    store.getState().tradingEvent(executedEvent(3)); // the push raced `events.list`
    expect(store.getState().events.map((e) => e.seq)).toEqual([4, 3]);
    expect(store.getState().toasts.map((t) => t.title)).toEqual(['Bought RELIANCE', 'Bought RELIANCE']);
  });

  it('a repeated event changes nothing at all (no new state object for subscribers)', () => {
    const store = createTerminalStore();
    store.getState().tradingEvent(executedEvent(3));
    const before = store.getState();
    store.getState().tradingEvent(executedEvent(3));
    expect(store.getState()).toBe(before);
  });

  it('a bookkeeping event is logged but not toasted; journal history is never toasted', () => {
    const store = createTerminalStore();
    store.getState().tradingEvent(balance);
    store.getState().loadEvents([executedEvent(1), executedEvent(2)]);
    expect(store.getState().events.map((e) => e.seq)).toEqual([5, 2, 1]);
    expect(store.getState().toasts).toEqual([]);
  });
});
