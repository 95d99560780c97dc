import { z } from 'zod';
import { instantMs } from '../../../src/shared/domain/instant';

/**
 * One price update, normalised from whichever shape the market-data service sent.
 * Fields the tick did not carry are `null`; the QuoteBook fills them from the previous quote.
 */
export interface ParsedTick {
  /** Provider token (the bare-number subscribe form); ticks are keyed by it. */
  token: number;
  ltp: number;
  open: number | null;
  high: number | null;
  low: number | null;
  /** Previous session's close (`ohlc.close`). */
  close: number | null;
  volume: number | null;
  bid: number | null;
  ask: number | null;
  /** Only the flat (documented) shape carries these; used when no previous close is known. */
  change: number | null;
  changePct: number | null;
  /** Service time of the tick (the envelope's `timestamp`, else the trade time), epoch ms, or null. */
  ts: number | null;
  /**
   * The exchange's time of the last trade (`data.last_trade_time`), epoch ms, or null (`ltp`
   * mode, the documented flat shape). With `ts` it orders an instrument's ticks (feed clock only).
   */
  tradeTime: number | null;
  /** A re-sent last tick while the market is quiet: not a new trade. */
  synthetic: boolean;
  /**
   * The tick's raw `data` when it carries market depth (`full` mode), unparsed: depth is parsed
   * (depth.ts) only for windows that show it, once per push frame, never on the tick path.
   */
  full?: Readonly<Record<string, unknown>> | null;
}

/** Maps a universal instrument id to the provider token (learnt from `subscription_confirmed`). */
export type UirResolver = (uirId: number) => number | undefined;

/**
 * Parses one `market_data` payload. Never throws: anything it cannot trust returns `null`
 * and the caller counts it as malformed.
 *
 * Hot path: the envelope the service actually sends (numbers where numbers belong) is checked
 * by hand with no allocation beyond the result; anything else — the flat shape of the docs,
 * numeric strings, JSON text — goes to the zod schemas, which are the authority.
 */
export function parseTick(raw: unknown, resolveUir: UirResolver): ParsedTick | null {
  const fast = parseEnvelopeFast(raw);
  if (fast !== undefined) return fast;
  return parseTickSlow(raw, resolveUir);
}

// ---------------------------------------------------------------------------------------------
// Fast path

/** `undefined` = "not sure, ask zod"; `null` is never returned here (zod decides rejections). */
function parseEnvelopeFast(raw: unknown): ParsedTick | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const env = raw as Record<string, unknown>;
  const token = env.instrumentToken;
  const data = env.data;
  if (typeof token !== 'number' || !Number.isInteger(token) || token < 0) return undefined;
  if (typeof data !== 'object' || data === null) return undefined;
  const d = data as Record<string, unknown>;
  const ltp = d.last_price;
  if (typeof ltp !== 'number' || !(ltp > 0) || ltp === Infinity) return undefined;

  let open: number | null = null;
  let high: number | null = null;
  let low: number | null = null;
  let close: number | null = null;
  const ohlc = d.ohlc;
  if (ohlc !== undefined && ohlc !== null) {
    if (typeof ohlc !== 'object') return undefined;
    const o = ohlc as Record<string, unknown>;
    const op = optionalPrice(o.open);
    const hi = optionalPrice(o.high);
    const lo = optionalPrice(o.low);
    const cl = optionalPrice(o.close);
    if (op === undefined || hi === undefined || lo === undefined || cl === undefined) return undefined;
    open = op;
    high = hi;
    low = lo;
    close = cl;
  }
  const volume = optionalPrice(d.volume);
  if (volume === undefined) return undefined;
  const sent = epochMs(env.timestamp);
  const tradeTime = tradeTimeMs(d.last_trade_time);
  if (sent === undefined || tradeTime === undefined) return undefined;
  const synthetic = env.syntheticLast;
  if (synthetic !== undefined && typeof synthetic !== 'boolean') return undefined;
  return {
    token,
    ltp,
    open,
    high,
    low,
    close,
    volume,
    bid: d.depth === undefined ? null : bestPrice(d.depth, 'buy'),
    ask: d.depth === undefined ? null : bestPrice(d.depth, 'sell'),
    change: null,
    changePct: null,
    ts: sent ?? tradeTime,
    tradeTime,
    synthetic: synthetic === true,
    full: d.depth === undefined ? null : d,
  };
}

/** number ≥ 0 → it; absent/null → null; anything else → undefined ("unsure"). */
function optionalPrice(v: unknown): number | null | undefined {
  if (v === undefined || v === null) return null;
  if (typeof v === 'number' && v >= 0 && v !== Infinity) return v;
  return undefined;
}

/**
 * Epoch ms from a number (seconds or milliseconds) or a date-time string. null when absent,
 * undefined when present but unusable. A string without a zone is UTC (the platform's rule,
 * `instantMs`), never the machine's local time as `Date.parse` would read it: a machine in India
 * would otherwise place such a tick 5 h 30 min early, on another IST trading day.
 */
function epochMs(v: unknown): number | null | undefined {
  if (v === undefined || v === null) return null;
  if (typeof v === 'number') {
    if (!(v > 0) || v === Infinity) return undefined;
    // Seconds since the epoch stay below 1e11 until the year 5138.
    return Math.round(v < 1e11 ? v * 1000 : v);
  }
  if (typeof v === 'string' && v.length <= 40) {
    // Ticks sent together carry the same envelope time: the last text read is remembered.
    if (v === lastTimeText) return lastTimeMs;
    const t = timeTextMs(v);
    lastTimeText = v;
    lastTimeMs = t;
    return t;
  }
  return undefined;
}

/** The last time text `epochMs` read, and what it read (a pure function of the text). */
let lastTimeText: string | null = null;
let lastTimeMs: number | undefined;

/** `epochMs` of a string of at most 40 characters (see there). */
function timeTextMs(v: string): number | undefined {
  // The envelope's time, every tick: the canonical form is read digit by digit (a quarter of
  // Date.parse's cost, which was the parser's largest self time). Otherwise, ending in Z it is
  // UTC already and Date.parse reads it; anything else goes through the platform's reading.
  const canonical = canonicalUtcMs(v);
  if (canonical !== undefined) return canonical > 0 ? canonical : undefined;
  const last = v.charCodeAt(v.length - 1);
  const t = last === 90 || last === 122 ? Date.parse(v) : instantMs(v); // 'Z', 'z'
  return Number.isFinite(t) && t > 0 ? t : undefined;
}

/**
 * Epoch ms of `YYYY-MM-DDTHH:MM:SS.mmmZ` (what `toISOString` prints, and what the service puts
 * in every envelope), read without allocating; `undefined` for any other text, which the caller
 * hands to Date.parse. Same value as Date.parse for every string it accepts: V8's parser also
 * takes days 29–31 of any month and rolls them over, as Date.UTC does (tick-parser.test.ts
 * compares the two). Years before 1970 are left to Date.parse (Date.UTC maps 0–99 to 19xx).
 */
export function canonicalUtcMs(v: string): number | undefined {
  if (v.length !== 24) return undefined;
  // Separators: '-' 45, 'T' 84, ':' 58, '.' 46, 'Z' 90.
  if (
    v.charCodeAt(4) !== 45 ||
    v.charCodeAt(7) !== 45 ||
    v.charCodeAt(10) !== 84 ||
    v.charCodeAt(13) !== 58 ||
    v.charCodeAt(16) !== 58 ||
    v.charCodeAt(19) !== 46 ||
    v.charCodeAt(23) !== 90
  ) {
    return undefined;
  }
  const year = digits(v, 0, 4);
  const month = digits(v, 5, 2);
  const day = digits(v, 8, 2);
  const hour = digits(v, 11, 2);
  const minute = digits(v, 14, 2);
  const second = digits(v, 17, 2);
  const ms = digits(v, 20, 3);
  // digits() is -1 for a non-digit, so one range check per field also rejects those.
  if (year < 1970 || month < 1 || month > 12 || day < 1 || day > 31 || ms < 0) return undefined;
  if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) return undefined;
  return Date.UTC(year, month - 1, day, hour, minute, second, ms);
}

/** The decimal number in v[at, at + n), or -1 when any of those characters is not a digit. */
function digits(v: string, at: number, n: number): number {
  let out = 0;
  for (let i = at; i < at + n; i++) {
    const d = v.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    out = out * 10 + d;
  }
  return out;
}

/** `last_trade_time`: as `epochMs`, but 0 means "no trade yet" (indices, a fresh session), not a bad tick. */
function tradeTimeMs(v: unknown): number | null | undefined {
  return v === 0 ? null : epochMs(v);
}

/** The first time field present decides; a present but unusable one makes the tick untrustworthy. */
function firstTime(a: unknown, b: unknown): number | null | undefined {
  const first = epochMs(a);
  return first === null ? epochMs(b) : first;
}

/** Best bid/ask from a Kite-style 5-level depth; 0 means "no order on that side". */
function bestPrice(depth: unknown, side: 'buy' | 'sell'): number | null {
  if (typeof depth !== 'object' || depth === null) return null;
  const levels = (depth as Record<string, unknown>)[side];
  if (!Array.isArray(levels) || levels.length === 0) return null;
  const first: unknown = levels[0];
  if (typeof first !== 'object' || first === null) return null;
  const price = (first as Record<string, unknown>).price;
  return typeof price === 'number' && price > 0 && price !== Infinity ? price : null;
}

// ---------------------------------------------------------------------------------------------
// Slow path: zod is the authority

/** A finite number, or a decimal string of one (JSON bridges sometimes stringify numerics). */
const NumLike = z.union([
  z.number().finite(),
  z
    .string()
    .max(32)
    .regex(/^-?\d+(\.\d+)?([eE][-+]?\d+)?$/)
    .transform(Number)
    .pipe(z.number().finite()),
]);
const Price = NumLike.pipe(z.number().nonnegative());
const TokenLike = NumLike.pipe(z.number().int().nonnegative());
const Maybe = <T extends z.ZodType>(t: T) => t.nullish();

const OhlcLong = z.object({ open: Maybe(Price), high: Maybe(Price), low: Maybe(Price), close: Maybe(Price) });
const OhlcShort = z.object({ o: Maybe(Price), h: Maybe(Price), l: Maybe(Price), c: Maybe(Price) });
const Ohlc = z.union([
  OhlcLong.refine((o) => o.open != null || o.high != null || o.low != null || o.close != null),
  OhlcShort.refine((o) => o.o != null || o.h != null || o.l != null || o.c != null).transform((o) => ({
    open: o.o,
    high: o.h,
    low: o.l,
    close: o.c,
  })),
]);
const Time = z.union([z.number(), z.string().max(40)]);

/** What the service's gateway code sends. */
const EnvelopeTick = z.object({
  instrumentToken: Maybe(TokenLike),
  uirId: Maybe(TokenLike),
  data: z.object({
    instrument_token: Maybe(TokenLike),
    uir_id: Maybe(TokenLike),
    last_price: Price,
    ohlc: Maybe(Ohlc),
    volume: Maybe(Price),
    last_trade_time: Maybe(Time),
    depth: z.unknown().optional(),
  }),
  timestamp: Maybe(Time),
  syntheticLast: Maybe(z.boolean()),
});

/** What the service's public docs describe (and their self-contradicting variants). */
const FlatTick = z.object({
  instrumentToken: Maybe(TokenLike),
  instrument_token: Maybe(TokenLike),
  uirId: Maybe(TokenLike),
  last_price: Maybe(Price),
  lastPrice: Maybe(Price),
  ohlc: Maybe(Ohlc),
  change: Maybe(NumLike),
  pchange: Maybe(NumLike),
  changePct: Maybe(NumLike),
  volume: Maybe(Price),
  bid: Maybe(Price),
  ask: Maybe(Price),
  ts: Maybe(Time),
  timestamp: Maybe(Time),
});

/** Largest payload string we bother to JSON-parse; ticks are a few hundred bytes. */
const MAX_TEXT_TICK = 16 * 1024;

/** The zod-only path (exported so the benchmark can compare it with the hand-written check). */
export function parseTickWithSchema(raw: unknown, resolveUir: UirResolver): ParsedTick | null {
  return parseTickSlow(raw, resolveUir);
}

function parseTickSlow(raw: unknown, resolveUir: UirResolver): ParsedTick | null {
  let value = raw;
  if (typeof value === 'string') {
    if (value.length > MAX_TEXT_TICK) return null;
    try {
      value = JSON.parse(value);
    } catch {
      return null;
    }
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;

  if ('data' in value && typeof (value as { data: unknown }).data === 'object') {
    const env = EnvelopeTick.safeParse(value);
    if (!env.success) return null;
    const e = env.data;
    const token = e.instrumentToken ?? e.data.instrument_token ?? fromUir(e.uirId ?? e.data.uir_id, resolveUir);
    const sent = epochMs(e.timestamp);
    const tradeTime = tradeTimeMs(e.data.last_trade_time);
    if (token == null || sent === undefined || tradeTime === undefined || !(e.data.last_price > 0)) return null;
    return {
      token,
      ltp: e.data.last_price,
      open: e.data.ohlc?.open ?? null,
      high: e.data.ohlc?.high ?? null,
      low: e.data.ohlc?.low ?? null,
      close: e.data.ohlc?.close ?? null,
      volume: e.data.volume ?? null,
      bid: bestPrice(e.data.depth, 'buy'),
      ask: bestPrice(e.data.depth, 'sell'),
      change: null,
      changePct: null,
      ts: sent ?? tradeTime,
      tradeTime,
      synthetic: e.syntheticLast === true,
      // The raw object, not zod's copy: the copy drops the depth fields the schema does not name.
      full: e.data.depth === undefined ? null : ((value as { data: Record<string, unknown> }).data ?? null),
    };
  }

  const flat = FlatTick.safeParse(value);
  if (!flat.success) return null;
  const f = flat.data;
  const token = f.instrumentToken ?? f.instrument_token ?? fromUir(f.uirId, resolveUir);
  const ltp = f.last_price ?? f.lastPrice;
  const ts = firstTime(f.ts, f.timestamp);
  if (token == null || ltp == null || !(ltp > 0) || ts === undefined) return null;
  return {
    token,
    ltp,
    open: f.ohlc?.open ?? null,
    high: f.ohlc?.high ?? null,
    low: f.ohlc?.low ?? null,
    close: f.ohlc?.close ?? null,
    volume: f.volume ?? null,
    bid: f.bid && f.bid > 0 ? f.bid : null,
    ask: f.ask && f.ask > 0 ? f.ask : null,
    change: f.change ?? null,
    changePct: f.pchange ?? f.changePct ?? null,
    ts,
    tradeTime: null,
    synthetic: false,
  };
}

/** A uirId-only tick is keyed by the provider token we learnt for it, else by the id itself. */
function fromUir(uirId: number | null | undefined, resolveUir: UirResolver): number | null {
  if (uirId == null) return null;
  return resolveUir(uirId) ?? uirId;
}
