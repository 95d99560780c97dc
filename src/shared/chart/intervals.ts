import { z } from 'zod';

/**
 * Candle intervals a chart offers. Our names (`1m` … `1D`) are used across the terminal; the
 * historical-candles endpoint speaks the broker's names (`minute` … `day`, see
 * `KITE_INTERVAL_NAMES`), as Kite Connect's historical API does.
 */
export const CandleInterval = z.enum(['1m', '3m', '5m', '15m', '30m', '1h', '1D']);
export type CandleInterval = z.infer<typeof CandleInterval>;

export const MINUTE_MS = 60_000;
export const DAY_MS = 86_400_000;

/** Length of one bucket of each interval, ms (intraday buckets may be cut shorter; see buckets.ts). */
export const INTERVAL_MS: Readonly<Record<CandleInterval, number>> = {
  '1m': MINUTE_MS,
  '3m': 3 * MINUTE_MS,
  '5m': 5 * MINUTE_MS,
  '15m': 15 * MINUTE_MS,
  '30m': 30 * MINUTE_MS,
  '1h': 60 * MINUTE_MS,
  '1D': DAY_MS,
};

/** Kite Connect's interval names (`GET /instruments/historical/:token/:interval`) for ours. */
export const KITE_INTERVAL_NAMES: Readonly<Record<CandleInterval, string>> = {
  '1m': 'minute',
  '3m': '3minute',
  '5m': '5minute',
  '15m': '15minute',
  '30m': '30minute',
  '1h': '60minute',
  '1D': 'day',
};

/** Ours for a Kite interval name; undefined for a name we do not serve (e.g. `10minute`). */
export function intervalFromKiteName(name: string): CandleInterval | undefined {
  for (const i of CandleInterval.options) if (KITE_INTERVAL_NAMES[i] === name) return i;
  return undefined;
}

/**
 * How much history one request may span, per interval, in days. Kite's limits are minute 60,
 * 3/5-minute 100, 15/30-minute 200, 60-minute 400, day 2,000; the embedded market serves the
 * same shape with limits sized to what it computes quickly (its walk is evaluated, not stored).
 * Longer ranges are asked for page by page.
 */
export const MAX_SPAN_DAYS: Readonly<Record<CandleInterval, number>> = {
  '1m': 30,
  '3m': 60,
  '5m': 60,
  '15m': 120,
  '30m': 120,
  '1h': 240,
  '1D': 730,
};
