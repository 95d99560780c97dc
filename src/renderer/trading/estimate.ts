import type { RiskConfig } from '../../shared/domain';
import {
  estimateOrder as platformEstimate,
  normalizeProduct,
  openingQuantity,
  segmentOfExchange,
} from '../../shared/trading';

/**
 * The estimate panel of the order ticket and the Modify dialog, computed by the platform's own
 * rules in `src/shared/trading/charges.ts` (the same rules the database books with). This
 * adapter only picks the risk_config row, works out how much of the order opens exposure, and
 * lays the figures out as lines that add up to the total shown, to the paisa.
 */
export interface TicketEstimateInput {
  /** Exchange or segment as the instrument names it: NSE_EQ, NSE, NSE_FO, NFO, MCX_FO, … */
  segment: string;
  product: 'MIS' | 'CNC' | 'NRML' | (string & {});
  /** Shares / units (lots already multiplied out). */
  quantity: number;
  price: number;
  side: 'BUY' | 'SELL';
  riskConfig: readonly RiskConfig[];
  /** Signed open quantity of the symbol (the part against it needs no margin); 0 when flat. */
  positionQuantity?: number;
}

export interface TicketEstimate {
  orderValue: number;
  leverage: number;
  quantity: number;
  /** Units that open exposure and are margined; the rest reduces the open position. */
  openingQuantity: number;
  /** Whole rupees blocked: floor(openingQuantity × price / leverage). */
  requiredMargin: number;
  brokerage: number;
  stt: number;
  exchangeTxn: number;
  gst: number;
  stampDuty: number;
  /** STT, exchange transaction charge, GST and stamp duty, to the paisa. */
  statutoryCharges: number;
  /** What rounding the charges up to the rupee adds (0.00 … 0.99). */
  chargesRounding: number;
  /** Whole rupees debited (brokerage + statutory + rounding). */
  totalCharges: number;
  /** requiredMargin + totalCharges: what must be available for the order to be accepted. */
  totalRequired: number;
}

/** The active risk_config row for (segment, product), if the account has one. */
export function riskConfigFor(rows: readonly RiskConfig[], segment: string, product: string): RiskConfig | null {
  const seg = segmentOfExchange(segment);
  const prod = normalizeProduct(product);
  return (
    rows.find((r) => r.active && segmentOfExchange(r.segment) === seg && normalizeProduct(r.productType) === prod) ??
    null
  );
}

export function estimateTicket(input: TicketEstimateInput): TicketEstimate {
  const opening = openingQuantity(input.side, input.quantity, input.positionQuantity ?? 0);
  const e = platformEstimate({
    segment: segmentOfExchange(input.segment),
    product: input.product,
    side: input.side,
    quantity: input.quantity,
    price: input.price,
    openingQuantity: opening,
    riskConfig: riskConfigFor(input.riskConfig, input.segment, input.product),
  });
  return {
    orderValue: e.orderValue,
    leverage: e.leverage,
    quantity: input.quantity,
    openingQuantity: opening,
    requiredMargin: e.margin,
    brokerage: e.brokerage,
    stt: e.stt,
    exchangeTxn: e.exchangeTxn,
    gst: e.gst,
    stampDuty: e.stampDuty,
    statutoryCharges: e.statutory,
    chargesRounding: e.chargesRounding,
    totalCharges: e.charges,
    totalRequired: e.totalRequired,
  };
}

export interface EstimateLine {
  /** What the line is, as the panel labels it. */
  label: string;
  /** Rupees, to the paisa. */
  amount: number;
  /** A longer explanation (the panel's tooltip). */
  detail?: string;
}

/**
 * The lines the panel lists above "Total required". They add up to `totalRequired` to the
 * paisa: the platform floors the margin (so its line is the floored figure) and rounds the
 * charges up to the rupee, which is a line of its own.
 */
export function estimateLines(e: TicketEstimate): EstimateLine[] {
  const margin =
    e.openingQuantity === e.quantity
      ? `Margin (${e.leverage}×)`
      : `Margin (${e.leverage}×, on ${e.openingQuantity} of ${e.quantity}: the rest reduces your position)`;
  return [
    { label: margin, amount: e.requiredMargin, detail: 'floor(quantity × price ÷ leverage), whole rupees' },
    { label: 'Brokerage', amount: e.brokerage },
    {
      label: 'Statutory charges',
      amount: e.statutoryCharges,
      detail: `STT ₹${e.stt.toFixed(2)} · exchange ₹${e.exchangeTxn.toFixed(2)} · GST ₹${e.gst.toFixed(2)} · stamp duty ₹${e.stampDuty.toFixed(2)}`,
    },
    {
      label: 'Charges rounded up to the rupee',
      amount: e.chargesRounding,
      detail: 'The platform debits charges in whole rupees, rounded up',
    },
  ];
}

/** F&O and commodity contracts trade in lots; cash equity in shares. */
export function tradesInLots(segment: string): boolean {
  const s = segmentOfExchange(segment);
  return s === 'NFO' || s === 'MCX';
}

/** Products a ticket offers for a segment: NRML replaces CNC for F&O/MCX. */
export function productsFor(segment: string): Array<'MIS' | 'CNC' | 'NRML'> {
  return tradesInLots(segment) ? ['MIS', 'NRML'] : ['MIS', 'CNC'];
}
