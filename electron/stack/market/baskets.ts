/**
 * Which constituents drive which index, with approximate free-float weights. Indices and index
 * futures are computed from these baskets so an index moves exactly as its constituents do —
 * a terminal showing NIFTY next to HDFCBANK never shows them disagreeing.
 */

/** Weights are relative; they are normalised by the price engine. */
export type Basket = ReadonlyArray<readonly [symbol: string, weight: number]>;

export const NIFTY_50_BASKET: Basket = [
  ['HDFCBANK', 13.0],
  ['ICICIBANK', 9.0],
  ['RELIANCE', 8.5],
  ['INFY', 5.0],
  ['BHARTIARTL', 4.6],
  ['LT', 4.0],
  ['ITC', 3.5],
  ['TCS', 3.0],
  ['AXISBANK', 3.0],
  ['SBIN', 3.0],
  ['KOTAKBANK', 2.8],
  ['M&M', 2.5],
  ['BAJFINANCE', 2.2],
  ['HINDUNILVR', 2.0],
  ['SUNPHARMA', 1.6],
  ['HCLTECH', 1.6],
  ['MARUTI', 1.5],
  ['NTPC', 1.4],
  ['TITAN', 1.3],
  ['ETERNAL', 1.3],
  ['ULTRACEMCO', 1.2],
  ['TATAMOTORS', 1.1],
  ['POWERGRID', 1.1],
  ['BEL', 1.1],
  ['TRENT', 1.0],
  ['TATASTEEL', 1.0],
  ['ASIANPAINT', 0.9],
  ['JIOFIN', 0.9],
  ['BAJAJFINSV', 0.9],
  ['ADANIPORTS', 0.9],
  ['GRASIM', 0.9],
  ['INDIGO', 0.9],
  ['JSWSTEEL', 0.8],
  ['BAJAJ-AUTO', 0.8],
  ['HINDALCO', 0.8],
  ['TECHM', 0.8],
  ['ONGC', 0.8],
  ['SHRIRAMFIN', 0.8],
  ['COALINDIA', 0.7],
  ['CIPLA', 0.7],
  ['NESTLEIND', 0.7],
  ['EICHERMOT', 0.7],
  ['HDFCLIFE', 0.7],
  ['SBILIFE', 0.7],
  ['TATACONSUM', 0.6],
  ['MAXHEALTH', 0.6],
  ['DRREDDY', 0.6],
  ['APOLLOHOSP', 0.6],
  ['ADANIENT', 0.6],
  ['WIPRO', 0.6],
];

export const BANK_NIFTY_BASKET: Basket = [
  ['HDFCBANK', 28],
  ['ICICIBANK', 25],
  ['SBIN', 12],
  ['KOTAKBANK', 10],
  ['AXISBANK', 10],
];

export const FIN_NIFTY_BASKET: Basket = [
  ['HDFCBANK', 30],
  ['ICICIBANK', 25],
  ['AXISBANK', 7],
  ['SBIN', 7],
  ['KOTAKBANK', 7],
  ['BAJFINANCE', 6],
  ['BAJAJFINSV', 4],
  ['SHRIRAMFIN', 3],
  ['HDFCLIFE', 3],
  ['SBILIFE', 3],
  ['JIOFIN', 3],
];

/** Index instruments (by symbol) and the basket each is computed from. */
export const INDEX_BASKETS: Readonly<Record<string, Basket>> = {
  'NIFTY 50': NIFTY_50_BASKET,
  BANKNIFTY: BANK_NIFTY_BASKET,
};

/**
 * Index futures: the basket they track and, when the index itself is quoted, its symbol (so a
 * forced index price also moves the future). FINNIFTY has no quoted index in the catalogue.
 */
export const FUTURE_UNDERLYINGS: Readonly<Record<string, { basket: Basket; indexSymbol?: string }>> = {
  NIFTY25DECFUT: { basket: NIFTY_50_BASKET, indexSymbol: 'NIFTY 50' },
  BANKNIFTY25DECFUT: { basket: BANK_NIFTY_BASKET, indexSymbol: 'BANKNIFTY' },
  FINNIFTY25DECFUT: { basket: FIN_NIFTY_BASKET },
};
