import { MAX_ORDER_PRICE, MAX_ORDER_QUANTITY, rupeesText, type MethodArgs } from '../../shared/contract';
import {
  checkOrder,
  isMultipleOf,
  offTickMessage,
  segmentOfExchange,
  type PriceBand,
  type RuleOrderType,
} from '../../shared/trading';
import { formatCount } from '../format/numbers';
import { tradesInLots } from './estimate';

export interface TicketForm {
  side: 'BUY' | 'SELL';
  product: 'MIS' | 'CNC' | 'NRML';
  type: RuleOrderType;
  /** As typed: shares for cash, lots for F&O/MCX. */
  quantity: string;
  /** The limit price (LIMIT, SL). */
  price: string;
  /** SL / SL-M. Optional so a ticket without stops need not carry it. */
  triggerPrice?: string;
}

export interface TicketInstrument {
  symbol: string;
  token: number | null;
  segment: string;
  lotSize: number;
  tickSize: number;
  /** EQ, FUT, OPT… (default EQ). */
  instrumentType?: string;
  optionType?: string | null;
  /** Today's band; null/absent → not checked here (the server still checks it). */
  priceBand?: PriceBand | null;
}

/** What the exchange rules compare with: the last price, and CNC quantity still sellable. */
export interface TicketMarket {
  ltp: number | null;
  /** Open CNC long minus pending CNC sells (not counting the order being modified). */
  cncSellable?: number;
}

export type TicketErrors = Partial<Record<'quantity' | 'price' | 'triggerPrice' | 'product' | 'type', string>>;

export type TicketCheck =
  | { ok: true; args: MethodArgs<'orders.place'>; units: number; price: number | null }
  | { ok: false; errors: TicketErrors };

/** Whole-number check that rejects "1e3", "2.0", " 5": what the trader typed must be what we send. */
const WHOLE = /^\d+$/;
const DECIMAL = /^\d+(\.\d{1,2})?$/;

/** The quantity field: whole lots (F&O/MCX, `inLots`) or shares/units; null when it is fine. */
function quantityError(text: string, units: number, inLots: boolean, lotSize: number): string | null {
  if (!WHOLE.test(text) || Number(text) <= 0)
    return inLots ? 'Enter a whole number of lots above 0' : 'Enter a whole number of shares above 0';
  if (units > MAX_ORDER_QUANTITY) return `Quantity must be at most ${formatCount(MAX_ORDER_QUANTITY)}.`;
  if (!inLots && lotSize > 1 && units % lotSize !== 0)
    return `Quantity must be a whole number of lots of ${formatCount(lotSize)}.`;
  return null;
}

/** The price (or trigger price) field as typed; null when it is fine. */
function priceError(text: string, tickSize: number, what = 'Price'): string | null {
  if (!DECIMAL.test(text) || Number(text) <= 0) return `Enter a ${what.toLowerCase()} above 0 (up to 2 decimals)`;
  const price = Number(text);
  if (price >= MAX_ORDER_PRICE) return `${what} must be below ${rupeesText(MAX_ORDER_PRICE)}.`;
  const tick = tickSize > 0 ? tickSize : 0.05;
  // Exact decimals, never a float modulo (1000.03 % 0.05 is 0.0299…).
  if (!isMultipleOf(text, tick)) return offTickMessage(what, price, tick);
  return null;
}

/**
 * The exchange's rules (src/shared/trading/order-rules.ts, the same the database applies) on
 * an order whose fields already parse; each field's first problem is added to `errors`.
 */
function ruleErrors(
  errors: TicketErrors,
  o: {
    instrument: TicketInstrument;
    side: 'BUY' | 'SELL';
    type: RuleOrderType;
    product: string;
    quantity: number;
    price: number | null;
    triggerPrice: number | null;
  },
  market: TicketMarket,
): void {
  const inst = o.instrument;
  const violations = checkOrder({
    instrument: {
      symbol: inst.symbol,
      segment: segmentOfExchange(inst.segment),
      instrumentType: inst.instrumentType ?? 'EQ',
      optionType: inst.optionType ?? null,
      tickSize: inst.tickSize > 0 ? inst.tickSize : 0.05,
      lotSize: Math.max(1, inst.lotSize),
      priceBand: inst.priceBand ?? null,
    },
    side: o.side,
    orderType: o.type,
    product: o.product,
    quantity: o.quantity,
    price: o.price,
    triggerPrice: o.triggerPrice,
    ltp: market.ltp,
    ...(market.cncSellable !== undefined ? { cncSellable: market.cncSellable } : {}),
  });
  for (const v of violations) errors[v.field] ??= v.message;
}

/**
 * Check a ticket and build the `orders.place` arguments. Errors are per field, in words the
 * ticket shows next to the field. The server checks everything again; this saves a round trip.
 */
export function checkTicket(
  form: TicketForm,
  instrument: TicketInstrument,
  clientOrderId: string,
  market: TicketMarket = { ltp: null },
): TicketCheck {
  const errors: TicketErrors = {};
  const lots = tradesInLots(instrument.segment);
  const q = form.quantity.trim();
  const units = WHOLE.test(q) ? Number(q) * (lots ? Math.max(1, instrument.lotSize) : 1) : 0;
  const qErr = quantityError(q, units, lots, instrument.lotSize);
  if (qErr) errors.quantity = qErr;
  let price: number | null = null;
  if (form.type === 'LIMIT' || form.type === 'SL') {
    const p = form.price.trim();
    const pErr = priceError(p, instrument.tickSize);
    if (pErr) errors.price = pErr;
    else price = Number(p);
  }
  let triggerPrice: number | null = null;
  if (form.type === 'SL' || form.type === 'SL-M') {
    const t = (form.triggerPrice ?? '').trim();
    const tErr = priceError(t, instrument.tickSize, 'Trigger price');
    if (tErr) errors.triggerPrice = tErr;
    else triggerPrice = Number(t);
  }
  if (!errors.quantity)
    ruleErrors(
      errors,
      { instrument, side: form.side, type: form.type, product: form.product, quantity: units, price, triggerPrice },
      market,
    );
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  const args: MethodArgs<'orders.place'> = {
    clientOrderId,
    symbol: instrument.symbol,
    side: form.side,
    type: form.type,
    product: form.product,
    quantity: units,
    ...(instrument.token !== null ? { token: instrument.token } : {}),
    ...(price !== null ? { price } : {}),
    ...(triggerPrice !== null ? { triggerPrice } : {}),
  };
  return { ok: true, args, units, price };
}

export type ModifyCheck =
  | { ok: true; args: MethodArgs<'orders.modify'>; quantity: number; price: number | null; triggerPrice: number | null }
  | { ok: false; errors: TicketErrors };

/**
 * Check the Modify dialog: quantity in shares/units (a whole number of lots for F&O/MCX), the
 * price for LIMIT and SL, the trigger for an untriggered SL / SL-M — under the same exchange
 * rules as the ticket (grid, band, trigger side, CNC holdings). Same words as the ticket.
 */
export function checkModify(
  form: { quantity: string; price: string; triggerPrice?: string },
  order: {
    id: string;
    orderType: RuleOrderType;
    orderSide?: 'BUY' | 'SELL';
    productType?: string;
    triggered?: boolean;
  },
  instrument: Pick<TicketInstrument, 'lotSize' | 'tickSize'> & Partial<TicketInstrument>,
  market: TicketMarket = { ltp: null },
): ModifyCheck {
  const errors: TicketErrors = {};
  const q = form.quantity.trim();
  const quantity = WHOLE.test(q) ? Number(q) : 0;
  const qErr = quantityError(q, quantity, false, Math.max(1, instrument.lotSize));
  if (qErr) errors.quantity = qErr;
  let price: number | null = null;
  if (order.orderType === 'LIMIT' || order.orderType === 'SL') {
    const p = form.price.trim();
    const pErr = priceError(p, instrument.tickSize);
    if (pErr) errors.price = pErr;
    else price = Number(p);
  }
  let triggerPrice: number | null = null;
  const stop = order.orderType === 'SL' || order.orderType === 'SL-M';
  if (stop && !order.triggered) {
    const t = (form.triggerPrice ?? '').trim();
    const tErr = priceError(t, instrument.tickSize, 'Trigger price');
    if (tErr) errors.triggerPrice = tErr;
    else triggerPrice = Number(t);
  }
  if (!errors.quantity && instrument.symbol !== undefined && instrument.segment !== undefined && order.orderSide)
    ruleErrors(
      errors,
      {
        instrument: { token: null, ...instrument, symbol: instrument.symbol, segment: instrument.segment },
        side: order.orderSide,
        // A triggered stop is past its trigger rules: check it as what it now is.
        type: stop && order.triggered ? (order.orderType === 'SL' ? 'LIMIT' : 'MARKET') : order.orderType,
        product: order.productType ?? 'MIS',
        quantity,
        price,
        triggerPrice: stop && order.triggered ? null : triggerPrice,
      },
      market,
    );
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return {
    ok: true,
    quantity,
    price,
    triggerPrice,
    args: {
      orderId: order.id,
      quantity,
      ...(price !== null ? { price } : {}),
      ...(triggerPrice !== null ? { triggerPrice } : {}),
    },
  };
}
