import type { SupabaseClient } from '@supabase/supabase-js';
import { z } from 'zod';
import { TradedeskError } from '../../../src/shared/contract';
import { PriceAlert, type AlertChanges, type AlertIntent } from '../../../src/shared/domain';
import type { Cache } from '../cache';
import type { ActiveSession } from '../session';
import type { SyncedRowChange } from '../trading';
import { isAmbiguous, toTradedeskError, type RestFailure } from '../trading/errors';
import { callWithTimeout, type RestResponse } from '../trading/rest';

/** What became of one queued write. */
export type WriteOutcome =
  /** The server has it. `row`: the alert as it now stands (null: gone). `won`: a fire's result. */
  | { kind: 'done'; row: PriceAlert | null; won: boolean }
  /** The server refused it for good; it left the queue. */
  | { kind: 'refused'; error: TradedeskError }
  /** Not sent, or its outcome is unknown: it stays queued and is sent again later. */
  | { kind: 'waiting' };

export interface AlertWriterOptions {
  cache: Cache;
  session: () => ActiveSession | null;
  /** True while the trading sync can reach the server (sending is pointless otherwise). */
  reachable: () => boolean;
  /** Applies rows the server answered with, through the sync's live path (versioned, journaled). */
  applyLive: (changes: SyncedRowChange[]) => void;
  /** Names this terminal to trigger_alert (makes its retries idempotent). */
  installationId: string;
  timeoutMs: number;
  /** A write left the queue (done or refused); the queue is already updated. */
  onSettled: (intent: AlertIntent, outcome: WriteOutcome, dropped: AlertIntent[]) => void;
  /** Sending stopped with writes still queued (offline, or an unknown outcome): these wait. */
  onWaiting?: (queued: AlertIntent[]) => void;
  /** Retry delays after an unknown outcome, ms (default 1 s, 2 s, 5 s, 10 s, then 30 s). */
  retryDelaysMs?: readonly number[];
}

const RETRY_DELAYS_MS = [1_000, 2_000, 5_000, 10_000, 30_000];

const FireAnswer = z.object({ won: z.boolean(), alert: z.unknown() });

/**
 * Sends the queued alert writes (cache `alert_intents`) to the server, oldest first, one at a
 * time — so an alert created offline is on the server before its later edits and fires. Each
 * write is idempotent, so one whose answer was lost is simply sent again:
 * - create: an insert under the id chosen at creation (a duplicate key means it landed);
 * - update / delete: by id (a row already gone means there is nothing left to do);
 * - fire: trigger_alert names the arming and this installation (the winner asking again wins again).
 * A write with an unknown outcome (no answer, a 5xx, an expired token) stays first in the queue
 * and is retried with backoff, and at once after every reconcile (`kick`); one the server refuses
 * for good leaves the queue (with the later writes of an alert whose create was refused).
 */
export class AlertWriter {
  readonly #opts: AlertWriterOptions;
  readonly #delays: readonly number[];
  #running = false;
  #again = false;
  #inFlight: string | null = null;
  #retryTimer: NodeJS.Timeout | null = null;
  #attempt = 0;
  /** Bumped when the queue is thrown away (sign-out): answers for older writes are ignored. */
  #generation = 0;
  readonly #waiters = new Map<string, Array<(outcome: WriteOutcome) => void>>();

  constructor(opts: AlertWriterOptions) {
    this.#opts = opts;
    this.#delays = opts.retryDelaysMs ?? RETRY_DELAYS_MS;
  }

  /** The opId on the wire right now, if any. */
  inFlight(): string | null {
    return this.#inFlight;
  }

  /** Sends what is queued (now, unless a pass is running: then right after it). */
  kick(): void {
    if (this.#running) {
      this.#again = true;
      return;
    }
    void this.#drain();
  }

  /**
   * Resolves when `opId` leaves the queue (done/refused), or as soon as it is known to wait
   * (offline, unknown outcome): a window's call answers "pending" rather than hang.
   */
  whenSettled(opId: string): Promise<WriteOutcome> {
    return new Promise((resolve) => {
      const list = this.#waiters.get(opId) ?? [];
      list.push(resolve);
      this.#waiters.set(opId, list);
    });
  }

  /** Forgets everything in flight (sign-out: the queue itself was cleared with the cache). */
  reset(): void {
    this.#generation++;
    this.#clearRetry();
    this.#attempt = 0;
    this.#inFlight = null;
    this.#resolveAll({ kind: 'waiting' });
  }

  stop(): void {
    this.reset();
  }

  async #drain(): Promise<void> {
    this.#running = true;
    try {
      for (;;) {
        const generation = this.#generation;
        const intent = this.#opts.cache.alertIntents()[0];
        if (intent === undefined) return;
        const session = this.#opts.session();
        if (session === null || !this.#opts.reachable()) {
          // Sent after the next reconcile (the sync tells us through kick()).
          this.#waiting();
          return;
        }
        this.#clearRetry();
        this.#inFlight = intent.opId;
        let outcome: WriteOutcome;
        try {
          outcome = await this.#send(session.client, intent);
        } catch (error) {
          console.error('[alerts] sending a queued alert write failed unexpectedly:', error);
          outcome = { kind: 'waiting' };
        } finally {
          this.#inFlight = null;
        }
        if (generation !== this.#generation) return;
        if (outcome.kind === 'waiting') {
          this.#waiting();
          this.#scheduleRetry();
          return;
        }
        this.#attempt = 0;
        const dropped = this.#dequeue(intent, outcome);
        this.#resolve(intent.opId, outcome);
        for (const d of dropped) this.#resolve(d.opId, outcome);
        this.#opts.onSettled(intent, outcome, dropped);
      }
    } finally {
      this.#running = false;
      if (this.#again) {
        this.#again = false;
        this.kick();
      }
    }
  }

  /** Removes a settled write; a refused create takes the alert's later writes with it. */
  #dequeue(intent: AlertIntent, outcome: WriteOutcome): AlertIntent[] {
    const cache = this.#opts.cache;
    const dropped: AlertIntent[] = [];
    cache.transaction(() => {
      cache.deleteAlertIntent(intent.opId);
      if (outcome.kind === 'refused' && intent.op === 'create') {
        for (const later of cache.alertIntents()) {
          if (later.alertId !== intent.alertId) continue;
          cache.deleteAlertIntent(later.opId);
          dropped.push(later);
        }
      }
    });
    return dropped;
  }

  async #send(client: SupabaseClient, intent: AlertIntent): Promise<WriteOutcome> {
    switch (intent.op) {
      case 'create':
        return this.#create(client, intent);
      case 'update':
        return this.#update(client, intent.alertId, intent.changes);
      case 'delete':
        return this.#delete(client, intent.alertId);
      case 'fire':
        return this.#fire(client, intent);
    }
  }

  async #create(client: SupabaseClient, intent: Extract<AlertIntent, { op: 'create' }>): Promise<WriteOutcome> {
    const a = intent.alert;
    const response = await this.#call((signal) =>
      client
        .from('price_alerts')
        .insert({
          id: intent.alertId,
          userId: a.userId,
          token: a.token,
          symbol: a.symbol,
          exchange: a.exchange,
          condition: a.condition,
          value: a.value,
          state: a.state,
          note: a.note,
          armId: a.armId,
        })
        .select()
        .abortSignal(signal)
        .single(),
    );
    if (!response.error) return this.#applied(response.data);
    // The first attempt landed and its answer was lost: the row is there under our id.
    if (response.error.code === '23505' || response.status === 409) {
      const rows = await this.#rows(client, 'id', intent.alertId);
      if (rows === null) return { kind: 'waiting' };
      if (rows.length > 0) return this.#applied(rows[0]);
    }
    return this.#failed(response, 'Saving the alert');
  }

  async #update(client: SupabaseClient, alertId: string, changes: AlertChanges): Promise<WriteOutcome> {
    const current = this.#opts.cache.get('priceAlert', alertId);
    const itemId = current?.watchlistItemId ?? null;
    const own: AlertChanges = { ...changes };
    if (itemId !== null && changes.value !== undefined) {
      // A watchlist alert's price belongs to its watchlist row (the dashboard reads it there);
      // the row's trigger moves this alert and arms it again.
      const item = await this.#call((signal) =>
        client.from('WatchlistItem').update({ alertPrice: changes.value }).eq('id', itemId).abortSignal(signal),
      );
      if (item.error) return this.#failed(item, 'Changing the alert');
      delete own.value;
      delete own.armId;
    }
    const payload = definedOnly(own);
    if (Object.keys(payload).length > 0) {
      const response = await this.#call((signal) =>
        client.from('price_alerts').update(payload).eq('id', alertId).select().abortSignal(signal),
      );
      if (response.error) return this.#failed(response, 'Changing the alert');
      const rows = Array.isArray(response.data) ? (response.data as unknown[]) : [];
      // No row: deleted meanwhile (here or elsewhere); nothing left to change.
      if (rows.length === 0 && itemId === null) return this.#gone(alertId);
      if (itemId === null) return this.#applied(rows[0]);
    }
    return this.#refreshItem(client, itemId!, alertId);
  }

  async #delete(client: SupabaseClient, alertId: string): Promise<WriteOutcome> {
    const current = this.#opts.cache.get('priceAlert', alertId);
    const itemId = current?.watchlistItemId ?? null;
    if (itemId === null) {
      const response = await this.#call((signal) =>
        client.from('price_alerts').delete().eq('id', alertId).abortSignal(signal),
      );
      if (response.error) return this.#failed(response, 'Deleting the alert');
      return this.#gone(alertId);
    }
    // A watchlist alert: clear its direction on the watchlist row (the other one stays).
    const other = this.#opts.cache
      .all('priceAlert')
      .find((a) => a.watchlistItemId === itemId && a.id !== alertId && a.condition !== current!.condition);
    const patch =
      other === undefined
        ? { alertPrice: null, alertType: null }
        : { alertType: other.condition === 'LTP_ABOVE' ? 'ABOVE' : 'BELOW' };
    const response = await this.#call((signal) =>
      client.from('WatchlistItem').update(patch).eq('id', itemId).abortSignal(signal),
    );
    if (response.error) return this.#failed(response, 'Deleting the alert');
    return this.#refreshItem(client, itemId, alertId);
  }

  async #fire(client: SupabaseClient, intent: Extract<AlertIntent, { op: 'fire' }>): Promise<WriteOutcome> {
    const response = await this.#call((signal) =>
      client
        .rpc('trigger_alert', {
          p_alert_id: intent.alertId,
          p_arm_id: intent.armId,
          p_price: intent.price,
          p_terminal: this.#opts.installationId,
        })
        .abortSignal(signal),
    );
    if (response.error) {
      const failed = this.#failed(response, 'Marking the alert triggered');
      // The alert was deleted meanwhile: nothing to fire.
      if (failed.kind === 'refused' && failed.error.code === 'not_found') return this.#gone(intent.alertId);
      return failed;
    }
    const answer = FireAnswer.safeParse(response.data);
    if (!answer.success) {
      return {
        kind: 'refused',
        error: new TradedeskError('invalid_result', 'The server answered the fire in an unknown shape.'),
      };
    }
    const applied = this.#applied(answer.data.alert);
    return applied.kind === 'done' ? { ...applied, won: answer.data.won } : applied;
  }

  /** Re-reads the alerts of one watchlist row and applies them (and the removal of those gone). */
  async #refreshItem(client: SupabaseClient, itemId: string, alertId: string): Promise<WriteOutcome> {
    const rows = await this.#rows(client, 'watchlistItemId', itemId);
    if (rows === null) return { kind: 'waiting' };
    const parsed = rows.map((r) => PriceAlert.safeParse(r)).flatMap((p) => (p.success ? [p.data] : []));
    const present = new Set(parsed.map((r) => r.id));
    const gone = this.#opts.cache
      .all('priceAlert')
      .filter((a) => a.watchlistItemId === itemId && !present.has(a.id))
      .map((a): SyncedRowChange => ({ kind: 'priceAlert', op: 'delete', id: a.id }));
    this.#opts.applyLive([
      ...parsed.map((row): SyncedRowChange => ({ kind: 'priceAlert', op: 'upsert', row })),
      ...gone,
    ]);
    return { kind: 'done', row: parsed.find((r) => r.id === alertId) ?? null, won: false };
  }

  /** Rows of price_alerts where column = value (RLS: the user's own); null when the read failed. */
  async #rows(client: SupabaseClient, column: string, value: string): Promise<unknown[] | null> {
    const response = await this.#call((signal) =>
      client.from('price_alerts').select('*').eq(column, value).abortSignal(signal),
    );
    return response.error ? null : Array.isArray(response.data) ? (response.data as unknown[]) : [];
  }

  #applied(data: unknown): WriteOutcome {
    const row = PriceAlert.safeParse(data);
    if (!row.success) {
      return {
        kind: 'refused',
        error: new TradedeskError('invalid_result', 'The server answered with an alert the terminal cannot read.'),
      };
    }
    this.#opts.applyLive([{ kind: 'priceAlert', op: 'upsert', row: row.data }]);
    return { kind: 'done', row: row.data, won: false };
  }

  #gone(alertId: string): WriteOutcome {
    this.#opts.applyLive([{ kind: 'priceAlert', op: 'delete', id: alertId }]);
    return { kind: 'done', row: null, won: false };
  }

  /** An unknown outcome waits (and is retried); anything else is refused, in words. */
  #failed(response: RestResponse<unknown>, action: string): WriteOutcome {
    const failure: RestFailure = { status: response.status, error: response.error ?? {} };
    // 401: the token expired; auth-js refreshes it and the write goes out again.
    if (isAmbiguous(failure) || failure.status === 401) return { kind: 'waiting' };
    return { kind: 'refused', error: toTradedeskError(failure, action) };
  }

  #call(run: (signal: AbortSignal) => PromiseLike<RestResponse<unknown>>): Promise<RestResponse<unknown>> {
    return callWithTimeout(run, this.#opts.timeoutMs);
  }

  #scheduleRetry(): void {
    this.#clearRetry();
    const delay = this.#delays[Math.min(this.#attempt, this.#delays.length - 1)] ?? 30_000;
    this.#attempt++;
    this.#retryTimer = setTimeout(() => {
      this.#retryTimer = null;
      this.kick();
    }, delay);
    this.#retryTimer.unref?.();
  }

  #clearRetry(): void {
    if (this.#retryTimer) clearTimeout(this.#retryTimer);
    this.#retryTimer = null;
  }

  #resolve(opId: string, outcome: WriteOutcome): void {
    const list = this.#waiters.get(opId);
    if (!list) return;
    this.#waiters.delete(opId);
    for (const resolve of list) resolve(outcome);
  }

  #waiting(): void {
    this.#resolveAll({ kind: 'waiting' });
    this.#opts.onWaiting?.(this.#opts.cache.alertIntents());
  }

  #resolveAll(outcome: WriteOutcome): void {
    for (const opId of [...this.#waiters.keys()]) this.#resolve(opId, outcome);
  }
}

function definedOnly(changes: AlertChanges): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(changes)) if (v !== undefined) out[k] = v;
  return out;
}
