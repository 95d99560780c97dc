import { z } from 'zod';
import { EpochMs } from '../domain/primitives';
import { bucketOf } from './buckets';
import type { CandleInterval } from './intervals';

/**
 * One candle. `time` is the bucket's start (the FEED's exchange time, epoch ms; a chart shows it
 * in IST). Prices in rupees; `volume` is the quantity traded in the bucket (the increase of the
 * day's cumulative volume across it), in shares/units.
 */
export const Candle = z
  .object({
    time: EpochMs,
    open: z.number().finite().positive(),
    high: z.number().finite().positive(),
    low: z.number().finite().positive(),
    close: z.number().finite().positive(),
    volume: z.number().finite().nonnegative(),
    /**
     * Built from this terminal's ticks (`live`) or served by the historical-candles endpoint
     * (`history`). A bucket made of both is `live`.
     */
    source: z.enum(['live', 'history']),
    /**
     * The stream resumed inside this bucket after a break (reconnect, restart): ticks before that
     * are missing from it, and buckets inside the break are absent. Cleared when history fills it.
     */
    gap: z.boolean(),
  })
  .strict();
export type Candle = z.infer<typeof Candle>;

/**
 * Combines finer candles (sorted by time, e.g. 1-minute ones) into `interval` candles. Exact for
 * OHLCV because every coarser bucket is a union of 1-minute buckets (buckets.ts cuts on minutes).
 */
export function aggregateCandles(candles: readonly Candle[], interval: CandleInterval, exchange: string): Candle[] {
  const out: Candle[] = [];
  let current: Candle | null = null;
  let from = Infinity;
  let end = -Infinity;
  for (const c of candles) {
    if (current !== null && c.time >= from && c.time < end) {
      if (c.high > current.high) current.high = c.high;
      if (c.low < current.low) current.low = c.low;
      current.close = c.close;
      current.volume += c.volume;
      if (c.source === 'live') current.source = 'live';
      if (c.gap) current.gap = true;
      continue;
    }
    const b = bucketOf(c.time, interval, exchange);
    from = b.from;
    end = b.end;
    current = { ...c, time: b.start };
    out.push(current);
  }
  return out;
}
