/**
 * The platform's margin and charge rules in TypeScript, for the order ticket's estimate.
 * The database applies the very same rules when it books an order (supabase migration
 * `trading_rules`); an integration test holds the two to each other. Pure and zod-free.
 *
 * Arithmetic is done in integer paise with exact integer ratios, so the result matches
 * Postgres `numeric` to the paisa instead of drifting with binary floating point:
 *   margin  = floor(quantity × price / leverage)                       (whole rupees)
 *   each charge = round(turnover × rate) to the paisa, half away from zero
 *   gst     = round(18% × (brokerage + exchange txn)) to the paisa
 *   charges = ceil(sum of the charges) to the rupee — what is debited, never in the
 *             trader's favour; the difference is `chargesRounding`, shown as its own line
 * Charges do not depend on the side: the platform charges both sides alike.
 *
 * The breakdown adds up to the total to the paisa, by construction and by test:
 *   margin + brokerage + statutory + chargesRounding = totalRequired
 * where statutory = stt + exchangeTxn + gst + stampDuty.
 */

export type Segment = 'NSE' | 'NFO' | 'MCX' | (string & {});

export interface RiskConfigOverride {
  leverage: number;
  brokerageFlat?: number | null;
  brokerageRate?: number | null;
  brokerageCap?: number | null;
}

export interface OrderEstimateInput {
  segment: Segment;
  product: string;
  side: 'BUY' | 'SELL';
  quantity: number;
  price: number;
  /**
   * The part of `quantity` that opens exposure (the rest reduces an open position and is
   * margined at 0, as the RPCs do; see `openingQuantity`). Absent: all of it.
   */
  openingQuantity?: number;
  /** The active risk_config row for (segment, product), if any. */
  riskConfig?: RiskConfigOverride | null;
}

export interface OrderEstimate {
  orderValue: number;
  leverage: number;
  /** Whole rupees blocked: floor(openingQuantity × price / leverage). */
  margin: number;
  /** Each charge in rupees, to the paisa. */
  brokerage: number;
  stt: number;
  exchangeTxn: number;
  gst: number;
  stampDuty: number;
  /** stt + exchangeTxn + gst + stampDuty, rupees to the paisa. */
  statutory: number;
  /** charges − (brokerage + statutory): what rounding up to the rupee adds, 0.00 … 0.99. */
  chargesRounding: number;
  /** Whole rupees debited: ceil of the sum of the charges above. */
  charges: number;
  /** margin + charges: what availableMargin must cover. */
  totalRequired: number;
}

/**
 * How much of an order opens new exposure given the signed open position in the symbol (the
 * rule of `tradedesk_opening_quantity` in SQL): an order against the position first reduces
 * it, and only what is left over (a flip) opens exposure.
 */
export function openingQuantity(side: 'BUY' | 'SELL', quantity: number, positionQuantity: number): number {
  const sign = side === 'BUY' ? 1 : -1;
  if (positionQuantity === 0 || Math.sign(positionQuantity) === sign) return quantity;
  return quantity - Math.min(quantity, Math.abs(positionQuantity));
}

/** INTRADAY → MIS; CNC and DELIVERY → DELIVERY (as the platform stores them); else upper-cased. */
export function normalizeProduct(product: string): string {
  const p = product.trim().toUpperCase();
  if (p === 'INTRADAY') return 'MIS';
  if (p === 'CNC' || p === 'DELIVERY') return 'DELIVERY';
  return p;
}

/** The platform's risk segment of a market-data exchange: NSE_EQ → NSE, NSE_FO → NFO, MCX_FO → MCX. */
export function segmentOfExchange(exchange: string): Segment {
  const e = exchange.trim().toUpperCase();
  if (e === 'NSE_FO' || e === 'NFO') return 'NFO';
  if (e === 'MCX_FO' || e === 'MCX') return 'MCX';
  if (e === 'NSE_EQ' || e === 'NSE') return 'NSE';
  return e;
}

/** Leverage with no risk_config row: NSE MIS 200, other NSE 50, NFO 100, MCX 50, else 1. */
export function defaultLeverage(segment: Segment, product: string): number {
  const s = segment.toUpperCase();
  if (s === 'NSE') return normalizeProduct(product) === 'MIS' ? 200 : 50;
  if (s === 'NFO') return 100;
  if (s === 'MCX') return 50;
  return 1;
}

// An exact rational n/d for a decimal rate given as a JS number (risk_config stores rates
// as numeric(10,6), so six decimals are exact).
type Ratio = readonly [num: number, den: number];
const RATE_SCALE = 1_000_000;
function ratioOf(x: number): Ratio {
  return [Math.round(x * RATE_SCALE), RATE_SCALE];
}

const BROKERAGE_NSE_RATE: Ratio = [3, 10_000]; // 0.03 %
const BROKERAGE_DEFAULT_PAISE = 2_000; // ₹20
const STT_NSE_MIS: Ratio = [25, 100_000]; // 0.025 %
const STT_NSE_DELIVERY: Ratio = [1, 1_000]; // 0.1 %
const STT_NFO: Ratio = [1, 10_000]; // 0.01 %
const EXCHANGE_TXN: Ratio = [325, 10_000_000]; // 0.00325 %
const GST: Ratio = [18, 100]; // 18 %
const STAMP_DUTY: Ratio = [3, 100_000]; // 0.003 %

/** round(paise × n / d) half away from zero, for non-negative paise. */
function applyRate(paise: number, [n, d]: Ratio): number {
  // paise × n stays an exact integer (< 2^53) for any realistic order; the one division is
  // correctly rounded, so Math.round sees the exact half-way cases.
  return Math.round((paise * n) / d);
}

function toPaise(rupees: number): number {
  return Math.round(rupees * 100);
}

export function estimateOrder(input: OrderEstimateInput): OrderEstimate {
  const { segment, quantity, riskConfig } = input;
  const s = segment.toUpperCase();
  const product = normalizeProduct(input.product);
  const pricePaise = toPaise(input.price);
  const turnoverPaise = quantity * pricePaise;

  const leverage = riskConfig && riskConfig.leverage > 0 ? riskConfig.leverage : defaultLeverage(segment, product);
  // Leverage is numeric(10,2): in hundredths it is an integer, and
  // floor(turnover / leverage) = floor(turnoverPaise / leverageHundredths), exactly.
  const opening = Math.max(0, Math.min(quantity, input.openingQuantity ?? quantity));
  const margin = Math.floor((opening * pricePaise) / Math.round(leverage * 100));

  let brokeragePaise: number;
  if (riskConfig && riskConfig.brokerageFlat != null) {
    brokeragePaise = toPaise(riskConfig.brokerageFlat);
  } else if (riskConfig && riskConfig.brokerageRate != null) {
    brokeragePaise = applyRate(turnoverPaise, ratioOf(riskConfig.brokerageRate));
    if (riskConfig.brokerageCap != null) brokeragePaise = Math.min(brokeragePaise, toPaise(riskConfig.brokerageCap));
  } else if (s === 'NSE') {
    brokeragePaise = Math.min(BROKERAGE_DEFAULT_PAISE, applyRate(turnoverPaise, BROKERAGE_NSE_RATE));
  } else {
    brokeragePaise = BROKERAGE_DEFAULT_PAISE;
  }

  const sttRate: Ratio | null =
    s === 'NSE' ? (product === 'MIS' ? STT_NSE_MIS : STT_NSE_DELIVERY) : s === 'NFO' ? STT_NFO : null;
  const sttPaise = sttRate ? applyRate(turnoverPaise, sttRate) : 0;
  const txnPaise = applyRate(turnoverPaise, EXCHANGE_TXN);
  const gstPaise = applyRate(brokeragePaise + txnPaise, GST);
  const stampPaise = applyRate(turnoverPaise, STAMP_DUTY);
  const statutoryPaise = sttPaise + txnPaise + gstPaise + stampPaise;
  const totalPaise = brokeragePaise + statutoryPaise;
  const charges = Math.ceil(totalPaise / 100);

  return {
    orderValue: turnoverPaise / 100,
    leverage,
    margin,
    brokerage: brokeragePaise / 100,
    stt: sttPaise / 100,
    exchangeTxn: txnPaise / 100,
    gst: gstPaise / 100,
    stampDuty: stampPaise / 100,
    statutory: statutoryPaise / 100,
    chargesRounding: (charges * 100 - totalPaise) / 100,
    charges,
    totalRequired: margin + charges,
  };
}
