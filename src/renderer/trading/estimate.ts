import type { RiskConfig } from '../../shared/domain';
import { estimateOrder as platformEstimate, normalizeProduct, segmentOfExchange } from '../../shared/trading';

/**
 * The order ticket's estimate panel, computed by the platform's own rules in
 * `src/shared/trading/charges.ts` (the same rules the database books with). This adapter only
 * picks the risk_config row for the ticket and groups the charges the way the panel shows them.
 */
export interface TicketEstimateInput {
  /** Exchange or segment as the instrument names it: NSE_EQ, NSE, NSE_FO, NFO, MCX_FO, … */
  segment: string;
  product: 'MIS' | 'CNC' | 'NRML';
  /** Shares / units (lots already multiplied out). */
  quantity: number;
  price: number;
  side: 'BUY' | 'SELL';
  riskConfig: readonly RiskConfig[];
}

export interface TicketEstimate {
  orderValue: number;
  leverage: number;
  /** Whole rupees blocked. */
  requiredMargin: number;
  brokerage: number;
  /** STT, exchange transaction charge, GST and stamp duty, to the paisa. */
  statutoryCharges: number;
  /** Whole rupees debited (the platform rounds the sum of charges up). */
  totalCharges: number;
  /** requiredMargin + totalCharges: what must be available for the order to be accepted. */
  totalRequired: number;
}

const round2 = (n: number) => Math.round(n * 100) / 100;

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
  const e = platformEstimate({
    segment: segmentOfExchange(input.segment),
    product: input.product,
    side: input.side,
    quantity: input.quantity,
    price: input.price,
    riskConfig: riskConfigFor(input.riskConfig, input.segment, input.product),
  });
  return {
    orderValue: e.orderValue,
    leverage: e.leverage,
    requiredMargin: e.margin,
    brokerage: e.brokerage,
    statutoryCharges: round2(e.stt + e.exchangeTxn + e.gst + e.stampDuty),
    totalCharges: e.charges,
    totalRequired: e.totalRequired,
  };
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
