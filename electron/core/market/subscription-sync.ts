import { backoffDelay, type BackoffOptions } from './backoff';
import { TokenBucket } from './token-bucket';

export type SubscriptionCall = 'subscribe' | 'unsubscribe' | 'set_mode';

/** What a subscribed instrument streams: last price only, + OHLC/volume/trade time, + depth. */
export type StreamMode = 'ltp' | 'ohlcv' | 'full';

/**
 * Why a wanted instrument is not subscribed: the service could not resolve it, the key is not
 * entitled to its exchange, the service refused it otherwise, or the connection is at the
 * service's per-connection instrument limit.
 */
export type Unavailable = 'unresolved' | 'forbidden' | 'refused' | 'limit';

/** Refused instruments are asked for again after 5 s, 10 s, 20 s … at most every 5 minutes. */
export const REFUSAL_BACKOFF: BackoffOptions = { initialDelayMs: 5_000, maxDelayMs: 300_000 };

/** How long a fresh connection waits for `welcome` (and its limits) before subscribing anyway. */
export const WELCOME_WAIT_MS = 1_000;

export interface SubscriptionSyncOptions {
  /** The tokens someone needs right now (the registry's union). */
  wanted: () => ReadonlySet<number>;
  /** Puts one call on the wire (`mode` for subscribe and set_mode). */
  send: (call: SubscriptionCall, tokens: number[], mode?: StreamMode) => void;
  /** The mode each instrument should stream in (default: `ltp` for all). Read on every reconcile. */
  modeOf?: (token: number) => StreamMode;
  now: () => number;
  /** Instruments per call; the service accepts up to 1,000. */
  maxPerCall?: number;
  /** Burst size and refill of the call pacer (see TokenBucket); calls per second stay below 10. */
  burst?: number;
  refillPerSecond?: number;
  /** How long interest changes are gathered before one diff is sent (a layout opening, three windows closing). */
  coalesceMs?: number;
  /** Called when the set of wanted-but-unavailable instruments (or a reason) changed. */
  onUnavailable?: () => void;
  refusalBackoff?: BackoffOptions;
  random?: () => number;
}

interface Refusal {
  reason: Exclude<Unavailable, 'limit'>;
  attempts: number;
  /** Not asked for again before this time (machine clock). */
  retryAt: number;
}

interface InFlight {
  call: SubscriptionCall;
  tokens: number[];
  mode?: StreamMode;
  /** set_mode / unsubscribe: the modes the server had before (restored if the call is refused). */
  previous?: StreamMode[];
}

/**
 * Keeps the server's subscription set equal to the wanted set with as few calls as possible:
 * changes are coalesced, diffed against what the server has, chunked, and paced by a token
 * bucket that persists across reconnects (the limit is per API key, not per connection).
 *
 * Each instrument streams in its own mode (`modeOf`: `full` only where a depth panel needs it):
 * new subscriptions are grouped by mode (one mode per call), and an instrument whose wanted mode
 * changed while subscribed gets a `set_mode`.
 *
 * The server remembers nothing across connections, so `connected()` starts from an empty set
 * and the next reconcile re-subscribes everything wanted, each in its mode.
 */
export class SubscriptionSync {
  readonly #opts: Required<Omit<SubscriptionSyncOptions, 'wanted' | 'send' | 'now' | 'onUnavailable' | 'modeOf'>> &
    SubscriptionSyncOptions;
  readonly #modeOf: (token: number) => StreamMode;
  readonly #bucket: TokenBucket;
  /**
   * What the server has, and in which mode (optimistically: updated when a call is sent,
   * reverted if refused).
   */
  readonly #server = new Map<number, StreamMode>();
  readonly #inFlight: InFlight[] = [];
  #connected = false;
  #pausedUntil = 0;
  #timer: ReturnType<typeof setTimeout> | null = null;
  #timerAt = 0;
  #calls = { subscribe: 0, unsubscribe: 0, set_mode: 0, rateLimited: 0 };
  /** The service's per-connection instrument limit (`welcome.limits`); null: none announced. */
  #limit: number | null = null;
  readonly #refused = new Map<number, Refusal>();
  /** Wanted, not refused, but left out because the connection is at its limit. */
  #overLimit = new Set<number>();
  #unavailableKey = '';

  constructor(opts: SubscriptionSyncOptions) {
    this.#opts = {
      maxPerCall: 200,
      burst: 4,
      refillPerSecond: 4,
      coalesceMs: 20,
      refusalBackoff: REFUSAL_BACKOFF,
      random: Math.random,
      ...opts,
    };
    this.#modeOf = opts.modeOf ?? (() => 'ltp');
    this.#bucket = new TokenBucket({
      capacity: this.#opts.burst,
      refillPerSecond: this.#opts.refillPerSecond,
      now: opts.now,
    });
  }

  /**
   * A (new) connection is up and empty: re-subscribe the whole wanted set — once the service's
   * `welcome` told its limits (`limitsKnown`), or after WELCOME_WAIT_MS without one. The limit of
   * the previous connection holds meanwhile (the same service, the same key).
   */
  connected(): void {
    this.#connected = true;
    this.#server.clear();
    this.#inFlight.length = 0;
    this.#schedule(WELCOME_WAIT_MS);
  }

  /** The service announced its limits (or said nothing of one: null). Subscribes now. */
  limitsKnown(maxInstruments: number | null): void {
    this.#limit = maxInstruments;
    this.#cancelTimer();
    this.#schedule(0);
  }

  /**
   * The service refused these instruments (a confirmation listing them as unresolved/forbidden,
   * or an `error` naming them): they are not subscribed, and are asked for again with backoff.
   * The same refusal reported twice (the confirmation and an error) counts once.
   */
  refused(tokens: readonly number[], reason: Refusal['reason']): void {
    const now = this.#opts.now();
    for (const t of tokens) {
      this.#server.delete(t);
      const prev = this.#refused.get(t);
      if (prev && prev.retryAt > now) {
        if (prev.reason === 'refused' && reason !== 'refused') prev.reason = reason;
        continue;
      }
      const attempts = (prev?.attempts ?? 0) + 1;
      const delay = backoffDelay(attempts, this.#opts.refusalBackoff, this.#opts.random);
      this.#refused.set(t, { reason, attempts, retryAt: now + delay });
    }
    this.#notifyUnavailable();
    this.#schedule(this.#opts.coalesceMs);
  }

  /** The service confirmed these instruments: any earlier refusal is forgotten. */
  accepted(tokens: readonly number[]): void {
    let changed = false;
    for (const t of tokens) if (this.#refused.delete(t)) changed = true;
    if (changed) this.#notifyUnavailable();
  }

  /** Wanted instruments that are not subscribed, and why (refusals still wanted, and the limit's overflow). */
  unavailable(): ReadonlyMap<number, Unavailable> {
    const wanted = this.#opts.wanted();
    const out = new Map<number, Unavailable>();
    for (const [t, r] of this.#refused) if (wanted.has(t) && !this.#server.has(t)) out.set(t, r.reason);
    for (const t of this.#overLimit) if (wanted.has(t) && !out.has(t)) out.set(t, 'limit');
    return out;
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
    // Newest first, so the oldest call's state is what remains.
    for (const f of [...this.#inFlight].reverse()) {
      f.tokens.forEach((t, i) => {
        if (f.call === 'subscribe') this.#server.delete(t);
        else if (f.call === 'unsubscribe') this.#server.set(t, f.previous?.[i] ?? 'ltp');
        else if (this.#server.has(t)) this.#server.set(t, f.previous?.[i] ?? 'ltp');
      });
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
    return [...this.#server.keys()];
  }

  /** The mode the server is believed to stream `token` in (undefined: not subscribed). */
  modeOnServer(token: number): StreamMode | undefined {
    return this.#server.get(token);
  }

  stats(): {
    subscribeCalls: number;
    unsubscribeCalls: number;
    setModeCalls: number;
    rateLimited: number;
    inFlight: number;
    limit: number | null;
  } {
    return {
      subscribeCalls: this.#calls.subscribe,
      unsubscribeCalls: this.#calls.unsubscribe,
      setModeCalls: this.#calls.set_mode,
      rateLimited: this.#calls.rateLimited,
      inFlight: this.#inFlight.length,
      limit: this.#limit,
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

  #notifyUnavailable(): void {
    if (!this.#opts.onUnavailable) return;
    const key = [...this.unavailable()].map(([t, r]) => `${t}:${r}`).join(',');
    if (key === this.#unavailableKey) return;
    this.#unavailableKey = key;
    this.#opts.onUnavailable();
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
    const modeOf = this.#modeOf;
    // Wanted order is priority order (system needs first): under a limit, those get the room.
    let kept = 0;
    let nextRetryAt = Infinity;
    const candidates: number[] = [];
    /** Subscribed in another mode than wanted now (a depth panel opened or closed): per wanted mode. */
    const remode = new Map<StreamMode, number[]>();
    for (const t of wanted) {
      const onServer = this.#server.get(t);
      if (onServer !== undefined) {
        kept++;
        const mode = modeOf(t);
        if (mode !== onServer) push(remode, mode, t);
        continue;
      }
      const refusal = this.#refused.get(t);
      if (refusal && refusal.retryAt > now) {
        nextRetryAt = Math.min(nextRetryAt, refusal.retryAt);
        continue;
      }
      candidates.push(t);
    }
    for (const t of this.#refused.keys()) if (!wanted.has(t)) this.#refused.delete(t);
    const toUnsubscribe: number[] = [];
    for (const t of this.#server.keys()) if (!wanted.has(t)) toUnsubscribe.push(t);
    const room = this.#limit === null ? candidates.length : Math.max(0, this.#limit - kept);
    const toSubscribe = candidates.slice(0, room);
    this.#overLimit = new Set(candidates.slice(room));
    this.#notifyUnavailable();
    // One subscribe per mode: the service applies one mode to a whole call.
    const byMode = new Map<StreamMode, number[]>();
    for (const t of toSubscribe) push(byMode, modeOf(t), t);
    const subscribes: InFlight[] = [];
    for (const [mode, tokens] of byMode) {
      for (const part of chunk(tokens, this.#opts.maxPerCall))
        subscribes.push({ call: 'subscribe', tokens: part, mode });
    }
    const setModes: InFlight[] = [];
    for (const [mode, tokens] of remode) {
      for (const part of chunk(tokens, this.#opts.maxPerCall)) setModes.push({ call: 'set_mode', tokens: part, mode });
    }
    const unsubscribes = chunk(toUnsubscribe, this.#opts.maxPerCall).map((tokens): InFlight => ({
      call: 'unsubscribe',
      tokens,
    }));
    // Subscriptions first: a trader waiting for prices matters more than a stream we drop late —
    // unless the connection would then hold more than the service allows: then make room first.
    const overfull = this.#limit !== null && this.#server.size + toSubscribe.length > this.#limit;
    const calls: InFlight[] = overfull
      ? [...unsubscribes, ...subscribes, ...setModes]
      : [...subscribes, ...setModes, ...unsubscribes];
    if (nextRetryAt !== Infinity) this.#schedule(Math.max(0, nextRetryAt - now));
    for (const c of calls) {
      if (!this.#bucket.tryTake()) {
        this.#schedule(this.#bucket.waitMs());
        return;
      }
      if (c.call !== 'subscribe') c.previous = c.tokens.map((t) => this.#server.get(t) ?? 'ltp');
      for (const t of c.tokens) {
        if (c.call === 'unsubscribe') this.#server.delete(t);
        else this.#server.set(t, c.mode ?? 'ltp');
      }
      this.#inFlight.push(c);
      if (this.#inFlight.length > 1000) this.#inFlight.shift(); // a server that never acks must not grow us
      this.#calls[c.call]++;
      this.#opts.send(c.call, c.tokens, c.mode);
    }
  }
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function chunk<T>(items: T[], size: number): T[][] {
  if (items.length === 0) return [];
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
