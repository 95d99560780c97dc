import type BetterSqlite3 from 'better-sqlite3';

export type Db = BetterSqlite3.Database;

/** One schema step. `version` is what `PRAGMA user_version` reads after it ran. */
export interface Migration {
  version: number;
  name: string;
  up(db: Db): void;
}
