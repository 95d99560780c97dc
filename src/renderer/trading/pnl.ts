import type { Position, Quote } from '../../shared/domain';

/** Unrealized P&L of a position at a price: (LTP − average) × signed quantity (shorts gain as price falls). */
export function unrealizedPnL(position: Pick<Position, 'quantity' | 'averagePrice'>, ltp: number | null | undefined): number {
  if (position.quantity === 0 || ltp === null || ltp === undefined || !Number.isFinite(ltp)) return 0;
  return (ltp - position.averagePrice) * position.quantity;
}

/**
 * Today's P&L against the previous close: (LTP − previous close) × quantity. When the position
 * was opened today the average is the better reference, but the row does not tell us when each
 * lot was bought, so we use the platform's rule — previous close when known, else the average.
 */
export function dayPnL(position: Pick<Position, 'quantity' | 'averagePrice'>, quote: Pick<Quote, 'ltp' | 'close'> | null | undefined): number {
  if (position.quantity === 0 || !quote) return 0;
  const reference = quote.close ?? position.averagePrice;
  return (quote.ltp - reference) * position.quantity;
}

export interface PnLTotals {
  /** Unrealized P&L of open positions, live. */
  unrealized: number;
  /** Day P&L of open positions, live. */
  day: number;
  /** Booked (realized) P&L over all positions, open or closed. */
  booked: number;
  /** unrealized + booked. */
  total: number;
}

/**
 * Totals of the positions table. A position with no quote yet contributes the server's last
 * `unrealizedPnL` so the total does not jump to 0 while the feed warms up.
 */
export function positionTotals(positions: readonly Position[], quoteOf: (p: Position) => Quote | undefined): PnLTotals {
  let unrealized = 0;
  let day = 0;
  let booked = 0;
  for (const p of positions) {
    booked += p.realizedPnL;
    if (p.quantity === 0) continue;
    const q = quoteOf(p);
    unrealized += q ? unrealizedPnL(p, q.ltp) : p.unrealizedPnL;
    day += q ? dayPnL(p, q) : p.dayPnL;
  }
  return { unrealized, day, booked, total: unrealized + booked };
}
