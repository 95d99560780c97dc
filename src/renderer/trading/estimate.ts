import type { RiskConfig } from '../../shared/domain';

/**
 * The order ticket's estimate panel. The platform's own calculator is being moved into
 * `src/shared/trading/charges.ts` (`estimateOrder`) so main, the stack and this panel agree to
 * the rupee; until it lands this module follows the same published rules (platform.md,
 * "Margin and charges") and has the same name, so wiring it is a one-line import change.
 */
export interface OrderEstimateInput {
  /** Market segment as the instrument names it: NSE_EQ, NSE_FO, MCX_FO, … */
  segment: string;
  product: 'MIS' | 'CNC' | 'NRML';
  /** Shares / units (lots already multiplied out). */
  quantity: number;
  price: number;
  side: 'BUY' | 'SELL';
  riskConfig: readonly RiskConfig[];
}

export interface OrderEstimate {
  orderValue: number;
  leverage: number;
  requiredMargin: number;
  brokerage: number;
  /** STT, exchange transaction charge, GST, stamp duty. */
  statutoryCharges: number;
  totalCharges: number;
  /** requiredMargin + totalCharges: what must be available for the order to be accepted. */
  totalRequired: number;
}

type Venue = 'NSE' | 'NFO' | 'MCX' | 'OTHER';

function venueOf(segment: string): Venue {
  const s = segment.toUpperCase();
  if (s.startsWith('MCX')) return 'MCX';
  if (s === 'NSE_FO' || s === 'NFO' || s.endsWith('_FO')) return 'NFO';
  if (s.startsWith('NSE') || s.startsWith('BSE')) return 'NSE';
  return 'OTHER';
}

function defaultLeverage(venue: Venue, product: string): number {
  if (venue === 'NSE') return product === 'MIS' ? 200 : 50;
  if (venue === 'NFO') return 100;
  if (venue === 'MCX') return 50;
  return 1;
}

const round2 = (n: number) => Math.round(n * 100) / 100;

export function estimateOrder(input: OrderEstimateInput): OrderEstimate {
  const venue = venueOf(input.segment);
  const product = input.product === 'CNC' ? 'CNC' : input.product;
  const config = input.riskConfig.find(
    (r) => r.active && r.segment.toUpperCase() === input.segment.toUpperCase() && (r.productType === product || (product === 'CNC' && r.productType === 'DELIVERY')),
  );
  const leverage = config && config.leverage > 0 ? config.leverage : defaultLeverage(venue, product);
  const orderValue = input.quantity * input.price;
  const requiredMargin = Math.floor(orderValue / leverage);

  let brokerage: number;
  if (config?.brokerageFlat !== null && config?.brokerageFlat !== undefined) brokerage = config.brokerageFlat;
  else if (config?.brokerageRate !== null && config?.brokerageRate !== undefined)
    brokerage = Math.min(orderValue * config.brokerageRate, config.brokerageCap ?? Number.POSITIVE_INFINITY);
  else brokerage = venue === 'NSE' ? Math.min(20, orderValue * 0.0003) : 20;

  const sttRate = venue === 'NSE' ? (product === 'MIS' ? 0.00025 : 0.001) : venue === 'NFO' ? 0.0001 : 0;
  const stt = orderValue * sttRate;
  const transactionCharge = orderValue * 0.0000325;
  const gst = 0.18 * (brokerage + transactionCharge);
  const stamp = orderValue * 0.00003;
  const statutoryCharges = round2(stt + transactionCharge + gst + stamp);
  brokerage = round2(brokerage);
  const totalCharges = round2(brokerage + statutoryCharges);
  return {
    orderValue: round2(orderValue),
    leverage,
    requiredMargin,
    brokerage,
    statutoryCharges,
    totalCharges,
    totalRequired: round2(requiredMargin + totalCharges),
  };
}

/** F&O and commodity contracts trade in lots; cash equity in shares. */
export function tradesInLots(segment: string): boolean {
  const v = venueOf(segment);
  return v === 'NFO' || v === 'MCX';
}

/** Products a ticket offers for a segment: NRML replaces CNC for F&O/MCX. */
export function productsFor(segment: string): Array<'MIS' | 'CNC' | 'NRML'> {
  return tradesInLots(segment) ? ['MIS', 'NRML'] : ['MIS', 'CNC'];
}
