import type { Migration } from './types';

/**
 * The synced entities. Each table keeps the columns the cache looks rows up by plus the whole
 * row as JSON (`json`), which is parsed back through the domain schema on read; `version` is
 * the server's row version that decides whether an incoming row may replace the cached one.
 */
export const migration0001: Migration = {
  version: 1,
  name: 'entities',
  up(db) {
    db.exec(`
      CREATE TABLE accounts (
        id TEXT PRIMARY KEY,
        user_id TEXT NOT NULL,
        version INTEGER NOT NULL,
        json TEXT NOT NULL
      ) STRICT;

      CREATE TABLE orders (
        id TEXT PRIMARY KEY,
        account_id TEXT NOT NULL,
        symbol TEXT NOT NULL,
        status TEXT NOT NULL,
        client_order_id TEXT,
        created_at TEXT NOT NULL,
        version INTEGER NOT NULL,
        json TEXT NOT NULL
      ) STRICT;
      CREATE INDEX orders_by_account ON orders (account_id, created_at);
      CREATE INDEX orders_by_client_order_id ON orders (client_order_id) WHERE client_order_id IS NOT NULL;

      CREATE TABLE positions (
        id TEXT PRIMARY KEY,
        account_id TEXT NOT NULL,
        symbol TEXT NOT NULL,
        quantity INTEGER NOT NULL,
        version INTEGER NOT NULL,
        json TEXT NOT NULL
      ) STRICT;
      CREATE INDEX positions_by_account ON positions (account_id, symbol);

      CREATE TABLE transactions (
        id TEXT PRIMARY KEY,
        account_id TEXT NOT NULL,
        created_at TEXT NOT NULL,
        version INTEGER,
        json TEXT NOT NULL
      ) STRICT;
      CREATE INDEX transactions_by_account ON transactions (account_id, created_at);

      CREATE TABLE watchlists (
        id TEXT PRIMARY KEY,
        user_id TEXT NOT NULL,
        sort_order INTEGER NOT NULL,
        version INTEGER NOT NULL,
        json TEXT NOT NULL
      ) STRICT;

      CREATE TABLE watchlist_items (
        id TEXT PRIMARY KEY,
        watchlist_id TEXT NOT NULL,
        token INTEGER,
        sort_order INTEGER NOT NULL,
        version INTEGER NOT NULL,
        json TEXT NOT NULL
      ) STRICT;
      CREATE INDEX watchlist_items_by_watchlist ON watchlist_items (watchlist_id, sort_order);
    `);
  },
};
