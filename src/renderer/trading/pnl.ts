import { instantMs, istTradingDay, type Position, type Quote } from '../../shared/domain';

/** Unrealized P&L of a position at a price: (LTP − average) × signed quantity (shorts gain as price falls). */
export function unrealizedPnL(
  position: Pick<Position, 'quantity' | 'averagePrice'>,
  ltp: number | null | undefined,
): number {
  if (position.quantity === 0 || ltp === null || ltp === undefined || !Number.isFinite(ltp)) return 0;
  return (ltp - position.averagePrice) * position.quantity;
}

/**
 * True when a platform timestamp falls on the same Indian trading day as `now`. The exchange's
 * calendar decides what "today" means for P&L, not the machine's zone: a position opened at
 * 09:20 IST was opened today for a trader whose laptop is set to London or New York too.
 */
export function isSameTradingDay(timestamp: string, now: number): boolean {
  const t = instantMs(timestamp);
  return Number.isFinite(t) && istTradingDay(t) === istTradingDay(now);
}

/**
 * Today's P&L: (LTP − reference) × quantity. A position carried from a previous session is
 * measured from the previous close; one opened today from its average (yesterday's close says
 * nothing about money made today on lots bought today). Without a close, the average.
 */
export function dayPnL(
  position: Pick<Position, 'quantity' | 'averagePrice' | 'createdAt'>,
  quote: Pick<Quote, 'ltp' | 'close'> | null | undefined,
  now: number = Date.now(),
): number {
  if (position.quantity === 0 || !quote) return 0;
  const openedToday = isSameTradingDay(position.createdAt, now);
  const reference = openedToday || quote.close === null ? position.averagePrice : quote.close;
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
export function positionTotals(
  positions: readonly Position[],
  quoteOf: (p: Position) => Quote | undefined,
  now: number = Date.now(),
): PnLTotals {
  let unrealized = 0;
  let day = 0;
  let booked = 0;
  for (const p of positions) {
    booked += p.realizedPnL;
    if (p.quantity === 0) continue;
    const q = quoteOf(p);
    unrealized += q ? unrealizedPnL(p, q.ltp) : p.unrealizedPnL;
    day += q ? dayPnL(p, q, now) : p.dayPnL;
  }
  return { unrealized, day, booked, total: unrealized + booked };
}
