import type { Migration } from './types';

/**
 * The order row names its client order id `clientOrderId` (it was the platform's column name,
 * `idempotency_key`; the mapping now lives in electron/core/trading/platform-row.ts). Rewrite
 * the cached orders' JSON once, the key renamed in place so the row keeps its schema's key order
 * (the cache's fast read path needs it). Without this, a cached order would read with no client
 * order id until the server sent a newer version of it, and its intent would not be seen as
 * settled in the blotter. The indexed `client_order_id` column already held the value; an
 * unreadable JSON row is left as it is, for the schema to reject on read.
 */
export const migration0008: Migration = {
  version: 8,
  name: 'client_order_id',
  up(db) {
    const rows = db.prepare<[], { id: string; json: string }>('SELECT id, json FROM orders').all();
    const update = db.prepare<[string, string]>('UPDATE orders SET json = ? WHERE id = ?');
    for (const { id, json } of rows) {
      let row: unknown;
      try {
        row = JSON.parse(json);
      } catch {
        continue;
      }
      if (row === null || typeof row !== 'object' || Array.isArray(row) || !('idempotency_key' in row)) continue;
      const renamed = Object.fromEntries(
        Object.entries(row).map(([key, value]) => [key === 'idempotency_key' ? 'clientOrderId' : key, value]),
      );
      update.run(JSON.stringify(renamed), id);
    }
  },
};
