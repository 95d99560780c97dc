import { instantMs, istTradingDay, type Order, type Position, type Quote } from '../../shared/domain';

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
 * Today's P&L of an open position: (LTP − reference) × quantity. A position carried from a
 * previous session is measured from the previous close; one opened today (IST, the exchange's
 * day) from its average (yesterday's close says nothing about money made today on lots bought
 * today). Without a close, the average.
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

/** Money moved today (IST) by the account's orders, from their committed rows. */
export interface TodayLedger {
  /** P&L booked by fills executed today, rupees to the paisa. */
  booked: number;
  /** What rounding the booked P&L to the whole-rupee balance added today. */
  rounding: number;
  /** Charges paid today: whole rupees, including those of orders since cancelled. */
  charges: number;
}

/**
 * Sums today's booked P&L (by execution time), its rounding, and the charges of orders placed
 * today. "Today" is the IST trading day (`isSameTradingDay`), whatever the machine's zone. Summed in
 * paise so a day of fills does not drift by binary fractions.
 */
export function todayLedger(orders: readonly Order[], now: number = Date.now()): TodayLedger {
  let booked = 0;
  let rounding = 0;
  let charges = 0;
  for (const o of orders) {
    if (o.status === 'EXECUTED' && o.executedAt !== null && isSameTradingDay(o.executedAt, now)) {
      booked += Math.round(o.realizedPnL * 100);
      rounding += Math.round(o.realizedPnLRounding * 100);
    }
    if (isSameTradingDay(o.createdAt, now)) charges += o.chargesDeducted;
  }
  return { booked: booked / 100, rounding: rounding / 100, charges };
}

export interface PnLTotals {
  /** Unrealized P&L of open positions, live. */
  unrealized: number;
  /** Day P&L: open positions' movement today plus P&L booked today (IST). */
  day: number;
  /** P&L booked today (IST), to the paisa; part of `day`. */
  bookedToday: number;
  /** Booked (realized) P&L over all positions, open or closed, to the paisa. */
  booked: number;
  /** Σ rounding of the booked P&L to the whole-rupee balance, over all positions. */
  bookedRounding: number;
  /** unrealized + booked. */
  total: number;
}

/**
 * Totals of the positions table. A position with no quote yet contributes the server's last
 * `unrealizedPnL` so the total does not jump to 0 while the feed warms up. Day P&L adds what
 * was booked today, so closing every position does not make the day's P&L vanish.
 */
export function positionTotals(
  positions: readonly Position[],
  quoteOf: (p: Position) => Quote | undefined,
  /** P&L booked today (IST), from `todayLedger`. */
  bookedToday = 0,
  now: number = Date.now(),
): PnLTotals {
  let unrealized = 0;
  let openDay = 0;
  let bookedPaise = 0;
  let roundingPaise = 0;
  for (const p of positions) {
    bookedPaise += Math.round(p.realizedPnL * 100);
    roundingPaise += Math.round(p.realizedPnLRounding * 100);
    if (p.quantity === 0) continue;
    const q = quoteOf(p);
    unrealized += q ? unrealizedPnL(p, q.ltp) : p.unrealizedPnL;
    openDay += q ? dayPnL(p, q, now) : p.dayPnL;
  }
  const booked = bookedPaise / 100;
  return {
    unrealized,
    day: openDay + bookedToday,
    bookedToday,
    booked,
    bookedRounding: roundingPaise / 100,
    total: unrealized + booked,
  };
}
