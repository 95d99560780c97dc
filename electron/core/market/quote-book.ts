import { IST_OFFSET_MS, istTradingDay, type Quote, type TickDirection } from '../../../src/shared/domain';
import type { ParsedTick } from './tick-parser';

/** Per token: the latest quote and where it stands in the feed's own order (mutated in place). */
interface Entry {
  quote: Quote;
  /**
   * Exchange time of the last applied tick (feed clock, epoch ms: `last_trade_time`, else the
   * envelope's `timestamp`); null for a quote primed from the cache or a tick without a time.
   */
  key: number | null;
  /**
   * When the Indian trading day of `key` ends (epoch ms, feed clock): volume and the day's
   * high/low are monotonic until then. NaN when `key` is null.
   */
  dayEnd: number;
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
 * Hot path: one map lookup, one Quote object per applied tick (windows keep references to
 * quotes, so they are immutable), nothing else allocated.
 */
export class QuoteBook {
  readonly #entries = new Map<number, Entry>();
  readonly #stats: QuoteBookStats = { outOfOrder: 0, resent: 0 };

  get size(): number {
    return this.#entries.size;
  }

  get(token: number): Quote | undefined {
    return this.#entries.get(token)?.quote;
  }

  all(): Quote[] {
    const out: Quote[] = [];
    for (const e of this.#entries.values()) out.push(e.quote);
    return out;
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
    const entry = this.#entries.get(tick.token);
    const prev = entry?.quote;
    const key = tick.tradeTime ?? tick.ts;
    let sameDay = false;
    if (entry !== undefined && prev !== undefined) {
      const last = entry.key;
      if (key !== null && last !== null) {
        if (key < last) {
          this.#stats.outOfOrder++;
          return null;
        }
        if (key === last) {
          sameDay = true;
          // The exchange stamps whole seconds: within one, cumulative volume tells the order.
          if (tick.volume !== null && prev.volume !== null && tick.volume < prev.volume && !tick.synthetic) {
            this.#stats.outOfOrder++;
            return null;
          }
        } else sameDay = key < entry.dayEnd;
      } else if (key === null && last !== null) {
        sameDay = true; // a tick without a time belongs to the day of the quote it updates
      }
      if (tick.synthetic && prev.receivedAt >= liveSince) {
        this.#stats.resent++;
        return null;
      }
    }

    const close = tick.close ?? prev?.close ?? null;
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
    if (prev !== undefined) {
      if (ltp > prev.ltp) direction = 'up';
      else if (ltp < prev.ltp) direction = 'down';
      // A re-sent last tick is not a trade: keep showing which way the last real one went.
      else direction = tick.synthetic ? prev.direction : 'flat';
    }
    let volume = tick.volume ?? prev?.volume ?? null;
    let high = tick.high ?? prev?.high ?? null;
    let low = tick.low ?? prev?.low ?? null;
    if (sameDay && prev !== undefined) {
      if (volume !== null && prev.volume !== null && volume < prev.volume) volume = prev.volume;
      if (high !== null && prev.high !== null && high < prev.high) high = prev.high;
      if (low !== null && prev.low !== null && low > prev.low) low = prev.low;
    }
    const quote: Quote = {
      token: tick.token,
      ltp,
      open: tick.open ?? prev?.open ?? null,
      high,
      low,
      close,
      volume,
      change,
      changePct,
      bid: tick.bid ?? (tick.ask === null ? (prev?.bid ?? null) : null),
      ask: tick.ask ?? (tick.bid === null ? (prev?.ask ?? null) : null),
      direction,
      ts: tick.ts ?? receivedAt,
      receivedAt,
    };
    if (entry === undefined) {
      this.#entries.set(tick.token, { quote, key, dayEnd: key === null ? Number.NaN : istDayEnd(key) });
    } else {
      entry.quote = quote;
      if (key !== null && key !== entry.key) {
        if (!sameDay) entry.dayEnd = istDayEnd(key);
        entry.key = key;
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
      const current = this.#entries.get(q.token);
      if (current === undefined) this.#entries.set(q.token, { quote: q, key: null, dayEnd: Number.NaN });
      else if (current.quote.receivedAt < q.receivedAt) {
        current.quote = q;
        current.key = null;
        current.dayEnd = Number.NaN;
      }
    }
  }
}

function round(value: number, factor: number): number {
  return Math.round(value * factor) / factor;
}
