import { IST_OFFSET_MS, istTradingDay } from '../domain/instant';
import { type CandleInterval, DAY_MS, INTERVAL_MS, MINUTE_MS } from './intervals';
import { sessionHours, type SessionHours } from './sessions';

/**
 * Which candle an exchange time belongs to. One function for the terminal (candles built from
 * ticks) and the embedded market (historical candles), so the two always agree.
 *
 * Rules (IST, whatever the machine's zone; times are the FEED's exchange times, epoch ms):
 * - `1D`: the IST calendar day, stamped 00:00 IST (as Kite's day candles are).
 * - intraday: a grid from the session open — `start = open + floor((t − open) / I) × I` — so
 *   5-minute NSE candles are 09:15, 09:20, …, and 60-minute ones 09:15, 10:15, …, 15:15. Every
 *   bucket is also cut at the session open, the close and midnight: the last in-session 60-minute
 *   candle is 15:15–15:30, and the next one (a trade after the close, e.g. the closing session,
 *   or a market that never closes like the demo's) is 15:30–16:15.
 * - the pre-open session's trades (NSE equity 09:00–09:15) belong to the first candle of the day
 *   (a bucket before the pre-open is cut at its start: 08:45–09:00 for 30 minutes).
 */
export interface Bucket {
  /** The candle's time: its start, epoch ms. */
  start: number;
  /** Its end (exclusive), epoch ms. */
  end: number;
  /** The earliest exchange time that belongs to it (before `start` only for the first candle, via the pre-open). */
  from: number;
}

/** Epoch ms of 00:00 IST of the IST day `t` falls on. */
export function istDayStart(t: number): number {
  return istTradingDay(t) * DAY_MS - IST_OFFSET_MS;
}

export function bucketOf(t: number, interval: CandleInterval, exchange: string): Bucket {
  const day = istTradingDay(t);
  const dayStart = day * DAY_MS - IST_OFFSET_MS;
  if (interval === '1D') return { start: dayStart, end: dayStart + DAY_MS, from: dayStart };
  return intradayBucket(t - dayStart, INTERVAL_MS[interval], sessionHours(exchange, day), dayStart);
}

/** `m`: ms after IST midnight; `size`: the interval, ms. */
export function intradayBucket(m: number, size: number, hours: SessionHours, dayStart: number): Bucket {
  const open = hours.open * MINUTE_MS;
  const close = hours.close * MINUTE_MS;
  const preOpen = hours.preOpen === null ? null : hours.preOpen * MINUTE_MS;
  const inPreOpen = preOpen !== null && m >= preOpen && m < open;
  const x = inPreOpen ? open : m;
  const grid = open + Math.floor((x - open) / size) * size;
  const lastBoundary = x >= close ? close : x >= open ? open : 0;
  const firstBoundary = preOpen ?? open;
  const nextBoundary = x < firstBoundary ? firstBoundary : x < close ? close : DAY_MS;
  const start = Math.max(grid, lastBoundary);
  const end = Math.min(grid + size, nextBoundary);
  const from = start === open && preOpen !== null ? preOpen : start;
  return { start: dayStart + start, end: dayStart + end, from: dayStart + from };
}
