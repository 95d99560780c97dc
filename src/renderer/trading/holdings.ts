import type { Order, Position } from '../../shared/domain';

/**
 * CNC quantity still sellable in a symbol: the open CNC (DELIVERY) long minus PENDING CNC sells,
 * not counting `exceptOrderId` (an order being modified) — exchange rule 5, as the database's
 * `tradedesk_cnc_sellable` counts it (negative when pending sells exceed the holding).
 */
export function cncSellableOf(
  positions: Readonly<Record<string, Position>>,
  orders: Readonly<Record<string, Order>>,
  symbol: string,
  exceptOrderId?: string,
): number {
  let held = 0;
  for (const p of Object.values(positions)) {
    if (p.symbol === symbol && p.productType === 'DELIVERY' && p.quantity > 0) held += p.quantity;
  }
  let selling = 0;
  for (const o of Object.values(orders)) {
    if (
      o.symbol === symbol &&
      o.status === 'PENDING' &&
      o.orderSide === 'SELL' &&
      (o.productType === 'DELIVERY' || o.productType === 'CNC') &&
      o.id !== exceptOrderId
    )
      selling += o.quantity;
  }
  return held - selling;
}
