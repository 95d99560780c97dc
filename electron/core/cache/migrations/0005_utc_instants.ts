import { toUtcInstant } from '../../../../src/shared/domain/instant';
import type { Migration } from './types';

/** Entity tables and the creation-time column some of them index. */
const TABLES: ReadonlyArray<{ table: string; createdAtColumn: string | null }> = [
  { table: 'accounts', createdAtColumn: null },
  { table: 'orders', createdAtColumn: 'created_at' },
  { table: 'positions', createdAtColumn: null },
  { table: 'transactions', createdAtColumn: 'created_at' },
  { table: 'watchlists', createdAtColumn: null },
  { table: 'watchlist_items', createdAtColumn: null },
];

const TIME_FIELDS = ['createdAt', 'updatedAt', 'executedAt'] as const;

/**
 * Rows cached by earlier builds hold the platform's zone-less timestamps
 * (`"2026-11-30T04:35:00.000"`, UTC by the platform's rule). Rewrite them once to the canonical
 * instant (`…Z`) the row schemas now produce, so stored rows read on the fast path and the
 * indexed `created_at` sorts as time. A value that is not a timestamp is left for the schema to
 * reject on read, as before; an unreadable JSON row is left as it is.
 */
export const migration0005: Migration = {
  version: 5,
  name: 'utc_instants',
  up(db) {
    for (const { table, createdAtColumn } of TABLES) {
      const rows = db.prepare<[], { id: string; json: string }>(`SELECT id, json FROM ${table}`).all();
      const update = db.prepare<[string, string]>(`UPDATE ${table} SET json = ? WHERE id = ?`);
      const updateCreated = createdAtColumn
        ? db.prepare<[string, string]>(`UPDATE ${table} SET ${createdAtColumn} = ? WHERE id = ?`)
        : null;
      for (const { id, json } of rows) {
        let row: unknown;
        try {
          row = JSON.parse(json);
        } catch {
          continue;
        }
        if (row === null || typeof row !== 'object' || Array.isArray(row)) continue;
        const fields = row as Record<string, unknown>;
        let changed = false;
        for (const field of TIME_FIELDS) {
          const value = fields[field];
          if (typeof value !== 'string') continue;
          const instant = toUtcInstant(value);
          if (instant === null || instant === value) continue;
          fields[field] = instant;
          changed = true;
        }
        if (!changed) continue;
        update.run(JSON.stringify(fields), id);
        if (updateCreated && typeof fields.createdAt === 'string') updateCreated.run(fields.createdAt, id);
      }
    }
  },
};
