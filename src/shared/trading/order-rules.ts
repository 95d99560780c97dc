import { isMultipleOf, percentOnGrid } from './decimal';

/**
 * The exchange's order rules as the ticket checks them before anything is sent. The database
 * applies the very same rules when it books or modifies an order (supabase migration
 * `exchange_rules`, the authority); the codes below are the HINT codes its refusals carry, so a
 * refusal reads the same whether the ticket or the server found it. Sources and defaults are in
 * supabase/README.md ("Order rules"). Prices are rupees; pure and zod-free.
 */

export const ORDER_TYPES = ['MARKET', 'LIMIT', 'SL', 'SL-M'] as const;
export type RuleOrderType = (typeof ORDER_TYPES)[number];

/** Stable codes, shared with the database's refusals (`tradedesk_fail` HINT). */
export type RuleCode =
  | 'invalid_price'
  | 'invalid_quantity'
  | 'off_tick'
  | 'outside_band'
  | 'product_not_allowed'
  | 'insufficient_holdings'
  | 'invalid_trigger'
  | 'order_type_not_allowed';

export interface RuleViolation {
  /** The ticket field the sentence belongs under. */
  field: 'price' | 'triggerPrice' | 'product' | 'quantity' | 'type';
  code: RuleCode;
  message: string;
}

/** Today's price band (circuit limits), in rupees, both ends on the tick grid and allowed. */
export interface PriceBand {
  lower: number;
  upper: number;
}

/** What the rules need to know about an instrument (a `"Stock"` row / catalogue entry). */
export interface RuleInstrument {
  symbol: string;
  /** The platform's risk segment: NSE (cash), NFO, MCX, … */
  segment: string;
  /** EQ, INDEX, FUT, OPT (or CE/PE) … */
  instrumentType: string;
  /** CE / PE for options when the row says so. */
  optionType?: string | null;
  tickSize: number;
  lotSize: number;
  /** Null when the instrument has no band (then no band check). */
  priceBand: PriceBand | null;
}

const inr = new Intl.NumberFormat('en-IN', { maximumFractionDigits: 4 });
/** `1000.03` → `₹1,000.03` (Indian grouping, no forced decimals). */
export function rupees(amount: number): string {
  return `₹${inr.format(amount)}`;
}

const CASH_SEGMENTS = new Set(['NSE', 'BSE']);
const DERIVATIVE_SEGMENTS = new Set(['NFO', 'BFO', 'MCX', 'CDS']);

export function isOption(inst: Pick<RuleInstrument, 'instrumentType' | 'optionType'>): boolean {
  const t = inst.instrumentType.toUpperCase();
  const o = (inst.optionType ?? '').toUpperCase();
  return t === 'OPT' || t === 'OPTIDX' || t === 'OPTSTK' || t === 'CE' || t === 'PE' || o === 'CE' || o === 'PE';
}

function isCashEquity(inst: Pick<RuleInstrument, 'segment' | 'instrumentType'>): boolean {
  return CASH_SEGMENTS.has(inst.segment.toUpperCase()) && inst.instrumentType.toUpperCase() === 'EQ';
}

/**
 * Products by segment (every Indian broker): CNC (delivery) only for cash equity, NRML only for
 * F&O and commodities (carry-forward), MIS (intraday) for everything.
 */
export function allowedProducts(
  inst: Pick<RuleInstrument, 'segment' | 'instrumentType'>,
): Array<'MIS' | 'CNC' | 'NRML'> {
  if (isCashEquity(inst)) return ['MIS', 'CNC'];
  if (DERIVATIVE_SEGMENTS.has(inst.segment.toUpperCase())) return ['MIS', 'NRML'];
  return ['MIS'];
}

/** CNC and DELIVERY are one product (the platform stores DELIVERY); INTRADAY is MIS. */
function productName(product: string): string {
  const p = product.trim().toUpperCase();
  if (p === 'DELIVERY') return 'CNC';
  if (p === 'INTRADAY') return 'MIS';
  return p;
}

/**
 * The band's width when the instrument does not say: ±20 % for cash equities (NSE's widest
 * band for stocks outside F&O), ±10 % for index futures (NSE's operating range); none for
 * anything else (options, MCX contracts without their own figure).
 */
export function defaultBandPercent(inst: Pick<RuleInstrument, 'segment' | 'instrumentType'>): number | null {
  if (isCashEquity(inst)) return 20;
  if (inst.segment.toUpperCase() === 'NFO' && inst.instrumentType.toUpperCase() === 'FUT') return 10;
  return null;
}

/**
 * The day's band from the previous close: lower = close × (1 − p) rounded UP onto the tick
 * grid, upper = close × (1 + p) rounded DOWN, so both ends are tradable prices inside the band.
 * `percent` null → the default above; no close or no percent → null (no band).
 */
export function priceBandOf(inst: {
  prevClose: number | null;
  tickSize: number;
  percent: number | null;
  segment: string;
  instrumentType: string;
}): PriceBand | null {
  const percent = inst.percent ?? defaultBandPercent(inst);
  if (percent === null || inst.prevClose === null || !(inst.prevClose > 0) || !(inst.tickSize > 0)) return null;
  const lower = percentOnGrid(inst.prevClose, percent, -1, inst.tickSize, 'up');
  const upper = percentOnGrid(inst.prevClose, percent, 1, inst.tickSize, 'down');
  if (lower === undefined || upper === undefined) return null;
  return { lower: Math.max(lower, inst.tickSize), upper };
}

export function offTickMessage(what: string, price: number, tickSize: number): string {
  return `${what} ${rupees(price)} is not a multiple of the tick size ${rupees(tickSize)}.`;
}

export function outsideBandMessage(what: string, price: number, symbol: string, band: PriceBand): string {
  return `${what} ${rupees(price)} is outside today's price band for ${symbol}: ${rupees(band.lower)} to ${rupees(band.upper)}.`;
}

export interface OrderRuleInput {
  instrument: RuleInstrument;
  side: 'BUY' | 'SELL';
  orderType: RuleOrderType;
  product: string;
  quantity: number;
  /** The limit price (LIMIT, SL); ignored for MARKET and SL-M. */
  price: number | null;
  /** The trigger price (SL, SL-M); ignored otherwise. */
  triggerPrice: number | null;
  /** The last traded price, when known (trigger-side rule). */
  ltp: number | null;
  /**
   * CNC quantity this account may still sell: its open CNC long in the symbol minus its
   * PENDING CNC sells (an order being modified does not count against itself). Undefined →
   * not checked.
   */
  cncSellable?: number;
}

/** One price (limit or trigger) against the tick grid and the band. */
function checkPrice(
  field: 'price' | 'triggerPrice',
  price: number,
  inst: RuleInstrument,
  out: RuleViolation[],
): boolean {
  const what = field === 'price' ? 'Price' : 'Trigger price';
  if (!(price > 0)) {
    out.push({ field, code: 'invalid_price', message: `${what} must be above ₹0.` });
    return false;
  }
  if (!isMultipleOf(price, inst.tickSize)) {
    out.push({ field, code: 'off_tick', message: offTickMessage(what, price, inst.tickSize) });
    return false;
  }
  const band = inst.priceBand;
  if (band && (price < band.lower || price > band.upper)) {
    out.push({ field, code: 'outside_band', message: outsideBandMessage(what, price, inst.symbol, band) });
    return false;
  }
  return true;
}

/**
 * Every rule that refuses this order, in the order the database checks them (each field gets
 * its first problem). Empty → the exchange would accept it (margin is checked separately).
 */
export function checkOrder(input: OrderRuleInput): RuleViolation[] {
  const { instrument: inst, side, orderType, quantity } = input;
  const out: RuleViolation[] = [];

  const product = productName(input.product);
  const allowed = allowedProducts(inst);
  if (!(allowed as string[]).includes(product)) {
    out.push({
      field: 'product',
      code: 'product_not_allowed',
      message: `${product} is not available for ${inst.symbol}; allowed: ${allowed.join(', ')}.`,
    });
  }
  if (orderType === 'SL-M' && isOption(inst)) {
    out.push({
      field: 'type',
      code: 'order_type_not_allowed',
      message: 'SL-M orders are not allowed on options (NSE, since 27 Sep 2021); use SL with a limit price.',
    });
  }

  if (!Number.isInteger(quantity) || quantity <= 0) {
    out.push({ field: 'quantity', code: 'invalid_quantity', message: 'Quantity must be a positive whole number.' });
  } else if (
    ['NFO', 'MCX', 'BFO', 'CDS'].includes(inst.segment.toUpperCase()) &&
    quantity % Math.max(1, Math.trunc(inst.lotSize)) !== 0
  ) {
    out.push({
      field: 'quantity',
      code: 'invalid_quantity',
      message: `Quantity ${quantity} is not a multiple of the lot size ${inst.lotSize}.`,
    });
  } else if (product === 'CNC' && side === 'SELL' && input.cncSellable !== undefined && quantity > input.cncSellable) {
    out.push({
      field: 'quantity',
      code: 'insufficient_holdings',
      message: `You can sell at most ${Math.max(0, input.cncSellable)} ${inst.symbol} as CNC (holdings not already being sold).`,
    });
  }

  const needsPrice = orderType === 'LIMIT' || orderType === 'SL';
  const needsTrigger = orderType === 'SL' || orderType === 'SL-M';
  let priceOk = false;
  let triggerOk = false;
  if (needsPrice) {
    if (input.price === null)
      out.push({ field: 'price', code: 'invalid_price', message: `A ${orderType} order needs a price.` });
    else priceOk = checkPrice('price', input.price, inst, out);
  }
  if (needsTrigger) {
    if (input.triggerPrice === null)
      out.push({
        field: 'triggerPrice',
        code: 'invalid_trigger',
        message: `A ${orderType} order needs a trigger price.`,
      });
    else triggerOk = checkPrice('triggerPrice', input.triggerPrice, inst, out);
  }
  if (needsTrigger && triggerOk) {
    const trigger = input.triggerPrice!;
    const ltp = input.ltp;
    if (ltp !== null && ltp > 0 && (side === 'BUY' ? trigger <= ltp : trigger >= ltp)) {
      out.push({
        field: 'triggerPrice',
        code: 'invalid_trigger',
        message:
          side === 'BUY'
            ? `A BUY stop's trigger price must be above the last price ${rupees(ltp)} (it would trigger at once).`
            : `A SELL stop's trigger price must be below the last price ${rupees(ltp)} (it would trigger at once).`,
      });
    } else if (orderType === 'SL' && priceOk) {
      const limit = input.price!;
      if (side === 'BUY' && trigger > limit)
        out.push({
          field: 'triggerPrice',
          code: 'invalid_trigger',
          message: `A BUY stop's trigger price can't be higher than its price ${rupees(limit)}.`,
        });
      if (side === 'SELL' && trigger < limit)
        out.push({
          field: 'triggerPrice',
          code: 'invalid_trigger',
          message: `A SELL stop's trigger price can't be lower than its price ${rupees(limit)}.`,
        });
    }
  }
  return out;
}

/**
 * The price an order's margin and charges are blocked at, as the database books it: the limit
 * for LIMIT and SL, the trigger for SL-M (it becomes a market order there), the last price for
 * MARKET. Null when the price it needs is missing.
 */
export function blockingPrice(o: {
  orderType: RuleOrderType;
  price: number | null;
  triggerPrice: number | null;
  ltp: number | null;
}): number | null {
  if (o.orderType === 'LIMIT' || o.orderType === 'SL') return o.price;
  if (o.orderType === 'SL-M') return o.triggerPrice;
  return o.ltp;
}
