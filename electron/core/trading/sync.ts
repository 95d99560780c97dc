import type { RealtimeChannel } from '@supabase/supabase-js';
import type { ConnectionState, ConnectionStatus, StateSnapshot } from '../../../src/shared/domain';
import { META_ACCOUNT_ID, META_SYNCED_AT, type Cache, type EntityKind } from '../cache';
import { Scope, type Disposable } from '../../lib/disposable';
import type { PushHub } from '../ipc/push-hub';
import type { ActiveSession } from '../session';
import { applySteps, type Applied } from './apply';
import { ENTITY_KINDS, KIND_TABLE, type SyncedRowChange } from './entities';
import { planReconcile, type CachedRef } from './reconcile-plan';
import { toRowChange } from './realtime-change';
import { unwrap } from './rest';
import { fetchTradingSnapshot } from './snapshot';
import { SyncGate } from './sync-gate';

/** Reconnect backoff of our own retries (account lookup, snapshot, closed channel). */
const RETRY_DELAYS_MS = [1_000, 2_000, 5_000, 10_000];

export interface TradingSyncOptions {
  hub: PushHub;
  cache: Cache;
  now: () => number;
  /** After any change reached the cache (live or reconciled): interest, intents. */
  onApplied?: (applied: Applied) => void;
  /** After each successful reconcile: the server was reachable and the cache equals it. */
  onReconciled?: () => void;
  /** After the cache dropped another account's data (a different user signed in). */
  onCleared?: () => void;
}

/**
 * Where the sync of one session stands: one value, like the market feed's `FeedState`, so no
 * combination of fields can disagree. Every phase but `stopped` carries the `scope` of the
 * current attempt (one connection: account lookup, channel, reconcile, retry timer); replacing
 * or stopping the attempt disposes it, which discards every late callback of the old one.
 */
export type SyncPhase =
  | { phase: 'stopped' }
  | { phase: 'resolving_account'; session: ActiveSession; scope: Scope }
  /** The signed-in user has no trading account: nothing to join until a reconnect or new session. */
  | { phase: 'no_account'; session: ActiveSession; scope: Scope }
  | { phase: 'joining'; session: ActiveSession; scope: Scope; accountId: string; channel: RealtimeChannel | null }
  | { phase: 'reconciling'; session: ActiveSession; scope: Scope; accountId: string; channel: RealtimeChannel }
  | { phase: 'live'; session: ActiveSession; scope: Scope; accountId: string; channel: RealtimeChannel }
  | {
      phase: 'waiting_to_retry';
      session: ActiveSession;
      scope: Scope;
      accountId: string | null;
      channel: RealtimeChannel | null;
      retryAt: number;
    };

/**
 * Keeps the cache equal to the server for the signed-in account over ONE Realtime channel:
 * subscribe, then snapshot, then reconcile (buffered live changes by version); the same path on
 * every SUBSCRIBED (first connect, reconnect, rejoin after a token refresh) and on reconnectNow().
 * Every applied change is journaled with its events in the same SQLite transaction, then pushed.
 */
export class TradingSync {
  readonly #hub: PushHub;
  readonly #cache: Cache;
  readonly #now: () => number;
  readonly #opts: TradingSyncOptions;
  readonly #gate = new SyncGate();
  #phase: SyncPhase = { phase: 'stopped' };
  /** The pending retry of the current attempt (one at a time; its scope clears it too). */
  #pendingRetry: Disposable | null = null;
  #attempt = 0;
  #lastLiveAt: number | null = null;
  #lastDataAt: number | null = null;
  #lastAuthKick = 0;
  #invalidChanges = 0;
  #reconciles = 0;
  #reconnecting: Promise<void> = Promise.resolve();
  /** Numbers each channel's topic (see #subscribe). */
  #channels = 0;
  #bufferedApplied = 0;
  #status: ConnectionStatus;

  constructor(opts: TradingSyncOptions) {
    this.#hub = opts.hub;
    this.#cache = opts.cache;
    this.#now = opts.now;
    this.#opts = opts;
    this.#status = this.#makeStatus('not_configured', null);
  }

  status(): ConnectionStatus {
    return this.#status;
  }

  accountId(): string | null {
    return 'accountId' in this.#phase ? this.#phase.accountId : null;
  }

  /** The current phase's name (diagnostics and tests). */
  phase(): SyncPhase['phase'] {
    return this.#phase.phase;
  }

  /** Live changes dropped because they failed their schema. */
  invalidChanges(): number {
    return this.#invalidChanges;
  }

  /** Counters for diagnostics: completed reconciles, live changes held back during a snapshot. */
  stats(): { reconciles: number; bufferedChanges: number; invalidChanges: number } {
    return {
      reconciles: this.#reconciles,
      bufferedChanges: this.#bufferedApplied,
      invalidChanges: this.#invalidChanges,
    };
  }

  /** True when the server answered recently enough that an action is worth sending. */
  reachable(): boolean {
    return this.#status.state === 'live' || this.#status.state === 'reconciling' || this.#status.state === 'connecting';
  }

  /** The cached state, marked fresh only while the feed is live. */
  snapshot(): StateSnapshot {
    const snapshot = this.#cache.loadSnapshot(this.#now());
    return { ...snapshot, stale: !(this.#status.state === 'live' && snapshot.syncedAt !== null) };
  }

  start(session: ActiveSession): void {
    this.#endAttempt();
    // A new session: whatever the previous one held back is not this account's business.
    this.#gate.abort();
    const scope = new Scope();
    this.#phase = { phase: 'resolving_account', session, scope };
    this.#attempt = 0;
    this.#setStatus('connecting', null);
    void this.#connect(scope, session);
  }

  /** Stops syncing (sign-out, profile switch); `state` is what the header shows afterwards. */
  async stop(state: ConnectionState = 'not_configured', detail: string | null = null): Promise<void> {
    const ended = this.#endAttempt();
    this.#gate.abort();
    this.#setStatus(state, detail);
    if (ended?.channel) await ended.session.client.removeChannel(ended.channel).catch(() => undefined);
  }

  /** Resume from sleep / network back / Retry button: a fresh socket and channel now. */
  reconnectNow(): void {
    const ended = this.#endAttempt();
    if (!ended) return;
    const { session, channel: old } = ended;
    const scope = new Scope();
    this.#phase = { phase: 'resolving_account', session, scope };
    this.#attempt = 0;
    // A snapshot in flight belongs to the old channel and will be ignored; the live changes it
    // held back are real (each carries its version), so they are applied now, not dropped.
    this.#releaseHeld();
    this.#setStatus('connecting', null);
    // Serialised: a second Retry while the first is still closing the socket must wait for it.
    this.#reconnecting = this.#reconnecting.then(async () => {
      // The old socket must be fully closed first: realtime-js ignores connect() while it is
      // disconnecting, and the late close would then error the new channel with no reconnect.
      await withTimeout(session.client.realtime.disconnect(), 5_000);
      // With the socket down the leave completes at once; the old channel must be gone first.
      if (old) await withTimeout(session.client.removeChannel(old), 5_000);
      if (!scope.isDisposed) await this.#connect(scope, session);
    });
  }

  /**
   * Ends the current attempt: its scope is disposed (late callbacks, timers and awaits of it do
   * nothing from now on) and the phase is `stopped`. Returns what the caller still has to close.
   */
  #endAttempt(): { session: ActiveSession; channel: RealtimeChannel | null } | null {
    const current = this.#phase;
    this.#phase = { phase: 'stopped' };
    this.#pendingRetry = null;
    if (current.phase === 'stopped') return null;
    current.scope.dispose();
    return { session: current.session, channel: 'channel' in current ? current.channel : null };
  }

  /** Applies changes known to be current (an RPC's returned row) through the live path. */
  applyLive(changes: SyncedRowChange[]): void {
    const direct: SyncedRowChange[] = [];
    for (const change of changes) if (this.#gate.offer(change) === 'apply') direct.push(change);
    if (direct.length)
      this.#apply(
        direct.map((c) => ({ ...c, recovered: false })),
        true,
      );
  }

  async #connect(scope: Scope, session: ActiveSession): Promise<void> {
    this.#phase = { phase: 'resolving_account', session, scope };
    let accountId: string | null;
    try {
      accountId = await this.#resolveAccount(session);
    } catch (error) {
      if (scope.isDisposed) return;
      this.#goOffline(`Cannot reach the server: ${messageOf(error)}`);
      this.#retry(scope, { session, accountId: null, channel: null }, () => void this.#connect(scope, session));
      return;
    }
    if (scope.isDisposed) return;
    if (!accountId) {
      this.#phase = { phase: 'no_account', session, scope };
      this.#setStatus('unauthorized', 'This user has no trading account.');
      return;
    }
    this.#phase = { phase: 'joining', session, scope, accountId, channel: null };
    // The join must carry the user's token (not the anon key) or RLS hides every row.
    await session.client.realtime.setAuth().catch(() => undefined);
    if (scope.isDisposed) return;
    this.#subscribe(scope, session, accountId);
  }

  /** The cached account when it is this user's (offline-safe); otherwise asked of the server. */
  async #resolveAccount(session: ActiveSession): Promise<string | null> {
    const cachedId = this.#cache.getMeta(META_ACCOUNT_ID);
    const cached = cachedId ? this.#cache.get('account', cachedId) : undefined;
    if (cachedId && cached?.userId === session.user.id) return cachedId;
    const response = await session.client.from(KIND_TABLE.account).select('id').eq('userId', session.user.id).limit(1);
    const rows = unwrap('account lookup', response) as Array<{ id: unknown }> | null;
    const id = rows?.[0]?.id;
    if (typeof id !== 'string') return null;
    if (cachedId !== id) {
      // The cache holds another account's data (or none): never mix two users' state.
      if (cachedId !== null || this.#cache.all('account').length > 0) {
        this.#cache.clearAccountData();
        this.#opts.onCleared?.();
      }
      this.#cache.setMeta(META_ACCOUNT_ID, id);
      this.#hub.toAll('state.snapshot', this.snapshot());
    }
    return id;
  }

  #subscribe(scope: Scope, session: ActiveSession, accountId: string): void {
    // A topic of its own per subscription: realtime-js hands back an existing channel of the same
    // topic, which would resurrect the old one (and its bindings) instead of joining afresh.
    const channel = session.client.channel(`trading:${accountId}:${++this.#channels}`);
    const bindings: Array<{ table: string; filter?: string }> = [
      { table: KIND_TABLE.order, filter: `tradingAccountId=eq.${accountId}` },
      { table: KIND_TABLE.position, filter: `tradingAccountId=eq.${accountId}` },
      { table: KIND_TABLE.transaction, filter: `tradingAccountId=eq.${accountId}` },
      { table: KIND_TABLE.account, filter: `id=eq.${accountId}` },
      { table: KIND_TABLE.watchlist, filter: `userId=eq.${session.user.id}` },
      // No filter: items carry no user id; RLS limits them to the user's watchlists.
      { table: KIND_TABLE.watchlistItem },
      { table: KIND_TABLE.priceAlert, filter: `userId=eq.${session.user.id}` },
    ];
    const onChange = scope.bind((payload: unknown) => this.#onChange(payload));
    for (const binding of bindings) {
      channel.on('postgres_changes', { event: '*', schema: 'public', ...binding }, onChange);
    }
    this.#phase = { phase: 'joining', session, scope, accountId, channel };
    channel.subscribe(
      scope.bind((status, error) => {
        if (status === 'SUBSCRIBED') {
          this.#attempt = 0;
          void this.#reconcile(scope, session, accountId, channel);
        } else if (status === 'CHANNEL_ERROR' || status === 'TIMED_OUT') {
          // realtime-js rejoins by itself; a stale token is the usual reason a rejoin keeps failing.
          this.#phase = { phase: 'joining', session, scope, accountId, channel };
          this.#goOffline(
            error?.message ?? (status === 'TIMED_OUT' ? 'The server did not answer in time.' : 'Connection lost.'),
          );
          this.#kickAuth(session);
        } else if (status === 'CLOSED') {
          // The server closed the channel (e.g. its token expired): realtime-js will not rejoin it.
          this.#goOffline('The server closed the live channel.');
          this.#kickAuth(session);
          this.#retry(scope, { session, accountId, channel }, () => this.reconnectNow());
        }
      }),
    );
  }

  #onChange(payload: unknown): void {
    this.#lastDataAt = this.#now();
    const change = toRowChange(payload);
    if (!change) {
      this.#invalidChanges++;
      return;
    }
    if (this.#gate.offer(change) === 'buffered') return;
    this.#apply([{ ...change, recovered: false }], true);
  }

  async #reconcile(scope: Scope, session: ActiveSession, accountId: string, channel: RealtimeChannel): Promise<void> {
    if (scope.isDisposed || !this.#gate.begin()) return;
    this.#phase = { phase: 'reconciling', session, scope, accountId, channel };
    this.#setStatus('reconciling', null);
    let snapshot;
    try {
      snapshot = await fetchTradingSnapshot(session.client, accountId, session.user.id);
    } catch (error) {
      // A pass of an older attempt no longer owns the gate (reconnectNow released it).
      if (scope.isDisposed) return;
      this.#releaseHeld();
      this.#goOffline(`Could not load the account: ${messageOf(error)}`);
      this.#retry(
        scope,
        { session, accountId, channel },
        () => void this.#reconcile(scope, session, accountId, channel),
      );
      return;
    }
    if (scope.isDisposed) return;
    const { buffered, again } = this.#gate.finish();
    this.#reconciles++;
    this.#bufferedApplied += buffered.length;
    const cache = this.#cache;
    const firstSync = cache.getMeta(META_SYNCED_AT) === null;
    const cached = {} as { [K in EntityKind]: CachedRef[] };
    for (const kind of ENTITY_KINDS) {
      const invalid = new Set(snapshot.invalidIds[kind]);
      cached[kind] = cache
        .all(kind)
        .filter((row) => !invalid.has(row.id))
        .map((row) => ({ id: row.id }));
    }
    const steps = planReconcile({ snapshot: snapshot.rows, cached, buffered });
    const instrumentsChanged = JSON.stringify(cache.instruments()) !== JSON.stringify(snapshot.instruments);
    const riskChanged = JSON.stringify(cache.riskConfig()) !== JSON.stringify(snapshot.riskConfig);
    const at = this.#now();
    // The very first sync of an empty cache is a download, not a series of trading events.
    const applied = this.#apply(steps, !firstSync, {
      at,
      push: false,
      alsoInTransaction: () => {
        if (instrumentsChanged) cache.replaceInstruments(snapshot.instruments);
        if (riskChanged) cache.setRiskConfig(snapshot.riskConfig);
        cache.setMeta(META_SYNCED_AT, String(at));
      },
    });
    this.#phase = { phase: 'live', session, scope, accountId, channel };
    this.#setStatus('live', null);
    if (firstSync || riskChanged) {
      this.#hub.toAll('state.snapshot', this.snapshot());
    } else {
      const instrumentChanges = instrumentsChanged
        ? snapshot.instruments.map((row) => ({ kind: 'instrument' as const, op: 'upsert' as const, row }))
        : [];
      this.#hub.toAll('state.patch', {
        changes: [...applied.changes, ...instrumentChanges],
        stale: false,
        syncedAt: at,
      });
    }
    for (const event of applied.events) this.#hub.toAll('trading.event', event);
    this.#opts.onReconciled?.();
    if (again) void this.#reconcile(scope, session, accountId, channel);
  }

  /** Ends buffering and applies what was held: each change carries its version, so it cannot regress anything. */
  #releaseHeld(): void {
    const held = this.#gate.abort();
    if (held.length)
      this.#apply(
        held.map((c) => ({ ...c, recovered: false })),
        true,
      );
  }

  /** Applies steps in one transaction; pushes the result unless the caller pushes it itself. */
  #apply(
    steps: Parameters<typeof applySteps>[1],
    derive: boolean,
    extra: { at?: number; push?: boolean; alsoInTransaction?: () => void } = {},
  ): Applied {
    const at = extra.at ?? this.#now();
    const accountId = this.accountId();
    const applied = applySteps(this.#cache, steps, {
      derive,
      at,
      ...(accountId ? { accountId } : {}),
      alsoInTransaction: extra.alsoInTransaction,
    });
    if (extra.push !== false) {
      if (applied.changes.length) this.#hub.toAll('state.patch', { changes: applied.changes });
      for (const event of applied.events) this.#hub.toAll('trading.event', event);
    }
    this.#opts.onApplied?.(applied);
    return applied;
  }

  /** Nudges auth-js to refresh a token that is (nearly) expired, at most every few seconds. */
  #kickAuth(session: ActiveSession): void {
    const now = this.#now();
    if (now - this.#lastAuthKick < 3_000) return;
    this.#lastAuthKick = now;
    void session.client.auth.getSession().catch(() => undefined);
  }

  /** Waits out the backoff in phase `waiting_to_retry`, then runs `run` unless the attempt ended. */
  #retry(
    scope: Scope,
    at: { session: ActiveSession; accountId: string | null; channel: RealtimeChannel | null },
    run: () => void,
  ): void {
    this.#pendingRetry?.dispose();
    const delay = RETRY_DELAYS_MS[Math.min(this.#attempt, RETRY_DELAYS_MS.length - 1)] as number;
    this.#attempt++;
    const retryAt = this.#now() + delay;
    this.#phase = { phase: 'waiting_to_retry', scope, ...at, retryAt };
    this.#status = { ...this.#status, attempt: this.#attempt, nextRetryAt: retryAt };
    this.#hub.toAll('connection.status', this.#status);
    this.#pendingRetry = scope.setTimeout(() => {
      this.#pendingRetry = null;
      run();
    }, delay);
  }

  #goOffline(detail: string): void {
    if (this.#status.state === 'unauthorized' || this.#status.state === 'not_configured') return;
    this.#setStatus('offline', detail);
  }

  #setStatus(state: ConnectionState, detail: string | null): void {
    if (this.#status.state === state && this.#status.detail === detail) return;
    if (this.#status.state === 'live') this.#lastLiveAt = this.#now();
    this.#status = this.#makeStatus(state, detail);
    this.#hub.toAll('connection.status', this.#status);
  }

  #makeStatus(state: ConnectionState, detail: string | null): ConnectionStatus {
    const live = state === 'live';
    const syncedAt = Number(this.#cache.getMeta(META_SYNCED_AT) ?? NaN);
    const staleSince = live ? null : (this.#lastLiveAt ?? (Number.isFinite(syncedAt) ? syncedAt : null));
    return {
      feed: 'trading',
      state,
      since: this.#now(),
      detail,
      attempt: live ? null : this.#attempt || null,
      nextRetryAt: null,
      lastDataAt: this.#lastDataAt,
      ticksPerSecond: null,
      staleSince,
    };
  }
}

/** Waits for a teardown step, but never longer than `ms` (and never throws). */
async function withTimeout(promise: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([promise.catch(() => undefined), new Promise((resolve) => (timer = setTimeout(resolve, ms)))]);
  clearTimeout(timer);
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
