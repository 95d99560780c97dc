/**
 * Paces outgoing requests. With capacity C and refill R per second, any one-second window
 * holds at most C + R requests — the service allows 10 subscribe/unsubscribe calls per second
 * per key, so the defaults (4 + 4) leave headroom for clock jitter on either side.
 */
export class TokenBucket {
  readonly #capacity: number;
  readonly #perMs: number;
  readonly #now: () => number;
  #tokens: number;
  #at: number;

  constructor(opts: { capacity: number; refillPerSecond: number; now: () => number }) {
    this.#capacity = opts.capacity;
    this.#perMs = opts.refillPerSecond / 1000;
    this.#now = opts.now;
    this.#tokens = opts.capacity;
    this.#at = opts.now();
  }

  tryTake(): boolean {
    this.#refill();
    if (this.#tokens < 1) return false;
    this.#tokens -= 1;
    return true;
  }

  /** Milliseconds until one request may be sent. */
  waitMs(): number {
    this.#refill();
    return this.#tokens >= 1 ? 0 : Math.ceil((1 - this.#tokens) / this.#perMs);
  }

  /** After the server refused a call: start again from empty so the next burst is small. */
  drain(): void {
    this.#refill();
    this.#tokens = 0;
  }

  #refill(): void {
    const now = this.#now();
    const elapsed = Math.max(0, now - this.#at);
    this.#at = now;
    this.#tokens = Math.min(this.#capacity, this.#tokens + elapsed * this.#perMs);
  }
}
