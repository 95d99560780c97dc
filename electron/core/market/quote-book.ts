import { IST_OFFSET_MS, istTradingDay, type Quote, type TickDirection } from '../../../src/shared/domain';
import type { ParsedTick } from './tick-parser';

/**
 * The figures `apply` reads back from an instrument's previous quote, one row of doubles per
 * instrument in one Float64Array (column offsets below; NaN stands for null). The tick path
 * reads these, not the previous Quote: with 500 instruments the previous quote was made ≈500
 * ticks (≈1 MB of decoded envelopes) ago, and its fields — each number a separate heap box —
 * had left the CPU caches, one miss per field (≈2 µs a tick, measured by `bench -- market`'s
 * no-socket case); a row is 88 contiguous bytes.
 */
const C_LTP = 0;
const C_OPEN = 1;
const C_HIGH = 2;
const C_LOW = 3;
const C_CLOSE = 4;
const C_VOLUME = 5;
const C_BID = 6;
const C_ASK = 7;
/** When main received the quote (machine clock, epoch ms). */
const C_RECEIVED = 8;
/**
 * Exchange time of the last applied tick (feed clock, epoch ms: `last_trade_time`, else the
 * envelope's `timestamp`); NaN for a quote primed from the cache or a tick without a time.
 */
const C_KEY = 9;
/**
 * When the Indian trading day of the key ends (epoch ms, feed clock): volume and the day's
 * high/low are monotonic until then. NaN when the key is.
 */
const C_DAY_END = 10;
const ROW = 11;

/** null ↔ NaN for the rows (no quote field is ever NaN: the parser and the cache's schema refuse it). */
function toRow(v: number | null): number {
  return v === null ? Number.NaN : v;
}
function fromRow(v: number): number | null {
  return v !== v ? null : v; // NaN
}

const DAY_MS = 86_400_000;

/** The end of the IST trading day an exchange time falls on (next IST midnight, epoch ms). */
function istDayEnd(t: number): number {
  return (istTradingDay(t) + 1) * DAY_MS - IST_OFFSET_MS;
}

/** Why `apply` returned null. */
export interface QuoteBookStats {
  /** Ticks older than the last applied one of their instrument (re-sent or reordered): dropped. */
  outOfOrder: number;
  /** Synthetic re-sends of the last price for a quote this connection already has live: ignored. */
  resent: number;
}

/**
 * The latest quote per provider token. Derived fields (change, change %, direction) are
 * computed here once, so no renderer repeats the arithmetic for every tick.
 *
 * Ticks are ordered per instrument by the FEED's exchange time, never by arrival order and
 * never against the machine's clock (a feed whose clock runs 5 s behind still updates every
 * window): an older tick is counted and dropped; with equal times (the exchange stamps whole
 * seconds) a lower cumulative volume marks the older one. A synthetic re-send of the last price
 * never changes a quote this connection has live. Volume and the day's high/low never go
 * backwards within an Indian trading day.
 *
 * Hot path: one map lookup (token → row), the previous figures read from that instrument's row
 * of doubles, one Quote object per applied tick (windows keep references to quotes, so they are
 * immutable), nothing else allocated.
 */
export class QuoteBook {
  /** token → its row (index into #quotes, and into #rows by ROW doubles). */
  readonly #slots = new Map<number, number>();
  /** The latest quote per row, in the order instruments were first seen. */
  readonly #quotes: Quote[] = [];
  #rows = new Float64Array(64 * ROW);
  readonly #stats: QuoteBookStats = { outOfOrder: 0, resent: 0 };

  get size(): number {
    return this.#quotes.length;
  }

  get(token: number): Quote | undefined {
    const slot = this.#slots.get(token);
    return slot === undefined ? undefined : this.#quotes[slot];
  }

  all(): Quote[] {
    return [...this.#quotes];
  }

  stats(): QuoteBookStats {
    return { ...this.#stats };
  }

  /**
   * Applies one tick received at `receivedAt` (machine clock) and returns the new quote, or null
   * when the tick changes nothing (older than what is shown, or a synthetic re-send).
   * `liveSince`: when the current connection opened (machine clock); a quote received before it
   * (an earlier connection, the cache) may be refreshed by a synthetic tick or a snapshot price.
   * Fields the tick did not carry (an `ltp`-mode tick has no OHLC) keep their last value.
   */
  apply(tick: ParsedTick, receivedAt: number, liveSince = 0): Quote | null {
    const slot = this.#slots.get(tick.token);
    const r = this.#rows;
    const o = slot === undefined ? -1 : slot * ROW;
    const key = tick.tradeTime ?? tick.ts;
    const last = o < 0 ? Number.NaN : r[o + C_KEY]!;
    let sameDay = false;
    if (o >= 0) {
      if (key !== null && last === last) {
        if (key < last) {
          this.#stats.outOfOrder++;
          return null;
        }
        if (key === last) {
          sameDay = true;
          // The exchange stamps whole seconds: within one, cumulative volume tells the order.
          const prevVolume = r[o + C_VOLUME]!;
          if (tick.volume !== null && prevVolume === prevVolume && tick.volume < prevVolume && !tick.synthetic) {
            this.#stats.outOfOrder++;
            return null;
          }
        } else sameDay = key < r[o + C_DAY_END]!;
      } else if (key === null && last === last) {
        sameDay = true; // a tick without a time belongs to the day of the quote it updates
      }
      if (tick.synthetic && r[o + C_RECEIVED]! >= liveSince) {
        this.#stats.resent++;
        return null;
      }
    }

    const close = tick.close ?? (o < 0 ? null : fromRow(r[o + C_CLOSE]!));
    const ltp = tick.ltp;
    let change: number | null;
    let changePct: number | null;
    if (close !== null && close > 0) {
      change = round(ltp - close, 100);
      changePct = round(((ltp - close) / close) * 100, 10_000);
    } else {
      change = tick.change;
      changePct = tick.changePct;
    }
    let direction: TickDirection = 'flat';
    if (o >= 0) {
      const prevLtp = r[o + C_LTP]!;
      if (ltp > prevLtp) direction = 'up';
      else if (ltp < prevLtp) direction = 'down';
      // A re-sent last tick is not a trade: keep showing which way the last real one went.
      else direction = tick.synthetic ? this.#quotes[slot!]!.direction : 'flat';
    }
    let volume = tick.volume ?? (o < 0 ? null : fromRow(r[o + C_VOLUME]!));
    let high = tick.high ?? (o < 0 ? null : fromRow(r[o + C_HIGH]!));
    let low = tick.low ?? (o < 0 ? null : fromRow(r[o + C_LOW]!));
    if (sameDay && o >= 0) {
      // NaN (no previous figure) compares false: the tick's figure stands.
      const prevVolume = r[o + C_VOLUME]!;
      const prevHigh = r[o + C_HIGH]!;
      const prevLow = r[o + C_LOW]!;
      if (volume !== null && volume < prevVolume) volume = prevVolume;
      if (high !== null && high < prevHigh) high = prevHigh;
      if (low !== null && low > prevLow) low = prevLow;
    }
    const quote: Quote = {
      token: tick.token,
      ltp,
      open: tick.open ?? (o < 0 ? null : fromRow(r[o + C_OPEN]!)),
      high,
      low,
      close,
      volume,
      change,
      changePct,
      bid: tick.bid ?? (tick.ask === null && o >= 0 ? fromRow(r[o + C_BID]!) : null),
      ask: tick.ask ?? (tick.bid === null && o >= 0 ? fromRow(r[o + C_ASK]!) : null),
      direction,
      ts: tick.ts ?? receivedAt,
      receivedAt,
    };
    if (slot === undefined) {
      const at = this.#add(quote) * ROW;
      this.#rows[at + C_KEY] = toRow(key);
      this.#rows[at + C_DAY_END] = key === null ? Number.NaN : istDayEnd(key);
    } else {
      this.#quotes[slot] = quote;
      this.#write(o, quote);
      if (key !== null && key !== last) {
        if (!sameDay) r[o + C_DAY_END] = istDayEnd(key);
        r[o + C_KEY] = key;
      }
    }
    return quote;
  }

  /**
   * Seeds quotes from the local cache (offline start). A cached quote never replaces one that
   * was received more recently. Its place in the feed's order is unknown, so the first live
   * tick of the instrument is taken as it comes.
   */
  prime(quotes: readonly Quote[]): void {
    for (const q of quotes) {
      const slot = this.#slots.get(q.token);
      let o: number;
      if (slot === undefined) o = this.#add(q) * ROW;
      else if (this.#quotes[slot]!.receivedAt < q.receivedAt) {
        this.#quotes[slot] = q;
        o = slot * ROW;
        this.#write(o, q);
      } else continue;
      this.#rows[o + C_KEY] = Number.NaN;
      this.#rows[o + C_DAY_END] = Number.NaN;
    }
  }

  /** A row for a token seen for the first time (the rows grow by doubling); returns its slot. */
  #add(quote: Quote): number {
    const slot = this.#quotes.length;
    if ((slot + 1) * ROW > this.#rows.length) {
      const grown = new Float64Array(this.#rows.length * 2);
      grown.set(this.#rows);
      this.#rows = grown;
    }
    this.#quotes.push(quote);
    this.#slots.set(quote.token, slot);
    this.#write(slot * ROW, quote);
    return slot;
  }

  /** The quote's figures into its row (key and day end are the caller's). */
  #write(o: number, q: Quote): void {
    const r = this.#rows;
    r[o + C_LTP] = q.ltp;
    r[o + C_OPEN] = toRow(q.open);
    r[o + C_HIGH] = toRow(q.high);
    r[o + C_LOW] = toRow(q.low);
    r[o + C_CLOSE] = toRow(q.close);
    r[o + C_VOLUME] = toRow(q.volume);
    r[o + C_BID] = toRow(q.bid);
    r[o + C_ASK] = toRow(q.ask);
    r[o + C_RECEIVED] = q.receivedAt;
  }
}

function round(value: number, factor: number): number {
  return Math.round(value * factor) / factor;
}
