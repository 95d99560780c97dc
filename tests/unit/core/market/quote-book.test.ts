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
    tradeTime: null,
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
    expect(book.apply(tick({ ltp: 101 }), 2)!.direction).toBe('up');
    expect(book.apply(tick({ ltp: 100.5 }), 3)!.direction).toBe('down');
    expect(book.apply(tick({ ltp: 100.5 }), 4)!.direction).toBe('flat');
  });

  it('keeps the last direction when a synthetic re-send refreshes a quote from before this connection', () => {
    const book = new QuoteBook();
    book.apply(tick({ ltp: 100 }), 1);
    book.apply(tick({ ltp: 101 }), 2);
    expect(book.apply(tick({ ltp: 101, synthetic: true }), 10, 5)!.direction).toBe('up');
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
    expect(new QuoteBook().apply(tick({ ts: null }), 777)!.ts).toBe(777);
  });

  it('primes from cache without replacing fresher quotes', () => {
    const book = new QuoteBook();
    const live = book.apply(tick({ token: 1, ltp: 10 }), 2_000)!;
    book.prime([
      { ...live, ltp: 9, receivedAt: 1_000 },
      { ...live, token: 2, ltp: 20, receivedAt: 1_000 },
    ]);
    expect(book.get(1)?.ltp).toBe(10);
    expect(book.get(2)?.ltp).toBe(20);
    expect(book.size).toBe(2);
  });
});

/** 2026-11-30 at `hh:mm:ss` IST as epoch ms (the exchange stamps whole seconds). */
const ist = (hh: number, mm: number, ss: number, day = 30) => Date.UTC(2026, 10, day, hh - 5, mm - 30, ss);

describe('QuoteBook: the feed order, not the arrival order', () => {
  const RELIANCE = 2885;

  it('a tick of 10:00:01 after one of 10:00:02 is dropped: LTP 1,402.50, volume 12,000', () => {
    const book = new QuoteBook();
    const at = ist(10, 0, 3);
    book.apply(tick({ token: RELIANCE, ltp: 1402.5, volume: 12_000, tradeTime: ist(10, 0, 2), ts: at }), at);
    const late = tick({ token: RELIANCE, ltp: 1401, volume: 11_900, tradeTime: ist(10, 0, 1), ts: at + 5 });
    expect(book.apply(late, at + 10)).toBeNull();
    expect(book.get(RELIANCE)).toMatchObject({ ltp: 1402.5, volume: 12_000 });
    expect(book.stats()).toEqual({ outOfOrder: 1, resent: 0 });
  });

  it('orders by the exchange trade time even when the envelope time says otherwise (a re-sent tick)', () => {
    const book = new QuoteBook();
    book.apply(tick({ ltp: 101, tradeTime: ist(10, 0, 5), ts: ist(10, 0, 5) }), 1);
    // Re-sent later (newer envelope time) but about an older trade.
    expect(book.apply(tick({ ltp: 99, tradeTime: ist(10, 0, 4), ts: ist(10, 0, 9) }), 2)).toBeNull();
    expect(book.get(2885)?.ltp).toBe(101);
  });

  it('without a trade time, orders by the envelope time', () => {
    const book = new QuoteBook();
    book.apply(tick({ ltp: 101, ts: ist(10, 0, 5) }), 1);
    expect(book.apply(tick({ ltp: 99, ts: ist(10, 0, 4) }), 2)).toBeNull();
    expect(book.apply(tick({ ltp: 102, ts: ist(10, 0, 6) }), 3)?.ltp).toBe(102);
  });

  it('within one exchange second, a lower cumulative volume is the older tick', () => {
    const book = new QuoteBook();
    const t = ist(10, 0, 2);
    book.apply(tick({ ltp: 1402.5, volume: 12_000, tradeTime: t }), 1);
    expect(book.apply(tick({ ltp: 1401, volume: 11_950, tradeTime: t }), 2)).toBeNull();
    expect(book.apply(tick({ ltp: 1403, volume: 12_050, tradeTime: t }), 3)?.ltp).toBe(1403);
  });

  it('a synthetic re-send never changes a quote this connection has live, whatever its price', () => {
    const book = new QuoteBook();
    const connectedAt = 100;
    book.apply(tick({ ltp: 1402.5, volume: 12_000, tradeTime: ist(10, 0, 2) }), 150, connectedAt);
    const resend = tick({ ltp: 1399, volume: 12_000, tradeTime: ist(10, 0, 2), ts: ist(10, 0, 30), synthetic: true });
    expect(book.apply(resend, 200, connectedAt)).toBeNull();
    const noTime = tick({ ltp: 1390, ts: null, synthetic: true });
    expect(book.apply(noTime, 210, connectedAt)).toBeNull();
    expect(book.get(2885)).toMatchObject({ ltp: 1402.5, receivedAt: 150 });
    expect(book.stats().resent).toBe(2);
  });

  it('a synthetic tick after a reconnect refreshes a quote of the earlier connection, never an older trade', () => {
    const book = new QuoteBook();
    book.apply(tick({ ltp: 1402.5, tradeTime: ist(10, 0, 2) }), 150, 100);
    // New connection at 500: the service re-sends the current last trade, made meanwhile.
    expect(book.apply(tick({ ltp: 1405, tradeTime: ist(10, 3, 0), synthetic: true }), 510, 500)?.ltp).toBe(1405);
    // Not an older trade, even from a new connection.
    expect(book.apply(tick({ ltp: 1300, tradeTime: ist(9, 59, 0), synthetic: true }), 900, 800)).toBeNull();
    expect(book.get(2885)?.ltp).toBe(1405);
  });

  it('volume and the day high/low never go backwards within a trading day; a new day starts afresh', () => {
    const book = new QuoteBook();
    book.apply(tick({ ltp: 100, high: 105, low: 95, volume: 5_000, tradeTime: ist(11, 0, 0) }), 1);
    // A newer tick from a lagging source: lower volume, lower high, higher low.
    const q = book.apply(tick({ ltp: 101, high: 103, low: 97, volume: 4_000, tradeTime: ist(11, 0, 5) }), 2)!;
    expect(q).toMatchObject({ ltp: 101, high: 105, low: 95, volume: 5_000 });
    // Next morning: volume and range restart.
    const next = book.apply(tick({ ltp: 102, high: 102, low: 101, volume: 10, tradeTime: ist(9, 15, 1, 31) }), 3)!;
    expect(next).toMatchObject({ high: 102, low: 101, volume: 10 });
  });

  it('never compares the feed clock with the machine clock: a feed 5 s behind still updates', () => {
    const book = new QuoteBook();
    const machine = ist(10, 0, 10);
    // A snapshot price (no time), then real ticks stamped by a feed whose clock is 5 s behind.
    book.apply(tick({ ltp: 100, ts: null, synthetic: true }), machine, machine);
    for (let i = 1; i <= 5; i++) {
      const q = book.apply(tick({ ltp: 100 + i, ts: machine - 5_000 + i, tradeTime: machine - 5_000 }), machine + i);
      expect(q?.ltp).toBe(100 + i);
    }
    expect(book.stats().outOfOrder).toBe(0);
  });

  it('the first live tick after an offline start (primed from the cache) is taken as it comes', () => {
    const book = new QuoteBook();
    const cached = book.apply(tick({ ltp: 90, ts: ist(15, 29, 0, 29), tradeTime: ist(15, 29, 0, 29) }), 1)!;
    const fresh = new QuoteBook();
    fresh.prime([{ ...cached, volume: 9_999_999, high: 500 }]);
    expect(fresh.apply(tick({ ltp: 95, volume: 10, high: 96, tradeTime: ist(9, 15, 0) }), 2)).toMatchObject({
      ltp: 95,
      volume: 10,
      high: 96,
    });
  });
  it('keeps each instrument apart across hundreds of instruments, primed and live, in the order first seen', () => {
    const book = new QuoteBook();
    const tokens = Array.from({ length: 300 }, (_, i) => 1_000 + i);
    // Every other instrument primed from the cache first (its place in the feed's order unknown).
    const earlier = new QuoteBook();
    book.prime(
      tokens
        .filter((_, i) => i % 2 === 0)
        .map((t) => earlier.apply(tick({ token: t, ltp: t, close: t - 1, volume: t, high: t + 1, low: t - 2 }), 1)!),
    );
    expect(book.get(1_000)).toMatchObject({ ltp: 1_000, low: 998 });
    expect(book.get(1_001)).toBeUndefined();
    for (const t of tokens) {
      // Same day, same second: volume and high never go back, low never goes up; each by its own figures.
      book.apply(tick({ token: t, ltp: t + 0.5, volume: t * 2, high: t + 3, low: t - 1, tradeTime: 50_000 }), 2);
      expect(
        book.apply(tick({ token: t, ltp: t + 0.25, volume: t * 2, high: t, low: t, tradeTime: 50_000 }), 3),
      ).toMatchObject({
        token: t,
        ltp: t + 0.25,
        volume: t * 2,
        high: t + 3,
        low: t - 1,
        direction: 'down',
      });
    }
    expect(book.size).toBe(300);
    // First seen: the primed ones, then the others as their first ticks came.
    const primed = tokens.filter((_, i) => i % 2 === 0);
    expect(book.all().map((q) => q.token)).toEqual([...primed, ...tokens.filter((t) => !primed.includes(t))]);
    for (const t of tokens) expect(book.get(t)).toMatchObject({ token: t, ltp: t + 0.25, receivedAt: 3 });
    // An older tick of one instrument is dropped; its neighbours are untouched.
    expect(book.apply(tick({ token: 1_150, ltp: 1, tradeTime: 40_000 }), 4)).toBeNull();
    expect(book.get(1_150)!.ltp).toBe(1_150.25);
    expect(book.stats().outOfOrder).toBe(1);
  });
});
