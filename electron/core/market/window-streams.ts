import type { PushPayload } from '../../../src/shared/contract';
import type { MarketDepth, Quote } from '../../../src/shared/domain';
import type { Disposable } from '../../lib/disposable';
import type { PushHub } from '../ipc/push-hub';
import { parseDepth } from './depth';
import type { Unavailable } from './subscription-sync';
import { TickBatcher } from './tick-batcher';

/**
 * The raw depth of one `full`-mode tick (`data` as the feed sent it: Kite's shape, see depth.ts),
 * kept unparsed on the tick path and parsed only when a window is sent it. `receivedAt`: main's
 * clock, epoch ms.
 */
export interface DepthTick {
  token: number;
  data: Readonly<Record<string, unknown>>;
  receivedAt: number;
}

export interface WindowStreamsOptions {
  hub: PushHub;
  /** Push frame per window, ms: at most one `market.ticks` and one `market.depth` push per window per interval. */
  intervalMs: number;
  now: () => number;
  /** The last known quote of an instrument (the QuoteBook): a window that starts showing it gets it at once. */
  lastQuote: (token: number) => Quote | undefined;
  /** The latest depth-carrying tick of an instrument in `full` mode: a window that starts showing its depth gets it at once. */
  lastDepth: (token: number) => DepthTick | undefined;
  /** Wanted instruments the feed does not serve now, and why (`SubscriptionSync.unavailable()`). */
  unavailable: () => ReadonlyMap<number, Unavailable>;
  /** A depth tick that failed parsing when it was to be pushed (the service counts it as malformed). */
  malformedDepth: () => void;
}

/**
 * What the market service keeps per window and pushes to it — one job, so that the service
 * itself holds only the feed, the interest registries and the wiring:
 *
 * - **quotes**: one `TickBatcher` per distinct interest set (a *group*: the windows showing exactly
 *   the same instruments, e.g. detached windows of one watchlist); `offerQuote` (the tick path: a
 *   map write per group) queues a quote for the groups showing its token, and each batcher pushes
 *   `market.ticks {quotes: Quote[]}` (latest quote per token) at most once per `intervalMs` to
 *   all its windows in one `PushHub.toWindows` — one payload, encoded once for the browser host,
 *   however many windows show it. A window that starts showing an instrument is offered its last
 *   known quote; one that changes group takes along the quotes still queued for it (its old
 *   group's, for the instruments it keeps), so it may get its next batch early, never a gap.
 * - **issues**: `market.issues {issues: [{instrument, reason}]}` — the complete list of the
 *   window's instruments that the feed does not serve now (refused, unresolved, forbidden, over
 *   the per-connection limit), pushed only when it differs from the list last sent to it (none
 *   sent yet counts as an empty list), after its interest changes and whenever the service's
 *   unavailable set changes (`pushAllIssues`).
 * - **depth**: one `TickBatcher<DepthTick>` per window with depth panels; `offerDepth` queues a
 *   raw depth tick, and at flush each is parsed (depth.ts) into `market.depth {depth:
 *   MarketDepth[]}` (latest per instrument; nothing is sent when none parse). A window that
 *   starts showing an instrument's depth is offered the latest one known.
 *
 * The hub's `has(windowId)` check, the interest registries and `full` mode stay with the service:
 * this module only holds the streams it is told to hold. The service registers it in its
 * `DisposableStore`; `dispose()` stops every window's batchers (nothing is pushed after it) and
 * `forget*` release one window's (on detach, or when its interest becomes empty).
 */
/** Windows showing exactly the same instruments, sharing one batcher and so one payload per frame. */
interface QuoteGroup {
  /** The interest set as sorted tokens, comma-joined. */
  readonly key: string;
  readonly windows: Set<string>;
  readonly batcher: TickBatcher;
}

export class WindowStreams implements Disposable {
  readonly #opts: WindowStreamsOptions;
  /** Quote groups by interest key (sorted tokens), and each window's group. */
  readonly #groups = new Map<string, QuoteGroup>();
  readonly #groupOf = new Map<string, QuoteGroup>();
  /**
   * Per token: the batchers of the groups showing it, so a tick finds its windows with one map
   * lookup by its numeric token instead of asking every group's interest set. Rebuilt (lazily,
   * on the next tick) only when a group is made or goes; null: to rebuild.
   */
  #routes: Map<number, TickBatcher[]> | null = null;
  readonly #depth = new Map<string, TickBatcher<DepthTick>>();
  /** Per window: the issues list it was last sent, as JSON (so a push goes out only when it changes). */
  readonly #issuesSent = new Map<string, string>();

  constructor(opts: WindowStreamsOptions) {
    this.#opts = opts;
  }

  /**
   * The instruments a window's quotes stream carries. Empty: the window leaves its group (the
   * group's batcher is disposed with its last window; the issues list is kept, as last sent).
   * Otherwise the window joins the group of exactly these instruments (made if none), newly
   * shown instruments get their last known quote and its issues are pushed if they changed.
   */
  setQuotes(windowId: string, tokens: ReadonlySet<number>): void {
    const from = this.#groupOf.get(windowId);
    if (tokens.size === 0) {
      this.#leave(windowId);
      return;
    }
    const key = [...tokens].sort((a, b) => a - b).join(',');
    if (from?.key === key) {
      this.pushIssues(windowId);
      return;
    }
    // What this window must still get: what its old group queued for the instruments it keeps
    // (delivered to the old group's other windows, not yet to it), and the last known quote of
    // each instrument it starts showing. Offered to the new group: its other windows show the
    // same instruments, so at worst they get a quote again that they already have.
    const carried: Quote[] = [];
    if (from) for (const q of from.batcher.pending()) if (tokens.has(q.token)) carried.push(q);
    const before = from?.batcher.interest ?? new Set<number>();
    for (const token of tokens) {
      if (before.has(token)) continue;
      const q = this.#opts.lastQuote(token);
      if (q) carried.push(q);
    }
    this.#leave(windowId);
    let group = this.#groups.get(key);
    if (!group) {
      const windows = new Set<string>();
      group = {
        key,
        windows,
        batcher: new TickBatcher({
          intervalMs: this.#opts.intervalMs,
          now: this.#opts.now,
          deliver: (quotes) => this.#opts.hub.toWindows(windows, 'market.ticks', { quotes }),
        }),
      };
      group.batcher.setInterest(tokens);
      this.#groups.set(key, group);
      this.#routes = null;
    }
    group.windows.add(windowId);
    this.#groupOf.set(windowId, group);
    for (const q of carried) group.batcher.offer(q);
    this.pushIssues(windowId);
  }

  /** Takes a window out of its quote group; the group's batcher goes with its last window. */
  #leave(windowId: string): void {
    const group = this.#groupOf.get(windowId);
    if (!group) return;
    this.#groupOf.delete(windowId);
    group.windows.delete(windowId);
    if (group.windows.size > 0) return;
    group.batcher.dispose();
    this.#groups.delete(group.key);
    this.#routes = null;
  }

  /** The instruments whose depth a window shows. Empty: its depth batcher is disposed. */
  setDepth(windowId: string, tokens: ReadonlySet<number>): void {
    let batcher = this.#depth.get(windowId);
    if (tokens.size === 0) {
      batcher?.dispose();
      this.#depth.delete(windowId);
      return;
    }
    const before = batcher?.interest ?? new Set<number>();
    if (!batcher) {
      batcher = new TickBatcher<DepthTick>({
        intervalMs: this.#opts.intervalMs,
        now: this.#opts.now,
        deliver: (ticks) => {
          const depth: MarketDepth[] = [];
          for (const t of ticks) {
            const d = parseDepth(t.token, t.data, t.receivedAt);
            if (d) depth.push(d);
            else this.#opts.malformedDepth();
          }
          if (depth.length > 0) this.#opts.hub.toWindow(windowId, 'market.depth', { depth });
        },
      });
      this.#depth.set(windowId, batcher);
    }
    batcher.setInterest(tokens);
    for (const token of tokens) {
      const last = this.#opts.lastDepth(token);
      if (last && !before.has(token)) batcher.offer(last);
    }
  }

  /** Tick path: queues a quote for every group of windows showing its token (one map lookup, no iterator). */
  offerQuote(quote: Quote): void {
    const batchers = (this.#routes ?? this.#reroute()).get(quote.token);
    if (batchers === undefined) return;
    for (let i = 0; i < batchers.length; i++) batchers[i]!.offer(quote);
  }

  /** token → the batchers of the groups showing it (a group's interest never changes: a new set is a new group). */
  #reroute(): Map<number, TickBatcher[]> {
    const routes = new Map<number, TickBatcher[]>();
    for (const g of this.#groups.values()) {
      for (const token of g.batcher.interest) {
        const list = routes.get(token);
        if (list === undefined) routes.set(token, [g.batcher]);
        else list.push(g.batcher);
      }
    }
    this.#routes = routes;
    return routes;
  }

  /** Tick path: queues a raw depth tick for every window showing that instrument's depth. */
  offerDepth(tick: DepthTick): void {
    for (const b of this.#depth.values()) b.offer(tick);
  }

  /**
   * Tells a window which of its instruments the feed cannot serve right now, and why: the
   * complete current list (empty when all are served again), sent only when it changed.
   */
  pushIssues(windowId: string): void {
    const interest = this.#groupOf.get(windowId)?.batcher.interest;
    const list: PushPayload<'market.issues'>['issues'] = [];
    if (interest) {
      for (const [token, reason] of this.#opts.unavailable()) {
        if (interest.has(token)) list.push({ instrument: token, reason });
      }
    }
    const key = JSON.stringify(list);
    if ((this.#issuesSent.get(windowId) ?? '[]') === key) return;
    this.#issuesSent.set(windowId, key);
    this.#opts.hub.toWindow(windowId, 'market.issues', { issues: list });
  }

  /** `pushIssues` for every window with a quotes stream (the unavailable set changed). */
  pushAllIssues(): void {
    for (const windowId of this.#groupOf.keys()) this.pushIssues(windowId);
  }

  /** A window went: its quotes stream and the issues list it was sent are dropped (depth: `setDepth(id, empty)`). */
  forgetQuotes(windowId: string): void {
    this.#leave(windowId);
    this.#issuesSent.delete(windowId);
  }

  /** Windows with a quotes stream, and with a depth stream (for tests and stats). */
  windows(): { quotes: string[]; depth: string[] } {
    return { quotes: [...this.#groupOf.keys()], depth: [...this.#depth.keys()] };
  }

  /** Disposes every window's batchers (quotes, then depth): nothing is pushed after it. */
  dispose(): void {
    for (const g of this.#groups.values()) g.batcher.dispose();
    this.#groups.clear();
    this.#routes = null;
    this.#groupOf.clear();
    for (const b of this.#depth.values()) b.dispose();
    this.#depth.clear();
  }
}
