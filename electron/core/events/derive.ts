import type { Account, DerivedTradingEvent, Order, Position, PriceAlert } from '../../../src/shared/domain';
import type { ApplyOutcome } from '../cache/types';

export interface DeriveOptions {
  /** The change was found by reconciliation after a gap rather than delivered live. */
  recovered: boolean;
  /** When main derived it, epoch ms. */
  at: number;
  /**
   * The signed-in account (events of rows without one, such as alerts, which belong to a user,
   * are journaled under it; absent: the alert's user id).
   */
  accountId?: string;
}

/**
 * Trading events implied by one applied row change, comparing the new row with the cached one
 * (so it works when the server sends no old row). Pure. A stale outcome (`applied: false`) and a
 * removal yield nothing: nothing changed on screen that a trader should be told about.
 */
export function deriveEvents(outcome: ApplyOutcome, opts: DeriveOptions): DerivedTradingEvent[] {
  if (!outcome.applied || outcome.next === undefined) return [];
  switch (outcome.kind) {
    case 'order':
      return orderEvents(outcome.previous as Order | undefined, outcome.next as Order, opts);
    case 'position':
      return positionEvents(outcome.previous as Position | undefined, outcome.next as Position, opts);
    case 'account':
      return accountEvents(outcome.previous as Account | undefined, outcome.next as Account, opts);
    case 'priceAlert':
      return alertEvents(outcome.previous as PriceAlert | undefined, outcome.next as PriceAlert, opts);
    default:
      return [];
  }
}

/** Derives for a batch, in order (one transaction's outcomes become one run of the journal). */
export function deriveAll(outcomes: readonly ApplyOutcome[], opts: DeriveOptions): DerivedTradingEvent[] {
  return outcomes.flatMap((o) => deriveEvents(o, opts));
}

function base(accountId: string, opts: DeriveOptions) {
  return { at: opts.at, accountId, recovered: opts.recovered };
}

function orderEvents(previous: Order | undefined, next: Order, opts: DeriveOptions): DerivedTradingEvent[] {
  const b = base(next.tradingAccountId, opts);
  const events: DerivedTradingEvent[] = [];
  // An order first seen already filled or cancelled (placed and resolved while we were away)
  // surfaces as both steps, in the order they happened.
  if (previous === undefined) events.push({ ...b, type: 'order_placed', order: next });
  // Charges are debited at placement: the event log names them beside the order.
  if (previous === undefined && next.chargesDeducted > 0)
    events.push({ ...b, type: 'charges_debited', order: next, amount: next.chargesDeducted, onModify: false });
  // A stop's trigger comes before its fill (both may arrive in one row, seen late).
  if ((previous?.triggeredAt ?? null) === null && next.triggeredAt !== null)
    events.push({ ...b, type: 'order_triggered', order: next });
  const previousStatus = previous?.status ?? 'PENDING';
  if (next.status !== previousStatus) {
    if (next.status === 'EXECUTED') {
      events.push({ ...b, type: 'order_executed', order: next });
      if (next.realizedPnL !== 0 || next.realizedPnLRounding !== 0)
        events.push({
          ...b,
          type: 'pnl_booked',
          order: next,
          realizedPnL: next.realizedPnL,
          realizedPnLRounding: next.realizedPnLRounding,
        });
    }
    if (next.status === 'CANCELLED') events.push({ ...b, type: 'order_cancelled', order: next });
  } else if (
    previous !== undefined &&
    previous.status === 'PENDING' &&
    next.status === 'PENDING' &&
    (previous.price !== next.price ||
      previous.quantity !== next.quantity ||
      previous.triggerPrice !== next.triggerPrice)
  ) {
    events.push({
      ...b,
      type: 'order_modified',
      order: next,
      previous: { price: previous.price, quantity: previous.quantity, triggerPrice: previous.triggerPrice },
    });
    // Only a modification changes what an order paid (a cached row from before the column
    // existed must not read as a charge when it next changes for another reason).
    const delta = next.chargesDeducted - previous.chargesDeducted;
    if (delta > 0) events.push({ ...b, type: 'charges_debited', order: next, amount: delta, onModify: true });
    if (delta < 0) events.push({ ...b, type: 'charges_refunded', order: next, amount: -delta });
  }
  return events;
}

function positionEvents(previous: Position | undefined, next: Position, opts: DeriveOptions): DerivedTradingEvent[] {
  const b = base(next.tradingAccountId, opts);
  const before = previous?.quantity ?? 0;
  const after = next.quantity;
  if (before === 0 && after !== 0) return [{ ...b, type: 'position_opened', position: next }];
  if (before !== 0 && after === 0) {
    const realizedPnL = roundPaise(next.realizedPnL - (previous?.realizedPnL ?? 0));
    const realizedPnLRounding = roundPaise(next.realizedPnLRounding - (previous?.realizedPnLRounding ?? 0));
    return [{ ...b, type: 'position_closed', position: next, realizedPnL, realizedPnLRounding }];
  }
  if (previous !== undefined && after !== 0 && (before !== after || previous.averagePrice !== next.averagePrice)) {
    return [{ ...b, type: 'position_updated', position: next }];
  }
  return [];
}

function accountEvents(previous: Account | undefined, next: Account, opts: DeriveOptions): DerivedTradingEvent[] {
  // The first sight of an account is where we start counting, not a change to report.
  if (previous === undefined) return [];
  const b = base(next.id, opts);
  const margins = { availableMargin: next.availableMargin, usedMargin: next.usedMargin };
  const events: DerivedTradingEvent[] = [];
  if (next.balance !== previous.balance) {
    events.push({
      ...b,
      type: 'balance_updated',
      balance: next.balance,
      previousBalance: previous.balance,
      ...margins,
    });
  }
  const delta = next.usedMargin - previous.usedMargin;
  if (delta > 0) events.push({ ...b, type: 'margin_blocked', amount: delta, ...margins });
  if (delta < 0) events.push({ ...b, type: 'margin_released', amount: -delta, ...margins });
  return events;
}

/**
 * `alert_triggered` when an alert reaches TRIGGERED: from another state, or for another arming
 * (fired, re-armed and fired again while this terminal was away). An alert first seen already
 * triggered (created and fired elsewhere while away) is reported too, as recovered.
 */
function alertEvents(previous: PriceAlert | undefined, next: PriceAlert, opts: DeriveOptions): DerivedTradingEvent[] {
  if (next.state !== 'TRIGGERED') return [];
  if (previous !== undefined && previous.state === 'TRIGGERED' && previous.armId === next.armId) return [];
  return [{ ...base(opts.accountId ?? next.userId, opts), type: 'alert_triggered', alert: next }];
}

/** Differences of rupee amounts in floating point (0.1 + 0.2) are reported to the paisa. */
function roundPaise(x: number): number {
  return Math.round(x * 100) / 100;
}
