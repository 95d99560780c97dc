import { describe, expect, it } from 'vitest';
import { istIso } from '../../../../electron/core/chart/history-client';
import { joinBucket, lowerBound, mergeSeries, replaceStretch } from '../../../../electron/core/chart/merge';
import { aggregateCandles, type Candle } from '../../../../src/shared/chart';

/** Epoch ms of an IST wall-clock time on 2026-12-01, `ist('09:15')`. */
const ist = (hhmm: string) => {
  const [h, m] = hhmm.split(':').map(Number);
  return Date.UTC(2026, 11, 1, h!, m!) - 330 * 60_000;
};
const hhmm = (t: number) => new Date(t + 330 * 60_000).toISOString().slice(11, 16);

function c(
  at: string,
  o: number,
  h: number,
  l: number,
  cl: number,
  v: number,
  source: Candle['source'] = 'history',
): Candle {
  return { time: ist(at), open: o, high: h, low: l, close: cl, volume: v, source, gap: false };
}

describe('mergeSeries: history joined with live candles, per bucket', () => {
  const history = [
    c('09:15', 100, 101, 99, 100.5, 10),
    c('09:16', 100.5, 102, 100, 101, 20),
    c('09:17', 101, 101.5, 100.8, 101.2, 5),
  ];

  it('continues history with live candles: sorted, no bucket twice, nothing missing in between', () => {
    const live = [c('09:17', 101.1, 101.9, 101.0, 101.8, 7, 'live'), c('09:18', 101.8, 102.2, 101.7, 102, 9, 'live')];
    // History was asked at 09:17:30: the 09:17 bucket was forming then.
    const merged = mergeSeries(history, live, ist('09:17') + 30_000, '1m', 'NSE_EQ');
    expect(merged.map((x) => hhmm(x.time))).toEqual(['09:15', '09:16', '09:17', '09:18']);
    // The forming bucket: open from history (it saw the start), extremes of both, close from live.
    expect(merged[2]).toEqual({
      time: ist('09:17'),
      open: 101,
      high: 101.9,
      low: 100.8,
      close: 101.8,
      volume: 7,
      source: 'live',
      gap: false,
    });
    expect(merged[3]).toBe(live[1]);
  });

  it('prefers history for a bucket it covered completely (the exchange record; it fills a live gap)', () => {
    const gapCandle = { ...c('09:16', 100.9, 101, 100.9, 101, 1, 'live'), gap: true };
    const merged = mergeSeries(history, [gapCandle], ist('09:18'), '1m', 'NSE_EQ');
    expect(merged[1]).toBe(history[1]);
    expect(merged.some((x) => x.gap)).toBe(false);
  });

  it('keeps live alone where history has nothing, and history alone before live starts', () => {
    expect(mergeSeries([], history, 0, '1m', 'NSE_EQ')).toEqual(history);
    expect(mergeSeries(history, [], ist('09:18'), '1m', 'NSE_EQ')).toEqual(history);
  });

  it('joins at coarser intervals by the bucket end, not the candle start', () => {
    const h5 = aggregateCandles(history, '5m', 'NSE_EQ');
    const l5 = aggregateCandles([c('09:18', 101.8, 103, 101.7, 102.5, 9, 'live')], '5m', 'NSE_EQ');
    // History asked at 09:18: the 09:15–09:20 bucket was forming, so it is joined.
    const merged = mergeSeries(h5, l5, ist('09:18'), '5m', 'NSE_EQ');
    expect(merged).toHaveLength(1);
    expect(merged[0]).toMatchObject({ open: 100, high: 103, low: 99, close: 102.5, source: 'live' });
    // Asked after 09:20: history covered the whole bucket and is kept as it is.
    expect(mergeSeries(h5, l5, ist('09:20'), '5m', 'NSE_EQ')[0]).toBe(h5[0]);
  });

  it('joinBucket takes the larger volume (each source saw part of the bucket)', () => {
    expect(joinBucket(history[0]!, c('09:15', 100, 100, 100, 100, 30, 'live'), false).volume).toBe(30);
    expect(joinBucket(history[0]!, c('09:15', 100, 100, 100, 100, 3, 'live'), false).volume).toBe(10);
  });
});

describe('replaceStretch and lowerBound', () => {
  const a = [
    c('09:15', 1, 1, 1, 1, 1),
    c('09:16', 2, 2, 2, 2, 2),
    c('09:17', 3, 3, 3, 3, 3),
    c('09:18', 4, 4, 4, 4, 4),
  ];

  it('replaces what a re-fetch covers and keeps the rest', () => {
    const again = [c('09:16', 5, 5, 5, 5, 5), c('09:17', 6, 6, 6, 6, 6)];
    expect(replaceStretch(a, again).map((x) => x.open)).toEqual([1, 5, 6, 4]);
    expect(replaceStretch(a, []).map((x) => x.open)).toEqual([1, 2, 3, 4]);
    expect(replaceStretch([], again)).toEqual(again);
    // An older page goes in front.
    expect(replaceStretch(a, [c('09:10', 9, 9, 9, 9, 9)]).map((x) => hhmm(x.time))[0]).toBe('09:10');
  });

  it('finds the first candle at or after a time', () => {
    expect(lowerBound(a, ist('09:15'))).toBe(0);
    expect(lowerBound(a, ist('09:16') + 1)).toBe(2);
    expect(lowerBound(a, ist('10:00'))).toBe(4);
    expect(lowerBound([], 0)).toBe(0);
  });
});

describe('istIso', () => {
  it('writes an instant as IST wall-clock time with its offset, as the candles endpoint reads it', () => {
    expect(istIso(ist('09:15'))).toBe('2026-12-01T09:15:00+05:30');
    expect(istIso(Date.UTC(2026, 10, 30, 20, 0, 5))).toBe('2026-12-01T01:30:05+05:30');
  });
});
