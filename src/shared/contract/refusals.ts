import { offTickMessage, outsideBandMessage } from '../trading/order-rules';
import type { IpcErrorCode } from './errors';

/**
 * Every refusal a trader can cause, in words: the one place where schema issues (a renderer's
 * arguments failing the contract) and the backend's stable error codes become sentences about
 * the order, the watchlist or the sign-in, naming the field they concern. No schema text (zod's
 * "Too big: expected number to be <100000000", a method name) reaches the screen.
 *
 * `field` is the argument the sentence is about (`price`, `quantity`, `name`, `email`, …), so a
 * form can show it beside that input; null for refusals of the whole request.
 */
export interface Refusal {
  field: string | null;
  message: string;
}

/** Orders: the platform's price column is numeric(10,2), so a price must stay below ₹10 crore. */
export const MAX_ORDER_PRICE = 100_000_000;
/** Orders: the largest quantity (shares or units) one order may carry. */
export const MAX_ORDER_QUANTITY = 10_000_000;

const inr = new Intl.NumberFormat('en-IN', { maximumFractionDigits: 2 });
/** `100000000` → `"₹10,00,00,000"`. */
export function rupeesText(amount: number): string {
  return `${amount < 0 ? '-' : ''}₹${inr.format(Math.abs(amount))}`;
}

/** The words for each argument a trader fills in, and how its numbers read. */
const FIELDS: Record<string, { noun: string; unit?: 'rupees' | 'count' }> = {
  price: { noun: 'Price', unit: 'rupees' },
  triggerPrice: { noun: 'Trigger price', unit: 'rupees' },
  quantity: { noun: 'Quantity', unit: 'count' },
  symbol: { noun: 'Symbol' },
  side: { noun: 'Side' },
  type: { noun: 'Order type' },
  product: { noun: 'Product' },
  name: { noun: 'Name' },
  color: { noun: 'Colour' },
  email: { noun: 'Email' },
  password: { noun: 'Password' },
  supabaseUrl: { noun: 'Supabase URL' },
  anonKey: { noun: 'Anon key' },
  marketUrl: { noun: 'Market-data URL' },
  marketApiKey: { noun: 'Market-data API key' },
  q: { noun: 'Search text' },
  token: { noun: 'Instrument' },
  tokens: { noun: 'Instruments' },
  itemIds: { noun: 'Watchlist items' },
};

/** A watchlist's name is "Watchlist name", a profile's "Profile name". */
function nounOf(method: string, field: string): string {
  if (field === 'name' && method.startsWith('watchlists.')) return 'Watchlist name';
  if (field === 'name' && method.startsWith('session.')) return 'Profile name';
  return FIELDS[field]?.noun ?? 'This value';
}

function numberText(field: string, n: number): string {
  if (FIELDS[field]?.unit === 'rupees') return rupeesText(n);
  return inr.format(n);
}

/** The parts of a zod (v4) issue the sentences use. Structural: the contract stays zod-only. */
export interface ArgIssue {
  code: string;
  path: readonly PropertyKey[];
  message: string;
  origin?: string;
  minimum?: number | bigint;
  maximum?: number | bigint;
  inclusive?: boolean;
  expected?: string;
  format?: string;
  divisor?: number;
  keys?: readonly string[];
}

/**
 * One argument issue as a sentence. `args` is what was sent (to tell a missing value from a
 * wrong one). Refinements (`.refine(…, { message })`) already carry a sentence of ours.
 */
export function argIssueRefusal(method: string, issue: ArgIssue, args: unknown): Refusal {
  const field = typeof issue.path[0] === 'string' ? issue.path[0] : null;
  if (issue.code === 'custom') return { field, message: issue.message };
  if (field === null) return { field, message: 'The request was not understood; reload the window and try again.' };
  const noun = nounOf(method, field);
  const given = args !== null && typeof args === 'object' ? (args as Record<string, unknown>)[field] : undefined;
  const n = (v: number | bigint | undefined) => numberText(field, Number(v));
  switch (issue.code) {
    case 'too_big':
      if (issue.origin === 'string')
        return { field, message: `${noun} must be at most ${n(issue.maximum)} characters.` };
      if (issue.origin === 'array') return { field, message: `${noun}: at most ${n(issue.maximum)} at a time.` };
      return {
        field,
        message: issue.inclusive
          ? `${noun} must be at most ${n(issue.maximum)}.`
          : `${noun} must be below ${n(issue.maximum)}.`,
      };
    case 'too_small':
      if (issue.origin === 'string')
        return {
          field,
          message:
            Number(issue.minimum) <= 1
              ? `${noun} cannot be empty.`
              : `${noun} needs at least ${n(issue.minimum)} characters.`,
        };
      return {
        field,
        message: issue.inclusive
          ? `${noun} must be at least ${n(issue.minimum)}.`
          : `${noun} must be above ${n(issue.minimum)}.`,
      };
    case 'invalid_type':
      if (given === undefined || given === null) return { field, message: `${noun} is required.` };
      if (issue.expected === 'int') return { field, message: `${noun} must be a whole number.` };
      if (issue.expected === 'number') return { field, message: `${noun} must be a number.` };
      return { field, message: `${noun} is not valid.` };
    case 'invalid_format':
      if (issue.format === 'email') return { field, message: `${noun} must be an email address (name@example.com).` };
      if (issue.format === 'url') return { field, message: `${noun} must be a web address (https://…).` };
      return { field, message: `${noun} is not valid.` };
    case 'not_multiple_of':
      return { field, message: `${noun} must be a multiple of ${n(issue.divisor)}.` };
    case 'invalid_value':
      return { field, message: `${noun} is not one of the choices offered.` };
    default:
      return { field, message: `${noun} is not valid.` };
  }
}

/** All issues of one request: the first sentence per field, in order. */
export function argRefusals(method: string, issues: readonly ArgIssue[], args: unknown): Refusal[] {
  const seen = new Set<string | null>();
  const out: Refusal[] = [];
  for (const issue of issues) {
    const r = argIssueRefusal(method, issue, args);
    if (seen.has(r.field)) continue;
    seen.add(r.field);
    out.push(r);
  }
  return out;
}

/**
 * A refusal from the backend (its stable code in the RPC error's HINT, its JSON DETAIL) as a
 * sentence about the order. `message` is the backend's own text, used where it already is one.
 */
export function serverRefusal(
  code: IpcErrorCode,
  message: string,
  details: Record<string, unknown> | null | undefined,
): Refusal {
  const d = details ?? {};
  const num = (k: string): number | null => {
    const v = d[k];
    const x = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
    return Number.isFinite(x) ? x : null;
  };
  switch (code) {
    case 'insufficient_margin': {
      const required = num('required');
      const available = num('available');
      const shortfall = num('shortfall');
      if (required === null || available === null || shortfall === null) return { field: null, message };
      return {
        field: null,
        message: `Insufficient margin: this order needs ${rupeesText(required)}, ${rupeesText(available)} is available (short by ${rupeesText(shortfall)}).`,
      };
    }
    case 'invalid_quantity': {
      const lot = num('lotSize');
      if (lot !== null && lot > 1)
        return { field: 'quantity', message: `Quantity must be a whole number of lots of ${inr.format(lot)}.` };
      return { field: 'quantity', message: 'Quantity must be a whole number above 0.' };
    }
    case 'invalid_price': {
      const price = num('price');
      if (/needs a price/i.test(message)) return { field: 'price', message: 'A LIMIT order needs a price.' };
      if (price === null) return { field: 'price', message: message.endsWith('.') ? message : `${message}.` };
      if (price <= 0) return { field: 'price', message: 'Price must be above ₹0.' };
      if (price >= MAX_ORDER_PRICE)
        return { field: 'price', message: `Price must be below ${rupeesText(MAX_ORDER_PRICE)}.` };
      if (Math.round(price * 100) !== price * 100)
        return { field: 'price', message: 'Price must be in rupees and paise (at most 2 decimals).' };
      return { field: 'price', message: `A price of ${rupeesText(price)} is not accepted.` };
    }
    case 'order_not_pending': {
      const status = typeof d['status'] === 'string' ? d['status'].toLowerCase() : null;
      return {
        field: null,
        message: status
          ? `This order is already ${status}; it can no longer be changed.`
          : 'This order is no longer open; it can no longer be changed.',
      };
    }
    case 'unknown_symbol':
      return {
        field: 'symbol',
        message:
          typeof d['symbol'] === 'string' ? `${d['symbol']} is not an instrument this account can trade.` : message,
      };
    case 'off_tick': {
      const price = num('price');
      const tick = num('tickSize');
      const field = d['field'] === 'triggerPrice' ? 'triggerPrice' : 'price';
      if (price === null || tick === null) return { field, message: sentence(message) };
      return { field, message: offTickMessage(field === 'price' ? 'Price' : 'Trigger price', price, tick) };
    }
    case 'outside_band': {
      const price = num('price');
      const lower = num('lower');
      const upper = num('upper');
      const field = d['field'] === 'triggerPrice' ? 'triggerPrice' : 'price';
      const symbol = typeof d['symbol'] === 'string' ? d['symbol'] : 'this instrument';
      if (price === null || lower === null || upper === null) return { field, message: sentence(message) };
      return {
        field,
        message: outsideBandMessage(field === 'price' ? 'Price' : 'Trigger price', price, symbol, { lower, upper }),
      };
    }
    case 'product_not_allowed':
      return { field: 'product', message: sentence(message) };
    case 'insufficient_holdings': {
      const sellable = num('sellable');
      const symbol = typeof d['symbol'] === 'string' ? d['symbol'] : '';
      if (sellable === null) return { field: 'quantity', message: sentence(message) };
      return {
        field: 'quantity',
        message: `You can sell at most ${inr.format(sellable)} ${symbol} as CNC (holdings not already being sold).`,
      };
    }
    case 'invalid_trigger':
      return { field: 'triggerPrice', message: sentence(message) };
    case 'order_type_not_allowed':
      return { field: 'type', message: sentence(message) };
    default:
      return { field: null, message };
  }
}

function sentence(message: string): string {
  return message.endsWith('.') ? message : `${message}.`;
}
