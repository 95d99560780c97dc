import { describeTrigger } from '../../shared/alerts';
import type { AlertTriggeredPush } from '../../shared/contract';
import type { TradingEvent } from '../../shared/domain';
import {
  formatCount,
  formatPrice,
  formatSignedRupees,
  formatSignedWholeRupees,
  formatWholeRupees,
} from '../format/numbers';

export interface Toast {
  id: number;
  tone: 'info' | 'success' | 'warning' | 'error';
  title: string;
  body: string;
  recovered: boolean;
  /** When it leaves the screen, epoch ms: fixed when it is shown, whatever comes and goes after. */
  expiresAt: number;
}

/** What a toast needs before the store gives it an id and its expiry. */
export type ToastContent = Omit<Toast, 'id' | 'expiresAt'>;

/** One line a trader reads at a glance for each event; null for the ones that would be noise. */
export function toastForEvent(event: TradingEvent): ToastContent | null {
  const recovered = event.recovered;
  switch (event.type) {
    case 'order_executed': {
      const o = event.order;
      const at = o.averagePrice ?? o.price;
      return {
        tone: 'success',
        title: `${o.orderSide === 'BUY' ? 'Bought' : 'Sold'} ${o.symbol}`,
        body: `${formatCount(o.filledQuantity || o.quantity)} @ ${formatPrice(at)} · order executed`,
        recovered,
      };
    }
    case 'order_cancelled':
      return {
        tone: 'warning',
        title: `Order cancelled: ${event.order.symbol}`,
        body: `${event.order.orderSide} ${formatCount(event.order.quantity)} ${event.order.orderType}`,
        recovered,
      };
    case 'order_placed':
      // Pending LIMIT and stop orders deserve a note; a MARKET order's "executed" follows at once.
      if (event.order.orderType === 'MARKET') return null;
      return {
        tone: 'info',
        title: `Order placed: ${event.order.symbol}`,
        body: `${event.order.orderSide} ${formatCount(event.order.quantity)} ${orderTerms(event.order)}`,
        recovered,
      };
    case 'order_triggered':
      return {
        tone: 'warning',
        title: `Stop triggered: ${orderWords(event.order)} at ${formatPrice(event.order.triggerPrice)}`,
        body: `${event.order.orderType} now works as ${event.order.orderType === 'SL' ? `LIMIT @ ${formatPrice(event.order.price)}` : 'MARKET'}`,
        recovered,
      };
    case 'order_modified':
      return {
        tone: 'info',
        title: `Order modified: ${event.order.symbol}`,
        body: `${formatCount(event.order.quantity)} ${modifiedTerms(event.order)}`,
        recovered,
      };
    case 'position_opened':
      return {
        tone: 'info',
        title: `Position opened: ${event.position.symbol}`,
        body: `${formatCount(event.position.quantity)} @ ${formatPrice(event.position.averagePrice)}`,
        recovered,
      };
    case 'position_closed':
      return {
        tone: event.realizedPnL >= 0 ? 'success' : 'error',
        title: `Position closed: ${event.position.symbol}`,
        body: `Booked P&L ${formatSignedRupees(event.realizedPnL)}${settlement(event.realizedPnL, event.realizedPnLRounding)}`,
        recovered,
      };
    // Margin events carry the account row they were derived from; every RPC writes that row
    // once, so "available" here is the committed figure the Account panel shows too.
    case 'margin_blocked':
      return {
        tone: 'info',
        title: 'Margin blocked',
        body: `${formatWholeRupees(event.amount)} · available ${formatWholeRupees(event.availableMargin)}`,
        recovered,
      };
    case 'margin_released':
      return {
        tone: 'info',
        title: 'Margin released',
        body: `${formatWholeRupees(event.amount)} · available ${formatWholeRupees(event.availableMargin)}`,
        recovered,
      };
    case 'position_updated':
    case 'balance_updated':
    case 'charges_debited':
    case 'charges_refunded':
    case 'pnl_booked':
      return null;
    // The toast of a fired alert comes from the `alerts.triggered` push, sent by the one terminal
    // that fired it (two terminals of one trader show it once between them).
    case 'alert_triggered':
      return null;
  }
}

/**
 * The toast of a fired alert (the `alerts.triggered` push, sent once by the terminal that fired
 * it). `notice`: why no desktop notification came with it, when none did (the browser host).
 */
export function toastForAlert(push: AlertTriggeredPush, notice: string | null): ToastContent {
  // The push's line has no full stop; the sentences after it do.
  const parts = [`${push.text}.`];
  if (!push.confirmed) parts.push('Not confirmed by the server: another terminal of yours may show it too.');
  if (notice) parts.push(notice);
  return { tone: 'warning', title: `Alert: ${push.alert.symbol}`, body: parts.join(' '), recovered: false };
}

/**
 * What can produce a toast, as it happened. Components, keys and wires say what happened; the
 * words, tone and whether it deserves a toast at all are decided here, in one place.
 * - `event`: a live trading event (`trading.event`; journal history is never toasted);
 * - `alert_triggered`: an alert this terminal fired (`alerts.triggered`; `notice` says why no
 *   desktop notification came, when none did); `alert_refused`: an alert write main refused;
 * - `refused`: a call main refused — `what` names the action in words ("Cancel RELIANCE",
 *   "Add INFY"), `message` is main's own reason;
 * - `order_unconfirmed`: `orders.place` sent, the server has not confirmed it (it shows in
 *   Orders); `intent_unknown`: a check found no order with the intent's id on the server;
 * - `popups_blocked`: the browser kept `count` layout windows from opening;
 * - `key_unused`: a shortcut had nothing to act on (`reason` says what is missing).
 */
export type ToastSource =
  | { kind: 'event'; event: TradingEvent }
  | { kind: 'alert_triggered'; push: AlertTriggeredPush; notice: string | null }
  | { kind: 'alert_refused'; symbol: string | null; message: string }
  | { kind: 'refused'; what: string; message: string }
  | { kind: 'order_unconfirmed'; symbol: string }
  | { kind: 'intent_unknown'; symbol: string }
  | { kind: 'popups_blocked'; count: number }
  | { kind: 'key_unused'; reason: 'no_selection' | 'nothing_to_detach' | 'no_layout' };

/** The one place a happening becomes a toast (null: not worth one). */
export function toastFor(source: ToastSource): ToastContent | null {
  const note = (tone: Toast['tone'], title: string, body: string): ToastContent => ({
    tone,
    title,
    body,
    recovered: false,
  });
  switch (source.kind) {
    case 'event':
      return toastForEvent(source.event);
    case 'alert_triggered':
      return toastForAlert(source.push, source.notice);
    case 'alert_refused':
      return note('error', `Alert not saved${source.symbol ? `: ${source.symbol}` : ''}`, source.message);
    case 'refused':
      return note('error', `${source.what} failed`, source.message);
    case 'order_unconfirmed':
      return note(
        'warning',
        `Order unconfirmed: ${source.symbol}`,
        'Sent, but the server has not confirmed it yet. It is shown in Orders until it resolves.',
      );
    case 'intent_unknown':
      return note(
        'info',
        `${source.symbol}: not on the server`,
        'The server has no order with this id. Place it again or discard it.',
      );
    case 'popups_blocked':
      return note(
        'warning',
        source.count === 1 ? 'The browser kept the window closed' : `The browser kept ${source.count} windows closed`,
        'Allow pop-ups for this page, then use Restore in the status bar.',
      );
    case 'key_unused':
      return KEY_UNUSED[source.reason];
  }
}

const KEY_UNUSED = {
  no_selection: { tone: 'info', title: 'Select an instrument', body: 'Pick a watchlist row first.', recovered: false },
  nothing_to_detach: {
    tone: 'info',
    title: 'Nothing to detach',
    body: 'Click in a panel first. A panel alone in its window goes back with Return to main window.',
    recovered: false,
  },
  no_layout: {
    tone: 'info',
    title: 'No layouts yet',
    body: 'This window has not received its layout from the terminal yet.',
    recovered: false,
  },
} as const satisfies Record<string, ToastContent>;

/**
 * "; balance −₹2 (rounding −₹0.25)" when rounding the booked P&L to the whole-rupee balance
 * changed it, so the booked figure and what the balance moved are never confused.
 */
function settlement(realizedPnL: number, rounding: number): string {
  if (Math.round(rounding * 100) === 0) return '';
  return `; balance ${formatSignedWholeRupees(Math.round((realizedPnL + rounding) * 100) / 100)} (rounding ${formatSignedRupees(rounding)})`;
}

/** "LIMIT @ ₹1,500.00", "SL-M trigger ₹1,500.00", "SL ₹1,499.00 trigger ₹1,500.00". */
function orderTerms(o: { orderType: string; price: number | null; triggerPrice?: number | null | undefined }): string {
  if (o.orderType === 'SL-M') return `SL-M trigger ${formatPrice(o.triggerPrice)}`;
  if (o.orderType === 'SL') return `SL @ ${formatPrice(o.price)} trigger ${formatPrice(o.triggerPrice)}`;
  return `${o.orderType} @ ${formatPrice(o.price)}`;
}

/** What a modify can change: "@ ₹2,390.00", or a stop's terms with its trigger. */
function modifiedTerms(o: {
  orderType: string;
  price: number | null;
  triggerPrice?: number | null | undefined;
}): string {
  return o.orderType === 'SL' || o.orderType === 'SL-M' ? orderTerms(o) : `@ ${formatPrice(o.price)}`;
}

/** "BUY 1,00,000 RELIANCE": the order as the trader placed it. */
function orderWords(o: { orderSide: string; quantity: number; symbol: string }): string {
  return `${o.orderSide} ${formatCount(o.quantity)} ${o.symbol}`;
}

/** The event log's one-line description of any event. */
export function describeEvent(event: TradingEvent): string {
  switch (event.type) {
    case 'order_placed':
      return `Placed ${event.order.orderSide} ${formatCount(event.order.quantity)} ${event.order.symbol} ${event.order.orderType === 'MARKET' ? 'MARKET' : orderTerms(event.order)}`;
    case 'order_triggered':
      return `Stop triggered: ${orderWords(event.order)} at ${formatPrice(event.order.triggerPrice)}`;
    case 'order_executed':
      return `Executed ${event.order.orderSide} ${formatCount(event.order.filledQuantity || event.order.quantity)} ${event.order.symbol} @ ${formatPrice(event.order.averagePrice ?? event.order.price)}`;
    case 'order_cancelled':
      return `Cancelled ${event.order.orderSide} ${formatCount(event.order.quantity)} ${event.order.symbol}`;
    case 'order_modified':
      return `Modified ${event.order.symbol}: ${formatCount(event.previous.quantity)} ${modifiedTerms({ ...event.order, ...event.previous })} → ${formatCount(event.order.quantity)} ${modifiedTerms(event.order)}`;
    case 'position_opened':
      return `Opened ${event.position.symbol} ${formatCount(event.position.quantity)} @ ${formatPrice(event.position.averagePrice)}`;
    case 'position_updated':
      return `Position ${event.position.symbol} now ${formatCount(event.position.quantity)} @ ${formatPrice(event.position.averagePrice)}`;
    case 'position_closed':
      return `Closed ${event.position.symbol}, booked ${formatSignedRupees(event.realizedPnL)}${settlement(event.realizedPnL, event.realizedPnLRounding)}`;
    case 'balance_updated':
      return `Balance ${formatWholeRupees(event.balance)}${event.previousBalance !== null ? ` (${formatSignedWholeRupees(event.balance - event.previousBalance)})` : ''}`;
    case 'margin_blocked':
      return `Margin blocked ${formatWholeRupees(event.amount)}, available ${formatWholeRupees(event.availableMargin)}`;
    case 'margin_released':
      return `Margin released ${formatWholeRupees(event.amount)}, available ${formatWholeRupees(event.availableMargin)}`;
    case 'charges_debited':
      return event.onModify
        ? `Charges ${formatWholeRupees(event.amount)} more for ${orderWords(event.order)} (modified)`
        : `Charges ${formatWholeRupees(event.amount)} for ${orderWords(event.order)}`;
    case 'charges_refunded':
      return `Charges ${formatWholeRupees(event.amount)} refunded for ${orderWords(event.order)} (modified)`;
    case 'pnl_booked':
      return `Booked ${formatSignedRupees(event.realizedPnL)} on ${event.order.orderSide} ${formatCount(event.order.filledQuantity || event.order.quantity)} ${event.order.symbol}${settlement(event.realizedPnL, event.realizedPnLRounding)}`;
    case 'alert_triggered':
      return `Alert: ${describeTrigger(event.alert, event.alert.triggeredPrice ?? 0)}`;
  }
}
