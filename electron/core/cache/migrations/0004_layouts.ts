import type { Migration } from './types';

/** Saved window layouts (used by the window manager later); not account data. */
export const migration0004: Migration = {
  version: 4,
  name: 'layouts',
  up(db) {
    db.exec(`
      CREATE TABLE layouts (
        id TEXT PRIMARY KEY,
        json TEXT NOT NULL,
        updated_at INTEGER NOT NULL
      ) STRICT;
    `);
  },
};
