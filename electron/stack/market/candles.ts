import {
  aggregateCandles,
  bucketOf,
  type Candle,
  CandleInterval,
  DAY_MS,
  intervalFromKiteName,
  KITE_INTERVAL_NAMES,
  MAX_SPAN_DAYS,
  MINUTE_MS,
} from '../../../src/shared/chart';
import { IST_OFFSET_MS } from '../../../src/shared/domain';
import type { PriceEngine } from './price-engine';
import { resolveInstrument } from './resolve';

/**
 * `GET /api/candles?instrument=&interval=&from=&to=` — historical candles of the embedded market,
 * shaped like Kite Connect's historical candles API
 * (`{status: 'success', data: {candles: [[timestamp, open, high, low, close, volume], …]}}`,
 * timestamps in IST with their offset, `2026-12-01T09:15:00+0530`), computed from the same walk
 * the live feed prints (price-engine.ts), bucketed exactly as the terminal buckets ticks
 * (src/shared/chart/buckets.ts).
 *
 * - `instrument`: a provider token (`2885`), `NSE_EQ-2885`, or `NSE:RELIANCE`.
 * - `interval`: Kite's names — `minute`, `3minute`, `5minute`, `15minute`, `30minute`,
 *   `60minute`, `day`.
 * - `from`, `to`: `YYYY-MM-DD`, `YYYY-MM-DD HH:MM[:SS]` or ISO 8601; without a zone the time is IST
 *   (as Kite reads it). Candles whose start lies in [from, to] are returned, oldest first; nothing
 *   after now (the candle forming now covers its bucket up to now) and nothing before the walk's
 *   first day (2024-01-01).
 * - One request spans at most `MAX_SPAN_DAYS[interval]` days; ask page by page for more.
 *
 * Errors are `{status: 'error', error_type, code, message}`: 400 `invalid_instrument`,
 * `invalid_interval`, `invalid_from`, `invalid_to`, `invalid_range` (from after to),
 * `range_too_large`; 403 `forbidden_exchange`; (401 and 405 from the HTTP layer).
 */

export type CandlesErrorCode =
  | 'invalid_instrument'
  | 'invalid_interval'
  | 'invalid_from'
  | 'invalid_to'
  | 'invalid_range'
  | 'range_too_large'
  | 'forbidden_exchange';

export interface HttpAnswer {
  status: number;
  body: unknown;
}

function error(
  status: number,
  code: CandlesErrorCode,
  message: string,
  extra: Record<string, unknown> = {},
): HttpAnswer {
  return {
    status,
    body: {
      status: 'error',
      error_type: status === 403 ? 'PermissionException' : 'InputException',
      code,
      message,
      ...extra,
    },
  };
}

const TIME = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?)?(Z|[+-]\d{2}:?\d{2})?$/;

/** Epoch ms of a request time (IST when it names no zone); null when it is not one. */
export function parseRequestTime(text: string): number | null {
  const m = TIME.exec(text.trim());
  if (!m) return null;
  const [, y, mo, d, h = '00', mi = '00', s = '00', ms = '0', zone] = m;
  const month = Number(mo);
  const day = Number(d);
  if (month < 1 || month > 12 || day < 1 || day > 31 || Number(h) > 23 || Number(mi) > 59 || Number(s) > 59)
    return null;
  const utc = Date.UTC(Number(y), month - 1, day, Number(h), Number(mi), Number(s), Number(ms.padEnd(3, '0')));
  if (new Date(utc).getUTCDate() !== day) return null; // 2026-02-30
  let offset = IST_OFFSET_MS;
  if (zone === 'Z') offset = 0;
  else if (zone !== undefined) {
    const digits = zone.slice(1).replace(':', '');
    const sign = zone[0] === '-' ? -1 : 1;
    offset = sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2))) * MINUTE_MS;
  }
  return utc - offset;
}

/** `2026-12-01T09:15:00+0530`: an instant as Kite's candles print it (IST, offset without a colon). */
export function istTimestamp(t: number): string {
  return new Date(t + IST_OFFSET_MS).toISOString().slice(0, 19) + '+0530';
}

export function answerCandles(params: URLSearchParams, engine: PriceEngine, nowMs: number): HttpAnswer {
  const ref = params.get('instrument')?.trim() ?? '';
  if (ref === '' || ref.length > 64) {
    return error(400, 'invalid_instrument', 'instrument is required: a token (2885), NSE_EQ-2885 or NSE:RELIANCE');
  }
  const resolved = resolveInstrument(/^\d+$/.test(ref) ? Number(ref) : ref);
  if (resolved.kind === 'forbidden') {
    return error(403, 'forbidden_exchange', `Your API key is not entitled for ${resolved.exchange}`);
  }
  if (resolved.kind !== 'resolved') return error(400, 'invalid_instrument', `Unknown instrument: ${ref}`);
  const inst = resolved.instrument;

  const allowed = CandleInterval.options.map((i) => KITE_INTERVAL_NAMES[i]);
  const intervalName = params.get('interval') ?? '';
  const interval = intervalFromKiteName(intervalName);
  if (!interval) {
    return error(400, 'invalid_interval', `interval must be one of ${allowed.join(', ')}`, { allowed });
  }
  const fromText = params.get('from');
  const toText = params.get('to');
  const from = fromText === null ? null : parseRequestTime(fromText);
  const to = toText === null ? null : parseRequestTime(toText);
  if (from === null) return error(400, 'invalid_from', 'from must be a date and time, e.g. 2026-12-01 09:15:00 (IST)');
  if (to === null) return error(400, 'invalid_to', 'to must be a date and time, e.g. 2026-12-01 15:30:00 (IST)');
  if (from > to) return error(400, 'invalid_range', 'from is after to');
  const maxDays = MAX_SPAN_DAYS[interval];
  if (to - from > maxDays * DAY_MS) {
    return error(400, 'range_too_large', `at most ${maxDays} days of ${intervalName} candles per request`, {
      max_days: maxDays,
    });
  }

  const candles = compute(engine, inst.token, inst.exchange, interval, from, to, nowMs);
  return {
    status: 200,
    body: {
      status: 'success',
      data: { candles: candles.map((c) => [istTimestamp(c.time), c.open, c.high, c.low, c.close, c.volume]) },
    },
  };
}

/** Candles of `interval` whose start lies in [from, to], from the engine's minute (or day) bars. */
function compute(
  engine: PriceEngine,
  token: number,
  exchange: string,
  interval: CandleInterval,
  from: number,
  to: number,
  nowMs: number,
): Candle[] {
  if (interval === '1D') {
    return engine.dayBars(token, from, to + 1, nowMs).map((b) => ({ ...b, source: 'history', gap: false }));
  }
  // Minutes from just before `from` (a first candle may gather pre-open minutes) to the end of
  // the bucket holding `to`.
  const end = bucketOf(to, interval, exchange).end;
  const minutes = engine
    .minuteBars(token, from - 15 * MINUTE_MS, end, nowMs)
    .map((b): Candle => ({ ...b, source: 'history', gap: false }));
  return aggregateCandles(minutes, interval, exchange).filter((c) => c.time >= from && c.time <= to);
}
