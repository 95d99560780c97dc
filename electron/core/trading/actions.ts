import type { ParsedArgs } from '../../../src/shared/contract';
import type { Cache } from '../cache';
import type { PushHub } from '../ipc/push-hub';
import type { ActiveSession } from '../session';
import { IntentJournal, IntentQueue, type PlaceResult } from './intents';
import { OrderActions } from './order-actions';
import { ServerWrites } from './server-writes';
import type { TradingSync } from './sync';
import { WatchlistActions } from './watchlist-actions';

export { AUTO_RESEND_WINDOW_MS, intentFate, UNCONFIRMED_NOTE, type IntentFate } from './intents';
export { DEFAULT_ACTION_TIMEOUT_MS } from './server-writes';

export interface TradingActionsOptions {
  cache: Cache;
  hub: PushHub;
  sync: TradingSync;
  session: () => ActiveSession | null;
  now: () => number;
  actionTimeoutMs?: number;
}

/**
 * Everything a window can ask the server to do, by concern: orders (order-actions.ts), the
 * intent journal and its offline queue (intents.ts), watchlists (watchlist-actions.ts), each
 * sending its requests through the server writes (server-writes.ts). This class only wires them
 * together and is what the service and the IPC methods call.
 */
export class TradingActions {
  readonly #queue: IntentQueue;
  readonly #orders: OrderActions;
  readonly #watchlists: WatchlistActions;

  constructor(opts: TradingActionsOptions) {
    const writes = new ServerWrites({
      sync: opts.sync,
      session: opts.session,
      ...(opts.actionTimeoutMs !== undefined ? { actionTimeoutMs: opts.actionTimeoutMs } : {}),
    });
    const journal = new IntentJournal(opts.cache, opts.hub);
    journal.adoptEarlierRun(opts.now());
    const orders = new OrderActions({ cache: opts.cache, sync: opts.sync, journal, writes, now: opts.now });
    this.#orders = orders;
    this.#queue = new IntentQueue({
      journal,
      writes,
      sync: opts.sync,
      now: opts.now,
      send: (client, intent) => orders.send(client, intent),
      place: (args) => orders.placeOrder(args),
    });
    this.#watchlists = new WatchlistActions({ cache: opts.cache, sync: opts.sync, writes });
  }

  placeOrder(args: ParsedArgs<'orders.place'>): Promise<PlaceResult> {
    return this.#orders.placeOrder(args);
  }

  modifyOrder(args: ParsedArgs<'orders.modify'>): Promise<{ ok: true }> {
    return this.#orders.modifyOrder(args);
  }

  cancelOrder(args: ParsedArgs<'orders.cancel'>): Promise<{ ok: true }> {
    return this.#orders.cancelOrder(args);
  }

  closePosition(args: ParsedArgs<'positions.close'>): Promise<{ orderId: string | null }> {
    return this.#orders.closePosition(args);
  }

  /** After every reconcile: settle, re-send or hand to the trader each journaled intent (IntentQueue.resolve). */
  resolveIntents(): void {
    this.#queue.resolve();
  }

  /** Drops intents whose order has just reached the cache (live or reconciled): they are settled. */
  settleIntents(orders: ReadonlyArray<{ clientOrderId: string | null }>): void {
    this.#queue.settle(orders);
  }

  checkIntent(args: ParsedArgs<'intents.check'>): Promise<PlaceResult> {
    return this.#queue.check(args);
  }

  placeIntentAgain(args: ParsedArgs<'intents.placeAgain'>): Promise<PlaceResult> {
    return this.#queue.placeAgain(args);
  }

  discardIntent(args: ParsedArgs<'intents.discard'>): { ok: true } {
    return this.#queue.discard(args);
  }

  createWatchlist(args: ParsedArgs<'watchlists.create'>): Promise<{ id: string }> {
    return this.#watchlists.createWatchlist(args);
  }

  renameWatchlist(args: ParsedArgs<'watchlists.rename'>): Promise<{ ok: true }> {
    return this.#watchlists.renameWatchlist(args);
  }

  deleteWatchlist(args: ParsedArgs<'watchlists.delete'>): Promise<{ ok: true }> {
    return this.#watchlists.deleteWatchlist(args);
  }

  addWatchlistItem(args: ParsedArgs<'watchlists.addItem'>): Promise<{ id: string }> {
    return this.#watchlists.addWatchlistItem(args);
  }

  removeWatchlistItem(args: ParsedArgs<'watchlists.removeItem'>): Promise<{ ok: true }> {
    return this.#watchlists.removeWatchlistItem(args);
  }

  reorderWatchlist(args: ParsedArgs<'watchlists.reorder'>): Promise<{ ok: true }> {
    return this.#watchlists.reorderWatchlist(args);
  }
}
