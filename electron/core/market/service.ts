import { TradedeskError } from '../../../src/shared/contract';
import { type ConnectionStatus, Instrument, type MarketDepth, type Quote } from '../../../src/shared/domain';
import type { PushHub } from '../ipc/push-hub';
import type { BackoffOptions } from './backoff';
import { MarketFeed, type ControlEvent, type FeedListener, type LivenessOptions } from './feed';
import { parseDepth } from './depth';
import { FeedHealth } from './feed-health';
import { InterestRegistry } from './interest-registry';
import { namedTokens, ServerError, SubscriptionConfirmed, WelcomeMessage, type SearchItem } from './protocol';
import { QuoteBook } from './quote-book';
import { QuoteRequests } from './quote-requests';
import { fetchSearch } from './search';
import { type StreamMode, SubscriptionSync, type Unavailable } from './subscription-sync';
import { CachedQuotes, type QuoteStore } from './cached-quotes';
import { DisposableStore } from '../../lib/disposable';
import { parseTick, type ParsedTick } from './tick-parser';
import { type DepthTick, WindowStreams } from './window-streams';

export type { QuoteStore };

export type { StreamMode };

/** What other parts of main (charts) learn from the market feed. */
export interface MarketListener {
  /** A tick the QuoteBook applied (in the feed's order), with the quote it made. Hot path: be quick. */
  quote?(tick: ParsedTick, quote: Quote): void;
  /**
   * The service confirmed these instruments on the current connection, where they were not
   * streaming before: their streams start (again) here — nothing of what happened meanwhile came.
   */
  subscribed?(tokens: readonly number[]): void;
  /** The feed's connection state changed. */
  status?(status: ConnectionStatus): void;
}

/**
 * Something that watches every applied quote in main (the alert engine). Called on the tick
 * path, so it must be cheap; `reset()` when a market connection ends or begins (prices seen on
 * another connection are not comparable with the next one: the market moved in between).
 */
export interface QuoteObserver {
  /** `synthetic`: a snapshot price or a re-sent last price, not a trade. */
  quote(quote: Quote, synthetic: boolean): void;
  reset(): void;
}

export interface MarketServiceOptions {
  hub: PushHub;
  quoteStore?: QuoteStore;
  /** Per-window tick batch interval (default 50 ms). */
  flushIntervalMs?: number;
  now?: () => number;
  // Tuning beyond the agreed interface (tests and benchmarks use them; hosts need not).
  backoff?: BackoffOptions;
  /**
   * The mode instruments stream in unless someone shows their depth (`setFullMode`: then `full`).
   * Default `ohlcv` (last price, day OHLC, volume, trade time: what watchlists and candles need);
   * `full` everywhere (depth, hence bid/ask, for every instrument) costs several times the bytes.
   */
  mode?: StreamMode;
  subscription?: {
    burst?: number;
    refillPerSecond?: number;
    maxPerCall?: number;
    coalesceMs?: number;
    /** How soon refused instruments are asked for again (default REFUSAL_BACKOFF: 5 s doubling to 5 min). */
    refusalBackoff?: BackoffOptions;
  };
  /** The silent-connection check (default DEFAULT_LIVENESS: caught within 12 s). */
  liveness?: LivenessOptions;
}

export interface MarketStats {
  /** Ticks applied to the QuoteBook. */
  ticks: number;
  /** Ticks dropped as older than the instrument's last one (the feed's exchange time): re-sent or reordered. */
  outOfOrder: number;
  /** Synthetic re-sends of a last price this connection already had: ignored. */
  resent: number;
  /** `market_data` payloads dropped because they failed parsing. */
  malformed: number;
  subscribeCalls: number;
  unsubscribeCalls: number;
  setModeCalls: number;
  rateLimited: number;
  /** Subscription calls sent but not yet acknowledged. */
  inFlight: number;
  /** Tokens the server is believed to stream (what we subscribed on this connection). */
  subscribed: number[];
  /** Tokens someone needs. */
  wanted: number[];
  /** Subscribed tokens streaming in `full` mode (depth), as the service was asked. */
  full: number[];
  /** Wanted tokens the feed does not serve now (refused, or over the per-connection limit), and why. */
  unavailable: Record<number, Unavailable>;
  /** The service's per-connection instrument limit, when it announced one. */
  limit: number | null;
  /** Connections the liveness check found silent and replaced. */
  silentDrops: number;
}

export interface MarketService {
  configure(conn: { url: string; apiKey: string } | null): void;
  /** The service in use (its URL and key: the candles endpoint lives beside the socket). */
  connection(): { url: string; apiKey: string } | null;
  setWindowInterest(windowId: string, tokens: number[]): void;
  setSystemInterest(key: string, tokens: number[]): void;
  /**
   * Instruments `owner` needs in `full` mode (depth): ref-counted across owners; the rest stream in
   * the base mode. A change is applied with `set_mode` (or in the next subscribe), and every
   * mode is restored after a reconnect.
   */
  setFullMode(owner: string, tokens: number[]): void;
  /**
   * The instruments whose depth this window shows: they stream in `full` mode, and the window is
   * sent `market.depth` for them (latest per instrument, once per push frame). Empty: none.
   */
  setWindowDepth(windowId: string, tokens: number[]): void;
  /** The latest depth known for an instrument (null: none yet, or not in `full` mode). */
  depth(token: number): MarketDepth | null;
  /** Listens to ticks, (re)starting streams and connection state; returns the way to stop. */
  listen(listener: MarketListener): () => void;
  quote(token: number): Quote | undefined;
  quotes(): Quote[];
  status(): ConnectionStatus;
  search(q: string, limit?: number, exchange?: string): Promise<Instrument[]>;
  reconnectNow(): void;
  stop(): Promise<void>;
  stats(): MarketStats;
  /**
   * The instrument's quote as received on the current connection (a tick or the snapshot price
   * at subscribe time), or undefined: none yet, not connected, or only a price from an earlier
   * connection or the cache.
   */
  liveQuote(token: number): Quote | undefined;
  /** Adds an observer of every applied quote; returns the function that removes it. */
  observeQuotes(observer: QuoteObserver): () => void;
}

/** NIFTY 50 and BANK NIFTY: the header shows them whatever else is open. */
export const ALWAYS_WANTED_INDICES = [26000, 26009] as const;

const QUOTE_SAVE_INTERVAL_MS = 1_000;
const QUOTE_REQUEST_TIMEOUT_MS = 3_000;

/**
 * The market-data service of one terminal: the feed (one Socket.IO connection), the quote book,
 * who needs which instrument (the interest registries, `full` mode for depth) and the
 * subscription sync that makes the feed stream exactly that, the cached last prices, search and
 * quote requests, and the wiring between them. What is kept per window and pushed to it (quote
 * batches, depth, the issues list) lives in `WindowStreams` (window-streams.ts). Everything it
 * opens is registered in one `DisposableStore`, released by `stop()`.
 */
export function createMarketService(opts: MarketServiceOptions): MarketService {
  const hub = opts.hub;
  const now = opts.now ?? Date.now;
  const flushIntervalMs = opts.flushIntervalMs ?? 50;
  const baseMode: StreamMode = opts.mode ?? 'ohlcv';

  const book = new QuoteBook();
  const registry = new InterestRegistry();
  /** Who needs which instruments in `full` mode (depth panels). */
  const fullRegistry = new InterestRegistry();
  /** The latest depth-carrying tick per instrument in `full` mode. */
  const lastDepth = new Map<number, DepthTick>();
  const quoteListeners: Array<NonNullable<MarketListener['quote']>> = [];
  const listeners = new Set<MarketListener>();
  /** Instruments confirmed on the current connection (their streams are running). */
  const streaming = new Set<number>();
  /** UIR id → provider token, learnt from confirmations and quote replies. */
  const tokenByUir = new Map<number, number>();
  const resolveUir = (uirId: number) => tokenByUir.get(uirId);
  /** Last prices on this machine: read at start, changed quotes saved every second and on stop. */
  const cachedQuotes = new CachedQuotes(opts.quoteStore);
  /** What this service opens (timers, hub listeners, the feed, the windows' streams), released by `stop()`, newest first. */
  const disposables = new DisposableStore();
  // Registered first, so released last: what changed since the last save is saved on stop.
  disposables.add(() => cachedQuotes.save());
  const counters = { ticks: 0, malformed: 0 };

  /** Quote observers, as an array: the tick path loops over it without an iterator. */
  let observers: QuoteObserver[] = [];

  let conn: { url: string; apiKey: string } | null = null;
  let feed: MarketFeed | null = null;
  /** `get_quote` requests in flight, each matched to its reply by the instruments it names. */
  const quoteRequests = new QuoteRequests({
    send: (refs) => feed?.emit('get_quote', { instruments: refs, ltp_only: true }) ?? false,
    timeoutMs: QUOTE_REQUEST_TIMEOUT_MS,
  });
  /** When the current connection opened: snapshot prices older than this may replace quotes. */
  let connectedAt = 0;
  /** When the connection prices are live on opened; +∞ while there is none (liveQuote). */
  let liveSince = Number.POSITIVE_INFINITY;
  let stopped = false;
  /** Liveness drops of feeds already replaced (a new profile). */
  let silentDrops = 0;

  /** Per window: its quotes, depth and issues streams (window-streams.ts). */
  const streams = new WindowStreams({
    hub,
    intervalMs: flushIntervalMs,
    now,
    lastQuote: (token) => book.get(token),
    lastDepth: (token) => lastDepth.get(token),
    unavailable: () => sync.unavailable(),
    malformedDepth: () => {
      counters.malformed++;
    },
  });

  const health = new FeedHealth({
    now,
    publish: (s) => {
      hub.toAll('connection.status', s);
      for (const l of listeners) l.status?.(s);
    },
  });

  const sync = new SubscriptionSync({
    wanted: () => registry.wanted(),
    modeOf: (token) => (fullRegistry.has(token) ? 'full' : baseMode),
    send: (call, tokens, mode) => {
      if (!feed) return;
      feed.emit(
        call,
        call === 'unsubscribe' ? { instruments: tokens } : { instruments: tokens, mode: mode ?? baseMode },
      );
    },
    now,
    onUnavailable: () => streams.pushAllIssues(),
    ...opts.subscription,
  });

  registry.set('system:always', ALWAYS_WANTED_INDICES);

  // Offline start: last known prices, their receivedAt telling their age.
  if (opts.quoteStore) {
    const cached = cachedQuotes.load();
    book.prime(cached);
    health.seedLastDataAt(
      cached.reduce<number | null>((m, q) => (m === null || q.receivedAt > m ? q.receivedAt : m), null),
    );
  }

  function deliver(quote: Quote, synthetic: boolean): void {
    for (let i = 0; i < observers.length; i++) observers[i]!.quote(quote, synthetic);
    streams.offerQuote(quote);
    cachedQuotes.changed(quote);
  }

  function resetObservers(): void {
    for (const o of observers) o.reset();
  }

  function onTick(payload: unknown): void {
    let tick: ParsedTick | null;
    try {
      tick = parseTick(payload, resolveUir);
    } catch {
      tick = null;
    }
    if (tick === null) {
      counters.malformed++;
      return;
    }
    const at = now();
    health.recordData(at);
    const quote = book.apply(tick, at, connectedAt);
    if (quote === null) return; // older than what is shown, or a re-send: counted by the book
    counters.ticks++;
    deliver(quote, tick.synthetic);
    for (let i = 0; i < quoteListeners.length; i++) quoteListeners[i]!(tick, quote);
    const full = tick.full;
    if (full != null && fullRegistry.has(tick.token)) {
      const entry: DepthTick = { token: tick.token, data: full, receivedAt: at };
      lastDepth.set(tick.token, entry);
      streams.offerDepth(entry);
    }
  }

  function onConfirmed(payload: unknown): void {
    sync.acknowledged('subscribe');
    const parsed = SubscriptionConfirmed.safeParse(payload);
    if (!parsed.success) return;
    const c = parsed.data;
    for (const r of c.resolved) if (r.providerToken !== undefined) tokenByUir.set(r.uirId, r.providerToken);
    // The snapshot (keyed by UIR id) primes prices at once; it never overwrites a live tick.
    const at = now();
    for (const [key, snap] of Object.entries(c.snapshot)) {
      const id = Number(key);
      const ltp = snap.last_price;
      if (!Number.isInteger(id) || typeof ltp !== 'number' || !(ltp > 0)) continue;
      const token = tokenByUir.get(id) ?? id;
      const quote = book.apply(snapshotTick(token, ltp), at, connectedAt);
      if (quote !== null) deliver(quote, true);
    }
    // Served: forget earlier refusals. `included` carries UIR ids on the service (tokens on simpler servers).
    const accepted: number[] = [];
    for (const r of c.resolved) accepted.push(r.providerToken ?? tokenByUir.get(r.uirId) ?? r.uirId);
    for (const ref of c.included) {
      const n = Number(ref);
      if (Number.isInteger(n)) accepted.push(tokenByUir.get(n) ?? n);
    }
    sync.accepted(accepted);
    // Streams that start here (first subscription, or again after a reconnect or an unsubscribe).
    for (const t of streaming) if (sync.modeOnServer(t) === undefined) streaming.delete(t);
    const started = accepted.filter((t) => !streaming.has(t));
    for (const t of started) streaming.add(t);
    if (started.length > 0) for (const l of listeners) l.subscribed?.(started);
    // Refused: not subscribed; asked for again with backoff; the windows that want them are told.
    const unresolved = c.unresolved.map(Number).filter(Number.isInteger);
    const forbidden = c.forbidden
      .map((f) => Number(typeof f === 'object' ? f.token : f))
      .filter((t) => Number.isInteger(t));
    if (unresolved.length > 0) sync.refused(unresolved, 'unresolved');
    if (forbidden.length > 0) sync.refused(forbidden, 'forbidden');
    const limit = c.limits?.maxSubscriptionsPerSocket;
    if (limit !== undefined && limit !== sync.stats().limit) sync.limitsKnown(limit);
  }

  function onServerError(payload: unknown): void {
    const parsed = ServerError.safeParse(payload);
    if (!parsed.success) return;
    const e = parsed.data;
    if (e.code === 'rate_limited') return sync.rateLimited(e.retry_after_ms ?? 1_000);
    // An error naming instruments refuses those (the service also lists them in its confirmation:
    // the sync counts one refusal once).
    const named = namedTokens(e).map((t) => tokenByUir.get(t) ?? t);
    const overLimit = /limit/.test(e.code) && e.code !== 'connection_limit_exceeded';
    if (overLimit) sync.limitsKnown(e.limit ?? Math.max(0, sync.subscribed().length - named.length));
    if (named.length > 0) {
      const reason =
        e.code === 'exchange_unresolved' ? 'unresolved' : e.code === 'forbidden_exchange' ? 'forbidden' : 'refused';
      sync.refused(named, reason);
    } else if (e.code === 'invalid_payload' || e.code === 'invalid_mode') {
      console.warn(`[market] the service refused a request: ${e.message ?? e.code}`);
    }
  }

  const listener: FeedListener = {
    state: (s) => health.setState(s),
    connected: () => {
      connectedAt = now();
      liveSince = connectedAt;
      streaming.clear();
      resetObservers();
      sync.connected();
    },
    disconnected: () => {
      liveSince = Number.POSITIVE_INFINITY;
      streaming.clear();
      resetObservers();
      sync.disconnected();
      // Outstanding quote requests will never be answered on this connection.
      quoteRequests.cancelAll();
    },
    tick: onTick,
    message: (event: ControlEvent, payload: unknown) => {
      switch (event) {
        case 'subscription_confirmed':
          return onConfirmed(payload);
        case 'unsubscription_confirmed':
          return sync.acknowledged('unsubscribe');
        case 'mode_set':
          return sync.acknowledged('set_mode');
        case 'error':
          return onServerError(payload);
        case 'quote_data':
          return quoteRequests.answer(payload);
        case 'welcome': {
          // The per-connection instrument limit, before anything is subscribed on this connection.
          const welcome = WelcomeMessage.safeParse(payload);
          return sync.limitsKnown(welcome.success ? (welcome.data.limits?.maxSubscriptionsPerSocket ?? null) : null);
        }
      }
    },
  };

  // Released by stop() newest first: the feed and the subscription sync stop, the windows'
  // streams are disposed, listeners dropped, quote requests cancelled, the hub listeners and
  // the timer released, and the last changed quotes saved.
  const everySecond = setInterval(() => {
    health.sample();
    cachedQuotes.save();
  }, QUOTE_SAVE_INTERVAL_MS);
  everySecond.unref?.();
  disposables.add(() => clearInterval(everySecond));

  disposables.add(
    hub.onAttach((windowId) => {
      hub.toWindow(windowId, 'connection.status', health.current());
    }),
  );
  const offDetach = hub.onDetach((windowId) => {
    streams.forgetQuotes(windowId);
    const { added, removed } = registry.clear(`window:${windowId}`);
    if (added.length + removed.length > 0) sync.changed();
    service.setWindowDepth(windowId, []);
  });
  disposables.add(offDetach);
  disposables.add(() => quoteRequests.cancelAll());
  disposables.add(() => {
    listeners.clear();
    quoteListeners.length = 0;
  });
  disposables.add(streams);
  disposables.add(() => sync.stop());
  disposables.add(() => {
    feed?.stop();
    feed = null;
  });

  /** Depth interest of a window: `full` mode and subscription for its instruments. */
  function depthOwner(windowId: string): string {
    return `depth:${windowId}`;
  }

  /** Provider tokens for search results that carry only a UIR id, via `get_quote`. */
  async function learnTokens(items: SearchItem[]): Promise<void> {
    const unknown = items.filter((i) => tokenOf(i) === undefined);
    if (unknown.length === 0 || !feed?.isConnected()) return;
    const reply = await quoteRequests.ask(
      unknown.map((i) => ({ exchange: i.exchange, uirId: i.wsSubscribeUirId ?? i.id })),
    );
    if (!reply) return;
    for (const [key, q] of Object.entries(reply.data)) {
      const token = q.instrument_token ?? Number(key);
      if (q.uir_id !== undefined && Number.isInteger(token)) tokenByUir.set(q.uir_id, token);
    }
  }

  function tokenOf(item: SearchItem): number | undefined {
    return item.instrumentToken ?? item.providerToken ?? tokenByUir.get(item.wsSubscribeUirId ?? item.id);
  }

  const service: MarketService = {
    connection: () => (conn ? { ...conn } : null),

    configure(next) {
      if (stopped) return;
      if (next && conn && next.url === conn.url && next.apiKey === conn.apiKey && feed) {
        // Same service again (a profile re-applied, a key re-entered): a feed that gave up or
        // is waiting out a backoff tries now; a healthy one is left alone.
        const state = health.current().state;
        if (state !== 'live' && state !== 'connecting') feed.reconnectNow();
        return;
      }
      silentDrops += feed?.silentDrops() ?? 0;
      feed?.stop();
      feed = null;
      tokenByUir.clear();
      conn = next;
      if (!next) {
        health.setState({ state: 'not_configured', detail: null });
        return;
      }
      feed = new MarketFeed({
        url: next.url,
        apiKey: next.apiKey,
        listener,
        now,
        ...(opts.backoff ? { backoff: opts.backoff } : {}),
        ...(opts.liveness ? { liveness: opts.liveness } : {}),
      });
      feed.start();
    },

    setWindowInterest(windowId, tokens) {
      // A window the hub no longer has (closed mid-call, or detached for a failing sink) would
      // never be cleared by onDetach: its interest must not pin subscriptions.
      const wantedNow = hub.has(windowId) ? new Set(tokens) : new Set<number>();
      const { added, removed } = registry.set(`window:${windowId}`, wantedNow);
      if (added.length + removed.length > 0) sync.changed();
      // Newly shown instruments get their last known price straight away; issues follow.
      streams.setQuotes(windowId, wantedNow);
    },

    setSystemInterest(key, tokens) {
      const { added, removed } = registry.set(`system:${key}`, tokens);
      if (added.length + removed.length > 0) sync.changed();
    },

    setFullMode(owner, tokens) {
      const { added, removed } = fullRegistry.set(owner, tokens);
      for (const t of removed) lastDepth.delete(t);
      if (added.length + removed.length > 0) sync.changed();
    },

    setWindowDepth(windowId, tokens) {
      // A window the hub no longer has must not pin anything (see setWindowInterest).
      const wanted = hub.has(windowId) ? new Set(tokens) : new Set<number>();
      const owner = depthOwner(windowId);
      service.setFullMode(owner, [...wanted]);
      service.setSystemInterest(owner, [...wanted]);
      streams.setDepth(windowId, wanted);
    },

    depth(token) {
      const last = lastDepth.get(token);
      return last ? parseDepth(last.token, last.data, last.receivedAt) : null;
    },

    listen(listener) {
      listeners.add(listener);
      const q = listener.quote;
      if (q) quoteListeners.push(q);
      return () => {
        listeners.delete(listener);
        if (q) {
          const i = quoteListeners.indexOf(q);
          if (i >= 0) quoteListeners.splice(i, 1);
        }
      };
    },

    quote: (token) => book.get(token),
    quotes: () => book.all(),
    status: () => health.current(),

    async search(q, limit = 20, exchange) {
      if (!conn) throw new TradedeskError('offline', 'Market data is not configured');
      const items = await fetchSearch({
        url: conn.url,
        apiKey: conn.apiKey,
        q,
        limit,
        ...(exchange ? { exchange } : {}),
      });
      await learnTokens(items);
      const out: Instrument[] = [];
      for (const item of items) {
        const token = tokenOf(item);
        if (token === undefined) continue; // cannot be keyed like its ticks; showing it would show no prices
        const parsed = Instrument.safeParse({
          token,
          instrumentId: `${item.exchange}-${token}`,
          symbol: item.symbol,
          name: item.name ?? item.symbol,
          exchange: item.exchange,
          segment: item.segment ?? item.exchange,
          instrumentType: item.instrumentType ?? undefined,
          lotSize: item.lotSize ?? undefined,
          tickSize: item.tickSize ?? undefined,
          lastPrice: book.get(token)?.ltp ?? item.last_price ?? null,
        });
        if (parsed.success) out.push(parsed.data);
      }
      return out;
    },

    reconnectNow() {
      feed?.reconnectNow();
    },

    async stop() {
      if (stopped) return;
      stopped = true;
      disposables.dispose();
    },

    liveQuote(token) {
      const q = book.get(token);
      return q !== undefined && q.receivedAt >= liveSince ? q : undefined;
    },

    observeQuotes(observer) {
      observers = [...observers, observer];
      return () => {
        observers = observers.filter((o) => o !== observer);
      };
    },

    stats() {
      const s = sync.stats();
      const ordering = book.stats();
      return {
        ticks: counters.ticks,
        outOfOrder: ordering.outOfOrder,
        resent: ordering.resent,
        malformed: counters.malformed,
        subscribeCalls: s.subscribeCalls,
        unsubscribeCalls: s.unsubscribeCalls,
        setModeCalls: s.setModeCalls,
        rateLimited: s.rateLimited,
        inFlight: s.inFlight,
        subscribed: sync.subscribed(),
        wanted: [...registry.wanted()],
        full: sync.subscribed().filter((t) => sync.modeOnServer(t) === 'full'),
        unavailable: Object.fromEntries(sync.unavailable()),
        limit: s.limit,
        silentDrops: silentDrops + (feed?.silentDrops() ?? 0),
      };
    },
  };
  return service;
}

/** A snapshot price: a last price with nothing else, not a new trade. */
function snapshotTick(token: number, ltp: number): ParsedTick {
  return {
    token,
    ltp,
    open: null,
    high: null,
    low: null,
    close: null,
    volume: null,
    bid: null,
    ask: null,
    change: null,
    changePct: null,
    ts: null,
    tradeTime: null,
    synthetic: true,
  };
}
