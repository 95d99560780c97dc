import type { Migration } from './types';

/**
 * Market reference data kept across sessions: the instrument catalogue (search works offline),
 * the last quote per token (an offline start shows last prices, aged) and the risk config
 * (margin previews work offline).
 */
export const migration0002: Migration = {
  version: 2,
  name: 'market',
  up(db) {
    db.exec(`
      CREATE TABLE instruments (
        token INTEGER PRIMARY KEY,
        instrument_id TEXT NOT NULL,
        symbol TEXT NOT NULL,
        exchange TEXT NOT NULL,
        json TEXT NOT NULL
      ) STRICT;
      CREATE INDEX instruments_by_symbol ON instruments (symbol);

      CREATE TABLE quotes (
        token INTEGER PRIMARY KEY,
        received_at INTEGER NOT NULL,
        json TEXT NOT NULL
      ) STRICT;

      CREATE TABLE risk_config (
        segment TEXT NOT NULL,
        product_type TEXT NOT NULL,
        json TEXT NOT NULL,
        PRIMARY KEY (segment, product_type)
      ) STRICT;
    `);
  },
};
