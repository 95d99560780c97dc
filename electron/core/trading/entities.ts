import type { EntityKind, RowOf } from '../cache';

/** The synced tables (physical names) and the cache entity each one feeds. */
export const TABLE_KIND = {
  trading_accounts: 'account',
  orders: 'order',
  positions: 'position',
  transactions: 'transaction',
  Watchlist: 'watchlist',
  WatchlistItem: 'watchlistItem',
  price_alerts: 'priceAlert',
} as const satisfies Record<string, EntityKind>;
export type SyncTable = keyof typeof TABLE_KIND;

export const KIND_TABLE: { [K in EntityKind]: SyncTable } = {
  account: 'trading_accounts',
  order: 'orders',
  position: 'positions',
  transaction: 'transactions',
  watchlist: 'Watchlist',
  watchlistItem: 'WatchlistItem',
  priceAlert: 'price_alerts',
};

export const ENTITY_KINDS: readonly EntityKind[] = [
  'account',
  'order',
  'position',
  'transaction',
  'watchlist',
  'watchlistItem',
  'priceAlert',
];

export function isSyncTable(name: string): name is SyncTable {
  return Object.prototype.hasOwnProperty.call(TABLE_KIND, name);
}

/**
 * One change to one synced row, as delivered live or found by a snapshot: the wire's `SyncedRowChange`
 * (src/shared/domain/state.ts) for the kinds the cache versions, so a change reaches the windows
 * in the shape it was applied in. Unlike the wire, a reconcile may name the account in a delete
 * (the account row went away); that change stays in main (see `toWireChange` in apply.ts).
 */
export type SyncedRowChange =
  | { [K in EntityKind]: { kind: K; op: 'upsert'; row: RowOf<K> } }[EntityKind]
  | { kind: EntityKind; op: 'delete'; id: string };

export function versionOf(row: { version?: number | undefined }): number {
  return typeof row.version === 'number' ? row.version : 0;
}
