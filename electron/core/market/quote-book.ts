import type { Quote, TickDirection } from '../../../src/shared/domain';
import type { ParsedTick } from './tick-parser';

/**
 * The latest quote per provider token. Derived fields (change, change %, direction) are
 * computed here once, so no renderer repeats the arithmetic for every tick.
 */
export class QuoteBook {
  readonly #quotes = new Map<number, Quote>();

  get size(): number {
    return this.#quotes.size;
  }

  get(token: number): Quote | undefined {
    return this.#quotes.get(token);
  }

  all(): Quote[] {
    return [...this.#quotes.values()];
  }

  /** Applies one tick; fields it did not carry (an `ltp`-mode tick has no OHLC) keep their last value. */
  apply(tick: ParsedTick, receivedAt: number): Quote {
    const prev = this.#quotes.get(tick.token);
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
    const quote: Quote = {
      token: tick.token,
      ltp,
      open: tick.open ?? prev?.open ?? null,
      high: tick.high ?? prev?.high ?? null,
      low: tick.low ?? prev?.low ?? null,
      close,
      volume: tick.volume ?? prev?.volume ?? null,
      change,
      changePct,
      bid: tick.bid ?? (tick.ask === null ? (prev?.bid ?? null) : null),
      ask: tick.ask ?? (tick.bid === null ? (prev?.ask ?? null) : null),
      direction,
      ts: tick.ts ?? receivedAt,
      receivedAt,
    };
    this.#quotes.set(tick.token, quote);
    return quote;
  }

  /**
   * Seeds quotes from the local cache (offline start). A cached quote never replaces one that
   * was received more recently.
   */
  prime(quotes: readonly Quote[]): void {
    for (const q of quotes) {
      const current = this.#quotes.get(q.token);
      if (current === undefined || current.receivedAt < q.receivedAt) this.#quotes.set(q.token, q);
    }
  }
}

function round(value: number, factor: number): number {
  return Math.round(value * factor) / factor;
}
