import { z } from 'zod';
import { Id, Int, Num, Timestamp } from './primitives';

/** `"Watchlist"` row. */
export const Watchlist = z.object({
  id: Id,
  userId: z.string(),
  name: z.string(),
  description: z.string().nullable().default(null),
  color: z.string().nullable().default(null),
  isDefault: z.boolean().default(false),
  isPrivate: z.boolean().default(true),
  sortOrder: Int.default(0),
  createdAt: Timestamp.optional(),
  updatedAt: Timestamp.optional(),
  version: Int,
});
export type Watchlist = z.infer<typeof Watchlist>;

/** `"WatchlistItem"` row. `token` is the market-data provider token the feed keys ticks by. */
export const WatchlistItem = z.object({
  id: Id,
  watchlistId: Id,
  token: Int.nullable(),
  symbol: z.string().nullable().default(null),
  exchange: z.string().nullable().default(null),
  segment: z.string().nullable().default(null),
  name: z.string().nullable().default(null),
  notes: z.string().nullable().default(null),
  alertPrice: Num.nullable().default(null),
  alertType: z.string().nullable().default(null),
  sortOrder: Int.default(0),
  lotSize: Num.nullable().default(null),
  createdAt: Timestamp.optional(),
  updatedAt: Timestamp.optional(),
  version: Int,
});
export type WatchlistItem = z.infer<typeof WatchlistItem>;
