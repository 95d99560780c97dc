import { describe, expect, it } from 'vitest';
import { QuoteBook } from '../../../../electron/core/market/quote-book';
import type { ParsedTick } from '../../../../electron/core/market/tick-parser';

function tick(p: Partial<ParsedTick>): ParsedTick {
  return {
    token: 2885,
    ltp: 100,
    open: null,
    high: null,
    low: null,
    close: null,
    volume: null,
    bid: null,
    ask: null,
    change: null,
    changePct: null,
    ts: 1_000,
    synthetic: false,
    ...p,
  };
}

describe('QuoteBook', () => {
  it('derives change and change % against the previous close', () => {
    const book = new QuoteBook();
    const q = book.apply(tick({ ltp: 1402.5, close: 1395, open: 1390, high: 1410, low: 1385 }), 5_000);
    expect(q).toMatchObject({
      token: 2885,
      ltp: 1402.5,
      close: 1395,
      change: 7.5,
      changePct: 0.5376,
      direction: 'flat',
      ts: 1_000,
      receivedAt: 5_000,
    });
  });

  it('sets direction against the previous last price', () => {
    const book = new QuoteBook();
    book.apply(tick({ ltp: 100, close: 100 }), 1);
    expect(book.apply(tick({ ltp: 101 }), 2).direction).toBe('up');
    expect(book.apply(tick({ ltp: 100.5 }), 3).direction).toBe('down');
    expect(book.apply(tick({ ltp: 100.5 }), 4).direction).toBe('flat');
  });

  it('keeps the last direction on a synthetic re-send of the same price', () => {
    const book = new QuoteBook();
    book.apply(tick({ ltp: 100 }), 1);
    book.apply(tick({ ltp: 101 }), 2);
    expect(book.apply(tick({ ltp: 101, synthetic: true }), 3).direction).toBe('up');
  });

  it('keeps OHLC and close from earlier ticks when an ltp-mode tick carries none', () => {
    const book = new QuoteBook();
    book.apply(tick({ ltp: 100, open: 99, high: 101, low: 98, close: 97, volume: 10, bid: 99.95, ask: 100.05 }), 1);
    const q = book.apply(tick({ ltp: 102 }), 2);
    expect(q).toMatchObject({
      open: 99,
      high: 101,
      low: 98,
      close: 97,
      volume: 10,
      change: 5,
      bid: 99.95,
      ask: 100.05,
    });
  });

  it('uses the change the tick carried when no close is known', () => {
    const book = new QuoteBook();
    expect(book.apply(tick({ ltp: 50, change: -1, changePct: -1.96 }), 1)).toMatchObject({
      change: -1,
      changePct: -1.96,
    });
  });

  it('uses receivedAt as ts when the tick had no time', () => {
    expect(new QuoteBook().apply(tick({ ts: null }), 777).ts).toBe(777);
  });

  it('primes from cache without replacing fresher quotes', () => {
    const book = new QuoteBook();
    const live = book.apply(tick({ token: 1, ltp: 10 }), 2_000);
    book.prime([
      { ...live, ltp: 9, receivedAt: 1_000 },
      { ...live, token: 2, ltp: 20, receivedAt: 1_000 },
    ]);
    expect(book.get(1)?.ltp).toBe(10);
    expect(book.get(2)?.ltp).toBe(20);
    expect(book.size).toBe(2);
  });
});
