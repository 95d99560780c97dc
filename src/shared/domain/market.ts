import { z } from 'zod';
import { EpochMs, Int, Num } from './primitives';

/** Exchange segments as the market-data service names them. */
export const Exchange = z.enum(['NSE_EQ', 'NSE_FO', 'NSE_CUR', 'MCX_FO', 'NSE_INDEX', 'BSE_EQ']);
export type Exchange = z.infer<typeof Exchange>;

/** An instrument the terminal can show and trade, keyed by the provider token. */
export const Instrument = z.object({
  token: Int,
  /** `"NSE_EQ-2885"`: the platform's `Stock.instrumentId`. */
  instrumentId: z.string(),
  symbol: z.string(),
  name: z.string(),
  exchange: z.string(),
  segment: z.string(),
  instrumentType: z.string().default('EQ'),
  lotSize: Num.default(1),
  tickSize: Num.default(0.05),
  lastPrice: Num.nullable().default(null),
  /** CE / PE for options (SL-M is refused on them); null otherwise. */
  optionType: z.string().nullable().optional(),
  /**
   * Today's price band in rupees (circuit limits), both ends allowed: from the `"Stock"` row's
   * previous close and band percent (`priceBandOf` in src/shared/trading); null when unknown.
   */
  priceBand: z.object({ lower: Num, upper: Num }).nullable().optional(),
});
export type Instrument = z.infer<typeof Instrument>;

export const TickDirection = z.enum(['up', 'down', 'flat']);
export type TickDirection = z.infer<typeof TickDirection>;

/** The latest quote of one instrument, with fields derived once in main. */
export const Quote = z.object({
  token: Int,
  ltp: Num,
  open: Num.nullable(),
  high: Num.nullable(),
  low: Num.nullable(),
  /** Previous session's close (`ohlc.close`); change is measured against it. */
  close: Num.nullable(),
  volume: Num.nullable(),
  change: Num.nullable(),
  changePct: Num.nullable(),
  bid: Num.nullable(),
  ask: Num.nullable(),
  direction: TickDirection,
  /** Exchange/service timestamp of the tick, epoch ms. */
  ts: EpochMs,
  /** When main received it, epoch ms (ages are measured from here). */
  receivedAt: EpochMs,
});
export type Quote = z.infer<typeof Quote>;

/** One price level of the order book: orders resting at `price` (rupees) for `quantity` units. */
export const DepthLevel = z
  .object({
    price: z.number().finite().positive(),
    quantity: z.number().int().nonnegative(),
    orders: z.number().int().nonnegative(),
  })
  .strict();
export type DepthLevel = z.infer<typeof DepthLevel>;

/**
 * Market depth of one instrument (the feed's `full` mode): the best bids (`buy`, highest price
 * first) and offers (`sell`, lowest first) — five levels from Kite-style feeds — and the book's
 * totals. Fields the feed did not send are null.
 */
export const MarketDepth = z
  .object({
    token: Int,
    buy: z.array(DepthLevel).max(20),
    sell: z.array(DepthLevel).max(20),
    /** Total pending buy / sell quantity across the whole book. */
    totalBuyQuantity: Num.nullable(),
    totalSellQuantity: Num.nullable(),
    /** The day's volume-weighted average traded price (ATP). */
    averagePrice: Num.nullable(),
    ltp: Num,
    /** Last traded quantity (LTQ) and time (LTT, the exchange's, epoch ms). */
    lastTradeQuantity: Num.nullable(),
    lastTradeTime: EpochMs.nullable(),
    /** The day's price band (circuit limits), when the feed sends it. */
    lowerCircuit: Num.nullable(),
    upperCircuit: Num.nullable(),
    openInterest: Num.nullable(),
    /** When main received it, epoch ms. */
    receivedAt: EpochMs,
  })
  .strict();
export type MarketDepth = z.infer<typeof MarketDepth>;
