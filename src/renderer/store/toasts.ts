import type { TradingEvent } from '../../shared/domain';
import { formatCount, formatPrice, formatRupees, formatSignedRupees } from '../format/numbers';

export interface Toast {
  id: number;
  tone: 'info' | 'success' | 'warning' | 'error';
  title: string;
  body: string;
  recovered: boolean;
}

/** One line a trader reads at a glance for each event; null for the ones that would be noise. */
export function toastForEvent(event: TradingEvent): Omit<Toast, 'id'> | null {
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
      // Pending LIMIT orders deserve a note; a MARKET order's "executed" follows at once.
      if (event.order.orderType === 'MARKET') return null;
      return {
        tone: 'info',
        title: `Order placed: ${event.order.symbol}`,
        body: `${event.order.orderSide} ${formatCount(event.order.quantity)} LIMIT @ ${formatPrice(event.order.price)}`,
        recovered,
      };
    case 'order_modified':
      return {
        tone: 'info',
        title: `Order modified: ${event.order.symbol}`,
        body: `${formatCount(event.order.quantity)} @ ${formatPrice(event.order.price)}`,
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
        body: `Booked P&L ${formatSignedRupees(event.realizedPnL)}`,
        recovered,
      };
    case 'margin_blocked':
      return {
        tone: 'info',
        title: 'Margin blocked',
        body: `${formatRupees(event.amount)} · available ${formatRupees(event.availableMargin)}`,
        recovered,
      };
    case 'margin_released':
      return {
        tone: 'info',
        title: 'Margin released',
        body: `${formatRupees(event.amount)} · available ${formatRupees(event.availableMargin)}`,
        recovered,
      };
    case 'position_updated':
    case 'balance_updated':
      return null;
  }
}

/** The event log's one-line description of any event. */
export function describeEvent(event: TradingEvent): string {
  switch (event.type) {
    case 'order_placed':
      return `Placed ${event.order.orderSide} ${formatCount(event.order.quantity)} ${event.order.symbol} ${event.order.orderType}${event.order.price !== null ? ` @ ${formatPrice(event.order.price)}` : ''}`;
    case 'order_executed':
      return `Executed ${event.order.orderSide} ${formatCount(event.order.filledQuantity || event.order.quantity)} ${event.order.symbol} @ ${formatPrice(event.order.averagePrice ?? event.order.price)}`;
    case 'order_cancelled':
      return `Cancelled ${event.order.orderSide} ${formatCount(event.order.quantity)} ${event.order.symbol}`;
    case 'order_modified':
      return `Modified ${event.order.symbol}: ${formatCount(event.previous.quantity)} @ ${formatPrice(event.previous.price)} → ${formatCount(event.order.quantity)} @ ${formatPrice(event.order.price)}`;
    case 'position_opened':
      return `Opened ${event.position.symbol} ${formatCount(event.position.quantity)} @ ${formatPrice(event.position.averagePrice)}`;
    case 'position_updated':
      return `Position ${event.position.symbol} now ${formatCount(event.position.quantity)} @ ${formatPrice(event.position.averagePrice)}`;
    case 'position_closed':
      return `Closed ${event.position.symbol}, booked ${formatSignedRupees(event.realizedPnL)}`;
    case 'balance_updated':
      return `Balance ${formatRupees(event.balance)}${event.previousBalance !== null ? ` (was ${formatRupees(event.previousBalance)})` : ''}`;
    case 'margin_blocked':
      return `Margin blocked ${formatRupees(event.amount)}, available ${formatRupees(event.availableMargin)}`;
    case 'margin_released':
      return `Margin released ${formatRupees(event.amount)}, available ${formatRupees(event.availableMargin)}`;
  }
}
