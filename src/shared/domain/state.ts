import { z } from 'zod';
import { EpochMs, Num } from './primitives';
import { Account, Order, OrderSide, OrderType, Position, RiskConfig, Transaction } from './trading';
import { Watchlist, WatchlistItem } from './watchlist';
import { Instrument, Quote } from './market';
import { AlertIntent, PriceAlert } from './alerts';

/**
 * An order the terminal has sent (or is about to) but the server has not confirmed yet.
 * Journaled with its client order id before sending; resolved by reconciliation through it.
 */
export const OrderIntent = z.object({
  clientOrderId: z.string().uuid(),
  symbol: z.string(),
  token: z.number().int().nullable(),
  side: OrderSide,
  type: OrderType,
  product: z.string(),
  quantity: z.number().int().positive(),
  price: Num.nullable(),
  /** SL / SL-M (journals written before stop orders have none). */
  triggerPrice: Num.nullable().optional(),
  state: z.enum(['sending', 'unconfirmed', 'failed']),
  error: z.string().nullable(),
  createdAt: EpochMs,
});
export type OrderIntent = z.infer<typeof OrderIntent>;

/** Everything a window needs to draw the trading screen, sent when it opens (and on re-sync). */
export const StateSnapshot = z.object({
  account: Account.nullable(),
  orders: z.array(Order),
  positions: z.array(Position),
  transactions: z.array(Transaction),
  watchlists: z.array(Watchlist),
  watchlistItems: z.array(WatchlistItem),
  instruments: z.array(Instrument),
  quotes: z.array(Quote),
  intents: z.array(OrderIntent),
  riskConfig: z.array(RiskConfig),
  /** The user's price alerts as the server has them, and this terminal's writes still queued. */
  priceAlerts: z.array(PriceAlert),
  alertIntents: z.array(AlertIntent),
  /** True when this came from the local cache and the server has not confirmed it since. */
  stale: z.boolean(),
  /** When the cached data was last known to match the server, epoch ms (null: never synced). */
  syncedAt: EpochMs.nullable(),
  /** When main built this snapshot, epoch ms. */
  asOf: EpochMs,
});
export type StateSnapshot = z.infer<typeof StateSnapshot>;

/**
 * The kinds of row a window holds. One name per kind in every layer: the cache's entity kinds
 * (`account` … `priceAlert`, electron/core/cache/types.ts) plus what only main and the windows
 * keep (`instrument` by token, `intent` by client order id, `alertIntent` by opId).
 */
export const RowKind = z.enum([
  'account',
  'order',
  'position',
  'transaction',
  'watchlist',
  'watchlistItem',
  'priceAlert',
  'instrument',
  'intent',
  'alertIntent',
]);
export type RowKind = z.infer<typeof RowKind>;

/** The kinds a `delete` may name: the account is never deleted, an instrument never leaves the catalogue. */
export const DeletableRowKind = RowKind.exclude(['account', 'instrument']);
export type DeletableRowKind = z.infer<typeof DeletableRowKind>;

const RowUpsert = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('account'), op: z.literal('upsert'), row: Account }),
  z.object({ kind: z.literal('order'), op: z.literal('upsert'), row: Order }),
  z.object({ kind: z.literal('position'), op: z.literal('upsert'), row: Position }),
  z.object({ kind: z.literal('transaction'), op: z.literal('upsert'), row: Transaction }),
  z.object({ kind: z.literal('watchlist'), op: z.literal('upsert'), row: Watchlist }),
  z.object({ kind: z.literal('watchlistItem'), op: z.literal('upsert'), row: WatchlistItem }),
  z.object({ kind: z.literal('priceAlert'), op: z.literal('upsert'), row: PriceAlert }),
  z.object({ kind: z.literal('instrument'), op: z.literal('upsert'), row: Instrument }),
  z.object({ kind: z.literal('intent'), op: z.literal('upsert'), row: OrderIntent }),
  z.object({ kind: z.literal('alertIntent'), op: z.literal('upsert'), row: AlertIntent }),
]);

/**
 * One change to one row, the same shape from the database row to the renderer:
 * `{kind, op: 'upsert', row}` (the whole row as it is now) or `{kind, op: 'delete', id}` (the id
 * only: a row's `id`, an intent's `clientOrderId`, an alert intent's `opId`). Main's
 * `SyncedRowChange` (electron/core/trading/entities.ts) is this union for the synced kinds.
 */
export const RowChange = z.discriminatedUnion('op', [
  RowUpsert,
  z.object({ kind: DeletableRowKind, op: z.literal('delete'), id: z.string() }),
]);
export type RowChange = z.infer<typeof RowChange>;

export const StatePatch = z.object({
  changes: z.array(RowChange),
  /** Cleared when a sync confirms the data; set when the cache is known to lag. */
  stale: z.boolean().optional(),
  syncedAt: EpochMs.nullable().optional(),
});
export type StatePatch = z.infer<typeof StatePatch>;
