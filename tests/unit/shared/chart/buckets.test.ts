import { describe, expect, it } from 'vitest';
import {
  aggregateCandles,
  bucketOf,
  type Candle,
  type CandleInterval,
  intervalFromKiteName,
  KITE_INTERVAL_NAMES,
  sessionHours,
  usDaylightSaving,
} from '../../../../src/shared/chart';
import { istTradingDay } from '../../../../src/shared/domain';

/** Epoch ms of an IST wall-clock time, e.g. `ist('2026-12-01 09:15')`. */
function ist(text: string): number {
  const [date, time = '00:00:00'] = text.split(' ');
  const [y, mo, d] = date!.split('-').map(Number);
  const [h, mi, s = 0] = time.split(':').map(Number);
  return Date.UTC(y!, mo! - 1, d!, h!, mi!, s) - 330 * 60_000;
}
/** The IST wall-clock time of an epoch ms, `HH:MM`. */
function hhmm(t: number): string {
  return new Date(t + 330 * 60_000).toISOString().slice(11, 16);
}
const span = (t: string, interval: CandleInterval, exchange = 'NSE_EQ') => {
  const b = bucketOf(ist(t), interval, exchange);
  return `${hhmm(b.start)}-${hhmm(b.end)}`;
};

describe('candle buckets', () => {
  it('aligns NSE intraday buckets to the 09:15 IST open (5m: 09:15, 09:20, …), by exchange time', () => {
    expect(span('2026-12-01 09:15:00', '5m')).toBe('09:15-09:20');
    expect(span('2026-12-01 09:19:59', '5m')).toBe('09:15-09:20');
    expect(span('2026-12-01 09:20:00', '5m')).toBe('09:20-09:25');
    expect(span('2026-12-01 11:02:30', '3m')).toBe('11:00-11:03');
    expect(span('2026-12-01 09:44:59', '30m')).toBe('09:15-09:45');
    expect(span('2026-12-01 09:45:00', '30m')).toBe('09:45-10:15');
    expect(span('2026-12-01 10:14:00', '1h')).toBe('09:15-10:15');
    expect(span('2026-12-01 12:31:07', '1m')).toBe('12:31-12:32');
    expect(span('2026-12-01 12:31:07', '15m')).toBe('12:30-12:45');
  });

  it('cuts the last in-session bucket at the close (60m: 15:15–15:30, 30m: 15:15–15:30)', () => {
    expect(span('2026-12-01 15:20:00', '1h')).toBe('15:15-15:30');
    expect(span('2026-12-01 15:29:59', '30m')).toBe('15:15-15:30');
    expect(span('2026-12-01 15:29:59', '5m')).toBe('15:25-15:30');
  });

  it('puts trades outside the session into buckets of their own, cut at the close and at midnight', () => {
    // After the close (the closing session; a market that never closes, like the demo's).
    expect(span('2026-12-01 15:45:00', '1h')).toBe('15:30-16:15');
    expect(span('2026-12-01 16:20:00', '1h')).toBe('16:15-17:15');
    expect(span('2026-12-01 23:30:00', '1h')).toBe('23:15-00:00');
    // Before the pre-open, the grid still runs from the open.
    expect(span('2026-12-01 00:10:00', '1h')).toBe('00:00-00:15');
    expect(span('2026-12-01 04:56:00', '1h')).toBe('04:15-05:15');
    expect(span('2026-12-01 08:50:00', '30m')).toBe('08:45-09:00');
    expect(span('2026-12-01 04:56:10', '1m')).toBe('04:56-04:57');
  });

  it('puts NSE equity pre-open trades (09:00–09:15) into the first candle of the day', () => {
    const b = bucketOf(ist('2026-12-01 09:07:30'), '5m', 'NSE_EQ');
    expect(hhmm(b.start)).toBe('09:15');
    expect(hhmm(b.end)).toBe('09:20');
    expect(hhmm(b.from)).toBe('09:00');
    expect(span('2026-12-01 09:07:30', '1m')).toBe('09:15-09:16');
    // F&O has no pre-open: its 09:07 trade is a candle of its own.
    expect(span('2026-12-01 09:07:30', '5m', 'NSE_FO')).toBe('09:05-09:10');
    expect(span('2026-12-01 09:16:00', '5m', 'NSE_FO')).toBe('09:15-09:20');
  });

  it('stamps 1D candles at 00:00 IST of the exchange day, whatever the machine zone', () => {
    const b = bucketOf(ist('2026-12-01 23:59:59'), '1D', 'NSE_EQ');
    expect(b.start).toBe(ist('2026-12-01 00:00'));
    expect(b.end).toBe(ist('2026-12-02 00:00'));
    // 20:00 UTC on Nov 30 is 01:30 IST on Dec 1.
    expect(bucketOf(Date.UTC(2026, 10, 30, 20, 0), '1D', 'NSE_EQ').start).toBe(ist('2026-12-01 00:00'));
    expect(bucketOf(ist('2026-12-01 09:15'), '1D', 'MCX_FO').start).toBe(ist('2026-12-01 00:00'));
  });

  it('takes MCX sessions from its exchange rule: 09:00 open, 23:55 close in US winter, 23:30 in US summer', () => {
    expect(usDaylightSaving(istTradingDay(ist('2026-12-01 12:00')))).toBe(false);
    expect(usDaylightSaving(istTradingDay(ist('2026-07-01 12:00')))).toBe(true);
    // 2026: US DST from Sunday March 8 to Sunday November 1.
    expect(usDaylightSaving(istTradingDay(ist('2026-03-07 12:00')))).toBe(false);
    expect(usDaylightSaving(istTradingDay(ist('2026-03-08 12:00')))).toBe(true);
    expect(usDaylightSaving(istTradingDay(ist('2026-10-31 12:00')))).toBe(true);
    expect(usDaylightSaving(istTradingDay(ist('2026-11-01 12:00')))).toBe(false);
    expect(sessionHours('MCX_FO', istTradingDay(ist('2026-12-01 12:00')))).toEqual({
      open: 540,
      close: 1435,
      preOpen: null,
    });
    expect(sessionHours('MCX', istTradingDay(ist('2026-07-01 12:00'))).close).toBe(1410);

    // Aligned to 09:00, not 09:15.
    expect(span('2026-12-01 09:00:00', '15m', 'MCX_FO')).toBe('09:00-09:15');
    expect(span('2026-12-01 10:05:00', '1h', 'MCX_FO')).toBe('10:00-11:00');
    expect(span('2026-12-01 09:40:00', '30m', 'MCX_FO')).toBe('09:30-10:00');
    // Winter close 23:55: the last hour is 23:00–23:55, then an out-of-session stub to midnight.
    expect(span('2026-12-01 23:50:00', '1h', 'MCX_FO')).toBe('23:00-23:55');
    expect(span('2026-12-01 23:57:00', '1h', 'MCX_FO')).toBe('23:55-00:00');
    // Summer close 23:30.
    expect(span('2026-07-01 23:20:00', '1h', 'MCX_FO')).toBe('23:00-23:30');
    expect(span('2026-07-01 23:40:00', '1h', 'MCX_FO')).toBe('23:30-00:00');
  });

  it('maps Kite interval names both ways and refuses ones we do not serve', () => {
    for (const [ours, kite] of Object.entries(KITE_INTERVAL_NAMES)) expect(intervalFromKiteName(kite)).toBe(ours);
    expect(intervalFromKiteName('10minute')).toBeUndefined();
    expect(intervalFromKiteName('1m')).toBeUndefined();
  });
});

describe('aggregateCandles', () => {
  const c = (
    t: string,
    o: number,
    h: number,
    l: number,
    cl: number,
    v: number,
    extra: Partial<Candle> = {},
  ): Candle => ({
    time: ist(t),
    open: o,
    high: h,
    low: l,
    close: cl,
    volume: v,
    source: 'history',
    gap: false,
    ...extra,
  });

  it('combines minutes into coarser candles exactly (open first, close last, high/low extremes, volume summed)', () => {
    const minutes = [
      c('2026-12-01 09:15', 100, 101, 99.5, 100.5, 10),
      c('2026-12-01 09:16', 100.5, 103, 100, 102, 20),
      c('2026-12-01 09:19', 102, 102.5, 98, 99, 5, { source: 'live' }),
      c('2026-12-01 09:20', 99, 99.5, 98.5, 99.2, 7, { gap: true }),
      c('2026-12-01 15:29', 110, 111, 109, 110.5, 3),
      c('2026-12-01 15:31', 110.5, 110.6, 110.4, 110.6, 1),
    ];
    const five = aggregateCandles(minutes, '5m', 'NSE_EQ');
    expect(five.map((k) => [hhmm(k.time), k.open, k.high, k.low, k.close, k.volume, k.source, k.gap])).toEqual([
      ['09:15', 100, 103, 98, 99, 35, 'live', false],
      ['09:20', 99, 99.5, 98.5, 99.2, 7, 'history', true],
      ['15:25', 110, 111, 109, 110.5, 3, 'history', false],
      ['15:30', 110.5, 110.6, 110.4, 110.6, 1, 'history', false],
    ]);
    const hour = aggregateCandles(minutes, '1h', 'NSE_EQ');
    expect(hour.map((k) => [hhmm(k.time), k.volume])).toEqual([
      ['09:15', 42],
      ['15:15', 3],
      ['15:30', 1],
    ]);
    const day = aggregateCandles(minutes, '1D', 'NSE_EQ');
    expect(day).toHaveLength(1);
    expect(day[0]).toMatchObject({ open: 100, high: 111, low: 98, close: 110.6, volume: 46 });
    // The input is not modified.
    expect(minutes[0]!.time).toBe(ist('2026-12-01 09:15'));
    expect(minutes[0]!.high).toBe(101);
  });
});
