import { describe, expect, it } from 'vitest';
import { candleTickOf, MinuteSeries } from '../../../../electron/core/chart/minute-series';
import { QuoteBook } from '../../../../electron/core/market/quote-book';
import type { ParsedTick } from '../../../../electron/core/market/tick-parser';

/** Epoch ms of an IST wall-clock time, `ist('2026-12-01 09:15:30')`. */
function ist(text: string): number {
  const [date, time = '00:00:00'] = text.split(' ');
  const [y, mo, d] = date!.split('-').map(Number);
  const [h, mi, s = 0] = time.split(':').map(Number);
  return Date.UTC(y!, mo! - 1, d!, h!, mi!, s) - 330 * 60_000;
}
const hhmm = (t: number) => new Date(t + 330 * 60_000).toISOString().slice(11, 16);

function tick(at: string, ltp: number, volume: number | null, p: Partial<ParsedTick> = {}): ParsedTick {
  const t = ist(at);
  return {
    token: 2885,
    ltp,
    open: null,
    high: null,
    low: null,
    close: 1500,
    volume,
    bid: null,
    ask: null,
    change: null,
    changePct: null,
    ts: t + 150,
    tradeTime: t,
    synthetic: false,
    ...p,
  };
}

/** The market pipeline as the chart service runs it: the QuoteBook orders ticks, the series builds candles. */
function pipeline(exchange = 'NSE_EQ') {
  const book = new QuoteBook();
  const series = new MinuteSeries(exchange);
  let received = 1_000;
  return {
    book,
    series,
    feed(...ticks: ParsedTick[]) {
      for (const t of ticks) {
        const quote = book.apply(t, received++, 0);
        if (quote === null) continue;
        const input = candleTickOf(t, quote);
        if (input) series.ingest(input);
      }
    },
    table: () => series.candles.map((c) => [hhmm(c.time), c.open, c.high, c.low, c.close, c.volume, c.gap]),
  };
}

describe('MinuteSeries (candles from ticks)', () => {
  it('buckets by the exchange time from the 09:15 IST open; pre-open trades join the first candle', () => {
    const p = pipeline();
    p.feed(
      tick('2026-12-01 09:07:40', 1510, 5_000), // pre-open print
      tick('2026-12-01 09:15:00', 1512, 5_100),
      tick('2026-12-01 09:15:59', 1508, 5_160),
      tick('2026-12-01 09:16:00', 1509, 5_200),
      tick('2026-12-01 09:20:30', 1511, 5_260),
    );
    expect(p.table()).toEqual([
      ['09:15', 1510, 1512, 1508, 1508, 160, false],
      ['09:16', 1509, 1509, 1509, 1509, 40, false],
      ['09:20', 1511, 1511, 1511, 1511, 60, false],
    ]);
  });

  it('takes volume as the increase of the day’s cumulative volume, the first tick being only the baseline', () => {
    const p = pipeline();
    p.feed(
      tick('2026-12-01 10:00:01', 100, 70_000), // joined mid-day: 70,000 traded before we listened
      tick('2026-12-01 10:00:30', 101, 70_010),
      tick('2026-12-01 10:00:59', 102, 70_025),
      tick('2026-12-01 10:01:10', 101.5, 70_030),
      tick('2026-12-01 10:03:00', 101, 70_030), // no trade since: volume 0
    );
    expect(p.table().map((r) => [r[0], r[5]])).toEqual([
      ['10:00', 25],
      ['10:01', 5],
      ['10:03', 0],
    ]);
  });

  it('never changes a closed candle: older ticks are dropped by the QuoteBook, stale buckets by the series', () => {
    const p = pipeline();
    p.feed(tick('2026-12-01 10:00:10', 100, 1_000), tick('2026-12-01 10:01:05', 101, 1_010));
    const before = p.table();
    // Re-sent or reordered: older than the instrument's last tick.
    p.feed(tick('2026-12-01 10:00:40', 150, 1_005), tick('2026-12-01 10:01:04', 50, 1_008));
    expect(p.table()).toEqual(before);
    expect(p.book.stats().outOfOrder).toBe(2);

    // After a restart the QuoteBook has no order for a primed quote; the series still refuses a
    // tick whose bucket is older than its last candle.
    const s = p.series;
    expect(s.ingest({ time: ist('2026-12-01 10:00:50'), price: 999, cumVolume: 9_999, synthetic: false })).toBeNull();
    expect(p.table()).toEqual(before);
    expect(s.stats().stale).toBe(1);
  });

  it('ignores synthetic re-sends (no candle, no price, no volume) but takes their volume as the baseline', () => {
    const p = pipeline();
    // First sight of the instrument is the service's re-send of its last tick (cumulative 4,000).
    p.feed(tick('2026-12-01 11:00:00', 200, 4_000, { synthetic: true }));
    expect(p.series.candles).toHaveLength(0);
    p.feed(tick('2026-12-01 11:00:05', 201, 4_050));
    // A synthetic re-send of the last price never touches the candle (the book ignores it live; the series too).
    p.series.ingest({ time: ist('2026-12-01 11:00:06'), price: 250, cumVolume: 9_000, synthetic: true });
    expect(p.table()).toEqual([['11:00', 201, 201, 201, 201, 50, false]]);
    expect(p.series.stats().synthetic).toBe(2);
  });

  it('marks the candle where a new run starts after a break, and never piles the break’s volume into it', () => {
    const p = pipeline();
    p.feed(tick('2026-12-01 12:00:10', 300, 10_000), tick('2026-12-01 12:00:40', 301, 10_020));
    // Disconnected 12:01–12:04; 5,000 traded meanwhile.
    p.series.newRun();
    p.feed(tick('2026-12-01 12:04:30', 305, 15_020), tick('2026-12-01 12:04:50', 306, 15_030));
    expect(p.table()).toEqual([
      ['12:00', 300, 301, 300, 301, 20, false],
      ['12:04', 305, 306, 305, 306, 10, true],
    ]);
    // A break inside one minute marks that minute.
    p.series.newRun();
    p.feed(tick('2026-12-01 12:04:55', 307, 15_100), tick('2026-12-01 12:05:01', 306.5, 15_110));
    expect(p.table()).toEqual([
      ['12:00', 300, 301, 300, 301, 20, false],
      ['12:04', 305, 307, 305, 307, 10, true],
      ['12:05', 306.5, 306.5, 306.5, 306.5, 10, false],
    ]);
  });

  it('a run that starts on a new day is not a gap; a run that crosses midnight counts the new day from zero', () => {
    const p = pipeline('MCX_FO');
    p.feed(tick('2026-12-01 23:58:00', 500, 80_000), tick('2026-12-01 23:59:30', 501, 80_040));
    // Still the same run at 00:00:20: the feed's cumulative volume restarted for the new day.
    p.feed(tick('2026-12-02 00:00:20', 502, 30));
    expect(p.table().map((r) => [r[0], r[5], r[6]])).toEqual([
      ['23:58', 0, false],
      ['23:59', 40, false],
      ['00:00', 30, false],
    ]);
    // Next morning after a restart: a new day, so nothing is missing from it.
    const q = pipeline('MCX_FO');
    q.series.load(p.series.candles);
    q.feed(tick('2026-12-03 09:00:05', 510, 1_000), tick('2026-12-03 09:00:30', 511, 1_200));
    expect(q.table().at(-1)).toEqual(['09:00', 510, 511, 510, 511, 200, false]);
  });

  it('places nothing by the machine clock: a tick without an exchange time makes no candle input', () => {
    expect(candleTickOf({ tradeTime: null, ts: null, synthetic: false }, { ltp: 10, volume: 1 })).toBeNull();
    expect(candleTickOf({ tradeTime: null, ts: 5_000, synthetic: false }, { ltp: 10, volume: 1 })).toEqual({
      time: 5_000,
      price: 10,
      cumVolume: 1,
      synthetic: false,
    });
  });

  it('keeps at most its capacity of minutes in memory, dropping the oldest', () => {
    const s = new MinuteSeries('NSE_EQ', 100);
    const t0 = ist('2026-12-01 00:00:00');
    for (let i = 0; i < 400; i++) s.ingest({ time: t0 + i * 60_000, price: 100 + i, cumVolume: i, synthetic: false });
    expect(s.candles.length).toBeLessThanOrEqual(100 + 256);
    expect(s.candles.at(-1)!.close).toBe(499);
    s.load([]);
    expect(s.candles).toHaveLength(100);
    expect(s.candles[0]!.close).toBe(400);
  });
});
