import type { EntityKind, RowOf } from '../cache';
import { versionOf, type SyncedRowChange } from './entities';

/** What a REST snapshot returned, per entity. */
export type SnapshotRows = { [K in EntityKind]: RowOf<K>[] };

/** A cached row as the planner needs it: its id. */
export interface CachedRef {
  id: string;
}

export interface ReconcileInput {
  /** Every row the server holds for the account: complete (read page by page, see paging.ts). */
  snapshot: SnapshotRows;
  cached: { [K in EntityKind]: CachedRef[] };
  /** Live changes that arrived while the snapshot was in flight, in arrival order. */
  buffered: SyncedRowChange[];
}

export type ReconcileStep = SyncedRowChange & { recovered: boolean };

/** Order in which recovered changes are applied, so the journal reads like the trade happened. */
const RECOVERY_ORDER: readonly EntityKind[] = [
  'order',
  'position',
  'account',
  'transaction',
  'watchlist',
  'watchlistItem',
  'priceAlert',
];

/**
 * Plans how to make the cache equal the server after a (re)subscribe: pure, so the ordering
 * rules are unit-tested without sockets.
 *
 * - Snapshot rows are applied first, oldest version first, marked `recovered` (found by the
 *   diff, not delivered live). A snapshot row whose exact version also arrived live during the
 *   snapshot is left to the live step instead, so that change is not reported as recovered.
 * - Buffered live changes follow in arrival order, marked live. The cache's version rule
 *   (apply only when newer) drops any that the snapshot already superseded, so nothing older
 *   lands over newer and nothing is applied twice.
 * - Cached rows the snapshot does not contain (and no buffered change re-creates) are deleted:
 *   the snapshot is complete, so an absent row is gone on the server.
 */
export function planReconcile(input: ReconcileInput): ReconcileStep[] {
  const liveVersions = new Map<string, Set<number>>();
  const liveUpserted = new Set<string>();
  for (const change of input.buffered) {
    if (change.op !== 'upsert') continue;
    const key = `${change.kind}:${change.row.id}`;
    liveUpserted.add(key);
    let set = liveVersions.get(key);
    if (!set) liveVersions.set(key, (set = new Set()));
    set.add(versionOf(change.row));
  }

  const steps: ReconcileStep[] = [];
  for (const kind of RECOVERY_ORDER) {
    const rows = [...(input.snapshot[kind] as Array<RowOf<EntityKind>>)].sort((a, b) => versionOf(a) - versionOf(b));
    const present = new Set<string>();
    for (const row of rows) {
      present.add(row.id);
      if (liveVersions.get(`${kind}:${row.id}`)?.has(versionOf(row))) continue;
      steps.push({ kind, op: 'upsert', row, recovered: true } as ReconcileStep);
    }
    for (const ref of input.cached[kind]) {
      if (present.has(ref.id) || liveUpserted.has(`${kind}:${ref.id}`)) continue;
      steps.push({ kind, op: 'delete', id: ref.id, recovered: true });
    }
  }
  for (const change of input.buffered) steps.push({ ...change, recovered: false });
  return steps;
}
