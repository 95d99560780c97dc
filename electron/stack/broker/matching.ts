import type { OrderSide, OrderType } from '../../../src/shared/domain/trading';

/**
 * When and at what price the paper broker fills an order — the exchange's matching as a trader
 * sees it (issue 13, rule 1; supabase/README.md "Order rules"):
 * - An order that is marketable when it arrives fills at the market: a BUY at the best offer, a
 *   SELL at the best bid (the top of the simulated depth, else the last price). A LIMIT BUY at
 *   ₹480 with the offer at ₹405.05 fills at ₹405.05, never at ₹480.
 * - A LIMIT that rested (was not marketable on arrival) fills at its limit once the last price
 *   reaches it: BUY at or below, SELL at or above.
 * - SL and SL-M rest untriggered until the last price crosses the trigger (BUY: last ≥ trigger,
 *   SELL: last ≤ trigger); then they arrive again as a LIMIT at their limit (SL) or a MARKET
 *   order (SL-M).
 */
export interface MatchableOrder {
  orderType: OrderType;
  orderSide: OrderSide;
  /** The limit price (LIMIT, SL); null for MARKET and SL-M. */
  price: number | null;
  /** SL / SL-M only. */
  triggerPrice: number | null;
  /** True once the database recorded the trigger (`triggeredAt`). */
  triggered: boolean;
}

/** The market for one instrument now: the last price and, when the feed has depth, the touch. */
export interface MarketView {
  last: number;
  bid?: number;
  ask?: number;
}

const positive = (n: number | null | undefined): n is number => typeof n === 'number' && Number.isFinite(n) && n > 0;

export function isStop(order: Pick<MatchableOrder, 'orderType'>): boolean {
  return order.orderType === 'SL' || order.orderType === 'SL-M';
}

/** True when an untriggered stop's trigger is crossed by the last price. */
export function crossesTrigger(order: MatchableOrder, last: number): boolean {
  if (!isStop(order) || order.triggered || !positive(order.triggerPrice) || !positive(last)) return false;
  return order.orderSide === 'BUY' ? last >= order.triggerPrice : last <= order.triggerPrice;
}

/**
 * The fill price if the order fills in this market, else undefined (it keeps resting).
 * `arriving`: this is the order's first look at the market (new, modified, or just triggered).
 */
export function fillPrice(
  order: MatchableOrder,
  market: MarketView | undefined,
  arriving: boolean,
): number | undefined {
  if (!market || !positive(market.last)) return undefined;
  if (isStop(order) && !order.triggered) return undefined;
  const isBuy = order.orderSide === 'BUY';
  // The opposite side's best price: what an arriving order trades against.
  const touch = isBuy
    ? positive(market.ask)
      ? market.ask
      : market.last
    : positive(market.bid)
      ? market.bid
      : market.last;
  if (order.orderType === 'MARKET' || order.orderType === 'SL-M') return touch;
  const limit = order.price;
  if (!positive(limit)) return undefined;
  if (arriving) {
    if (isBuy ? touch <= limit : touch >= limit) return touch;
    return undefined;
  }
  if (isBuy) return market.last <= limit ? limit : undefined;
  return market.last >= limit ? limit : undefined;
}
