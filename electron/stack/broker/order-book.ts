import { type z } from 'zod';
import { Order } from '../../../src/shared/domain/trading';
import { instrumentBySymbol } from '../market/catalogue';
import type { MatchableOrder } from './matching';

/** The part of an `orders` row the broker acts on, parsed from Realtime and REST alike. */
export const BrokerOrder = Order.pick({
  id: true,
  symbol: true,
  quantity: true,
  orderType: true,
  orderSide: true,
  price: true,
  triggerPrice: true,
  triggeredAt: true,
  status: true,
  version: true,
});
export type BrokerOrder = z.infer<typeof BrokerOrder>;

export interface RestingOrder extends MatchableOrder {
  id: string;
  symbol: string;
  token: number;
  version: number;
  /**
   * True until the order has had one look at the market without filling: an arriving order that
   * is marketable fills at the touch, one that rested fills at its limit (matching.ts). A new
   * version of the row (a modify, the trigger) arrives again.
   */
  arriving: boolean;
}

/**
 * The PENDING orders the broker is watching, indexed by instrument token so a price update
 * looks only at that instrument's orders. Row versions make it order-insensitive: a change
 * older than what the book has seen (a late Realtime event, a stale sweep row) is ignored, and
 * an order once seen EXECUTED or CANCELLED never comes back.
 */
export class OrderBook {
  private readonly byToken = new Map<number, Map<string, RestingOrder>>();
  private readonly byId = new Map<string, RestingOrder>();
  /** Highest version seen per order id, including finished ones. */
  private readonly seen = new Map<string, { version: number; finished: boolean }>();

  /**
   * Apply one row as seen by Realtime or a sweep. Returns the resting order when the row is
   * (still) PENDING and newer than anything seen; `unknown_symbol` when it cannot be priced.
   */
  apply(
    row: BrokerOrder,
    /** False for rows found by the start-up sweep: they were resting while no broker ran. */
    arriving = true,
  ): { kind: 'resting'; order: RestingOrder } | { kind: 'ignored' | 'removed' | 'unknown_symbol' } {
    const prior = this.seen.get(row.id);
    if (prior && (prior.finished || row.version < prior.version)) return { kind: 'ignored' };
    // The same version again (a sweep re-reading a resting order) changes nothing: it keeps
    // its place and does not "arrive" a second time.
    const current = this.byId.get(row.id);
    if (current && prior && row.version === prior.version && row.status === 'PENDING') {
      return { kind: 'resting', order: current };
    }
    const finished = row.status !== 'PENDING';
    this.seen.set(row.id, { version: row.version, finished });
    if (finished) {
      this.remove(row.id);
      return { kind: 'removed' };
    }
    const inst = instrumentBySymbol(row.symbol);
    if (!inst) return { kind: 'unknown_symbol' };
    this.remove(row.id);
    const order: RestingOrder = {
      id: row.id,
      symbol: row.symbol,
      token: inst.token,
      version: row.version,
      orderType: row.orderType,
      orderSide: row.orderSide,
      price: row.price,
      triggerPrice: row.triggerPrice,
      triggered: row.triggeredAt !== null,
      arriving,
    };
    this.byId.set(order.id, order);
    let list = this.byToken.get(order.token);
    if (!list) this.byToken.set(order.token, (list = new Map()));
    list.set(order.id, order);
    return { kind: 'resting', order };
  }

  /** Mark an order finished (the broker executed it), whatever Realtime says later. */
  finish(id: string): void {
    const prior = this.seen.get(id);
    this.seen.set(id, { version: prior?.version ?? 0, finished: true });
    this.remove(id);
  }

  remove(id: string): void {
    const order = this.byId.get(id);
    if (!order) return;
    this.byId.delete(id);
    const list = this.byToken.get(order.token);
    list?.delete(id);
    if (list && list.size === 0) this.byToken.delete(order.token);
  }

  forToken(token: number): RestingOrder[] {
    return [...(this.byToken.get(token)?.values() ?? [])];
  }

  get(id: string): RestingOrder | undefined {
    return this.byId.get(id);
  }

  all(): RestingOrder[] {
    return [...this.byId.values()];
  }

  get size(): number {
    return this.byId.size;
  }
}
