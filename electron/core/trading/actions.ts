import { randomUUID } from 'node:crypto';
import type { SupabaseClient } from '@supabase/supabase-js';
import { methods, TradedeskError, type MethodResult, type ParsedArgs } from '../../../src/shared/contract';
import { tokenOfSymbol, type OrderIntent, type RowChange } from '../../../src/shared/domain';
import type { Cache } from '../cache';
import type { PushHub } from '../ipc/push-hub';
import type { ActiveSession } from '../session';
import type { SyncedRowChange } from './entities';
import {
  cancelOrderParams,
  closePositionParams,
  modifyOrderParams,
  parseRow,
  placeOrderParams,
  PLATFORM_COLUMN,
} from './platform-row';
import { isAmbiguous, toTradedeskError, type RestFailure } from './errors';
import { readAllRows } from './paging';
import { callWithTimeout, type RestResponse } from './rest';
import type { TradingSync } from './sync';

/** How long an action waits for the server before its outcome counts as unknown. */
export const DEFAULT_ACTION_TIMEOUT_MS = 10_000;

/**
 * An unconfirmed order is re-sent by itself only within this window of the trader pressing the
 * button, and only by the same run of the app. Later, the market has moved on (a MARKET order
 * abandoned yesterday must not fill this morning): the trader decides (check, place again, discard).
 */
export const AUTO_RESEND_WINDOW_MS = 30_000;

/** What the reconcile does with a journaled intent the server has no order for. */
export type IntentFate = 'resend' | 'ask_trader' | 'leave';

/**
 * Pure rule (unit-tested): re-send only an intent this run created, younger than
 * AUTO_RESEND_WINDOW_MS by the machine clock that stamped it; a failed one is left as it is;
 * everything else waits for the trader, marked unconfirmed.
 */
export function intentFate(intent: OrderIntent, ctx: { fromThisRun: boolean; now: number }): IntentFate {
  if (intent.state === 'failed') return 'leave';
  const age = ctx.now - intent.createdAt;
  return ctx.fromThisRun && age >= 0 && age <= AUTO_RESEND_WINDOW_MS ? 'resend' : 'ask_trader';
}

/** What the blotter says of an intent waiting for the trader. */
export const UNCONFIRMED_NOTE =
  'Not confirmed by the server and not re-sent automatically. Check again, place it again (it can book only once), or discard it.';

export interface TradingActionsOptions {
  cache: Cache;
  hub: PushHub;
  sync: TradingSync;
  session: () => ActiveSession | null;
  now: () => number;
  actionTimeoutMs?: number;
}

type PlaceArgs = ParsedArgs<'orders.place'>;
/** The products a ticket can place (an intent stores the product as text). */
const ProductOf = methods['orders.place'].args.shape.product;
type PlaceResult = MethodResult<'orders.place'>;

/**
 * Everything a window can ask the server to do. Orders go through an intent journal: the intent
 * is written to the cache before the request leaves, so an order whose answer is lost (timeout,
 * connection drop) is settled by reconciliation through its client order id — never placed twice.
 */
export class TradingActions {
  readonly #cache: Cache;
  readonly #hub: PushHub;
  readonly #sync: TradingSync;
  readonly #session: () => ActiveSession | null;
  readonly #now: () => number;
  readonly #timeoutMs: number;
  /** Client order ids with a request on the wire right now (not re-sent by reconciliation). */
  readonly #inFlight = new Set<string>();
  /** Client order ids the trader placed in this run of the app (only these are ever re-sent by themselves). */
  readonly #thisRun = new Set<string>();

  constructor(opts: TradingActionsOptions) {
    this.#cache = opts.cache;
    this.#hub = opts.hub;
    this.#sync = opts.sync;
    this.#session = opts.session;
    this.#now = opts.now;
    this.#timeoutMs = opts.actionTimeoutMs ?? DEFAULT_ACTION_TIMEOUT_MS;
    this.#adoptEarlierRun();
  }

  /**
   * Every intent in the journal at start belongs to an earlier run, whose requests died with it:
   * none is "sending" any more, and none will be re-sent by itself (intentFate). So each waits for
   * the trader from the first moment, even offline before any reconcile, instead of reading
   * "sending" with nothing to press. Windows attach later and read it from the cache.
   */
  #adoptEarlierRun(): void {
    for (const intent of this.#cache.intents()) {
      if (intentFate(intent, { fromThisRun: false, now: this.#now() }) !== 'ask_trader') continue;
      if (intent.state === 'unconfirmed' && intent.error === UNCONFIRMED_NOTE) continue;
      this.#cache.putIntent({ ...intent, state: 'unconfirmed', error: UNCONFIRMED_NOTE });
    }
  }

  async placeOrder(args: PlaceArgs): Promise<PlaceResult> {
    const client = this.#requireOnline();
    const clientOrderId = args.clientOrderId ?? randomUUID();
    const existing = this.#cache.intents().find((i) => i.clientOrderId === clientOrderId);
    const intent: OrderIntent = existing ?? {
      clientOrderId,
      symbol: args.symbol,
      token: args.token ?? this.#tokenOf(args.symbol),
      side: args.side,
      type: args.type,
      product: args.product,
      quantity: args.quantity,
      price: args.type === 'LIMIT' || args.type === 'SL' ? (args.price ?? null) : null,
      triggerPrice: args.type === 'SL' || args.type === 'SL-M' ? (args.triggerPrice ?? null) : null,
      state: 'sending',
      error: null,
      createdAt: this.#now(),
    };
    const placed = this.#placedOrderId(clientOrderId);
    if (placed) {
      this.#dropIntent(clientOrderId);
      return { clientOrderId, orderId: placed, state: 'placed' };
    }
    // A new intent starts its re-send window now; an old one re-placed by the trader does too.
    const fresh: OrderIntent = { ...intent, state: 'sending', error: null, createdAt: this.#now() };
    this.#thisRun.add(clientOrderId);
    this.#putIntent(fresh);
    return this.#send(client, fresh);
  }

  /**
   * After every reconcile: settle intents against the server's orders. Found by client order id →
   * done. Not found although the server answered the snapshot → the request never landed (or its
   * transaction rolled back). Only an intent from this run, within AUTO_RESEND_WINDOW_MS, is sent
   * again by itself (with the SAME client order id, which place_order treats as the same order);
   * any other waits, `unconfirmed`, for the trader's check / place again / discard.
   */
  resolveIntents(): void {
    const session = this.#session();
    const now = this.#now();
    for (const intent of this.#cache.intents()) {
      if (this.#inFlight.has(intent.clientOrderId)) continue;
      if (this.#placedOrderId(intent.clientOrderId)) {
        this.#dropIntent(intent.clientOrderId);
        continue;
      }
      const fate = intentFate(intent, { fromThisRun: this.#thisRun.has(intent.clientOrderId), now });
      if (fate === 'leave') continue;
      if (fate === 'ask_trader') {
        this.#thisRun.delete(intent.clientOrderId);
        if (intent.state !== 'unconfirmed' || intent.error !== UNCONFIRMED_NOTE) {
          this.#putIntent({ ...intent, state: 'unconfirmed', error: UNCONFIRMED_NOTE });
        }
        continue;
      }
      if (!session) continue;
      void this.#send(session.client, intent).catch((error: unknown) => {
        console.warn(
          `[trading] re-sent order ${intent.clientOrderId} was refused:`,
          error instanceof Error ? error.message : error,
        );
      });
    }
  }

  /** Drops intents whose order has just reached the cache (live or reconciled): they are settled. */
  settleIntents(orders: ReadonlyArray<{ clientOrderId: string | null }>): void {
    const waiting = new Set(this.#cache.intents().map((i) => i.clientOrderId));
    if (waiting.size === 0) return;
    for (const order of orders) {
      const key = order.clientOrderId;
      if (key && waiting.has(key) && !this.#inFlight.has(key)) {
        waiting.delete(key);
        this.#dropIntent(key);
      }
    }
  }

  /**
   * "Check again": asks the server whether the order landed (by its client order id). Found → the
   * order is applied and the intent settled; not found → it stays unconfirmed for the trader.
   */
  async checkIntent(args: ParsedArgs<'intents.check'>): Promise<PlaceResult> {
    const client = this.#requireOnline();
    const { clientOrderId } = args;
    const intent = this.#intent(clientOrderId);
    const known = this.#placedOrderId(clientOrderId);
    if (known) {
      this.#dropIntent(clientOrderId);
      return { clientOrderId, orderId: known, state: 'placed' };
    }
    let rows: unknown[];
    try {
      rows = await readAllRows('order lookup', () =>
        client.from('orders').select('*', { count: 'exact' }).eq(PLATFORM_COLUMN.order.clientOrderId, clientOrderId),
      );
    } catch (error) {
      throw new TradedeskError(
        'offline',
        `Checking the order: the server did not answer (${error instanceof Error ? error.message : String(error)}).`,
      );
    }
    const order = rows.map((r) => parseRow('order', r)).find((o) => o !== undefined);
    if (order) {
      this.#sync.applyLive([{ kind: 'order', op: 'upsert', row: order }]);
      this.#dropIntent(clientOrderId);
      return { clientOrderId, orderId: order.id, state: 'placed' };
    }
    if (intent) this.#putIntent({ ...intent, state: 'unconfirmed', error: UNCONFIRMED_NOTE });
    return { clientOrderId, orderId: null, state: 'unconfirmed' };
  }

  /**
   * "Place again": sends the journaled order once more with its own client order id, so the
   * server books it at most once whatever happened to the first attempt.
   */
  async placeIntentAgain(args: ParsedArgs<'intents.placeAgain'>): Promise<PlaceResult> {
    const intent = this.#intent(args.clientOrderId);
    if (!intent) {
      const placed = this.#placedOrderId(args.clientOrderId);
      if (placed) return { clientOrderId: args.clientOrderId, orderId: placed, state: 'placed' };
      throw new TradedeskError('not_found', 'That order is no longer waiting: it was settled or discarded.');
    }
    const product = ProductOf.safeParse(intent.product);
    return this.placeOrder({
      clientOrderId: intent.clientOrderId,
      symbol: intent.symbol,
      ...(intent.token !== null ? { token: intent.token } : {}),
      side: intent.side,
      type: intent.type,
      product: product.success ? product.data : 'MIS',
      quantity: intent.quantity,
      ...(intent.price !== null ? { price: intent.price } : {}),
    });
  }

  /** "Discard": forgets the intent here. It never was confirmed; if it did land, its order shows up by itself. */
  discardIntent(args: ParsedArgs<'intents.discard'>): { ok: true } {
    if (this.#inFlight.has(args.clientOrderId)) {
      throw new TradedeskError('conflict', 'That order is being sent right now; wait for its answer.');
    }
    this.#thisRun.delete(args.clientOrderId);
    this.#dropIntent(args.clientOrderId);
    return { ok: true };
  }

  async modifyOrder(args: ParsedArgs<'orders.modify'>): Promise<{ ok: true }> {
    const client = this.#requireOnline();
    const data = await this.#write('Modifying the order', (signal) =>
      client.rpc('modify_order', modifyOrderParams(args)).abortSignal(signal),
    );
    this.#applyOrder(data);
    return { ok: true };
  }

  async cancelOrder(args: ParsedArgs<'orders.cancel'>): Promise<{ ok: true }> {
    const client = this.#requireOnline();
    const data = await this.#write('Cancelling the order', (signal) =>
      client.rpc('cancel_order', cancelOrderParams(args)).abortSignal(signal),
    );
    this.#applyOrder(data);
    return { ok: true };
  }

  async closePosition(args: ParsedArgs<'positions.close'>): Promise<{ orderId: string | null }> {
    const client = this.#requireOnline();
    const data = await this.#write('Closing the position', (signal) =>
      client.rpc('close_position', closePositionParams(args)).abortSignal(signal),
    );
    return { orderId: this.#applyOrder(data) };
  }

  async createWatchlist(args: ParsedArgs<'watchlists.create'>): Promise<{ id: string }> {
    const session = this.#requireSession();
    this.#requireOnline();
    const sortOrder = Math.max(-1, ...this.#cache.all('watchlist').map((w) => w.sortOrder)) + 1;
    const data = await this.#write(
      'Creating the watchlist',
      (signal) =>
        session.client
          .from('Watchlist')
          .insert({ userId: session.user.id, name: args.name, color: args.color ?? null, sortOrder })
          .select()
          .abortSignal(signal)
          .single(),
      { duplicate: `A watchlist named "${args.name}" already exists.` },
    );
    return { id: this.#applyRow('watchlist', data) };
  }

  async renameWatchlist(args: ParsedArgs<'watchlists.rename'>): Promise<{ ok: true }> {
    const client = this.#requireOnline();
    const data = await this.#write(
      'Renaming the watchlist',
      (signal) =>
        client.from('Watchlist').update({ name: args.name }).eq('id', args.id).select().abortSignal(signal).single(),
      { duplicate: `A watchlist named "${args.name}" already exists.` },
    );
    this.#applyRow('watchlist', data);
    return { ok: true };
  }

  async deleteWatchlist(args: ParsedArgs<'watchlists.delete'>): Promise<{ ok: true }> {
    const client = this.#requireOnline();
    await this.#write('Deleting the watchlist', (signal) =>
      client.from('Watchlist').delete().eq('id', args.id).abortSignal(signal),
    );
    // Items go with it (ON DELETE CASCADE); drop them locally now rather than wait for each DELETE.
    const items = this.#cache.all('watchlistItem').filter((i) => i.watchlistId === args.id);
    this.#sync.applyLive([
      ...items.map((i): SyncedRowChange => ({ kind: 'watchlistItem', op: 'delete', id: i.id })),
      { kind: 'watchlist', op: 'delete', id: args.id },
    ]);
    return { ok: true };
  }

  async addWatchlistItem(args: ParsedArgs<'watchlists.addItem'>): Promise<{ id: string }> {
    const client = this.#requireOnline();
    const instrument = this.#cache.instruments().find((i) => i.token === args.token);
    if (!instrument) throw new TradedeskError('unknown_symbol', `No instrument with token ${args.token} is known.`);
    const siblings = this.#cache.all('watchlistItem').filter((i) => i.watchlistId === args.watchlistId);
    const sortOrder = Math.max(-1, ...siblings.map((i) => i.sortOrder)) + 1;
    const data = await this.#write(
      'Adding to the watchlist',
      (signal) =>
        client
          .from('WatchlistItem')
          .insert({
            watchlistId: args.watchlistId,
            token: instrument.token,
            symbol: instrument.symbol,
            exchange: instrument.exchange,
            segment: instrument.segment,
            name: instrument.name,
            lotSize: instrument.lotSize,
            sortOrder,
          })
          .select()
          .abortSignal(signal)
          .single(),
      { duplicate: `${instrument.symbol} is already in this watchlist.` },
    );
    return { id: this.#applyRow('watchlistItem', data) };
  }

  async removeWatchlistItem(args: ParsedArgs<'watchlists.removeItem'>): Promise<{ ok: true }> {
    const client = this.#requireOnline();
    await this.#write('Removing from the watchlist', (signal) =>
      client.from('WatchlistItem').delete().eq('id', args.itemId).abortSignal(signal),
    );
    this.#sync.applyLive([{ kind: 'watchlistItem', op: 'delete', id: args.itemId }]);
    return { ok: true };
  }

  async reorderWatchlist(args: ParsedArgs<'watchlists.reorder'>): Promise<{ ok: true }> {
    const client = this.#requireOnline();
    const current = new Map(this.#cache.all('watchlistItem').map((i) => [i.id, i]));
    const moves = args.itemIds.flatMap((id, index) => {
      const item = current.get(id);
      return item && item.watchlistId === args.watchlistId && item.sortOrder !== index ? [{ id, index }] : [];
    });
    const rows = await Promise.all(
      moves.map((m) =>
        this.#write('Reordering the watchlist', (signal) =>
          client
            .from('WatchlistItem')
            .update({ sortOrder: m.index })
            .eq('id', m.id)
            .select()
            .abortSignal(signal)
            .single(),
        ),
      ),
    );
    for (const row of rows) this.#applyRow('watchlistItem', row);
    return { ok: true };
  }

  async #send(client: SupabaseClient, intent: OrderIntent): Promise<PlaceResult> {
    const { clientOrderId } = intent;
    this.#inFlight.add(clientOrderId);
    let response: RestResponse<unknown>;
    try {
      response = await this.#withTimeout((signal) =>
        client.rpc('place_order', placeOrderParams(intent)).abortSignal(signal),
      );
    } finally {
      this.#inFlight.delete(clientOrderId);
    }
    if (!response.error) {
      const orderId = this.#applyOrder(response.data);
      this.#dropIntent(clientOrderId);
      return { clientOrderId, orderId, state: 'placed' };
    }
    const failure: RestFailure = { status: response.status, error: response.error };
    if (isAmbiguous(failure)) {
      // The server may have booked it: keep the intent; reconciliation settles it by its key.
      this.#putIntent({ ...intent, state: 'unconfirmed', error: null });
      return { clientOrderId, orderId: null, state: 'unconfirmed' };
    }
    this.#dropIntent(clientOrderId);
    throw toTradedeskError(failure, 'Placing the order');
  }

  /** A write whose outcome must be definite: an unknown outcome is reported as a timeout. */
  async #write(
    action: string,
    run: (signal: AbortSignal) => PromiseLike<RestResponse<unknown>>,
    opts: { duplicate?: string } = {},
  ): Promise<unknown> {
    const response = await this.#withTimeout(run);
    if (!response.error) return response.data;
    const failure: RestFailure = { status: response.status, error: response.error };
    if (opts.duplicate && (failure.error.code === '23505' || failure.status === 409)) {
      throw new TradedeskError('duplicate_name', opts.duplicate);
    }
    if (isAmbiguous(failure)) {
      throw new TradedeskError(
        'timeout',
        `${action}: the server did not confirm in time. The screen updates once the connection is back.`,
      );
    }
    throw toTradedeskError(failure, action);
  }

  #withTimeout(run: (signal: AbortSignal) => PromiseLike<RestResponse<unknown>>): Promise<RestResponse<unknown>> {
    return callWithTimeout(run, this.#timeoutMs);
  }

  /** Applies an RPC's returned order row at once (sync applies the same version once only). */
  #applyOrder(data: unknown): string | null {
    const order = parseRow('order', data);
    if (order) {
      this.#sync.applyLive([{ kind: 'order', op: 'upsert', row: order }]);
      return order.id;
    }
    return data !== null && typeof data === 'object' && 'id' in data ? String((data as { id: unknown }).id) : null;
  }

  #applyRow(kind: 'watchlist' | 'watchlistItem', data: unknown): string {
    const row = parseRow(kind, data);
    if (!row) throw new TradedeskError('invalid_result', 'The server answered with a row the terminal cannot read.');
    this.#sync.applyLive([{ kind, op: 'upsert', row } as SyncedRowChange]);
    return row.id;
  }

  #intent(clientOrderId: string): OrderIntent | undefined {
    return this.#cache.intents().find((i) => i.clientOrderId === clientOrderId);
  }

  #placedOrderId(clientOrderId: string): string | null {
    return this.#cache.orderIdByClientOrderId(clientOrderId);
  }

  /** The token the symbol names among the cached instruments, by the one symbol rule. */
  #tokenOf(symbol: string): number | null {
    return tokenOfSymbol(this.#cache.instruments(), symbol);
  }

  #putIntent(intent: OrderIntent): void {
    this.#cache.putIntent(intent);
    this.#push([{ kind: 'intent', op: 'upsert', row: intent }]);
  }

  #dropIntent(clientOrderId: string): void {
    if (!this.#cache.intents().some((i) => i.clientOrderId === clientOrderId)) return;
    this.#cache.deleteIntent(clientOrderId);
    this.#push([{ kind: 'intent', op: 'delete', id: clientOrderId }]);
  }

  #push(changes: RowChange[]): void {
    this.#hub.toAll('state.patch', { changes });
  }

  #requireSession(): ActiveSession {
    const session = this.#session();
    if (!session) throw new TradedeskError('unauthorized', 'Sign in to trade.');
    return session;
  }

  /** Fails fast when the server is known to be unreachable instead of waiting for a timeout. */
  #requireOnline(): SupabaseClient {
    const session = this.#requireSession();
    if (!this.#sync.reachable()) {
      const detail = this.#sync.status().detail;
      throw new TradedeskError(
        'offline',
        `You are offline${detail ? ` (${detail})` : ''}. Orders and changes are disabled until the connection is back.`,
      );
    }
    return session.client;
  }
}
