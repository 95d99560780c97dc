import { SymbolIndex } from '../../../src/shared/domain/symbol-rule';
/**
 * The embedded market's instrument universe: the NIFTY 50 constituents (real NSE tokens),
 * the NIFTY 50 and BANK NIFTY indices (the Vortex tokens the platform uses), three NSE index
 * futures and four MCX futures. The simulator prices these, the search API serves them, the
 * broker maps order symbols to tokens through them, and the DB seed derives `"Stock"` rows
 * from them — so this file is the single source of truth for "what can be quoted".
 */

import { priceBandOf, type PriceBand } from '../../../src/shared/trading/order-rules';

export interface CatalogueInstrument {
  /** Provider token: the bare-number subscribe form; unique across the catalogue. */
  token: number;
  /** Universal instrument id (differs from token), used in `NSE_EQ-<n>` strings. */
  uirId: number;
  /** Market-data exchange (indices are NSE_EQ). */
  exchange: 'NSE_EQ' | 'NSE_FO' | 'MCX_FO';
  /** The platform's risk segment (leverage, charges). */
  segment: 'NSE' | 'NFO' | 'MCX';
  symbol: string;
  name: string;
  instrumentType: 'EQ' | 'INDEX' | 'FUT';
  lotSize: number;
  tickSize: number;
  /** The simulated previous close at start. */
  prevClose: number;
  /** Annualised volatility of the random walk, e.g. 0.25. */
  annualVol: number;
  /** Indices are quoted but not tradable. */
  tradable: boolean;
  /**
   * The day's price band, ± % of the previous close, when the instrument has its own figure (MCX
   * publishes a daily price range per contract). Absent → the default by segment
   * (`defaultBandPercent` in src/shared/trading: equities 20, index futures 10). Seeded into
   * `"Stock"."priceBandPercent"`.
   */
  priceBandPercent?: number;
}

type EquityRow = [token: number, symbol: string, name: string, prevClose: number, annualVol: number];

// NIFTY 50 constituents with their NSE tokens and plausible late-2025 prices.
const EQUITIES: readonly EquityRow[] = [
  [25, 'ADANIENT', 'Adani Enterprises Ltd', 2405.6, 0.38],
  [15083, 'ADANIPORTS', 'Adani Ports and Special Economic Zone Ltd', 1452.3, 0.32],
  [157, 'APOLLOHOSP', 'Apollo Hospitals Enterprise Ltd', 7512.5, 0.26],
  [236, 'ASIANPAINT', 'Asian Paints Ltd', 2851.4, 0.22],
  [5900, 'AXISBANK', 'Axis Bank Ltd', 1248.9, 0.24],
  [16669, 'BAJAJ-AUTO', 'Bajaj Auto Ltd', 9020.0, 0.24],
  [317, 'BAJFINANCE', 'Bajaj Finance Ltd', 1004.75, 0.3],
  [16675, 'BAJAJFINSV', 'Bajaj Finserv Ltd', 2051.2, 0.26],
  [383, 'BEL', 'Bharat Electronics Ltd', 411.35, 0.34],
  [10604, 'BHARTIARTL', 'Bharti Airtel Ltd', 2102.8, 0.22],
  [694, 'CIPLA', 'Cipla Ltd', 1521.6, 0.22],
  [20374, 'COALINDIA', 'Coal India Ltd', 382.45, 0.28],
  [881, 'DRREDDY', "Dr. Reddy's Laboratories Ltd", 1251.3, 0.22],
  [910, 'EICHERMOT', 'Eicher Motors Ltd', 7004.0, 0.26],
  [5097, 'ETERNAL', 'Eternal Ltd', 301.85, 0.42],
  [1232, 'GRASIM', 'Grasim Industries Ltd', 2752.1, 0.22],
  [7229, 'HCLTECH', 'HCL Technologies Ltd', 1603.4, 0.24],
  [1333, 'HDFCBANK', 'HDFC Bank Ltd', 1001.2, 0.18],
  [467, 'HDFCLIFE', 'HDFC Life Insurance Company Ltd', 771.5, 0.24],
  [1363, 'HINDALCO', 'Hindalco Industries Ltd', 802.65, 0.3],
  [1394, 'HINDUNILVR', 'Hindustan Unilever Ltd', 2451.9, 0.18],
  [4963, 'ICICIBANK', 'ICICI Bank Ltd', 1382.4, 0.2],
  [11195, 'INDIGO', 'InterGlobe Aviation Ltd', 5803.5, 0.3],
  [1594, 'INFY', 'Infosys Ltd', 1552.7, 0.24],
  [1660, 'ITC', 'ITC Ltd', 405.3, 0.18],
  [18143, 'JIOFIN', 'Jio Financial Services Ltd', 302.6, 0.34],
  [11723, 'JSWSTEEL', 'JSW Steel Ltd', 1151.8, 0.28],
  [1922, 'KOTAKBANK', 'Kotak Mahindra Bank Ltd', 2103.6, 0.22],
  [11483, 'LT', 'Larsen & Toubro Ltd', 4002.3, 0.22],
  [2031, 'M&M', 'Mahindra & Mahindra Ltd', 3701.9, 0.26],
  [10999, 'MARUTI', 'Maruti Suzuki India Ltd', 16010.0, 0.22],
  [22377, 'MAXHEALTH', 'Max Healthcare Institute Ltd', 1102.4, 0.3],
  [17963, 'NESTLEIND', 'Nestle India Ltd', 1252.1, 0.18],
  [11630, 'NTPC', 'NTPC Ltd', 331.25, 0.24],
  [2475, 'ONGC', 'Oil and Natural Gas Corporation Ltd', 245.7, 0.28],
  [14977, 'POWERGRID', 'Power Grid Corporation of India Ltd', 271.4, 0.22],
  [2885, 'RELIANCE', 'Reliance Industries Ltd', 1551.4, 0.22],
  [21808, 'SBILIFE', 'SBI Life Insurance Company Ltd', 2001.6, 0.24],
  [3045, 'SBIN', 'State Bank of India', 971.35, 0.24],
  [4306, 'SHRIRAMFIN', 'Shriram Finance Ltd', 821.9, 0.32],
  [3351, 'SUNPHARMA', 'Sun Pharmaceutical Industries Ltd', 1801.2, 0.2],
  [3432, 'TATACONSUM', 'Tata Consumer Products Ltd', 1151.45, 0.22],
  [3456, 'TATAMOTORS', 'Tata Motors Ltd', 401.3, 0.34],
  [3499, 'TATASTEEL', 'Tata Steel Ltd', 170.85, 0.3],
  [11536, 'TCS', 'Tata Consultancy Services Ltd', 3152.4, 0.2],
  [13538, 'TECHM', 'Tech Mahindra Ltd', 1451.6, 0.26],
  [3506, 'TITAN', 'Titan Company Ltd', 3852.7, 0.24],
  [1964, 'TRENT', 'Trent Ltd', 4301.5, 0.36],
  [11532, 'ULTRACEMCO', 'UltraTech Cement Ltd', 11803.0, 0.22],
  [3787, 'WIPRO', 'Wipro Ltd', 245.35, 0.24],
];

/** Universal instrument ids live in their own range so no uirId equals any provider token. */
const UIR_BASE = 7_000_000;

const equities: CatalogueInstrument[] = EQUITIES.map(([token, symbol, name, prevClose, annualVol], i) => ({
  token,
  uirId: UIR_BASE + 101 + i,
  exchange: 'NSE_EQ',
  segment: 'NSE',
  symbol,
  name,
  instrumentType: 'EQ',
  lotSize: 1,
  tickSize: 0.05,
  prevClose,
  annualVol,
  tradable: true,
}));

const indices: CatalogueInstrument[] = [
  {
    token: 26000,
    uirId: UIR_BASE + 1,
    exchange: 'NSE_EQ',
    segment: 'NSE',
    symbol: 'NIFTY 50',
    name: 'NIFTY 50 Index',
    instrumentType: 'INDEX',
    lotSize: 1,
    tickSize: 0.05,
    prevClose: 26052.65,
    annualVol: 0.13,
    tradable: false,
  },
  {
    token: 26009,
    uirId: UIR_BASE + 2,
    exchange: 'NSE_EQ',
    segment: 'NSE',
    symbol: 'BANKNIFTY',
    name: 'NIFTY BANK (Bank Nifty) Index',
    instrumentType: 'INDEX',
    lotSize: 1,
    tickSize: 0.05,
    prevClose: 59288.7,
    annualVol: 0.15,
    tradable: false,
  },
];

const futures: CatalogueInstrument[] = [
  {
    token: 52168,
    uirId: UIR_BASE + 501,
    exchange: 'NSE_FO',
    segment: 'NFO',
    symbol: 'NIFTY25DECFUT',
    name: 'NIFTY DEC 2025 FUT',
    instrumentType: 'FUT',
    lotSize: 75,
    tickSize: 0.1,
    prevClose: 26188.4,
    annualVol: 0.13,
    tradable: true,
  },
  {
    token: 52170,
    uirId: UIR_BASE + 502,
    exchange: 'NSE_FO',
    segment: 'NFO',
    symbol: 'BANKNIFTY25DECFUT',
    name: 'BANKNIFTY DEC 2025 FUT',
    instrumentType: 'FUT',
    lotSize: 35,
    tickSize: 0.2,
    prevClose: 59604.2,
    annualVol: 0.15,
    tradable: true,
  },
  {
    token: 52172,
    uirId: UIR_BASE + 503,
    exchange: 'NSE_FO',
    segment: 'NFO',
    symbol: 'FINNIFTY25DECFUT',
    name: 'FINNIFTY DEC 2025 FUT',
    instrumentType: 'FUT',
    lotSize: 65,
    tickSize: 0.1,
    prevClose: 27851.3,
    annualVol: 0.15,
    tradable: true,
  },
  {
    token: 451669,
    uirId: UIR_BASE + 701,
    exchange: 'MCX_FO',
    segment: 'MCX',
    symbol: 'CRUDEOIL25DECFUT',
    name: 'CRUDEOIL DEC 2025 FUT',
    instrumentType: 'FUT',
    lotSize: 100,
    tickSize: 1,
    prevClose: 5236,
    annualVol: 0.38,
    tradable: true,
    priceBandPercent: 4,
  },
  {
    token: 449534,
    uirId: UIR_BASE + 702,
    exchange: 'MCX_FO',
    segment: 'MCX',
    symbol: 'GOLD25DECFUT',
    name: 'GOLD DEC 2025 FUT',
    instrumentType: 'FUT',
    lotSize: 100,
    tickSize: 1,
    prevClose: 127450,
    annualVol: 0.16,
    tradable: true,
    priceBandPercent: 3,
  },
  {
    token: 451666,
    uirId: UIR_BASE + 703,
    exchange: 'MCX_FO',
    segment: 'MCX',
    symbol: 'SILVER25DECFUT',
    name: 'SILVER DEC 2025 FUT',
    instrumentType: 'FUT',
    lotSize: 30,
    tickSize: 1,
    prevClose: 161820,
    annualVol: 0.26,
    tradable: true,
    priceBandPercent: 4,
  },
  {
    token: 451670,
    uirId: UIR_BASE + 704,
    exchange: 'MCX_FO',
    segment: 'MCX',
    symbol: 'NATURALGAS25DECFUT',
    name: 'NATURALGAS DEC 2025 FUT',
    instrumentType: 'FUT',
    lotSize: 1250,
    tickSize: 0.1,
    prevClose: 402.3,
    annualVol: 0.55,
    tradable: true,
    priceBandPercent: 5,
  },
];

export const CATALOGUE: readonly CatalogueInstrument[] = Object.freeze([...indices, ...equities, ...futures]);

const byToken = new Map(CATALOGUE.map((i) => [i.token, i]));
const byUirId = new Map(CATALOGUE.map((i) => [i.uirId, i]));
const bySymbol = new SymbolIndex(CATALOGUE);

/** The instrument's price band today around `prevClose` (both ends on its tick grid), or null. */
export function priceBandOfInstrument(i: CatalogueInstrument, prevClose: number = i.prevClose): PriceBand | null {
  if (!i.tradable) return null;
  return priceBandOf({
    prevClose,
    tickSize: i.tickSize,
    percent: i.priceBandPercent ?? null,
    segment: i.segment,
    instrumentType: i.instrumentType,
  });
}

export function instrumentByToken(token: number): CatalogueInstrument | undefined {
  return byToken.get(token);
}

export function instrumentByUirId(uirId: number): CatalogueInstrument | undefined {
  return byUirId.get(uirId);
}

/**
 * The instrument a symbol names, by the terminal's one symbol rule (src/shared/domain/symbol-rule.ts:
 * case-insensitive, NSE cash first), so the broker prices an order on the instrument the terminal
 * shows for it (`'reliance'` → RELIANCE).
 */
export function instrumentBySymbol(symbol: string): CatalogueInstrument | undefined {
  return bySymbol.resolve(symbol);
}

/** The platform's `Stock.instrumentId` form, e.g. `NSE_EQ-2885`. */
export function instrumentIdOf(i: CatalogueInstrument): string {
  return `${i.exchange}-${i.token}`;
}

/** `NSE:RELIANCE`-style canonical symbol (the service's UIR canonical name). */
export function canonicalOf(i: CatalogueInstrument): string {
  const prefix = i.exchange === 'MCX_FO' ? 'MCX' : i.exchange === 'NSE_FO' ? 'NFO' : 'NSE';
  return `${prefix}:${i.symbol}`;
}
