import type { Migration } from './types';

/**
 * What only this terminal knows: order intents journaled before they are sent (resolved later
 * through their client order id), the trading-event journal, and sync bookkeeping (`meta`).
 * `events.seq` is AUTOINCREMENT so a sequence number is never reused, even after sign-out
 * empties the journal.
 */
export const migration0003: Migration = {
  version: 3,
  name: 'journal',
  up(db) {
    db.exec(`
      CREATE TABLE intents (
        client_order_id TEXT PRIMARY KEY,
        state TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        json TEXT NOT NULL
      ) STRICT;

      CREATE TABLE events (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        at INTEGER NOT NULL,
        account_id TEXT NOT NULL,
        type TEXT NOT NULL,
        json TEXT NOT NULL
      ) STRICT;

      CREATE TABLE meta (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
      ) STRICT;
    `);
  },
};
