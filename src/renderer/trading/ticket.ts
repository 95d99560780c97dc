import { MAX_ORDER_PRICE, MAX_ORDER_QUANTITY, rupeesText, type MethodArgs } from '../../shared/contract';
import { formatCount } from '../format/numbers';
import { tradesInLots } from './estimate';

export interface TicketForm {
  side: 'BUY' | 'SELL';
  product: 'MIS' | 'CNC' | 'NRML';
  type: 'MARKET' | 'LIMIT';
  /** As typed: shares for cash, lots for F&O/MCX. */
  quantity: string;
  price: string;
}

export interface TicketInstrument {
  symbol: string;
  token: number | null;
  segment: string;
  lotSize: number;
  tickSize: number;
}

export type TicketErrors = Partial<Record<'quantity' | 'price', string>>;

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

/** The price field of a LIMIT order; null when it is fine. */
function priceError(text: string, tickSize: number): string | null {
  if (!DECIMAL.test(text) || Number(text) <= 0) return 'Enter a price above 0 (up to 2 decimals)';
  const price = Number(text);
  if (price >= MAX_ORDER_PRICE) return `Price must be below ${rupeesText(MAX_ORDER_PRICE)}.`;
  const tick = tickSize > 0 ? tickSize : 0.05;
  // Compare in paise to dodge float error (0.1 + 0.2 …).
  if (Math.round(price * 100) % Math.round(tick * 100) !== 0)
    return `Price must be a multiple of the tick size ${tick}`;
  return null;
}

/**
 * Check a ticket and build the `orders.place` arguments. Errors are per field, in words the
 * ticket shows next to the field. The server checks everything again; this saves a round trip.
 */
export function checkTicket(form: TicketForm, instrument: TicketInstrument, clientOrderId: string): TicketCheck {
  const errors: TicketErrors = {};
  const lots = tradesInLots(instrument.segment);
  const q = form.quantity.trim();
  const units = WHOLE.test(q) ? Number(q) * (lots ? Math.max(1, instrument.lotSize) : 1) : 0;
  const qErr = quantityError(q, units, lots, instrument.lotSize);
  if (qErr) errors.quantity = qErr;
  let price: number | null = null;
  if (form.type === 'LIMIT') {
    const p = form.price.trim();
    const pErr = priceError(p, instrument.tickSize);
    if (pErr) errors.price = pErr;
    else price = Number(p);
  }
  if (errors.quantity || errors.price) return { ok: false, errors };
  const args: MethodArgs<'orders.place'> = {
    clientOrderId,
    symbol: instrument.symbol,
    side: form.side,
    type: form.type,
    product: form.product,
    quantity: units,
    ...(instrument.token !== null ? { token: instrument.token } : {}),
    ...(price !== null ? { price } : {}),
  };
  return { ok: true, args, units, price };
}

export type ModifyCheck =
  | { ok: true; args: MethodArgs<'orders.modify'>; quantity: number; price: number | null }
  | { ok: false; errors: TicketErrors };

/**
 * Check the Modify dialog: quantity in shares/units (a whole number of lots for F&O/MCX), the
 * price only for a LIMIT order. Same words as the ticket.
 */
export function checkModify(
  form: { quantity: string; price: string },
  order: { id: string; orderType: 'MARKET' | 'LIMIT' },
  instrument: Pick<TicketInstrument, 'lotSize' | 'tickSize'>,
): ModifyCheck {
  const errors: TicketErrors = {};
  const q = form.quantity.trim();
  const quantity = WHOLE.test(q) ? Number(q) : 0;
  const qErr = quantityError(q, quantity, false, Math.max(1, instrument.lotSize));
  if (qErr) errors.quantity = qErr;
  let price: number | null = null;
  if (order.orderType === 'LIMIT') {
    const p = form.price.trim();
    const pErr = priceError(p, instrument.tickSize);
    if (pErr) errors.price = pErr;
    else price = Number(p);
  }
  if (errors.quantity || errors.price) return { ok: false, errors };
  return {
    ok: true,
    quantity,
    price,
    args: { orderId: order.id, quantity, ...(price !== null ? { price } : {}) },
  };
}
