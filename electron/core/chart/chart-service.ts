import {
  aggregateCandles,
  bucketOf,
  type Candle,
  type CandleInterval,
  DAY_MS,
  INTERVAL_MS,
} from '../../../src/shared/chart';
import { TradedeskError, type ChartSeries, type CandleUpdate, type HistoryStatus } from '../../../src/shared/contract';
import type { PanelInstrument } from '../../../src/shared/layout';
import type { CandleCache } from '../cache';
import type { PushHub } from '../ipc/push-hub';
import { InterestRegistry } from '../market/interest-registry';
import type { MarketService } from '../market/service';
import { fetchCandles, UNAVAILABLE } from './history-client';
import { lowerBound, mergeSeries, replaceStretch } from './merge';
import { candleTickOf, MinuteSeries } from './minute-series';

/**
 * Charts in main: which instruments build candles, their history, what each window is sent.
 *
 * - Only instruments a chart wants build candles: those of open charts (`open`) and of chart
 *   panels in bound windows (`keep`, so a window opening later finds complete candles). Every
 *   other tick costs one map lookup here.
 * - Candles are built per instrument at 1 minute (MinuteSeries) and aggregated to the interval a
 *   chart shows; live minutes are saved to the cache every second and reloaded when a series
 *   starts (a restart shows today's chart at once, offline too).
 * - History per (instrument, interval) comes from the service's candles endpoint (a default span
 *   per interval, older pages on `history`), and is asked again from where it ended when the feed
 *   comes back after a break (filling the gap); a service without the endpoint leaves the chart
 *   to the cache and live ticks. History and live join per bucket as merge.ts says.
 * - Each window gets `chart.candles` (changed candles of the series its charts show) at most
 *   once per frame, and `chart.series` (a whole series) when history arrives or the feed changes.
 */

/** Default history span when a chart opens, per interval, in days (≤ MAX_SPAN_DAYS). */
export const DEFAULT_SPAN_DAYS: Readonly<Record<CandleInterval, number>> = {
  '1m': 5,
  '3m': 10,
  '5m': 15,
  '15m': 30,
  '30m': 60,
  '1h': 120,
  '1D': 365,
};

export interface ChartFeed {
  /** Names the service in the cache (`demo`, or the service's origin), so two services never mix. */
  key: string;
  url: string;
  apiKey: string;
}

export interface ChartServiceOptions {
  hub: PushHub;
  market: MarketService;
  cache: CandleCache;
  now?: () => number;
  /** Push frame: at most one `chart.candles` per window per frame (default 50 ms, as market ticks). */
  frameMs?: number;
  /** Days of 1-minute candles kept in memory and in the cache (default 7). */
  keepDays?: number;
  /** How long `open` waits for history before answering with what it has (default 1,500 ms). */
  historyWaitMs?: number;
  saveIntervalMs?: number;
  fetchImpl?: typeof fetch;
}

export interface ChartStats {
  /** Instruments building candles now. */
  building: number;
  /** Ticks that made or changed a candle; ticks of charted instruments without an exchange time. */
  applied: number;
  untimed: number;
  historyRequests: number;
}

interface History {
  candles: Candle[];
  /** When (epoch ms) the history asked for ended: buckets ending by then are complete in it. */
  coveredTo: number;
  status: HistoryStatus;
  inflight: Promise<void> | null;
}

interface Series {
  token: number;
  exchange: string;
  minutes: MinuteSeries;
  /** Minute times changed since the last save. */
  unsaved: Set<number>;
  histories: Map<CandleInterval, History>;
  /** A stream ran and may have broken: history is asked again (from where it ended) when the feed is back. */
  streamed: boolean;
}

interface Subscription {
  token: number;
  interval: CandleInterval;
}

interface WindowCharts {
  windowId: string;
  panels: Map<string, Subscription>;
  /** Per instrument: the minutes changed since the last push. */
  dirty: Map<number, Set<number>>;
  timer: ReturnType<typeof setTimeout> | null;
  lastFlushAt: number;
}

export class ChartService {
  readonly #hub: PushHub;
  readonly #market: MarketService;
  readonly #cache: CandleCache;
  readonly #now: () => number;
  readonly #frameMs: number;
  readonly #keepMs: number;
  readonly #historyWaitMs: number;
  readonly #fetch: typeof fetch | undefined;
  readonly #series = new Map<number, Series>();
  /** Who wants which instruments built (open charts per window, chart panels per window). */
  readonly #building = new InterestRegistry();
  readonly #exchanges = new Map<number, string>();
  readonly #windows = new Map<string, WindowCharts>();
  /** Per instrument: the windows whose charts show it. */
  readonly #watchers = new Map<number, Set<WindowCharts>>();
  readonly #stats = { applied: 0, untimed: 0, historyRequests: 0 };
  readonly #offs: Array<() => void> = [];
  readonly #saveTimer: ReturnType<typeof setInterval>;
  #feed: ChartFeed | null = null;
  /** The feed's service answered 404 for candles: do not ask it again. */
  #endpointMissing = false;
  #live = false;
  #stopped = false;

  constructor(opts: ChartServiceOptions) {
    this.#hub = opts.hub;
    this.#market = opts.market;
    this.#cache = opts.cache;
    this.#now = opts.now ?? Date.now;
    this.#frameMs = opts.frameMs ?? 50;
    this.#keepMs = (opts.keepDays ?? 7) * DAY_MS;
    this.#historyWaitMs = opts.historyWaitMs ?? 1_500;
    this.#fetch = opts.fetchImpl;
    this.#live = opts.market.status().state === 'live';
    this.#offs.push(
      opts.market.listen({
        quote: (tick, quote) => {
          const s = this.#series.get(tick.token);
          if (s === undefined) return;
          const input = candleTickOf(tick, quote);
          if (input === null) {
            this.#stats.untimed++;
            return;
          }
          const candle = s.minutes.ingest(input);
          if (candle === null) return;
          this.#stats.applied++;
          s.unsaved.add(candle.time);
          s.streamed = true;
          const watchers = this.#watchers.get(s.token);
          if (watchers) for (const w of watchers) this.#mark(w, s.token, candle.time);
        },
        subscribed: (tokens) => {
          for (const t of tokens) this.#series.get(t)?.minutes.newRun();
        },
        status: (status) => this.#statusChanged(status.state === 'live'),
      }),
      opts.hub.onDetach((windowId) => this.#windowGone(windowId)),
    );
    this.#saveTimer = setInterval(() => this.#save(), opts.saveIntervalMs ?? 1_000);
    this.#saveTimer.unref?.();
  }

  /** The market service the charts follow (null: none). A different service starts every series afresh. */
  configure(feed: ChartFeed | null): void {
    if (this.#stopped) return;
    const same = feed !== null && this.#feed !== null && feed.key === this.#feed.key && feed.url === this.#feed.url;
    if (same && feed.apiKey === this.#feed!.apiKey) return;
    this.#save();
    this.#feed = feed;
    this.#endpointMissing = false;
    if (same) return; // a new key for the same service: the candles are the same
    try {
      this.#cache.pruneCandles(this.#now() - this.#keepMs);
    } catch (error) {
      console.error('[charts] could not prune old candles:', error);
    }
    const tokens = [...this.#series.keys()];
    this.#series.clear();
    for (const t of tokens) this.#ensureSeries(t);
    for (const w of this.#windows.values()) {
      for (const sub of new Set([...w.panels.values()].map((p) => `${p.token}|${p.interval}`))) {
        const [token, interval] = sub.split('|') as [string, CandleInterval];
        this.#pushSeries(Number(token), interval);
        void this.#loadHistory(Number(token), interval);
      }
    }
  }

  /** `chart.open`: the window's panel shows this series (see the contract). */
  async open(
    windowId: string,
    panelId: string,
    instrument: PanelInstrument,
    interval: CandleInterval,
  ): Promise<ChartSeries> {
    if (this.#stopped || !this.#hub.has(windowId)) throw new TradedeskError('not_found', 'This window is closed');
    if (!this.#exchanges.has(instrument.token)) this.#exchanges.set(instrument.token, instrument.exchange);
    let w = this.#windows.get(windowId);
    if (!w) {
      w = { windowId, panels: new Map(), dirty: new Map(), timer: null, lastFlushAt: -Infinity };
      this.#windows.set(windowId, w);
    }
    w.panels.set(panelId, { token: instrument.token, interval });
    this.#windowChanged(w);
    const loading = this.#loadHistory(instrument.token, interval);
    if (this.#feed !== null && !this.#endpointMissing) {
      await Promise.race([loading, new Promise((resolve) => setTimeout(resolve, this.#historyWaitMs).unref?.())]);
    }
    return this.#seriesOf(instrument.token, interval);
  }

  /** `chart.close`. */
  close(windowId: string, panelId: string): void {
    const w = this.#windows.get(windowId);
    if (!w || !w.panels.delete(panelId)) return;
    this.#windowChanged(w);
  }

  /**
   * `chart.history`: up to `limit` candles before `before`, asking the service for the span
   * before what it has when needed.
   */
  async history(
    token: number,
    interval: CandleInterval,
    before: number,
    limit = 2_000,
  ): Promise<{ candles: Candle[]; history: HistoryStatus }> {
    const s = this.#series.get(token);
    if (!s) throw new TradedeskError('not_found', 'Open a chart of this instrument first');
    const h = this.#historyOf(s, interval);
    const first = h.candles[0]?.time ?? before;
    if (this.#feed && !this.#endpointMissing && first >= before - INTERVAL_MS[interval] * limit) {
      const to = Math.min(first, before) - 1;
      await this.#fetchInto(s, interval, to - DEFAULT_SPAN_DAYS[interval] * DAY_MS, to, false);
    }
    const merged = this.#merged(s, interval);
    const end = lowerBound(merged, before);
    return { candles: merged.slice(Math.max(0, end - limit), end), history: h.status };
  }

  /** Chart panels of a window (the workspace): their instruments keep building candles. */
  keep(owner: string, instruments: readonly PanelInstrument[]): void {
    for (const i of instruments) if (!this.#exchanges.has(i.token)) this.#exchanges.set(i.token, i.exchange);
    this.#setBuilding(
      `keep:${owner}`,
      instruments.map((i) => i.token),
    );
  }

  /** The series a chart of `token` at `interval` shows now (history joined with live candles). */
  series(token: number, interval: CandleInterval): ChartSeries {
    return this.#seriesOf(token, interval);
  }

  stats(): ChartStats {
    return { building: this.#series.size, ...this.#stats };
  }

  /** Saves what is not saved and lets go of the market; the cache outlives it. */
  stop(): void {
    if (this.#stopped) return;
    this.#save();
    this.#stopped = true;
    clearInterval(this.#saveTimer);
    for (const off of this.#offs.splice(0)) off();
    for (const w of this.#windows.values()) if (w.timer) clearTimeout(w.timer);
    this.#windows.clear();
    this.#watchers.clear();
  }

  // -------------------------------------------------------------------------------------------

  #windowChanged(w: WindowCharts): void {
    for (const set of this.#watchers.values()) set.delete(w);
    const tokens = new Set<number>();
    for (const p of w.panels.values()) {
      tokens.add(p.token);
      let set = this.#watchers.get(p.token);
      if (!set) this.#watchers.set(p.token, (set = new Set()));
      set.add(w);
    }
    for (const [t, set] of this.#watchers) if (set.size === 0) this.#watchers.delete(t);
    for (const t of w.dirty.keys()) if (!tokens.has(t)) w.dirty.delete(t);
    this.#market.setSystemInterest(`charts:${w.windowId}`, [...tokens]);
    this.#setBuilding(`window:${w.windowId}`, [...tokens]);
    if (w.panels.size === 0) {
      if (w.timer) clearTimeout(w.timer);
      this.#windows.delete(w.windowId);
    }
  }

  #windowGone(windowId: string): void {
    const w = this.#windows.get(windowId);
    if (!w) return;
    w.panels.clear();
    this.#windowChanged(w);
  }

  #setBuilding(owner: string, tokens: number[]): void {
    const { added, removed } = this.#building.set(owner, tokens);
    for (const t of added) this.#ensureSeries(t);
    for (const t of removed) {
      const s = this.#series.get(t);
      if (!s) continue;
      this.#saveSeries(s);
      this.#series.delete(t);
    }
  }

  #ensureSeries(token: number): Series {
    let s = this.#series.get(token);
    if (s) return s;
    s = {
      token,
      exchange: this.#exchanges.get(token) ?? 'NSE_EQ',
      minutes: new MinuteSeries(this.#exchanges.get(token) ?? 'NSE_EQ', Math.ceil(this.#keepMs / 60_000)),
      unsaved: new Set(),
      histories: new Map(),
      streamed: false,
    };
    if (this.#feed) {
      try {
        s.minutes.load(this.#cache.loadCandles(this.#feed.key, token, this.#now() - this.#keepMs));
      } catch (error) {
        console.error('[charts] could not load cached candles:', error);
      }
    }
    this.#series.set(token, s);
    return s;
  }

  #historyOf(s: Series, interval: CandleInterval): History {
    let h = s.histories.get(interval);
    if (!h) s.histories.set(interval, (h = { candles: [], coveredTo: 0, status: 'pending', inflight: null }));
    if (this.#endpointMissing || this.#feed === null) h.status = this.#endpointMissing ? 'unavailable' : h.status;
    return h;
  }

  /** Asks for a series' history unless it is loaded or on its way; resolves when settled. */
  #loadHistory(token: number, interval: CandleInterval): Promise<void> {
    const s = this.#series.get(token);
    if (!s) return Promise.resolve();
    const h = this.#historyOf(s, interval);
    if (h.inflight) return h.inflight;
    if (h.status === 'loaded' || h.status === 'unavailable' || !this.#feed) return Promise.resolve();
    const now = this.#now();
    const from =
      h.coveredTo > 0 ? bucketOf(h.coveredTo, interval, s.exchange).start : now - DEFAULT_SPAN_DAYS[interval] * DAY_MS;
    return this.#fetchInto(s, interval, from, now, true);
  }

  /** Fetches [from, to] into the series' history; pushes the whole series when `announce`. */
  #fetchInto(s: Series, interval: CandleInterval, from: number, to: number, announce: boolean): Promise<void> {
    const h = this.#historyOf(s, interval);
    const feed = this.#feed;
    if (!feed || this.#endpointMissing) return Promise.resolve();
    this.#stats.historyRequests++;
    const run = (async () => {
      try {
        const got = await fetchCandles({
          url: feed.url,
          apiKey: feed.apiKey,
          token: s.token,
          interval,
          from,
          to,
          ...(this.#fetch ? { fetchImpl: this.#fetch } : {}),
        });
        if (this.#feed !== feed || this.#series.get(s.token) !== s) return; // changed meanwhile
        if (got === UNAVAILABLE) {
          this.#endpointMissing = true;
          for (const series of this.#series.values())
            for (const other of series.histories.values()) other.status = 'unavailable';
        } else {
          h.candles = replaceStretch(h.candles, got);
          if (to > h.coveredTo) h.coveredTo = to;
          h.status = 'loaded';
        }
      } catch (error) {
        if (h.status !== 'loaded') h.status = 'failed';
        if (!(error instanceof TradedeskError)) console.error('[charts] history failed:', error);
      } finally {
        h.inflight = null;
      }
      if (announce) {
        if (this.#endpointMissing) for (const w of this.#windows.values()) this.#pushAllOf(w);
        else this.#pushSeries(s.token, interval);
      }
    })();
    h.inflight = run;
    return run;
  }

  /** The feed went (or came back) live: after a break, ask history for what was missed. */
  #statusChanged(live: boolean): void {
    const was = this.#live;
    this.#live = live;
    if (was === live) return;
    if (!live) {
      // Charts show the feed is not live.
      for (const w of this.#windows.values()) this.#pushAllOf(w);
      return;
    }
    for (const s of this.#series.values()) {
      for (const [interval, h] of s.histories) {
        if (!this.#watched(s.token, interval)) continue;
        if (h.status === 'failed' || (h.status === 'loaded' && s.streamed)) {
          if (h.status === 'loaded') h.status = 'pending';
          void this.#loadHistory(s.token, interval);
        } else this.#pushSeries(s.token, interval);
      }
    }
  }

  #watched(token: number, interval: CandleInterval): boolean {
    for (const w of this.#watchers.get(token) ?? []) {
      for (const p of w.panels.values()) if (p.token === token && p.interval === interval) return true;
    }
    return false;
  }

  #merged(s: Series, interval: CandleInterval): Candle[] {
    const live = aggregateCandles(s.minutes.candles, interval, s.exchange);
    const h = s.histories.get(interval);
    if (!h || h.candles.length === 0) return live;
    return mergeSeries(h.candles, live, h.coveredTo, interval, s.exchange);
  }

  #seriesOf(token: number, interval: CandleInterval): ChartSeries {
    const s = this.#series.get(token);
    const h = s ? this.#historyOf(s, interval) : null;
    const status: HistoryStatus = this.#endpointMissing ? 'unavailable' : (h?.status ?? 'pending');
    return {
      token,
      interval,
      candles: s ? this.#merged(s, interval).slice(-20_000) : [],
      stale: !this.#live,
      history: status,
    };
  }

  #pushSeries(token: number, interval: CandleInterval): void {
    let payload: ChartSeries | null = null;
    for (const w of this.#watchers.get(token) ?? []) {
      let shows = false;
      for (const p of w.panels.values()) if (p.token === token && p.interval === interval) shows = true;
      if (!shows) continue;
      payload ??= this.#seriesOf(token, interval);
      this.#hub.toWindow(w.windowId, 'chart.series', payload);
    }
  }

  #pushAllOf(w: WindowCharts): void {
    const sent = new Set<string>();
    for (const p of w.panels.values()) {
      const key = `${p.token}|${p.interval}`;
      if (sent.has(key)) continue;
      sent.add(key);
      this.#hub.toWindow(w.windowId, 'chart.series', this.#seriesOf(p.token, p.interval));
    }
  }

  /** A minute of `token` changed: the window is sent the candles it touches, next frame. */
  #mark(w: WindowCharts, token: number, minute: number): void {
    let set = w.dirty.get(token);
    if (!set) w.dirty.set(token, (set = new Set()));
    set.add(minute);
    if (w.timer !== null) return;
    const wait = Math.max(0, w.lastFlushAt + this.#frameMs - this.#now());
    w.timer = setTimeout(() => this.#flush(w), wait);
  }

  #flush(w: WindowCharts): void {
    w.timer = null;
    if (this.#stopped || w.dirty.size === 0) return;
    if (this.#now() - w.lastFlushAt < this.#frameMs) {
      w.timer = setTimeout(() => this.#flush(w), Math.max(1, w.lastFlushAt + this.#frameMs - this.#now()));
      return;
    }
    w.lastFlushAt = this.#now();
    const updates: CandleUpdate[] = [];
    const done = new Set<string>();
    for (const [token, minutes] of w.dirty) {
      const s = this.#series.get(token);
      if (!s) continue;
      for (const p of w.panels.values()) {
        const key = `${token}|${p.interval}`;
        if (p.token !== token || done.has(key)) continue;
        done.add(key);
        const candles = this.#changedCandles(s, p.interval, minutes);
        if (candles.length > 0) updates.push({ token, interval: p.interval, candles });
      }
    }
    w.dirty.clear();
    if (updates.length > 0) this.#hub.toWindow(w.windowId, 'chart.candles', { updates });
  }

  /** The interval candles holding these changed minutes, as the chart shows them (merged). */
  #changedCandles(s: Series, interval: CandleInterval, minutes: ReadonlySet<number>): Candle[] {
    const starts = new Map<number, { start: number; end: number }>();
    for (const m of minutes) {
      const b = bucketOf(m, interval, s.exchange);
      starts.set(b.start, b);
    }
    const h = s.histories.get(interval);
    const out: Candle[] = [];
    for (const b of [...starts.values()].sort((x, y) => x.start - y.start)) {
      const from = lowerBound(s.minutes.candles, b.start);
      const to = lowerBound(s.minutes.candles, b.end);
      const live = aggregateCandles(s.minutes.candles.slice(from, to), interval, s.exchange);
      if (live.length === 0) continue;
      const hist = h ? h.candles[lowerBound(h.candles, b.start)] : undefined;
      const merged =
        hist !== undefined && hist.time === b.start
          ? mergeSeries([hist], live, h!.coveredTo, interval, s.exchange)
          : live;
      out.push(...merged);
    }
    return out;
  }

  #save(): void {
    for (const s of this.#series.values()) this.#saveSeries(s);
  }

  #saveSeries(s: Series): void {
    if (!this.#feed || s.unsaved.size === 0) return;
    const candles: Candle[] = [];
    const all = s.minutes.candles;
    for (let i = all.length - 1; i >= 0 && candles.length < s.unsaved.size; i--) {
      if (s.unsaved.has(all[i]!.time)) candles.push(all[i]!);
    }
    s.unsaved.clear();
    try {
      this.#cache.saveCandles(this.#feed.key, s.token, candles);
    } catch (error) {
      console.error('[charts] could not save candles:', error);
    }
  }
}
