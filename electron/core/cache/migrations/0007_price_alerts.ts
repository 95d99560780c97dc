import type { Migration } from './types';

/**
 * Price alerts: the synced `price_alerts` rows (like the other entities: indexed columns plus
 * the row as JSON, the server's version deciding what may replace what), and the alert writes
 * this terminal has queued for the server (`alert_intents`, sent oldest first: `seq` keeps the
 * order they were made in, `op_id` identifies each).
 */
export const migration0007: Migration = {
  version: 7,
  name: 'price_alerts',
  up(db) {
    db.exec(`
      CREATE TABLE price_alerts (
        id TEXT PRIMARY KEY,
        user_id TEXT NOT NULL,
        token INTEGER NOT NULL,
        state TEXT NOT NULL,
        created_at TEXT NOT NULL,
        version INTEGER NOT NULL,
        json TEXT NOT NULL
      ) STRICT;
      CREATE INDEX price_alerts_by_state ON price_alerts (state, token);

      CREATE TABLE alert_intents (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        op_id TEXT NOT NULL UNIQUE,
        alert_id TEXT NOT NULL,
        json TEXT NOT NULL
      ) STRICT;
    `);
  },
};
