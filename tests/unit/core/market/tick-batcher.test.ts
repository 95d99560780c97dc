import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Quote } from '../../../../src/shared/domain';
import { TickBatcher } from '../../../../electron/core/market/tick-batcher';

function quote(token: number, ltp: number): Quote {
  return {
    token,
    ltp,
    open: null,
    high: null,
    low: null,
    close: null,
    volume: null,
    change: null,
    changePct: null,
    bid: null,
    ask: null,
    direction: 'flat',
    ts: Date.now(),
    receivedAt: Date.now(),
  };
}

describe('TickBatcher', () => {
  beforeEach(() => vi.useFakeTimers({ now: 5_000_000 }));
  afterEach(() => vi.useRealTimers());

  function setup(interest: number[]) {
    const batches: Array<{ at: number; quotes: Quote[] }> = [];
    const b = new TickBatcher({
      intervalMs: 50,
      now: () => Date.now(),
      deliver: (quotes) => batches.push({ at: Date.now(), quotes }),
    });
    b.setInterest(new Set(interest));
    return { b, batches };
  }

  it('delivers only the latest quote per token, only for its tokens, at most once per interval', () => {
    const { b, batches } = setup([1, 2]);
    for (let ms = 0; ms < 1_000; ms++) {
      b.offer(quote(1, 100 + ms));
      b.offer(quote(2, 200 + ms));
      b.offer(quote(3, 300 + ms)); // not shown by this window
      vi.advanceTimersByTime(1);
    }
    vi.advanceTimersByTime(100);
    expect(batches.length).toBeLessThanOrEqual(1_100 / 50 + 1);
    expect(batches.length).toBeGreaterThanOrEqual(1_000 / 50 - 1);
    for (let i = 1; i < batches.length; i++) expect(batches[i]!.at - batches[i - 1]!.at).toBeGreaterThanOrEqual(50);
    for (const batch of batches) {
      expect(batch.quotes.map((q) => q.token).sort()).toEqual([1, 2]);
    }
    const last = batches.at(-1)!.quotes;
    expect(last.find((q) => q.token === 1)?.ltp).toBe(100 + 999);
  });

  it('sends the first quote without waiting a full interval, and nothing when idle', () => {
    const { b, batches } = setup([1]);
    b.offer(quote(1, 10));
    vi.advanceTimersByTime(0);
    expect(batches).toHaveLength(1);
    vi.advanceTimersByTime(1_000);
    expect(batches).toHaveLength(1);
  });

  it('drops pending quotes of tokens the window stopped showing, and everything on dispose', () => {
    const { b, batches } = setup([1, 2]);
    b.offer(quote(1, 10));
    vi.advanceTimersByTime(0);
    b.offer(quote(1, 11));
    b.offer(quote(2, 21));
    b.setInterest(new Set([2]));
    vi.advanceTimersByTime(60);
    expect(batches[1]!.quotes.map((q) => q.token)).toEqual([2]);
    b.offer(quote(2, 22));
    b.dispose();
    vi.advanceTimersByTime(100);
    expect(batches).toHaveLength(2);
  });
});
