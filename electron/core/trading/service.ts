import type { ConnectionStatus, SessionState, StateSnapshot } from '../../../src/shared/domain';
import type { Cache } from '../cache';
import type { PushHub } from '../ipc/push-hub';
import {
  SessionManager,
  type ActiveSession,
  type DemoStackInfo,
  type Profile,
  type ProfileEndpoints,
  type SecretStore,
} from '../session';
import { DisposableStore } from '../../lib/disposable';
import { TradingActions } from './actions';
import { TRADING_INTEREST_KEY, tradingInterest, type MarketInterestSink } from './interest';
import type { Applied } from './apply';
import { TradingSync } from './sync';

export interface TradingServiceOptions {
  hub: PushHub;
  cache: Cache;
  /** `Pick<MarketService, 'setSystemInterest' | 'quote'>` fits. */
  market?: MarketInterestSink;
  secrets: SecretStore;
  now?: () => number;
  /** How long an order/action waits for the server before its outcome counts as unknown. */
  actionTimeoutMs?: number;
  /** Starts (or returns) the embedded stack when a window asks for the demo profile. */
  demoStack?: () => Promise<DemoStackInfo>;
  /** Told the endpoints of each profile in use (the host points the market service at them). */
  onProfile?: (endpoints: ProfileEndpoints | null) => void;
}

export interface TradingService {
  useProfile(profile: Profile): Promise<SessionState>;
  /** Start-up: the profile is not chosen yet (windows show "Starting…", not a sign-in). */
  announceStarting(): void;
  /** `session.useProfile {kind:'demo'}` from a window: needs `demoStack`. */
  useDemoProfile(): Promise<SessionState>;
  signIn(email: string, password: string): Promise<SessionState>;
  /** Ends the session and forgets the account's cached data and tokens. */
  signOut(): Promise<SessionState>;
  session(): SessionState;
  status(): ConnectionStatus;
  /** The cached state (stale unless the feed is live). */
  state(): StateSnapshot;
  readonly cache: Cache;
  readonly actions: TradingActions;
  /** The live sync engine (account id, health, counters). */
  readonly sync: TradingSync;
  reconnectNow(): void;
  stop(): Promise<void>;
  /** The signed-in session (its Supabase client), or null. Main only: it holds tokens. */
  activeSession(): ActiveSession | null;
  /**
   * Told after every change to the cached trading state: rows applied (live or reconciled), a
   * completed reconcile (the server is reachable and the cache equals it), or the account's data
   * dropped (sign-out, another user). Returns the function that stops telling.
   */
  onChange(listener: (change: TradingChange) => void): () => void;
  /**
   * Told of every session change after windows were (`session.state`): a profile starting, a
   * sign-in, a sign-out, another user. What is kept per user (the keymap) follows it. Returns
   * the function that stops telling.
   */
  onSession(listener: (state: SessionState) => void): () => void;
}

export type TradingChange = { kind: 'applied'; applied: Applied } | { kind: 'reconciled' } | { kind: 'cleared' };

/**
 * The trading half of the terminal: session, Realtime sync into the cache, order actions. Before
 * any network it serves the cache: each window that attaches gets the cached snapshot (stale).
 */
export function createTradingService(opts: TradingServiceOptions): TradingService {
  const { hub, cache } = opts;
  const now = opts.now ?? Date.now;
  const sessions = new SessionManager({ secrets: opts.secrets });
  let lastInterest = '';
  const updateInterest = () => {
    if (!opts.market) return;
    const tokens = tradingInterest(cache);
    const key = tokens.join(',');
    if (key === lastInterest) return;
    lastInterest = key;
    opts.market.setSystemInterest(TRADING_INTEREST_KEY, tokens);
  };
  let actions: TradingActions | null = null;
  const listeners = new Set<(change: TradingChange) => void>();
  const tell = (change: TradingChange) => {
    for (const listener of [...listeners]) {
      try {
        listener(change);
      } catch (error) {
        console.error('[trading] a change listener failed:', error);
      }
    }
  };
  const sync = new TradingSync({
    hub,
    cache,
    now,
    onApplied: (applied) => {
      updateInterest();
      // An order carrying a journaled client order id settles its intent the moment it arrives.
      const orders = applied.changes.flatMap((c) => (c.kind === 'order' && c.op === 'upsert' ? [c.row] : []));
      if (orders.length > 0) actions?.settleIntents(orders);
      tell({ kind: 'applied', applied });
    },
    onReconciled: () => {
      actions?.resolveIntents();
      tell({ kind: 'reconciled' });
    },
    onCleared: () => tell({ kind: 'cleared' }),
  });
  actions = new TradingActions({
    cache,
    hub,
    sync,
    session: () => sessions.active(),
    now,
    actionTimeoutMs: opts.actionTimeoutMs,
  });

  let syncing: ActiveSession | null = null;
  let explicitSignOut = false;
  /** What the service listens to, released by `stop()`. */
  const resources = new DisposableStore();
  const sessionListeners = new Set<(state: SessionState) => void>();
  resources.add(
    sessions.onChange((state, active) => {
      hub.toAll('session.state', state);
      for (const listener of [...sessionListeners]) {
        try {
          listener(state);
        } catch (error) {
          console.error('[trading] a session listener failed:', error);
        }
      }
      if (active && (syncing?.client !== active.client || syncing.user.id !== active.user.id)) {
        syncing = active;
        sync.start(active);
      } else if (!active && syncing) {
        syncing = null;
        // Signed out by us: the header shows nothing to connect; by the server: sign in again.
        void sync.stop(explicitSignOut || state.error === null ? 'not_configured' : 'unauthorized', state.error);
      }
    }),
  );

  resources.add(
    hub.onAttach((windowId) => {
      hub.toWindow(windowId, 'session.state', sessions.state());
      hub.toWindow(windowId, 'connection.status', sync.status());
      hub.toWindow(windowId, 'state.snapshot', sync.snapshot());
    }),
  );
  updateInterest();

  const service: TradingService = {
    cache,
    actions,
    sync,
    async useProfile(profile) {
      const state = await sessions.useProfile(profile);
      opts.onProfile?.(sessions.endpoints());
      return state;
    },
    announceStarting: () => sessions.announceStarting(null),
    async useDemoProfile() {
      if (!opts.demoStack) throw new Error('demo profile requested but no demo stack launcher was given');
      const demo = { kind: 'demo' as const, name: 'Demo' };
      // Starting the embedded backend takes seconds: windows say so meanwhile.
      sessions.announceStarting(demo);
      let stack: DemoStackInfo;
      try {
        stack = await opts.demoStack();
      } catch (error) {
        sessions.failStarting(
          demo,
          `The demo backend could not start: ${error instanceof Error ? error.message : String(error)}`,
        );
        throw error;
      }
      return service.useProfile({ kind: 'demo', stack });
    },
    signIn: (email, password) => sessions.signIn(email, password),
    async signOut() {
      explicitSignOut = true;
      try {
        const state = await sessions.signOut();
        cache.clearAccountData();
        tell({ kind: 'cleared' });
        lastInterest = '';
        updateInterest();
        hub.toAll('state.snapshot', sync.snapshot());
        return state;
      } finally {
        explicitSignOut = false;
      }
    },
    session: () => sessions.state(),
    status: () => sync.status(),
    state: () => sync.snapshot(),
    reconnectNow: () => sync.reconnectNow(),
    activeSession: () => sessions.active(),
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    onSession(listener) {
      sessionListeners.add(listener);
      return () => sessionListeners.delete(listener);
    },
    async stop() {
      await sync.stop();
      await sessions.stop();
      resources.dispose();
    },
  };
  return service;
}
