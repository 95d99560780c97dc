import type { AlertCondition, PriceAlert } from '../domain/alerts';
import { alertRupees, isPriceCondition } from './validate';

const CONDITION_WORDS: Record<AlertCondition, string> = {
  LTP_ABOVE: 'LTP crosses above',
  LTP_BELOW: 'LTP crosses below',
  CHANGE_PCT_ABOVE: 'day change crosses above',
  CHANGE_PCT_BELOW: 'day change crosses below',
};

/** `"₹2,500.00"` or `"-2.5%"` for an alert's value. */
export function alertValueText(condition: AlertCondition, value: number): string {
  return isPriceCondition(condition) ? alertRupees(value) : `${value}%`;
}

/** One line for lists and notifications: `"RELIANCE LTP crosses above ₹2,500.00"`. */
export function describeAlert(alert: Pick<PriceAlert, 'symbol' | 'condition' | 'value'>): string {
  return `${alert.symbol} ${CONDITION_WORDS[alert.condition]} ${alertValueText(alert.condition, alert.value)}`;
}

/**
 * The words of a fired alert: `"RELIANCE crossed above ₹2,500.00 — LTP ₹2,500.05"`. `price`
 * is the last price that crossed (rupees).
 */
export function describeTrigger(
  alert: Pick<PriceAlert, 'symbol' | 'condition' | 'value'>,
  price: number,
  changePct: number | null = null,
): string {
  const direction = alert.condition.endsWith('ABOVE') ? 'above' : 'below';
  const what = isPriceCondition(alert.condition) ? '' : 'day change ';
  const now =
    isPriceCondition(alert.condition) || changePct === null
      ? `LTP ${alertRupees(price)}`
      : `${changePct}% · LTP ${alertRupees(price)}`;
  return `${alert.symbol} ${what}crossed ${direction} ${alertValueText(alert.condition, alert.value)} — ${now}`;
}
