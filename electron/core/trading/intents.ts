import { methods, TradedeskError, type MethodResult, type ParsedArgs } from '../../../src/shared/contract';
import type { OrderIntent, RowChange } from '../../../src/shared/domain';
import type { SupabaseClient } from '@supabase/supabase-js';
import type { Cache } from '../cache';
import type { PushHub } from '../ipc/push-hub';
import { parseRow } from './platform-row';
import type { ServerWrites } from './server-writes';
import type { TradingSync } from './sync';

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

export type PlaceResult = MethodResult<'orders.place'>;
type PlaceArgs = ParsedArgs<'orders.place'>;
/** The products a ticket can place (an intent stores the product as text). */
const ProductOf = methods['orders.place'].args.shape.product;

/**
 * The intent journal: each order the trader placed, written to the cache before its request
 * leaves and pushed to the windows, until the server's order for it is seen. Keyed by client
 * order id. Knows which ids are on the wire right now and which this run of the app placed
 * (only those may be re-sent by themselves).
 */
export class IntentJournal {
  readonly #cache: Cache;
  readonly #hub: PushHub;
  /** Client order ids with a request on the wire right now (not re-sent by reconciliation). */
  readonly inFlight = new Set<string>();
  /** Client order ids the trader placed in this run of the app (only these are ever re-sent by themselves). */
  readonly thisRun = new Set<string>();

  constructor(cache: Cache, hub: PushHub) {
    this.#cache = cache;
    this.#hub = hub;
  }

  /**
   * Every intent in the journal at start belongs to an earlier run, whose requests died with it:
   * none is "sending" any more, and none will be re-sent by itself (intentFate). So each waits for
   * the trader from the first moment, even offline before any reconcile, instead of reading
   * "sending" with nothing to press. Windows attach later and read it from the cache.
   */
  adoptEarlierRun(now: number): void {
    for (const intent of this.#cache.intents()) {
      if (intentFate(intent, { fromThisRun: false, now }) !== 'ask_trader') continue;
      if (intent.state === 'unconfirmed' && intent.error === UNCONFIRMED_NOTE) continue;
      this.#cache.putIntent({ ...intent, state: 'unconfirmed', error: UNCONFIRMED_NOTE });
    }
  }

  all(): OrderIntent[] {
    return this.#cache.intents();
  }

  get(clientOrderId: string): OrderIntent | undefined {
    return this.#cache.intents().find((i) => i.clientOrderId === clientOrderId);
  }

  /** The id of the cached order placed with this client order id, or null. */
  placedOrderId(clientOrderId: string): string | null {
    return this.#cache.orderIdByClientOrderId(clientOrderId);
  }

  put(intent: OrderIntent): void {
    this.#cache.putIntent(intent);
    this.#push([{ kind: 'intent', op: 'upsert', row: intent }]);
  }

  drop(clientOrderId: string): void {
    if (!this.#cache.intents().some((i) => i.clientOrderId === clientOrderId)) return;
    this.#cache.deleteIntent(clientOrderId);
    this.#push([{ kind: 'intent', op: 'delete', id: clientOrderId }]);
  }

  #push(changes: RowChange[]): void {
    this.#hub.toAll('state.patch', { changes });
  }
}

export interface IntentQueueOptions {
  journal: IntentJournal;
  writes: ServerWrites;
  sync: Pick<TradingSync, 'applyLive'>;
  now: () => number;
  /** Sends a journaled intent (order-actions.ts: `place_order`, then settle or keep it). */
  send: (client: SupabaseClient, intent: OrderIntent) => Promise<PlaceResult>;
  /** Places an order as the trader's click does (for Place again). */
  place: (args: PlaceArgs) => Promise<PlaceResult>;
}

/**
 * The offline queue's decisions: after every reconcile, what becomes of each journaled intent,
 * and the trader's Check again / Place again / Discard on one that waits for them.
 */
export class IntentQueue {
  readonly #o: IntentQueueOptions;

  constructor(opts: IntentQueueOptions) {
    this.#o = opts;
  }

  /**
   * After every reconcile: settle intents against the server's orders. Found by client order id →
   * done. Not found although the server answered the snapshot → the request never landed (or its
   * transaction rolled back). Only an intent from this run, within AUTO_RESEND_WINDOW_MS, is sent
   * again by itself (with the SAME client order id, which place_order treats as the same order);
   * any other waits, `unconfirmed`, for the trader's check / place again / discard.
   */
  resolve(): void {
    const { journal } = this.#o;
    const session = this.#o.writes.session();
    const now = this.#o.now();
    for (const intent of journal.all()) {
      if (journal.inFlight.has(intent.clientOrderId)) continue;
      if (journal.placedOrderId(intent.clientOrderId)) {
        journal.drop(intent.clientOrderId);
        continue;
      }
      const fate = intentFate(intent, { fromThisRun: journal.thisRun.has(intent.clientOrderId), now });
      if (fate === 'leave') continue;
      if (fate === 'ask_trader') {
        journal.thisRun.delete(intent.clientOrderId);
        if (intent.state !== 'unconfirmed' || intent.error !== UNCONFIRMED_NOTE) {
          journal.put({ ...intent, state: 'unconfirmed', error: UNCONFIRMED_NOTE });
        }
        continue;
      }
      if (!session) continue;
      void this.#o.send(session.client, intent).catch((error: unknown) => {
        console.warn(
          `[trading] re-sent order ${intent.clientOrderId} was refused:`,
          error instanceof Error ? error.message : error,
        );
      });
    }
  }

  /** Drops intents whose order has just reached the cache (live or reconciled): they are settled. */
  settle(orders: ReadonlyArray<{ clientOrderId: string | null }>): void {
    const { journal } = this.#o;
    const waiting = new Set(journal.all().map((i) => i.clientOrderId));
    if (waiting.size === 0) return;
    for (const order of orders) {
      const key = order.clientOrderId;
      if (key && waiting.has(key) && !journal.inFlight.has(key)) {
        waiting.delete(key);
        journal.drop(key);
      }
    }
  }

  /**
   * "Check again": asks the server whether the order landed (by its client order id). Found → the
   * order is applied and the intent settled; not found → it stays unconfirmed for the trader.
   */
  async check(args: ParsedArgs<'intents.check'>): Promise<PlaceResult> {
    const { journal, writes } = this.#o;
    const client = writes.requireOnline();
    const { clientOrderId } = args;
    const intent = journal.get(clientOrderId);
    const known = journal.placedOrderId(clientOrderId);
    if (known) {
      journal.drop(clientOrderId);
      return { clientOrderId, orderId: known, state: 'placed' };
    }
    const rows = await writes.ordersByClientOrderId(client, clientOrderId);
    const order = rows.map((r) => parseRow('order', r)).find((o) => o !== undefined);
    if (order) {
      this.#o.sync.applyLive([{ kind: 'order', op: 'upsert', row: order }]);
      journal.drop(clientOrderId);
      return { clientOrderId, orderId: order.id, state: 'placed' };
    }
    if (intent) journal.put({ ...intent, state: 'unconfirmed', error: UNCONFIRMED_NOTE });
    return { clientOrderId, orderId: null, state: 'unconfirmed' };
  }

  /**
   * "Place again": sends the journaled order once more with its own client order id, so the
   * server books it at most once whatever happened to the first attempt.
   */
  async placeAgain(args: ParsedArgs<'intents.placeAgain'>): Promise<PlaceResult> {
    const { journal } = this.#o;
    const intent = journal.get(args.clientOrderId);
    if (!intent) {
      const placed = journal.placedOrderId(args.clientOrderId);
      if (placed) return { clientOrderId: args.clientOrderId, orderId: placed, state: 'placed' };
      throw new TradedeskError('not_found', 'That order is no longer waiting: it was settled or discarded.');
    }
    const product = ProductOf.safeParse(intent.product);
    return this.#o.place({
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
  discard(args: ParsedArgs<'intents.discard'>): { ok: true } {
    const { journal } = this.#o;
    if (journal.inFlight.has(args.clientOrderId)) {
      throw new TradedeskError('conflict', 'That order is being sent right now; wait for its answer.');
    }
    journal.thisRun.delete(args.clientOrderId);
    journal.drop(args.clientOrderId);
    return { ok: true };
  }
}
