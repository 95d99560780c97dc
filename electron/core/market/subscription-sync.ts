import { TokenBucket } from './token-bucket';

export type SubscriptionCall = 'subscribe' | 'unsubscribe';

export interface SubscriptionSyncOptions {
  /** The tokens someone needs right now (the registry's union). */
  wanted: () => ReadonlySet<number>;
  /** Puts one call on the wire. */
  send: (call: SubscriptionCall, tokens: number[]) => void;
  now: () => number;
  /** Instruments per call; the service accepts up to 1,000. */
  maxPerCall?: number;
  /** Burst size and refill of the call pacer (see TokenBucket); calls per second stay below 10. */
  burst?: number;
  refillPerSecond?: number;
  /** How long interest changes are gathered before one diff is sent (a layout opening, three windows closing). */
  coalesceMs?: number;
}

interface InFlight {
  call: SubscriptionCall;
  tokens: number[];
}

/**
 * Keeps the server's subscription set equal to the wanted set with as few calls as possible:
 * changes are coalesced, diffed against what the server has, chunked, and paced by a token
 * bucket that persists across reconnects (the limit is per API key, not per connection).
 *
 * The server remembers nothing across connections, so `connected()` starts from an empty set
 * and the next reconcile re-subscribes everything wanted.
 */
export class SubscriptionSync {
  readonly #opts: Required<Omit<SubscriptionSyncOptions, 'wanted' | 'send' | 'now'>> & SubscriptionSyncOptions;
  readonly #bucket: TokenBucket;
  /** What the server has (optimistically: updated when a call is sent, reverted if refused). */
  readonly #server = new Set<number>();
  readonly #inFlight: InFlight[] = [];
  #connected = false;
  #pausedUntil = 0;
  #timer: ReturnType<typeof setTimeout> | null = null;
  #timerAt = 0;
  #calls = { subscribe: 0, unsubscribe: 0, rateLimited: 0 };

  constructor(opts: SubscriptionSyncOptions) {
    this.#opts = { maxPerCall: 200, burst: 4, refillPerSecond: 4, coalesceMs: 20, ...opts };
    this.#bucket = new TokenBucket({
      capacity: this.#opts.burst,
      refillPerSecond: this.#opts.refillPerSecond,
      now: opts.now,
    });
  }

  /** A (new) connection is up and empty: re-subscribe the whole wanted set. */
  connected(): void {
    this.#connected = true;
    this.#server.clear();
    this.#inFlight.length = 0;
    this.#schedule(0);
  }

  disconnected(): void {
    this.#connected = false;
    this.#server.clear();
    this.#inFlight.length = 0;
    this.#cancelTimer();
  }

  /** The wanted set changed; a diff goes out after the coalescing delay. */
  changed(): void {
    this.#schedule(this.#opts.coalesceMs);
  }

  /** The server acknowledged the oldest outstanding call of this kind. */
  acknowledged(call: SubscriptionCall): void {
    const i = this.#inFlight.findIndex((f) => f.call === call);
    if (i >= 0) this.#inFlight.splice(i, 1);
  }

  /**
   * The server refused a call. It does not say which one, so every unacknowledged call is
   * treated as refused: re-sending a subscribe the server did apply is harmless, missing one
   * is not. Nothing goes out until `retryAfterMs` has passed.
   */
  rateLimited(retryAfterMs: number): void {
    this.#calls.rateLimited++;
    for (const f of this.#inFlight) {
      for (const t of f.tokens) {
        if (f.call === 'subscribe') this.#server.delete(t);
        else this.#server.add(t);
      }
    }
    this.#inFlight.length = 0;
    this.#bucket.drain();
    const wait = Math.max(0, Math.min(retryAfterMs, 60_000)) + 50;
    this.#pausedUntil = this.#opts.now() + wait;
    this.#cancelTimer();
    this.#schedule(wait);
  }

  /** Tokens the server is believed to stream to us. */
  subscribed(): number[] {
    return [...this.#server];
  }

  stats(): { subscribeCalls: number; unsubscribeCalls: number; rateLimited: number; inFlight: number } {
    return {
      subscribeCalls: this.#calls.subscribe,
      unsubscribeCalls: this.#calls.unsubscribe,
      rateLimited: this.#calls.rateLimited,
      inFlight: this.#inFlight.length,
    };
  }

  stop(): void {
    this.#connected = false;
    this.#cancelTimer();
  }

  #schedule(delayMs: number): void {
    if (!this.#connected) return;
    const at = this.#opts.now() + delayMs;
    // Keep an earlier timer; a later request is covered by it (reconcile reschedules itself).
    if (this.#timer !== null && this.#timerAt <= at) return;
    this.#cancelTimer();
    this.#timerAt = at;
    this.#timer = setTimeout(() => {
      this.#timer = null;
      this.#reconcile();
    }, delayMs);
  }

  #cancelTimer(): void {
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = null;
  }

  #reconcile(): void {
    if (!this.#connected) return;
    const now = this.#opts.now();
    if (now < this.#pausedUntil) {
      this.#schedule(this.#pausedUntil - now);
      return;
    }
    const wanted = this.#opts.wanted();
    const toSubscribe: number[] = [];
    const toUnsubscribe: number[] = [];
    for (const t of wanted) if (!this.#server.has(t)) toSubscribe.push(t);
    for (const t of this.#server) if (!wanted.has(t)) toUnsubscribe.push(t);
    // Subscriptions first: a trader waiting for prices matters more than a stream we drop late.
    const calls: InFlight[] = [
      ...chunk(toSubscribe, this.#opts.maxPerCall).map((tokens) => ({ call: 'subscribe' as const, tokens })),
      ...chunk(toUnsubscribe, this.#opts.maxPerCall).map((tokens) => ({ call: 'unsubscribe' as const, tokens })),
    ];
    for (const c of calls) {
      if (!this.#bucket.tryTake()) {
        this.#schedule(this.#bucket.waitMs());
        return;
      }
      for (const t of c.tokens) {
        if (c.call === 'subscribe') this.#server.add(t);
        else this.#server.delete(t);
      }
      this.#inFlight.push(c);
      if (this.#inFlight.length > 1000) this.#inFlight.shift(); // a server that never acks must not grow us
      this.#calls[c.call]++;
      this.#opts.send(c.call, c.tokens);
    }
  }
}

function chunk<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
