import type { MethodArgs } from '../../shared/contract';
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

/**
 * Check a ticket and build the `orders.place` arguments. Errors are per field, in words the
 * ticket shows next to the field. The server checks everything again; this saves a round trip.
 */
export function checkTicket(form: TicketForm, instrument: TicketInstrument, clientOrderId: string): TicketCheck {
  const errors: TicketErrors = {};
  const lots = tradesInLots(instrument.segment);
  const q = form.quantity.trim();
  let units = 0;
  if (!WHOLE.test(q) || Number(q) <= 0)
    errors.quantity = lots ? 'Enter a whole number of lots above 0' : 'Enter a whole number of shares above 0';
  else {
    units = Number(q) * (lots ? Math.max(1, instrument.lotSize) : 1);
    if (units > 10_000_000) errors.quantity = 'Quantity is too large';
  }
  let price: number | null = null;
  if (form.type === 'LIMIT') {
    const p = form.price.trim();
    if (!DECIMAL.test(p) || Number(p) <= 0) errors.price = 'Enter a price above 0 (up to 2 decimals)';
    else {
      price = Number(p);
      const tick = instrument.tickSize > 0 ? instrument.tickSize : 0.05;
      // Compare in paise to dodge float error (0.1 + 0.2 …).
      if (Math.round(price * 100) % Math.round(tick * 100) !== 0)
        errors.price = `Price must be a multiple of the tick size ${tick}`;
    }
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
