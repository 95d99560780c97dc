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

/** One entity change. `delete` carries the id only. */
export const EntityChange = z.discriminatedUnion('entity', [
  z.object({ entity: z.literal('account'), op: z.enum(['upsert']), row: Account }),
  z.object({ entity: z.literal('order'), op: z.literal('upsert'), row: Order }),
  z.object({ entity: z.literal('position'), op: z.literal('upsert'), row: Position }),
  z.object({ entity: z.literal('transaction'), op: z.literal('upsert'), row: Transaction }),
  z.object({ entity: z.literal('watchlist'), op: z.literal('upsert'), row: Watchlist }),
  z.object({ entity: z.literal('watchlistItem'), op: z.literal('upsert'), row: WatchlistItem }),
  z.object({ entity: z.literal('instrument'), op: z.literal('upsert'), row: Instrument }),
  z.object({ entity: z.literal('intent'), op: z.literal('upsert'), row: OrderIntent }),
  z.object({ entity: z.literal('priceAlert'), op: z.literal('upsert'), row: PriceAlert }),
  /** Keyed by `opId`. */
  z.object({ entity: z.literal('alertIntent'), op: z.literal('upsert'), row: AlertIntent }),
  z.object({
    entity: z.literal('deleted'),
    op: z.literal('delete'),
    /** `alertIntent` ids are opIds. */
    kind: z.enum([
      'order',
      'position',
      'transaction',
      'watchlist',
      'watchlistItem',
      'intent',
      'priceAlert',
      'alertIntent',
    ]),
    id: z.string(),
  }),
]);
export type EntityChange = z.infer<typeof EntityChange>;

export const StatePatch = z.object({
  changes: z.array(EntityChange),
  /** Cleared when a sync confirms the data; set when the cache is known to lag. */
  stale: z.boolean().optional(),
  syncedAt: EpochMs.nullable().optional(),
});
export type StatePatch = z.infer<typeof StatePatch>;
