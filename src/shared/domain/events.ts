import { z } from 'zod';
import { EpochMs, Num } from './primitives';
import { Order, Position } from './trading';

/** The ten trading events, derived in main from row changes (see ARCHITECTURE.md). */
export const TradingEventType = z.enum([
  'order_placed',
  'order_executed',
  'order_cancelled',
  'order_modified',
  'position_opened',
  'position_updated',
  'position_closed',
  'balance_updated',
  'margin_blocked',
  'margin_released',
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
    previous: z.object({ price: Num.nullable(), quantity: z.number().int() }),
  }),
  z.object({ ...base, type: z.literal('position_opened'), position: Position }),
  z.object({ ...base, type: z.literal('position_updated'), position: Position }),
  z.object({ ...base, type: z.literal('position_closed'), position: Position, realizedPnL: Num }),
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
]);
export type TradingEvent = z.infer<typeof TradingEvent>;
/** An event before the journal assigned it a sequence number. */
export type DerivedTradingEvent = TradingEvent extends infer E
  ? E extends { seq: number }
    ? Omit<E, 'seq'>
    : never
  : never;
