import type { AlertCondition } from '../domain/alerts';

/** How many alerts a user may create (watchlist alerts not counted); the server enforces the same. */
export const MAX_ALERTS_PER_USER = 1_000;
/** The price column is numeric(18,4): values stay below this many rupees. */
export const MAX_ALERT_PRICE = 100_000_000_000_000;
/** Longest note, characters (the server's check). */
export const MAX_ALERT_NOTE = 500;

/** A refusal about one field of the alert form, in words (the form shows it beside the field). */
export interface AlertRefusal {
  field: 'value' | 'condition' | 'token' | 'note';
  message: string;
}

/** True for the conditions whose value is a price (rupees); the others are percentages. */
export function isPriceCondition(condition: AlertCondition): boolean {
  return condition === 'LTP_ABOVE' || condition === 'LTP_BELOW';
}

const inr = new Intl.NumberFormat('en-IN', { minimumFractionDigits: 2, maximumFractionDigits: 4 });

/** `2500.05` → `"₹2,500.05"`. */
export function alertRupees(value: number): string {
  return `₹${inr.format(value)}`;
}

/** Whole multiples of `tick`, judged in integer units so 0.1 + 0.2 style errors never refuse a price. */
export function onTickGrid(value: number, tick: number): boolean {
  if (!(tick > 0)) return true;
  const ratio = value / tick;
  return Math.abs(ratio - Math.round(ratio)) < 1e-6;
}

/**
 * Why an alert value is not acceptable, or null when it is. Rules (issue 16, "Managing"): a
 * number; a price above ₹0, below MAX_ALERT_PRICE and on the instrument's tick grid (its
 * `tickSize`, rupees; the exchange refuses prices off it, so an alert there could never be met
 * by a trade); a day change between -100 % and 1,000 % with at most two decimals.
 */
export function alertValueRefusal(
  condition: AlertCondition,
  value: unknown,
  instrument: { tickSize: number } | null,
): AlertRefusal | null {
  if (typeof value !== 'number' || !Number.isFinite(value)) return { field: 'value', message: 'Enter a number.' };
  if (isPriceCondition(condition)) {
    if (value <= 0) return { field: 'value', message: 'Price must be above ₹0.' };
    if (value >= MAX_ALERT_PRICE) return { field: 'value', message: 'Price is too large.' };
    const tick = instrument?.tickSize ?? 0;
    if (!onTickGrid(value, tick)) {
      const below = Math.floor(value / tick + 1e-9) * tick;
      return {
        field: 'value',
        message: `Price must be a multiple of the tick size ${alertRupees(tick)} (for example ${alertRupees(below)} or ${alertRupees(below + tick)}).`,
      };
    }
    return null;
  }
  if (value <= -100 || value >= 1_000)
    return { field: 'value', message: 'Day change must be between -100% and 1,000%.' };
  if (!onTickGrid(value, 0.01)) return { field: 'value', message: 'Day change takes at most two decimals.' };
  return null;
}

/** Why a note is not acceptable, or null. */
export function alertNoteRefusal(note: string | null | undefined): AlertRefusal | null {
  if (note === null || note === undefined) return null;
  return note.length > MAX_ALERT_NOTE
    ? { field: 'note', message: `A note takes at most ${MAX_ALERT_NOTE} characters.` }
    : null;
}
