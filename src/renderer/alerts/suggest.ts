import { isPriceCondition } from '../../shared/alerts';
import type { AlertCondition } from '../../shared/domain';

/** One tick above (or below) the price now, on the instrument's grid: where a new alert starts. */
export function suggestedValue(ltp: number | null, tickSize: number, condition: AlertCondition): string {
  if (!isPriceCondition(condition)) return condition === 'CHANGE_PCT_ABOVE' ? '2' : '-2';
  if (ltp === null || !(ltp > 0)) return '';
  const tick = tickSize > 0 ? tickSize : 0.05;
  const ticks = Math.round(ltp / tick) + (condition === 'LTP_ABOVE' ? 1 : -1);
  const decimals = Math.max(0, Math.min(4, Math.ceil(-Math.log10(tick) - 1e-9)));
  return (ticks * tick).toFixed(decimals);
}
