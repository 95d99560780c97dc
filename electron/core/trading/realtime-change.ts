import { z } from 'zod';
import { isSyncTable, TABLE_KIND, type SyncedRowChange } from './entities';
import { parseRow } from './platform-row';

/** The parts of a realtime-js postgres_changes callback payload we read. */
const ChangePayload = z.object({
  table: z.string(),
  eventType: z.enum(['INSERT', 'UPDATE', 'DELETE']),
  new: z.record(z.string(), z.unknown()).nullish(),
  old: z.record(z.string(), z.unknown()).nullish(),
});

/**
 * Turns one realtime change into a row change, or undefined when it is unusable (unknown table,
 * a row failing its schema, a DELETE without an id) — the caller counts and drops it.
 * DELETE carries only the primary key under RLS (docs/supabase-protocol.md A.6), which is all we need.
 */
export function toRowChange(payload: unknown): SyncedRowChange | undefined {
  const parsed = ChangePayload.safeParse(payload);
  if (!parsed.success || !isSyncTable(parsed.data.table)) return undefined;
  const kind = TABLE_KIND[parsed.data.table];
  if (parsed.data.eventType === 'DELETE') {
    const id = parsed.data.old?.['id'];
    return typeof id === 'string' && id.length > 0 ? { kind, op: 'delete', id } : undefined;
  }
  const row = parseRow(kind, parsed.data.new);
  return row ? ({ kind, op: 'upsert', row } as SyncedRowChange) : undefined;
}
