import type { z } from 'zod';
import type { ParsedArgs } from '../../../src/shared/contract';
import {
  Account,
  Order,
  type OrderIntent,
  Position,
  PriceAlert,
  Transaction,
  Watchlist,
  WatchlistItem,
} from '../../../src/shared/domain';
import type { EntityKind, RowOf } from '../cache';

/**
 * The one place where the platform's names meet the terminal's. Domain rows keep the platform's
 * column names except where a column's name says something else than the concept it holds; those
 * columns, and the RPC parameters (`p_…`, forced by the SQL functions' signatures), are named here
 * and nowhere else in TypeScript:
 *
 * | concept (TS everywhere) | platform column | RPC parameter |
 * | --- | --- | --- |
 * | `clientOrderId` (an order's id minted by the terminal that placed it, a UUID) | `orders.idempotency_key` | `place_order(p_client_order_id)` |
 *
 * The order side is `OrderSide` (`BUY` | `SELL`) in every layer. An order row keeps its platform
 * column `orderSide` beside `orderType` and `productType` (the row's own names); an intent and
 * `orders.place` say `side`, `type` and `product`, sent as `p_side`, `p_order_type` and
 * `p_product_type` by `placeOrderParams`.
 *
 * Rows from the network (REST, Realtime, RPC results) are turned into domain rows by `parseRow`;
 * writes are spelled for the platform by the `…Params` builders. SQL tests and the embedded
 * stack speak the platform's names directly (they are the platform).
 */

/** Domain field → platform column, for the columns whose names differ (read by `parseRow`, filters). */
export const PLATFORM_COLUMN = {
  order: { clientOrderId: 'idempotency_key' },
} as const satisfies Partial<Record<EntityKind, Record<string, string>>>;

const ROW_SCHEMA: { [K in EntityKind]: z.ZodType<RowOf<K>, unknown> } = {
  account: Account,
  order: Order,
  position: Position,
  transaction: Transaction,
  watchlist: Watchlist,
  watchlistItem: WatchlistItem,
  priceAlert: PriceAlert,
};

/**
 * A platform row with its renamed columns under their domain names (a column absent stays absent,
 * so the schema's default applies); anything that is not an object is returned as it is, for the
 * schema to refuse.
 */
function renameColumns(kind: EntityKind, raw: unknown): unknown {
  const renames: Record<string, string> | undefined = (
    PLATFORM_COLUMN as Partial<Record<EntityKind, Record<string, string>>>
  )[kind];
  if (!renames || raw === null || typeof raw !== 'object' || Array.isArray(raw)) return raw;
  const out: Record<string, unknown> = { ...(raw as Record<string, unknown>) };
  for (const [field, column] of Object.entries(renames)) {
    if (!(column in out)) continue;
    out[field] = out[column];
    delete out[column];
  }
  return out;
}

/**
 * Parses one platform row from the network (REST, Realtime, an RPC's result) into its domain
 * row; undefined when it fails its schema (the caller counts it).
 */
export function parseRow<K extends EntityKind>(kind: K, raw: unknown): RowOf<K> | undefined {
  const parsed = ROW_SCHEMA[kind].safeParse(renameColumns(kind, raw));
  return parsed.success ? parsed.data : undefined;
}

/** `place_order`'s parameters for an intent (the client order id makes a repeat book nothing twice). */
export function placeOrderParams(intent: OrderIntent): Record<string, unknown> {
  return {
    p_client_order_id: intent.clientOrderId,
    p_symbol: intent.symbol,
    p_side: intent.side,
    p_order_type: intent.type,
    p_product_type: intent.product,
    p_quantity: intent.quantity,
    p_price: intent.price,
    p_trigger_price: intent.triggerPrice ?? null,
  };
}

/** `modify_order`'s parameters (null: leave that field as it is). */
export function modifyOrderParams(args: ParsedArgs<'orders.modify'>): Record<string, unknown> {
  return {
    p_order_id: args.orderId,
    p_price: args.price ?? null,
    p_quantity: args.quantity ?? null,
    p_trigger_price: args.triggerPrice ?? null,
  };
}

/** `cancel_order`'s parameters. */
export function cancelOrderParams(args: ParsedArgs<'orders.cancel'>): Record<string, unknown> {
  return { p_order_id: args.orderId };
}

/** `close_position`'s parameters. */
export function closePositionParams(args: ParsedArgs<'positions.close'>): Record<string, unknown> {
  return { p_position_id: args.positionId };
}
