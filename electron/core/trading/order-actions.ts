import { randomUUID } from 'node:crypto';
import type { SupabaseClient } from '@supabase/supabase-js';
import type { ParsedArgs } from '../../../src/shared/contract';
import { tokenOfSymbol, type OrderIntent } from '../../../src/shared/domain';
import type { Cache } from '../cache';
import { isAmbiguous, toTradedeskError, type RestFailure } from './errors';
import type { IntentJournal, PlaceResult } from './intents';
import { parseRow } from './platform-row';
import type { ServerWrites } from './server-writes';
import type { TradingSync } from './sync';

export interface OrderActionsOptions {
  cache: Cache;
  sync: Pick<TradingSync, 'applyLive'>;
  journal: IntentJournal;
  writes: ServerWrites;
  now: () => number;
}

/**
 * Placing, modifying and cancelling orders (MARKET, LIMIT, SL, SL-M) and closing positions.
 * A placement goes through the intent journal: the intent is written to the cache before the
 * request leaves, so an order whose answer is lost (timeout, connection drop) is settled by
 * reconciliation through its client order id — never placed twice.
 */
export class OrderActions {
  readonly #o: OrderActionsOptions;

  constructor(opts: OrderActionsOptions) {
    this.#o = opts;
  }

  async placeOrder(args: ParsedArgs<'orders.place'>): Promise<PlaceResult> {
    const { journal, now } = this.#o;
    const client = this.#o.writes.requireOnline();
    const clientOrderId = args.clientOrderId ?? randomUUID();
    const existing = journal.get(clientOrderId);
    const intent: OrderIntent = existing ?? {
      clientOrderId,
      symbol: args.symbol,
      token: args.token ?? tokenOfSymbol(this.#o.cache.instruments(), args.symbol),
      side: args.side,
      type: args.type,
      product: args.product,
      quantity: args.quantity,
      price: args.type === 'LIMIT' || args.type === 'SL' ? (args.price ?? null) : null,
      triggerPrice: args.type === 'SL' || args.type === 'SL-M' ? (args.triggerPrice ?? null) : null,
      state: 'sending',
      error: null,
      createdAt: now(),
    };
    const placed = journal.placedOrderId(clientOrderId);
    if (placed) {
      journal.drop(clientOrderId);
      return { clientOrderId, orderId: placed, state: 'placed' };
    }
    // A new intent starts its re-send window now; an old one re-placed by the trader does too.
    const fresh: OrderIntent = { ...intent, state: 'sending', error: null, createdAt: now() };
    journal.thisRun.add(clientOrderId);
    journal.put(fresh);
    return this.send(client, fresh);
  }

  /**
   * Sends a journaled intent with `place_order`. Placed → the returned row is applied and the
   * intent dropped; an ambiguous failure (timeout, 5xx) keeps it `unconfirmed` for
   * reconciliation; a refusal drops it and throws the refusal.
   */
  async send(client: SupabaseClient, intent: OrderIntent): Promise<PlaceResult> {
    const { journal } = this.#o;
    const { clientOrderId } = intent;
    journal.inFlight.add(clientOrderId);
    let response;
    try {
      response = await this.#o.writes.placeOrder(client, intent);
    } finally {
      journal.inFlight.delete(clientOrderId);
    }
    if (!response.error) {
      const orderId = this.#applyOrder(response.data);
      journal.drop(clientOrderId);
      return { clientOrderId, orderId, state: 'placed' };
    }
    const failure: RestFailure = { status: response.status, error: response.error };
    if (isAmbiguous(failure)) {
      // The server may have booked it: keep the intent; reconciliation settles it by its key.
      journal.put({ ...intent, state: 'unconfirmed', error: null });
      return { clientOrderId, orderId: null, state: 'unconfirmed' };
    }
    journal.drop(clientOrderId);
    throw toTradedeskError(failure, 'Placing the order');
  }

  async modifyOrder(args: ParsedArgs<'orders.modify'>): Promise<{ ok: true }> {
    const client = this.#o.writes.requireOnline();
    this.#applyOrder(await this.#o.writes.modifyOrder(client, args));
    return { ok: true };
  }

  async cancelOrder(args: ParsedArgs<'orders.cancel'>): Promise<{ ok: true }> {
    const client = this.#o.writes.requireOnline();
    this.#applyOrder(await this.#o.writes.cancelOrder(client, args));
    return { ok: true };
  }

  async closePosition(args: ParsedArgs<'positions.close'>): Promise<{ orderId: string | null }> {
    const client = this.#o.writes.requireOnline();
    return { orderId: this.#applyOrder(await this.#o.writes.closePosition(client, args)) };
  }

  /** Applies an RPC's returned order row at once (sync applies the same version once only); returns its id. */
  #applyOrder(data: unknown): string | null {
    const order = parseRow('order', data);
    if (order) {
      this.#o.sync.applyLive([{ kind: 'order', op: 'upsert', row: order }]);
      return order.id;
    }
    return data !== null && typeof data === 'object' && 'id' in data ? String((data as { id: unknown }).id) : null;
  }
}
