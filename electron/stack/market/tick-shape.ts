import { canonicalOf, type CatalogueInstrument } from './catalogue';
import type { InstrumentQuote } from './price-engine';
import type { StreamMode } from './protocol';
import { PROVIDER_INTERNAL } from './resolve';

/**
 * The `market_data` envelope and its mode-dependent `data`, field for field as the service's
 * gateway sends them (Vortex tick shape: `last_trade_time` in epoch seconds, `ohlc.close` is
 * the previous session's close, no change/pchange/seq fields).
 */

export interface DepthLevel {
  price: number;
  quantity: number;
  orders: number;
}

export interface LtpData {
  instrument_token: number;
  exchange: string;
  last_price: number;
  uir_id: number;
  symbol: string;
}

export interface OhlcvData extends LtpData {
  last_trade_time: number;
  volume: number;
  ohlc: { open: number; high: number; low: number; close: number };
}

export interface FullData extends OhlcvData {
  last_update_time: number;
  last_trade_quantity: number;
  average_trade_price: number;
  total_buy_quantity: number;
  total_sell_quantity: number;
  open_interest: number;
  /** The day's price band, when the instrument has one (Kite's quote fields; absent for indices). */
  lower_circuit_limit?: number;
  upper_circuit_limit?: number;
  depth: { buy: DepthLevel[]; sell: DepthLevel[] };
}

export interface MarketDataEnvelope {
  instrumentToken: number;
  uirId: number;
  canonical: string;
  identifiers: Readonly<Record<string, string>>;
  activeProvider: string;
  activeProviderToken: string;
  data: LtpData | OhlcvData | FullData;
  /** ISO time the gateway emitted the tick. */
  timestamp: string;
  syntheticLast?: true;
}

/** Per-instrument strings every tick repeats, built once (the tick path runs tens of thousands of times a second). */
const statics = new Map<number, { canonical: string; token: string; identifiers: Readonly<Record<string, string>> }>();
function staticsOf(inst: CatalogueInstrument) {
  let s = statics.get(inst.token);
  if (!s) {
    s = {
      canonical: canonicalOf(inst),
      token: String(inst.token),
      identifiers: Object.freeze({ [PROVIDER_INTERNAL]: String(inst.token) }),
    };
    statics.set(inst.token, s);
  }
  return s;
}

export function shapeTickData(
  inst: CatalogueInstrument,
  q: InstrumentQuote,
  mode: StreamMode,
): LtpData | OhlcvData | FullData {
  const ltp: LtpData = {
    instrument_token: inst.token,
    exchange: inst.exchange,
    last_price: q.last,
    uir_id: inst.uirId,
    symbol: staticsOf(inst).canonical,
  };
  if (mode === 'ltp') return ltp;
  const ohlcv: OhlcvData = {
    ...ltp,
    last_trade_time: Math.floor(q.lastTradeTimeMs / 1000),
    volume: q.volume,
    ohlc: { open: q.open, high: q.high, low: q.low, close: q.prevClose },
  };
  if (mode === 'ohlcv') return ohlcv;
  const full: FullData = {
    ...ohlcv,
    last_update_time: Math.floor(q.updatedAtMs / 1000),
    last_trade_quantity: q.lastTradeQty,
    average_trade_price: q.averagePrice,
    total_buy_quantity: q.totalBuyQty,
    total_sell_quantity: q.totalSellQty,
    open_interest: q.openInterest,
    depth: buildDepth(inst, q),
  };
  if (q.lowerCircuit !== null && q.upperCircuit !== null) {
    full.lower_circuit_limit = q.lowerCircuit;
    full.upper_circuit_limit = q.upperCircuit;
  }
  return full;
}

export function buildEnvelope(
  inst: CatalogueInstrument,
  q: InstrumentQuote,
  mode: StreamMode,
  opts: { syntheticLast?: boolean; timestamp?: string } = {},
): MarketDataEnvelope {
  const st = staticsOf(inst);
  const env: MarketDataEnvelope = {
    instrumentToken: inst.token,
    uirId: inst.uirId,
    canonical: st.canonical,
    identifiers: st.identifiers,
    activeProvider: PROVIDER_INTERNAL,
    activeProviderToken: st.token,
    data: shapeTickData(inst, q, mode),
    timestamp: opts.timestamp ?? new Date().toISOString(),
  };
  if (opts.syntheticLast) env.syntheticLast = true;
  return env;
}

/**
 * Five levels each side, one tick apart around the last price. Quantities are derived from the
 * quote's own counters (not a fresh random draw) so the same quote always shows the same book.
 */
export function buildDepth(inst: CatalogueInstrument, q: InstrumentQuote): { buy: DepthLevel[]; sell: DepthLevel[] } {
  if (inst.instrumentType === 'INDEX') return { buy: [], sell: [] };
  const tick = inst.tickSize;
  const decimals = Math.max(0, Math.ceil(-Math.log10(tick) - 1e-9));
  const px = (p: number) => Number(p.toFixed(decimals));
  const seed = (q.volume + q.totalBuyQty * 7 + q.totalSellQty * 13) >>> 0;
  const qtyAt = (side: number, level: number) => {
    const h = Math.imul(seed ^ (side * 0x9e3779b1) ^ (level * 0x85ebca6b), 0x27d4eb2d) >>> 0;
    return inst.lotSize * (1 + (h % 400));
  };
  const buy: DepthLevel[] = [];
  const sell: DepthLevel[] = [];
  for (let level = 0; level < 5; level++) {
    const bq = qtyAt(1, level);
    const sq = qtyAt(2, level);
    buy.push({ price: px(q.last - tick * (level + 1)), quantity: bq, orders: 1 + (bq % 17) });
    sell.push({ price: px(q.last + tick * (level + 1)), quantity: sq, orders: 1 + (sq % 17) });
  }
  return { buy, sell };
}
