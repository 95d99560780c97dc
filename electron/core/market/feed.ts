import { io, type Socket } from 'socket.io-client';
import { backoffDelay, DEFAULT_BACKOFF, type BackoffOptions } from './backoff';
import { ServerError } from './protocol';

export type FeedState =
  | { state: 'connecting'; detail: string | null }
  | { state: 'live'; detail: null }
  | { state: 'reconnecting' | 'offline'; attempt: number; nextRetryAt: number; detail: string | null }
  | { state: 'unauthorized'; detail: string }
  | { state: 'stopped'; detail: null };

/** What the feed reports upward; the service decides what each means for quotes and windows. */
export interface FeedListener {
  state(s: FeedState): void;
  /** A fresh connection is open; the server has no subscriptions for it yet. */
  connected(): void;
  disconnected(): void;
  tick(payload: unknown): void;
  /** Control messages: welcome, subscription_confirmed, unsubscription_confirmed, mode_set, quote_data, error. */
  message(event: ControlEvent, payload: unknown): void;
}

export const CONTROL_EVENTS = [
  'welcome',
  'subscription_confirmed',
  'unsubscription_confirmed',
  'mode_set',
  'quote_data',
  'error',
] as const;
export type ControlEvent = (typeof CONTROL_EVENTS)[number];

/**
 * The liveness check. A connection can stay open while nothing arrives (a stalled server, a
 * half-dead NAT path): socket.io's own heartbeat is driven by the server and may still flow.
 * After `idleMs` without any message the feed sends the protocol's `ping`; no message (a
 * `pong`, a tick, anything) within `answerMs` more means the connection is dead: it is closed,
 * reported as reconnecting, and replaced. Checked every `checkEveryMs`, so a silent connection
 * is caught within idleMs + answerMs + 2 × checkEveryMs (12 s with these values; the goal is 15).
 */
export interface LivenessOptions {
  idleMs: number;
  answerMs: number;
  checkEveryMs: number;
}

export const DEFAULT_LIVENESS: LivenessOptions = { idleMs: 5_000, answerMs: 5_000, checkEveryMs: 1_000 };

export interface MarketFeedOptions {
  url: string;
  apiKey: string;
  listener: FeedListener;
  now: () => number;
  backoff?: BackoffOptions;
  random?: () => number;
  /** After this many failed attempts in a row the state reads `offline` (retries continue). */
  offlineAfterAttempts?: number;
  connectTimeoutMs?: number;
  liveness?: LivenessOptions;
}

const AUTH_ERRORS = new Set(['missing_api_key', 'invalid_api_key', 'key_blocked_for_abuse']);

/**
 * One Socket.IO connection to `<url>/market-data`, with our own reconnect loop (socket.io's
 * built-in one is off) so that the state we report — attempt, next retry — is the truth, and so
 * that a refused API key stops retrying instead of hammering the service.
 */
export class MarketFeed {
  readonly #o: Required<Omit<MarketFeedOptions, 'listener'>> & { listener: FeedListener };
  #socket: Socket | null = null;
  #retryTimer: ReturnType<typeof setTimeout> | null = null;
  #attempt = 0;
  #live = false;
  /** `connected()` was reported for the current socket, so `disconnected()` is owed. */
  #opened = false;
  #stopped = false;
  #unauthorized = false;
  #lastProblem: string | null = null;
  /** Messages received on the current socket (the hot path only increments it). */
  #inbound = 0;
  #seenInbound = 0;
  #quietSince = 0;
  #pingSentAt: number | null = null;
  #livenessTimer: ReturnType<typeof setInterval> | null = null;
  /** Connections closed by the liveness check (diagnostics, tests). */
  #silentDrops = 0;

  constructor(opts: MarketFeedOptions) {
    this.#o = {
      backoff: DEFAULT_BACKOFF,
      random: Math.random,
      offlineAfterAttempts: 5,
      connectTimeoutMs: 10_000,
      liveness: DEFAULT_LIVENESS,
      ...opts,
    };
  }

  /** How many connections the liveness check found silent and replaced. */
  silentDrops(): number {
    return this.#silentDrops;
  }

  start(): void {
    this.#stopped = false;
    this.#unauthorized = false;
    this.#attempt = 0;
    this.#setState({ state: 'connecting', detail: null });
    this.#open();
  }

  /** Resume from sleep, network back, the Retry button: drop whatever we have and connect now. */
  reconnectNow(): void {
    if (this.#stopped) return;
    this.#unauthorized = false;
    this.#clearRetry();
    this.#close();
    this.#live = false;
    this.#setState({ state: 'connecting', detail: null });
    this.#open();
  }

  /** Sends a client event if connected; false when it could not go out. */
  emit(event: string, payload: unknown): boolean {
    const s = this.#socket;
    if (!s || !s.connected) return false;
    s.emit(event, payload);
    return true;
  }

  isConnected(): boolean {
    return this.#socket?.connected === true;
  }

  stop(): void {
    this.#stopped = true;
    this.#clearRetry();
    this.#close();
    this.#live = false;
    this.#setState({ state: 'stopped', detail: null });
  }

  #open(): void {
    const base = this.#o.url.replace(/\/+$/, '');
    const socket = io(`${base}/market-data`, {
      query: { api_key: this.#o.apiKey },
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
      timeout: this.#o.connectTimeoutMs,
    });
    this.#socket = socket;
    const listener = this.#o.listener;

    socket.on('connect', () => {
      this.#lastProblem = null;
      this.#opened = true;
      this.#startLiveness(socket);
      listener.connected();
    });
    // A key the service accepts is greeted; only then is the feed "live" (a refused key is
    // also connected for a moment before the service says why and hangs up).
    const markLive = () => {
      if (this.#live || this.#socket !== socket) return;
      this.#live = true;
      this.#attempt = 0;
      this.#setState({ state: 'live', detail: null });
    };
    socket.on('connected', markLive);
    socket.on('market_data', (payload: unknown) => {
      this.#inbound++;
      if (!this.#live) markLive();
      listener.tick(payload);
    });
    // Any message proves the connection alive; `pong` answers the liveness ping. (Not `onAny`:
    // socket.io copies its catch-all list for every event, an allocation per tick.)
    for (const event of ['pong', 'connected', 'stream_status'] as const) {
      socket.on(event, () => {
        this.#inbound++;
      });
    }
    for (const event of CONTROL_EVENTS) {
      socket.on(event, (payload: unknown) => {
        this.#inbound++;
        if (event === 'error') this.#onServerError(payload);
        else markLive();
        listener.message(event, payload);
      });
    }
    socket.on('connect_error', (err: Error) => {
      if (this.#socket !== socket) return;
      this.#lastProblem = err.message || 'connection failed';
      this.#lost();
    });
    socket.on('disconnect', (reason: string) => {
      if (this.#socket !== socket) return;
      this.#lastProblem = this.#lastProblem ?? `disconnected: ${reason}`;
      this.#lost();
    });
  }

  #onServerError(payload: unknown): void {
    const parsed = ServerError.safeParse(payload);
    if (!parsed.success) return;
    const { code, message } = parsed.data;
    if (AUTH_ERRORS.has(code)) {
      this.#unauthorized = true;
      this.#lastProblem = message ?? code;
    } else if (code === 'connection_limit_exceeded' || code === 'stream_unavailable') {
      this.#lastProblem = message ?? code;
    }
  }

  /** The connection went away (or never came): tell the service, then retry or give up. */
  #lost(): void {
    this.#live = false;
    this.#close();
    if (this.#stopped) return;
    if (this.#unauthorized) {
      this.#setState({ state: 'unauthorized', detail: this.#lastProblem ?? 'API key refused' });
      return;
    }
    this.#attempt += 1;
    const delay = backoffDelay(this.#attempt, this.#o.backoff, this.#o.random);
    const state = this.#attempt >= this.#o.offlineAfterAttempts ? 'offline' : 'reconnecting';
    this.#setState({ state, attempt: this.#attempt, nextRetryAt: this.#o.now() + delay, detail: this.#lastProblem });
    this.#clearRetry();
    this.#retryTimer = setTimeout(() => {
      this.#retryTimer = null;
      if (!this.#stopped && !this.#unauthorized) this.#open();
    }, delay);
  }

  #startLiveness(socket: Socket): void {
    this.#stopLiveness();
    const { idleMs, answerMs, checkEveryMs } = this.#o.liveness;
    this.#seenInbound = this.#inbound;
    this.#quietSince = this.#o.now();
    this.#pingSentAt = null;
    this.#livenessTimer = setInterval(() => {
      if (this.#socket !== socket || !socket.connected) return;
      const now = this.#o.now();
      if (this.#inbound !== this.#seenInbound) {
        this.#seenInbound = this.#inbound;
        this.#quietSince = now;
        this.#pingSentAt = null;
        return;
      }
      if (this.#pingSentAt === null) {
        if (now - this.#quietSince >= idleMs) {
          this.#pingSentAt = now;
          socket.emit('ping', { t: now });
        }
        return;
      }
      if (now - this.#pingSentAt >= answerMs) {
        this.#silentDrops++;
        const quiet = Math.round((now - this.#quietSince) / 1000);
        this.#lastProblem = `the market feed went silent (no data and no answer to ping for ${quiet} s)`;
        this.#lost();
      }
    }, checkEveryMs);
    this.#livenessTimer.unref?.();
  }

  #stopLiveness(): void {
    if (this.#livenessTimer !== null) clearInterval(this.#livenessTimer);
    this.#livenessTimer = null;
    this.#pingSentAt = null;
  }

  #close(): void {
    this.#stopLiveness();
    const s = this.#socket;
    if (!s) return;
    this.#socket = null;
    s.removeAllListeners();
    s.disconnect();
    if (this.#opened) {
      this.#opened = false;
      this.#o.listener.disconnected();
    }
  }

  #clearRetry(): void {
    if (this.#retryTimer !== null) clearTimeout(this.#retryTimer);
    this.#retryTimer = null;
  }

  #setState(s: FeedState): void {
    this.#o.listener.state(s);
  }
}
