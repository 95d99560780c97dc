import { isPriceCondition } from '../../shared/alerts';
import type { AlertCondition } from '../../shared/domain';

/** One tick above (or below) the price now, on the instrument's grid: where a new alert starts. */
export function suggestedValue(ltp: number | null, tickSize: number, condition: AlertCondition): string {
  if (!isPriceCondition(condition)) return condition === 'CHANGE_PCT_ABOVE' ? '2' : '-2';
  if (ltp === null || !(ltp > 0)) return '';
  const tick = tickSize > 0 ? tickSize : 0.05;
  const ticks = Math.round(ltp / tick) + (condition === 'LTP_ABOVE' ? 1 : -1);
  return (ticks * tick).toFixed(decimalsOf(tick));
}

/** Decimals a price on this grid is written with (₹0.05 → 2, ₹1 → 0). */
function decimalsOf(tick: number): number {
  return Math.max(0, Math.min(4, Math.ceil(-Math.log10(tick) - 1e-9)));
}

/**
 * A price picked on a chart (under the crosshair: any real number), as an alert value: the
 * nearest price on the instrument's grid, and the condition that makes it a crossing still to
 * come — above the price now "crosses above", below it "crosses below". Null when the price is
 * not above ₹0.
 */
export function alertAtPrice(
  price: number,
  tickSize: number,
  ltp: number | null,
): { value: string; condition: 'LTP_ABOVE' | 'LTP_BELOW' } | null {
  if (!Number.isFinite(price) || price <= 0) return null;
  const tick = tickSize > 0 ? tickSize : 0.05;
  const ticks = Math.max(1, Math.round(price / tick));
  const onGrid = ticks * tick;
  return {
    value: onGrid.toFixed(decimalsOf(tick)),
    condition: ltp !== null && onGrid < ltp ? 'LTP_BELOW' : 'LTP_ABOVE',
  };
}
