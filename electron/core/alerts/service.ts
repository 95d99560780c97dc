import { randomUUID } from 'node:crypto';
import {
  TradedeskError,
  type AlertTriggeredPush,
  type MethodResult,
  type ParsedArgs,
} from '../../../src/shared/contract';
import {
  alertNoteRefusal,
  alertValueRefusal,
  changesArm,
  describeAlert,
  describeTrigger,
  effectiveAlerts,
  MAX_ALERTS_PER_USER,
  type AlertRefusal,
} from '../../../src/shared/alerts';
import type { AlertChanges, AlertIntent, AlertView, RowChange, PriceAlert, Quote } from '../../../src/shared/domain';
import type { Cache } from '../cache';
import type { PushHub } from '../ipc/push-hub';
import type { QuoteObserver } from '../market';
import type { TradingChange, TradingService } from '../trading';
import { AlertEngine, type ArmedAlert, type Crossing } from './engine';
import { AlertWriter, type WriteOutcome } from './writer';

/** What the alert service needs of the market service (`MarketService` fits). */
export interface AlertMarket {
  setSystemInterest(key: string, tokens: number[]): void;
  liveQuote(token: number): Quote | undefined;
  observeQuotes(observer: QuoteObserver): () => void;
}

/** What a host shows as an OS notification (Electron's `Notification`). */
export interface AlertNotification {
  alertId: string;
  token: number;
  symbol: string;
  title: string;
  body: string;
  /** false: the server could not confirm this terminal fired it first (offline). */
  confirmed: boolean;
}

/** Shows one OS notification; returns whether it did (false: the platform has none). */
export type AlertNotifier = (notification: AlertNotification) => boolean;

export interface AlertServiceOptions {
  hub: PushHub;
  cache: Cache;
  trading: TradingService;
  market: AlertMarket;
  /** This installation's id (trigger_alert's `p_terminal`). */
  installationId: string;
  now?: () => number;
  /** How long a write waits for the server before it counts as unconfirmed (default 10 s). */
  actionTimeoutMs?: number;
  retryDelaysMs?: readonly number[];
}

/** The market interest owner of alert instruments (a `system:` owner: subscribed first). */
export const ALERTS_INTEREST_KEY = 'alerts';

/**
 * Price alerts in main: the engine armed from the alerts the trader sees (server rows + queued
 * writes), fed every quote; crossings queued as `fire` writes and sent through trigger_alert, so
 * of all the terminals a trader runs exactly one tells them (OS notification through the host,
 * `alerts.triggered` to the windows); the alert IPC methods; the instruments of armed alerts kept
 * subscribed. Writes made offline wait in the cache and are sent, in order, once the server is
 * reachable (writer.ts).
 */
export class AlertService {
  readonly #hub: PushHub;
  readonly #cache: Cache;
  readonly #trading: TradingService;
  readonly #market: AlertMarket;
  readonly #now: () => number;
  readonly #timeoutMs: number;
  readonly #engine: AlertEngine;
  readonly #writer: AlertWriter;
  readonly #notifiers = new Set<AlertNotifier>();
  readonly #offQuotes: () => void;
  readonly #offTrading: () => void;
  #views: AlertView[] = [];
  #interest = '';
  #refreshQueued = false;
  #stopped = false;

  constructor(opts: AlertServiceOptions) {
    this.#hub = opts.hub;
    this.#cache = opts.cache;
    this.#trading = opts.trading;
    this.#market = opts.market;
    this.#now = opts.now ?? Date.now;
    this.#timeoutMs = opts.actionTimeoutMs ?? 10_000;
    this.#engine = new AlertEngine((crossings) => this.#onCrossings(crossings));
    this.#writer = new AlertWriter({
      cache: this.#cache,
      session: () => this.#trading.activeSession(),
      reachable: () => this.#trading.sync.reachable(),
      applyLive: (changes) => this.#trading.sync.applyLive(changes),
      installationId: opts.installationId,
      timeoutMs: this.#timeoutMs,
      retryDelaysMs: opts.retryDelaysMs,
      onSettled: (intent, outcome, dropped) => this.#onSettled(intent, outcome, dropped),
      onWaiting: (queued) => this.#onWaiting(queued),
    });
    this.#offQuotes = this.#market.observeQuotes({
      quote: (q, synthetic) => this.#engine.observe(q, synthetic),
      reset: () => this.#engine.reset(),
    });
    this.#offTrading = this.#trading.onChange((change) => this.#onTradingChange(change));
    this.refresh();
    this.#writer.kick();
  }

  /** Adds the host's OS notifier (Electron); returns the function that removes it. */
  onNotify(notifier: AlertNotifier): () => void {
    this.#notifiers.add(notifier);
    return () => this.#notifiers.delete(notifier);
  }

  /** The alerts as the trader sees them (newest first). */
  list(state?: PriceAlert['state']): AlertView[] {
    return state === undefined ? this.#views : this.#views.filter((v) => v.state === state);
  }

  /** Engine and queue figures (diagnostics, tests). */
  stats(): { armed: number; instruments: number; fired: number; queued: number; inFlight: string | null } {
    return { ...this.#engine.stats(), queued: this.#cache.alertIntents().length, inFlight: this.#writer.inFlight() };
  }

  /** The engine (tests read baselines through it). */
  get engine(): AlertEngine {
    return this.#engine;
  }

  async create(args: ParsedArgs<'alerts.create'>): Promise<MethodResult<'alerts.create'>> {
    const session = this.#trading.activeSession();
    if (session === null) throw new TradedeskError('unauthorized', 'Sign in to set alerts.');
    const instrument = this.#cache.instruments().find((i) => i.token === args.token);
    if (instrument === undefined) {
      throw refused('unknown_symbol', { field: 'token', message: 'Choose an instrument from the list.' });
    }
    throwIfRefused(alertValueRefusal(args.condition, args.value, instrument));
    throwIfRefused(alertNoteRefusal(args.note));
    const own = this.#views.filter((v) => v.watchlistItemId === null).length;
    if (own >= MAX_ALERTS_PER_USER) {
      throw new TradedeskError(
        'invalid_alert',
        `At most ${MAX_ALERTS_PER_USER.toLocaleString('en-IN')} alerts; delete some before adding more.`,
        { field: null, limit: MAX_ALERTS_PER_USER },
      );
    }
    const state = args.state ?? 'ACTIVE';
    const intent: AlertIntent = {
      op: 'create',
      opId: randomUUID(),
      alertId: randomUUID(),
      createdAt: this.#now(),
      alert: {
        userId: session.user.id,
        token: instrument.token,
        symbol: instrument.symbol,
        exchange: instrument.exchange,
        condition: args.condition,
        value: args.value,
        note: args.note ?? null,
        state,
        armId: randomUUID(),
      },
    };
    return this.#enqueueAndWait(intent);
  }

  async update(args: ParsedArgs<'alerts.update'>): Promise<MethodResult<'alerts.update'>> {
    const view = this.#view(args.id);
    if (view.watchlistItemId !== null && args.condition !== undefined && args.condition !== view.condition) {
      throw refused('invalid_alert', {
        field: 'condition',
        message: 'This alert comes from a watchlist row: change its direction on the watchlist.',
      });
    }
    const condition = args.condition ?? view.condition;
    if (args.value !== undefined || args.condition !== undefined) {
      const instrument = this.#cache.instruments().find((i) => i.token === view.token) ?? null;
      throwIfRefused(alertValueRefusal(condition, args.value ?? view.value, instrument));
    }
    throwIfRefused(alertNoteRefusal(args.note));
    const changes: AlertChanges = {};
    if (args.value !== undefined) changes.value = args.value;
    if (args.condition !== undefined) changes.condition = args.condition;
    if (args.note !== undefined) changes.note = args.note;
    if (args.state !== undefined) changes.state = args.state;
    if (changesArm(view, changes)) changes.armId = randomUUID();
    return this.#enqueueAndWait({
      op: 'update',
      opId: randomUUID(),
      alertId: view.id,
      createdAt: this.#now(),
      changes,
    });
  }

  async rearm(args: ParsedArgs<'alerts.rearm'>): Promise<MethodResult<'alerts.rearm'>> {
    const view = this.#view(args.id);
    if (view.state === 'ACTIVE') return { id: view.id, pending: view.pending !== null };
    return this.#enqueueAndWait({
      op: 'update',
      opId: randomUUID(),
      alertId: view.id,
      createdAt: this.#now(),
      changes: { state: 'ACTIVE', armId: randomUUID() },
    });
  }

  async delete(args: ParsedArgs<'alerts.delete'>): Promise<MethodResult<'alerts.delete'>> {
    const view = this.#view(args.id);
    const queued = this.#cache.alertIntents().filter((i) => i.alertId === view.id);
    const onlyHere = view.pending === 'create' && queued.every((i) => i.opId !== this.#writer.inFlight());
    if (onlyHere) {
      // Never reached the server: forgetting its queued writes is the whole delete.
      this.#cache.transaction(() => {
        for (const i of queued) this.#cache.deleteAlertIntent(i.opId);
      });
      this.#pushIntents(queued.map((i) => ({ kind: 'alertIntent', op: 'delete', id: i.opId })));
      this.refresh();
      return { id: view.id, pending: false };
    }
    return this.#enqueueAndWait({ op: 'delete', opId: randomUUID(), alertId: view.id, createdAt: this.#now() });
  }

  /** The trader clicked an alert's OS notification: the windows show its instrument. */
  notificationClicked(alertId: string): void {
    const alert = this.#views.find((v) => v.id === alertId) ?? this.#cache.get('priceAlert', alertId);
    if (alert === undefined) return;
    this.#hub.toAll('alerts.focus', {
      alertId,
      token: alert.token,
      symbol: alert.symbol,
      exchange: alert.exchange,
    });
  }

  /**
   * Re-reads the alerts (rows + queued writes), re-arms the engine to match and keeps their
   * instruments subscribed. Cheap enough to run after every change to either.
   */
  refresh(): void {
    if (this.#stopped) return;
    this.#views = effectiveAlerts(this.#cache.all('priceAlert'), this.#cache.alertIntents());
    const armed: ArmedAlert[] = [];
    for (const v of this.#views) {
      if (v.state !== 'ACTIVE') continue;
      armed.push({ id: v.id, armId: v.armId, token: v.token, condition: v.condition, value: v.value });
    }
    this.#engine.sync(armed, (token) => this.#market.liveQuote(token));
    const tokens = this.#engine.tokens();
    const key = tokens.join(',');
    if (key !== this.#interest) {
      this.#interest = key;
      this.#market.setSystemInterest(ALERTS_INTEREST_KEY, tokens);
    }
  }

  stop(): void {
    this.#stopped = true;
    this.#offQuotes();
    this.#offTrading();
    this.#writer.stop();
    this.#market.setSystemInterest(ALERTS_INTEREST_KEY, []);
  }

  #view(id: string): AlertView {
    const view = this.#views.find((v) => v.id === id);
    if (view === undefined) throw new TradedeskError('not_found', 'That alert no longer exists.', { field: null });
    return view;
  }

  /**
   * Journals a write, shows it at once (the queued write is part of what windows see), and —
   * when the server is reachable — waits for its answer: a refusal is the caller's error; no
   * answer in time (or offline) answers `pending: true` and the write goes out later.
   */
  async #enqueueAndWait(intent: AlertIntent): Promise<{ id: string; pending: boolean }> {
    this.#cache.putAlertIntent(intent);
    this.#pushIntents([{ kind: 'alertIntent', op: 'upsert', row: intent }]);
    this.refresh();
    if (!this.#trading.sync.reachable()) {
      this.#writer.kick();
      return { id: intent.alertId, pending: true };
    }
    const settled = this.#writer.whenSettled(intent.opId);
    this.#writer.kick();
    const outcome = await settled;
    if (outcome.kind === 'refused') throw outcome.error;
    return { id: intent.alertId, pending: outcome.kind === 'waiting' };
  }

  #onTradingChange(change: TradingChange): void {
    switch (change.kind) {
      case 'applied':
        if (change.applied.outcomes.some((o) => o.kind === 'priceAlert')) this.refresh();
        return;
      case 'reconciled':
        // The server is reachable again (or still): send what waits.
        this.refresh();
        this.#writer.kick();
        return;
      case 'cleared':
        this.#writer.reset();
        this.refresh();
        return;
    }
  }

  /** The engine saw crossings (on the tick path): journal each as a fire, then send. */
  #onCrossings(crossings: Crossing[]): void {
    const offline = !this.#trading.sync.reachable();
    const intents: AlertIntent[] = crossings.map((c) => ({
      op: 'fire',
      opId: randomUUID(),
      alertId: c.alert.id,
      createdAt: this.#now(),
      armId: c.alert.armId,
      price: c.ltp,
      changePct: c.changePct,
      firedAt: c.at,
      // Offline, nobody can say whether another terminal fired it: tell the trader now.
      notified: offline,
    }));
    this.#cache.transaction(() => {
      for (const intent of intents) this.#cache.putAlertIntent(intent);
    });
    this.#pushIntents(intents.map((row) => ({ kind: 'alertIntent', op: 'upsert', row })));
    if (offline) {
      for (const intent of intents) {
        const view = this.#views.find((v) => v.id === intent.alertId);
        if (view && intent.op === 'fire') this.#tell(triggered(view, intent), intent, false);
      }
    }
    // Re-arming reads the cache: not on the tick path.
    this.#queueRefresh();
    this.#writer.kick();
  }

  #onSettled(intent: AlertIntent, outcome: WriteOutcome, dropped: AlertIntent[]): void {
    this.#pushIntents([intent, ...dropped].map((i) => ({ kind: 'alertIntent', op: 'delete', id: i.opId })));
    this.refresh();
    if (outcome.kind === 'refused') {
      const symbol =
        intent.op === 'create' ? intent.alert.symbol : (this.#cache.get('priceAlert', intent.alertId)?.symbol ?? null);
      this.#hub.toAll('alerts.refused', {
        alertId: intent.alertId,
        op: intent.op,
        symbol,
        message: outcome.error.message,
      });
      return;
    }
    // A fire this terminal won: the one notification of all the trader's terminals.
    if (intent.op === 'fire' && outcome.kind === 'done' && outcome.won && !intent.notified && outcome.row) {
      this.#tell(outcome.row, intent, true);
    }
  }

  /**
   * Writes wait for the server. A crossing among them that nobody was told of yet is told now,
   * unconfirmed: the trader must not wait for the network to hear of it (and may hear it twice
   * if another terminal of theirs fired it meanwhile).
   */
  #onWaiting(queued: AlertIntent[]): void {
    for (const intent of queued) {
      if (intent.op !== 'fire' || intent.notified) continue;
      const view = this.#views.find((v) => v.id === intent.alertId);
      if (view !== undefined) this.#tell(triggered(view, intent), intent, false);
    }
  }

  /** The toast (windows) and the OS notification (host) of a fired alert. */
  #tell(alert: PriceAlert, fire: Extract<AlertIntent, { op: 'fire' }>, confirmed: boolean): void {
    const text = describeTrigger(alert, fire.price, fire.changePct);
    let osNotified = false;
    for (const notify of this.#notifiers) {
      try {
        osNotified =
          notify({
            alertId: alert.id,
            token: alert.token,
            symbol: alert.symbol,
            title: `Alert: ${alert.symbol}`,
            body: confirmed ? text : `${text} (offline: another terminal may also show it)`,
            confirmed,
          }) || osNotified;
      } catch (error) {
        console.error('[alerts] the OS notification failed:', error);
      }
    }
    const push: AlertTriggeredPush = {
      alert,
      ltp: fire.price,
      changePct: fire.changePct,
      at: fire.firedAt,
      text,
      confirmed,
      osNotified,
    };
    this.#hub.toAll('alerts.triggered', push);
    if (!confirmed) {
      // Remember it was told, so the fire's later confirmation does not tell again.
      const stored = this.#cache.alertIntents().find((i) => i.opId === fire.opId);
      if (stored && stored.op === 'fire' && !stored.notified) this.#cache.putAlertIntent({ ...stored, notified: true });
    }
  }

  #queueRefresh(): void {
    if (this.#refreshQueued) return;
    this.#refreshQueued = true;
    queueMicrotask(() => {
      this.#refreshQueued = false;
      this.refresh();
    });
  }

  #pushIntents(changes: RowChange[]): void {
    if (changes.length > 0) this.#hub.toAll('state.patch', { changes });
  }
}

/** The view of an alert a queued fire shows (triggered at the crossing's price and time). */
function triggered(view: AlertView, fire: Extract<AlertIntent, { op: 'fire' }>): PriceAlert {
  const { pending: _pending, ...row } = view;
  return {
    ...row,
    state: 'TRIGGERED',
    triggeredAt: new Date(fire.firedAt).toISOString(),
    triggeredPrice: fire.price,
    triggeredBy: null,
  };
}

function refused(code: 'unknown_symbol' | 'invalid_alert' | 'invalid_price', r: AlertRefusal): TradedeskError {
  return new TradedeskError(code, r.message, { field: r.field, refusals: [r] });
}

function throwIfRefused(r: AlertRefusal | null): void {
  if (r === null) return;
  throw refused(r.field === 'value' ? 'invalid_price' : 'invalid_alert', r);
}

/** The alert's line in lists (re-exported for the host's notification tests). */
export { describeAlert };
