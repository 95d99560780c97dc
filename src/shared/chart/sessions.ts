import { DAY_MS } from './intervals';

/**
 * Exchange trading sessions, as data (one rule per exchange), in IST minutes after midnight.
 * Candles are aligned to them: intraday buckets start at the session open and the last one is
 * cut at the close (buckets.ts).
 *
 * Sources (docs/ARCHITECTURE.md, "Charts and depth"): NSE equity normal market 09:15–15:30 with
 * pre-open order entry from 09:00 (its trades print in the 09:15 candle, as Kite's historical
 * candles show); NSE F&O 09:15–15:30; NSE currency 09:00–17:00; MCX 09:00 to 23:30 while the US
 * observes daylight saving and to 23:55 otherwise (the exchange follows the US markets its
 * international commodities track).
 */
export interface SessionRule {
  /** IST minutes after midnight. */
  open: number;
  close: number;
  /** Start of the pre-open session whose trades belong to the first candle; null: none. */
  preOpen: number | null;
  /** The close while the US observes daylight saving time, when it differs (MCX). */
  closeDuringUsDst?: number;
}

/** One day's hours, resolved from a rule (`sessionHours`). */
export interface SessionHours {
  open: number;
  close: number;
  preOpen: number | null;
}

const hm = (text: string): number => {
  const [h, m] = text.split(':').map(Number);
  return h! * 60 + m!;
};

const NSE_EQUITY: SessionRule = { open: hm('09:15'), close: hm('15:30'), preOpen: hm('09:00') };

export const EXCHANGE_SESSIONS: Readonly<Record<string, SessionRule>> = {
  NSE_EQ: NSE_EQUITY,
  NSE_INDEX: NSE_EQUITY,
  BSE_EQ: NSE_EQUITY,
  NSE_FO: { open: hm('09:15'), close: hm('15:30'), preOpen: null },
  NSE_CUR: { open: hm('09:00'), close: hm('17:00'), preOpen: null },
  MCX_FO: { open: hm('09:00'), close: hm('23:55'), preOpen: null, closeDuringUsDst: hm('23:30') },
};

/** The platform's segment names and other spellings of the same exchanges. */
const ALIASES: Readonly<Record<string, string>> = {
  NSE: 'NSE_EQ',
  BSE: 'BSE_EQ',
  NFO: 'NSE_FO',
  CDS: 'NSE_CUR',
  MCX: 'MCX_FO',
};

/** The rule for an exchange name (`NSE_EQ`, or the platform's `NSE`/`NFO`/`MCX`); NSE equity's when unknown. */
export function sessionRule(exchange: string): SessionRule {
  return EXCHANGE_SESSIONS[exchange] ?? EXCHANGE_SESSIONS[ALIASES[exchange] ?? ''] ?? NSE_EQUITY;
}

/** True when `exchange` has a rule of its own (an unknown one falls back to NSE equity's hours). */
export function knownExchange(exchange: string): boolean {
  return exchange in EXCHANGE_SESSIONS || exchange in ALIASES;
}

/** The hours of `exchange` on the IST day `istDay` (days since 1970-01-01 in IST). */
export function sessionHours(exchange: string, istDay: number): SessionHours {
  const rule = sessionRule(exchange);
  const close = rule.closeDuringUsDst !== undefined && usDaylightSaving(istDay) ? rule.closeDuringUsDst : rule.close;
  return { open: rule.open, close, preOpen: rule.preOpen };
}

/**
 * Whether the US observes daylight saving time on that calendar date: from the second Sunday of
 * March to the day before the first Sunday of November (the US rule since 2007).
 */
export function usDaylightSaving(istDay: number): boolean {
  const date = new Date(istDay * DAY_MS);
  const year = date.getUTCFullYear();
  const start = nthSunday(year, 2, 2);
  const end = nthSunday(year, 10, 1);
  return istDay >= start && istDay < end;
}

/** Day number (days since 1970-01-01) of the n-th Sunday of a month (0-based month). */
function nthSunday(year: number, month: number, n: number): number {
  const first = Date.UTC(year, month, 1) / DAY_MS;
  const weekday = new Date(first * DAY_MS).getUTCDay();
  return first + ((7 - weekday) % 7) + (n - 1) * 7;
}
