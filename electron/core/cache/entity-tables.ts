import type { z } from 'zod';
import {
  Account,
  Order,
  Position,
  PriceAlert,
  Transaction,
  Watchlist,
  WatchlistItem,
} from '../../../src/shared/domain';
import type { EntityKind, RowOf } from './types';

type SqlValue = string | number | null;

/** How one entity kind maps onto its table: the schema that reads it back and its key columns. */
export interface EntityTable<K extends EntityKind> {
  table: string;
  schema: z.ZodType<RowOf<K>, unknown>;
  /** Indexed columns besides id/version/json, in table order. */
  columns: readonly string[];
  values(row: RowOf<K>): SqlValue[];
  /** Reading order of `all()`: what a screen shows first. */
  orderBy: string;
}

/** Rows without a server version (transactions are insert-only) compare as version 0. */
export function versionOf(row: { version?: number | undefined }): number {
  return row.version ?? 0;
}

export const entityTables: { [K in EntityKind]: EntityTable<K> } = {
  account: {
    table: 'accounts',
    schema: Account,
    columns: ['user_id'],
    values: (r) => [r.userId],
    orderBy: 'id',
  },
  order: {
    table: 'orders',
    schema: Order,
    columns: ['account_id', 'symbol', 'status', 'client_order_id', 'created_at'],
    values: (r) => [r.tradingAccountId, r.symbol, r.status, r.clientOrderId, r.createdAt],
    orderBy: 'created_at DESC, id',
  },
  position: {
    table: 'positions',
    schema: Position,
    columns: ['account_id', 'symbol', 'quantity'],
    values: (r) => [r.tradingAccountId, r.symbol, r.quantity],
    orderBy: 'symbol, id',
  },
  transaction: {
    table: 'transactions',
    schema: Transaction,
    columns: ['account_id', 'created_at'],
    values: (r) => [r.tradingAccountId, r.createdAt],
    orderBy: 'created_at DESC, id',
  },
  watchlist: {
    table: 'watchlists',
    schema: Watchlist,
    columns: ['user_id', 'sort_order'],
    values: (r) => [r.userId, r.sortOrder],
    orderBy: 'sort_order, id',
  },
  watchlistItem: {
    table: 'watchlist_items',
    schema: WatchlistItem,
    columns: ['watchlist_id', 'token', 'sort_order'],
    values: (r) => [r.watchlistId, r.token, r.sortOrder],
    orderBy: 'watchlist_id, sort_order, id',
  },
  priceAlert: {
    table: 'price_alerts',
    schema: PriceAlert,
    columns: ['user_id', 'token', 'state', 'created_at'],
    values: (r) => [r.userId, r.token, r.state, r.createdAt],
    orderBy: 'created_at DESC, id',
  },
};

export const entityKinds = Object.keys(entityTables) as EntityKind[];
