import { z } from 'zod';
import { MarketDepth } from '../../../src/shared/domain';

/**
 * Market depth from a `full`-mode tick's `data` (the service passes Kite's shape through:
 * `depth: {buy, sell: [{price, quantity, orders}]}`, `total_buy_quantity`,
 * `total_sell_quantity`, `average_trade_price`, `last_trade_quantity`, `last_trade_time`
 * (epoch seconds), `open_interest`, and on some feeds `lower_circuit_limit` /
 * `upper_circuit_limit`). Parsed with zod once per push frame for the instruments a window shows,
 * never on the tick path. Empty levels (Kite pads with zero price and quantity) are dropped.
 */

const Count = z.number().finite().nonnegative();
const Level = z.object({ price: Count, quantity: Count, orders: Count.optional() }).passthrough();
const FullData = z
  .object({
    last_price: z.number().finite().positive(),
    depth: z.object({ buy: z.array(Level).max(20).default([]), sell: z.array(Level).max(20).default([]) }),
    total_buy_quantity: Count.nullish(),
    total_sell_quantity: Count.nullish(),
    average_trade_price: Count.nullish(),
    last_trade_quantity: Count.nullish(),
    last_trade_time: Count.nullish(),
    open_interest: Count.nullish(),
    lower_circuit_limit: Count.nullish(),
    upper_circuit_limit: Count.nullish(),
  })
  .passthrough();

/** null when `data` is not a depth-carrying tick (the caller counts it as malformed). */
export function parseDepth(token: number, data: unknown, receivedAt: number): MarketDepth | null {
  const parsed = FullData.safeParse(data);
  if (!parsed.success) return null;
  const d = parsed.data;
  const levels = (side: z.infer<typeof Level>[]) =>
    side
      .filter((l) => l.price > 0)
      .map((l) => ({ price: l.price, quantity: Math.round(l.quantity), orders: Math.round(l.orders ?? 0) }));
  const positive = (v: number | null | undefined) => (v != null && v > 0 ? v : null);
  const ltt = d.last_trade_time;
  const depth: MarketDepth = {
    token,
    buy: levels(d.depth.buy),
    sell: levels(d.depth.sell),
    totalBuyQuantity: d.total_buy_quantity ?? null,
    totalSellQuantity: d.total_sell_quantity ?? null,
    averagePrice: positive(d.average_trade_price),
    ltp: d.last_price,
    lastTradeQuantity: d.last_trade_quantity ?? null,
    // Seconds since the epoch stay below 1e11 until the year 5138 (as tick-parser reads them).
    lastTradeTime: ltt != null && ltt > 0 ? Math.round(ltt < 1e11 ? ltt * 1000 : ltt) : null,
    lowerCircuit: positive(d.lower_circuit_limit),
    upperCircuit: positive(d.upper_circuit_limit),
    openInterest: d.open_interest ?? null,
    receivedAt,
  };
  return MarketDepth.safeParse(depth).success ? depth : null;
}
