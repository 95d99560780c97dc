import type { OrderSide, OrderType } from '../../../src/shared/domain/trading';

/**
 * When and at what price the paper broker fills an order, given the market's last price:
 * MARKET fills at once at the last price; a LIMIT BUY fills when the market trades at or below
 * its limit, a LIMIT SELL at or above, in both cases at the limit price (never better, never
 * worse — the platform's paper fills are at the limit).
 */
export interface MatchableOrder {
  orderType: OrderType;
  orderSide: OrderSide;
  /** The limit price; null/ignored for MARKET. */
  price: number | null;
}

/** The fill price if the order fills at `lastPrice`, else undefined (it keeps resting). */
export function fillPrice(order: MatchableOrder, lastPrice: number | undefined): number | undefined {
  if (lastPrice === undefined || !Number.isFinite(lastPrice) || lastPrice <= 0) return undefined;
  if (order.orderType === 'MARKET') return lastPrice;
  const limit = order.price;
  if (limit === null || !Number.isFinite(limit) || limit <= 0) return undefined;
  if (order.orderSide === 'BUY') return lastPrice <= limit ? limit : undefined;
  return lastPrice >= limit ? limit : undefined;
}
