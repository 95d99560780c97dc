import { z } from 'zod';
import { Id, Int, Num, Timestamp } from './primitives';

/**
 * MARKET and LIMIT are the platform's; SL (stop-loss limit: trigger + limit price) and SL-M
 * (stop-loss market: trigger only) are our additive enum values (migration stop_loss_orders).
 */
export const OrderType = z.enum(['MARKET', 'LIMIT', 'SL', 'SL-M']);
export type OrderType = z.infer<typeof OrderType>;
export const OrderSide = z.enum(['BUY', 'SELL']);
export type OrderSide = z.infer<typeof OrderSide>;
export const OrderStatus = z.enum(['PENDING', 'EXECUTED', 'CANCELLED']);
export type OrderStatus = z.infer<typeof OrderStatus>;
/** The platform stores product type as free text; these are the values the terminal places. */
export const ProductType = z.enum(['MIS', 'CNC', 'NRML', 'DELIVERY']);
export type ProductType = z.infer<typeof ProductType>;

/** `trading_accounts` row. Money is whole rupees (Int), as the platform stores it. */
export const Account = z.object({
  id: Id,
  userId: z.string(),
  balance: Int,
  availableMargin: Int,
  usedMargin: Int,
  clientId: z.string().nullable().optional().default(null),
  createdAt: Timestamp.optional(),
  updatedAt: Timestamp.optional(),
  version: Int,
});
export type Account = z.infer<typeof Account>;

/**
 * `orders` row, with the platform's column names except `clientOrderId` (platform column
 * `idempotency_key`, renamed where rows are parsed: electron/core/trading/platform-row.ts).
 */
export const Order = z.object({
  id: Id,
  tradingAccountId: Id,
  symbol: z.string(),
  quantity: Int,
  orderType: OrderType,
  orderSide: OrderSide,
  price: Num.nullable(),
  /** SL / SL-M: the price whose crossing turns the order into a LIMIT / MARKET one (rupees). */
  triggerPrice: Num.nullable().default(null),
  /** When the broker saw the last price cross the trigger (UTC); null = untriggered or no stop. */
  triggeredAt: Timestamp.nullable().default(null),
  filledQuantity: Int.default(0),
  averagePrice: Num.nullable().default(null),
  productType: z.string().default('MIS'),
  status: OrderStatus,
  createdAt: Timestamp,
  executedAt: Timestamp.nullable().default(null),
  stockId: z.string().nullable().default(null),
  positionId: z.string().nullable().default(null),
  /** The id the terminal that placed it minted (a UUID); null for an order placed elsewhere. */
  clientOrderId: z.string().nullable().default(null),
  /** Additive columns (our migrations), whole rupees: margin this order holds, charges it paid. */
  marginBlocked: Int.default(0),
  chargesDeducted: Int.default(0),
  /** P&L this order's fill booked, rupees to the paisa (0 for a fill that only opened). */
  realizedPnL: Num.default(0),
  /** round(realizedPnL) − realizedPnL: what rounding to the whole-rupee balance added. */
  realizedPnLRounding: Num.default(0),
  updatedAt: Timestamp.optional(),
  version: Int,
});
export type Order = z.infer<typeof Order>;

/** `positions` row. quantity is signed; 0 means closed (the row is kept). */
export const Position = z.object({
  id: Id,
  tradingAccountId: Id,
  symbol: z.string(),
  quantity: Int,
  averagePrice: Num,
  unrealizedPnL: Num.default(0),
  dayPnL: Num.default(0),
  /** Additive column (our migration): P&L booked on this symbol so far, rupees to the paisa. */
  realizedPnL: Num.default(0),
  /**
   * Σ of the rounding each booking added when it moved the whole-rupee balance: the balance moved
   * by realizedPnL + realizedPnLRounding.
   */
  realizedPnLRounding: Num.default(0),
  stopLoss: Num.nullable().default(null),
  target: Num.nullable().default(null),
  /** Additive column: the product of the order that opened it (DELIVERY = CNC holdings). */
  productType: z.string().optional(),
  createdAt: Timestamp,
  stockId: z.string().nullable().default(null),
  updatedAt: Timestamp.optional(),
  version: Int,
});
export type Position = z.infer<typeof Position>;

export const TransactionType = z.enum(['CREDIT', 'DEBIT']);
export const Transaction = z.object({
  id: Id,
  tradingAccountId: Id,
  amount: Num,
  type: TransactionType,
  description: z.string().nullable().default(null),
  createdAt: Timestamp,
  orderId: z.string().nullable().default(null),
  positionId: z.string().nullable().default(null),
  updatedAt: Timestamp.optional(),
  version: Int.optional(),
});
export type Transaction = z.infer<typeof Transaction>;

/** `risk_config` row: overrides of leverage and brokerage per segment and product. */
export const RiskConfig = z.object({
  segment: z.string(),
  productType: z.string(),
  leverage: Num,
  brokerageFlat: Num.nullable().default(null),
  brokerageRate: Num.nullable().default(null),
  brokerageCap: Num.nullable().default(null),
  active: z.boolean().default(true),
});
export type RiskConfig = z.infer<typeof RiskConfig>;
