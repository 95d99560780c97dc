import type { Quote } from '../../../src/shared/domain';

/**
 * Coalesces quotes (or any per-instrument update: depth) for one window: only the latest per
 * token is kept, and the changed ones go out as one batch at most once per interval. The feed
 * never waits on a window — `offer` is a map write; delivery happens on the batcher's own timer.
 */
export class TickBatcher<T extends { token: number } = Quote> {
  readonly #intervalMs: number;
  readonly #deliver: (quotes: T[]) => void;
  readonly #now: () => number;
  readonly #pending = new Map<number, T>();
  /** The tokens this window shows; quotes for anything else are not its business. */
  interest: ReadonlySet<number> = new Set();
  #timer: ReturnType<typeof setTimeout> | null = null;
  #lastFlushAt = -Infinity;
  #disposed = false;

  constructor(opts: { intervalMs: number; deliver: (quotes: T[]) => void; now: () => number }) {
    this.#intervalMs = opts.intervalMs;
    this.#deliver = opts.deliver;
    this.#now = opts.now;
  }

  /** Replaces the interest; pending quotes for tokens no longer shown are dropped. */
  setInterest(tokens: ReadonlySet<number>): void {
    this.interest = tokens;
    for (const token of this.#pending.keys()) if (!tokens.has(token)) this.#pending.delete(token);
  }

  /** Queues a quote if this window shows its token. */
  offer(quote: T): void {
    if (!this.interest.has(quote.token) || this.#disposed) return;
    this.#pending.set(quote.token, quote);
    if (this.#timer === null) this.#arm();
  }

  pendingCount(): number {
    return this.#pending.size;
  }

  /** The queued updates not yet delivered (latest per token), without taking them. */
  pending(): IterableIterator<T> {
    return this.#pending.values();
  }

  dispose(): void {
    this.#disposed = true;
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = null;
    this.#pending.clear();
  }

  #arm(): void {
    const wait = Math.max(0, this.#lastFlushAt + this.#intervalMs - this.#now());
    this.#timer = setTimeout(() => this.#flush(), wait);
  }

  #flush(): void {
    this.#timer = null;
    if (this.#disposed || this.#pending.size === 0) return;
    // Timers may fire a hair early; the interval is a promise to the renderer, so keep it.
    if (this.#now() - this.#lastFlushAt < this.#intervalMs) {
      this.#arm();
      return;
    }
    this.#lastFlushAt = this.#now();
    const quotes = [...this.#pending.values()];
    this.#pending.clear();
    this.#deliver(quotes);
  }
}
