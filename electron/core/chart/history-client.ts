import { z } from 'zod';
import { type Candle, type CandleInterval, KITE_INTERVAL_NAMES } from '../../../src/shared/chart';
import { TradedeskError } from '../../../src/shared/contract';
import { IST_OFFSET_MS, toUtcInstant } from '../../../src/shared/domain';

/**
 * The client of the market service's historical candles, `GET <url>/api/candles?instrument=
 * &interval=&from=&to=` with `x-api-key` (Kite's shape; docs/ARCHITECTURE.md, "The market-data
 * contract"). Every byte is parsed with zod; a service without the endpoint (404) is reported as
 * such, so the chart falls back to the cache and live ticks instead of failing.
 */

const Row = z.union([
  z.tuple([z.string().max(40), z.number(), z.number(), z.number(), z.number(), z.number()]),
  // Kite adds open interest as a 7th column on request.
  z.tuple([z.string().max(40), z.number(), z.number(), z.number(), z.number(), z.number(), z.number()]),
]);
const CandlesResponse = z.object({
  status: z.literal('success'),
  data: z.object({ candles: z.array(Row).max(100_000) }),
});
const ErrorResponse = z.object({ message: z.string().max(500).optional(), code: z.string().max(64).optional() });

/** No endpoint at this service: chart from the cache and live ticks. */
export const UNAVAILABLE = 'unavailable' as const;

export interface HistoryRequest {
  url: string;
  apiKey: string;
  token: number;
  interval: CandleInterval;
  /** Inclusive, epoch ms (sent as IST with its offset). */
  from: number;
  to: number;
  timeoutMs?: number;
  fetchImpl?: typeof fetch;
}

/** `2026-12-01T09:15:00+05:30`: an instant in IST, as the endpoint reads it. */
export function istIso(t: number): string {
  return new Date(t + IST_OFFSET_MS).toISOString().slice(0, 19) + '+05:30';
}

/**
 * Candles of one instrument and interval, oldest first, `source: 'history'`; `UNAVAILABLE` when
 * the service has no such endpoint. Throws TradedeskError `offline` (unreachable, timed out),
 * `server_error` (an error answer, a malformed body) or `invalid_args` (the service refused the
 * request: a 400 names why).
 */
export async function fetchCandles(req: HistoryRequest): Promise<Candle[] | typeof UNAVAILABLE> {
  const base = req.url.replace(/\/+$/, '');
  const query = new URLSearchParams({
    instrument: String(req.token),
    interval: KITE_INTERVAL_NAMES[req.interval],
    from: istIso(req.from),
    to: istIso(req.to),
  });
  let res: Response;
  try {
    res = await (req.fetchImpl ?? fetch)(`${base}/api/candles?${query}`, {
      headers: { 'x-api-key': req.apiKey, accept: 'application/json' },
      signal: AbortSignal.timeout(req.timeoutMs ?? 15_000),
    });
  } catch (error) {
    throw new TradedeskError('offline', `Historical candles could not be fetched: ${describe(error)}`);
  }
  if (res.status === 404) {
    await res.body?.cancel();
    return UNAVAILABLE;
  }
  let body: unknown;
  try {
    body = await res.json();
  } catch {
    throw new TradedeskError('server_error', `The candles endpoint answered ${res.status} with no JSON`);
  }
  if (!res.ok) {
    const e = ErrorResponse.safeParse(body);
    const why = e.success ? (e.data.message ?? e.data.code ?? '') : '';
    const code = res.status === 400 ? 'invalid_args' : res.status === 401 ? 'unauthorized' : 'server_error';
    throw new TradedeskError(code, `The candles endpoint refused (${res.status})${why ? `: ${why}` : ''}`);
  }
  const parsed = CandlesResponse.safeParse(body);
  if (!parsed.success) throw new TradedeskError('server_error', 'The candles endpoint answered in an unknown shape');
  const out: Candle[] = [];
  for (const row of parsed.data.data.candles) {
    const instant = toUtcInstant(row[0]);
    const [, open, high, low, close, volume] = row;
    const time = instant === null ? Number.NaN : Date.parse(instant);
    // A row that is not a candle is skipped (and never shown), not allowed to poison the chart.
    if (!Number.isFinite(time) || !(low > 0) || high < low || open < low || open > high || close < low || close > high)
      continue;
    if (!(volume >= 0)) continue;
    out.push({ time, open, high, low, close, volume, source: 'history', gap: false });
  }
  out.sort((a, b) => a.time - b.time);
  return out;
}

function describe(error: unknown): string {
  if (error instanceof Error) return error.name === 'TimeoutError' ? 'timed out' : error.message;
  return String(error);
}
