import { z } from 'zod';
import { EpochMs, Num } from './primitives';
import { PriceAlert } from './alerts';
import { Order, Position } from './trading';

/** The trading events, derived in main from row changes (see ARCHITECTURE.md). */
export const TradingEventType = z.enum([
  'order_placed',
  'order_executed',
  'order_cancelled',
  'order_modified',
  'order_triggered',
  'position_opened',
  'position_updated',
  'position_closed',
  'balance_updated',
  'margin_blocked',
  'margin_released',
  'charges_debited',
  'charges_refunded',
  'pnl_booked',
  'alert_triggered',
]);
export type TradingEventType = z.infer<typeof TradingEventType>;

const base = {
  /** Journal sequence number: strictly increasing per cache, unique. */
  seq: z.number().int().positive(),
  /** When main derived it, epoch ms. */
  at: EpochMs,
  accountId: z.string(),
  /** True when the change was found by reconciliation after a gap rather than delivered live. */
  recovered: z.boolean(),
};

export const TradingEvent = z.discriminatedUnion('type', [
  z.object({ ...base, type: z.literal('order_placed'), order: Order }),
  z.object({ ...base, type: z.literal('order_executed'), order: Order }),
  z.object({ ...base, type: z.literal('order_cancelled'), order: Order }),
  z.object({
    ...base,
    type: z.literal('order_modified'),
    order: Order,
    previous: z.object({
      price: Num.nullable(),
      quantity: z.number().int(),
      triggerPrice: Num.nullable().optional(),
    }),
  }),
  /** A stop's trigger was crossed (`triggeredAt` set): it now works as a LIMIT (SL) / MARKET (SL-M) order. */
  z.object({ ...base, type: z.literal('order_triggered'), order: Order }),
  z.object({ ...base, type: z.literal('position_opened'), position: Position }),
  z.object({ ...base, type: z.literal('position_updated'), position: Position }),
  z.object({
    ...base,
    type: z.literal('position_closed'),
    position: Position,
    /** P&L booked by the close, rupees to the paisa. */
    realizedPnL: Num,
    /** What rounding to the whole-rupee balance added to it (0 when unknown). */
    realizedPnLRounding: Num.default(0),
  }),
  z.object({
    ...base,
    type: z.literal('balance_updated'),
    balance: z.number().int(),
    previousBalance: z.number().int().nullable(),
    availableMargin: z.number().int(),
    usedMargin: z.number().int(),
  }),
  z.object({
    ...base,
    type: z.literal('margin_blocked'),
    amount: z.number().int().positive(),
    availableMargin: z.number().int(),
    usedMargin: z.number().int(),
  }),
  z.object({
    ...base,
    type: z.literal('margin_released'),
    amount: z.number().int().positive(),
    availableMargin: z.number().int(),
    usedMargin: z.number().int(),
  }),
  /** Charges debited for an order: at placement, or the increase when it was modified. Whole rupees. */
  z.object({
    ...base,
    type: z.literal('charges_debited'),
    order: Order,
    amount: z.number().int().positive(),
    /** True when this is the difference booked by a modification. */
    onModify: z.boolean(),
  }),
  /** Charges given back when a modification made the order cheaper. Whole rupees. */
  z.object({
    ...base,
    type: z.literal('charges_refunded'),
    order: Order,
    amount: z.number().int().positive(),
  }),
  /**
   * A fill that reduced a position booked P&L: `realizedPnL` to the paisa, and the balance moved
   * by realizedPnL + realizedPnLRounding (whole rupees).
   */
  z.object({
    ...base,
    type: z.literal('pnl_booked'),
    order: Order,
    realizedPnL: Num,
    realizedPnLRounding: Num,
  }),
  /** A price alert moved to TRIGGERED (fired by this terminal or another one of the same user). */
  z.object({ ...base, type: z.literal('alert_triggered'), alert: PriceAlert }),
]);
export type TradingEvent = z.infer<typeof TradingEvent>;
/** An event before the journal assigned it a sequence number. */
export type DerivedTradingEvent = TradingEvent extends infer E
  ? E extends { seq: number }
    ? Omit<E, 'seq'>
    : never
  : never;
