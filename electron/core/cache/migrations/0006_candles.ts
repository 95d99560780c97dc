import type { Migration } from './types';

/**
 * 1-minute candles built from this terminal's ticks, so a restart (offline too) shows today's
 * chart at once. Keyed by the market service they came from (`feed`: `demo`, or the service's
 * origin) so two services' prices never mix in one chart. Market data, not account data: they
 * survive sign-out. Old rows are pruned by age (CandleStore.pruneCandles).
 */
export const migration0006: Migration = {
  version: 6,
  name: 'candles',
  up(db) {
    db.exec(`
      CREATE TABLE candles (
        feed TEXT NOT NULL,
        token INTEGER NOT NULL,
        time INTEGER NOT NULL,
        open REAL NOT NULL,
        high REAL NOT NULL,
        low REAL NOT NULL,
        close REAL NOT NULL,
        volume REAL NOT NULL,
        gap INTEGER NOT NULL,
        PRIMARY KEY (feed, token, time)
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX candles_by_time ON candles (time);
    `);
  },
};
