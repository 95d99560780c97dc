import type { Db } from './migrations';

export type InTransaction = <T>(fn: () => T) => T;

/**
 * One better-sqlite3 transaction function for the whole database, created once, that runs any
 * callback inside it (nested calls become savepoints). Saves wrapping a new transaction
 * function on every upsert of the hot sync path.
 */
export function inTransaction(db: Db): InTransaction {
  const tx = db.transaction((fn: () => unknown) => fn());
  return <T>(fn: () => T): T => tx(fn) as T;
}
