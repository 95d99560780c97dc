import type { CapturedChange, Database } from '../../db';
import { toDbAuth, type Caller } from '../caller';
import { qualifiedName, quoteIdent, type CatalogCache, type TableInfo } from '../rest/catalog';
import { matchesFilter } from './filter';
import type { Subscriber, SubscriberRegistry } from './subscriptions';

/**
 * Turns captured changes into `postgres_changes` pushes: match each change against every
 * subscriber's bindings (table, event, filter), check RLS visibility of INSERT/UPDATE rows as
 * that subscriber, and push in capture (= commit) order. RLS checks are batched: one transaction per
 * distinct identity per batch, one query per table, however many changes the batch holds.
 */

function pkKey(table: TableInfo, row: Record<string, unknown>): string {
  return JSON.stringify(table.primaryKey.map((c) => row[c] ?? null));
}

function pick(row: Record<string, unknown>, columns: string[]): Record<string, unknown> {
  return Object.fromEntries(columns.map((c) => [c, row[c] ?? null]));
}

interface Match {
  change: CapturedChange;
  table: TableInfo;
  subscriber: Subscriber;
  ids: number[];
  needsRls: boolean;
}

function identityKey(c: Caller): string {
  return JSON.stringify([c.role, c.claims]);
}

/** Which of the given primary keys of `table` the caller can SELECT right now. */
async function visibleKeys(db: Database, caller: Caller, wanted: Map<TableInfo, Set<string>>): Promise<Set<string>> {
  const visible = new Set<string>();
  await db.asRole(toDbAuth(caller), async (tx) => {
    for (const [table, keys] of wanted) {
      const pk = table.primaryKey;
      const cols = pk.map(quoteIdent).join(', ');
      const casts = pk.map((c, i) => `(e->>${i})::${table.columns.get(c)!.sqlType}`).join(', ');
      const r = await tx.query<{ k: string }>(
        `SELECT json_build_array(${cols})::text AS k FROM ${qualifiedName(table)}
          WHERE (${cols}) IN (SELECT ${casts} FROM json_array_elements($1::json) AS e)`,
        [JSON.stringify([...keys].map((k) => JSON.parse(k) as unknown[]))],
      );
      for (const row of r.rows) visible.add(`${table.schema}.${table.name}:${JSON.stringify(JSON.parse(row.k))}`);
    }
  });
  return visible;
}

/**
 * The `postgres_changes` payload as `role` may see it: only columns the role can SELECT (none
 * at all → Realtime's `Error 401: Unauthorized` with no row), DELETE on an RLS table reduced to
 * the key, and the old row whole only under REPLICA IDENTITY FULL.
 */
export function buildPayload(
  change: CapturedChange,
  table: TableInfo,
  ids: number[],
  role: string,
): Record<string, unknown> {
  const visible = table.columnList.filter((c) => c.readers.has(role));
  const data: Record<string, unknown> = {
    schema: change.schema,
    table: change.table,
    type: change.type,
    commit_timestamp: change.commitTimestamp,
    columns: visible.map((c) => ({ name: c.name, type: c.typeName })),
    errors: null,
  };
  if (visible.length === 0) {
    data.errors = ['Error 401: Unauthorized'];
    return { ids, data };
  }
  const names = visible.map((c) => c.name);
  if (change.record) data.record = pick(change.record, names);
  if (change.oldRecord && change.type !== 'INSERT') {
    const keyOnly =
      change.type === 'DELETE' ? table.rlsEnabled || table.replicaIdentity !== 'f' : table.replicaIdentity !== 'f';
    data.old_record = pick(change.oldRecord, keyOnly ? table.primaryKey.filter((k) => names.includes(k)) : names);
  }
  return { ids, data };
}

export async function dispatchChanges(
  db: Database,
  catalog: CatalogCache,
  registry: SubscriberRegistry,
  changes: CapturedChange[],
): Promise<void> {
  const subscribers = [...registry.subscribers()];
  if (subscribers.length === 0 || changes.length === 0) return;
  const matches: Match[] = [];
  for (const change of changes) {
    const name = change.schema === 'public' ? change.table : `${change.schema}.${change.table}`;
    const table = await catalog.table(name);
    if (!table) continue;
    const row = change.type === 'DELETE' ? change.oldRecord : change.record;
    if (!row) continue;
    for (const subscriber of subscribers) {
      const ids = subscriber.bindings
        .filter(
          (b) =>
            (b.schema === '*' || b.schema === change.schema) &&
            (b.table === '*' || b.table === change.table) &&
            (b.event === '*' || b.event === change.type) &&
            (!b.filter || matchesFilter(b.filter, row)),
        )
        .map((b) => b.id);
      if (ids.length === 0) continue;
      const needsRls = change.type !== 'DELETE' && table.rlsEnabled && subscriber.caller.role !== 'service_role';
      // Without a primary key visibility cannot be checked, and a role that may not read the key
      // cannot see the row at all (the check would fail on privileges): nothing is revealed.
      if (needsRls && table.primaryKey.length === 0) continue;
      if (needsRls && !table.primaryKey.every((k) => table.columns.get(k)?.readers.has(subscriber.caller.role))) {
        continue;
      }
      matches.push({ change, table, subscriber, ids: [...new Set(ids)], needsRls });
    }
  }

  // One visibility query per (identity, table) for the whole batch.
  const wanted = new Map<string, { caller: Caller; tables: Map<TableInfo, Set<string>> }>();
  for (const m of matches) {
    if (!m.needsRls) continue;
    const key = identityKey(m.subscriber.caller);
    const entry = wanted.get(key) ?? { caller: m.subscriber.caller, tables: new Map() };
    wanted.set(key, entry);
    const keys = entry.tables.get(m.table) ?? new Set<string>();
    entry.tables.set(m.table, keys);
    keys.add(pkKey(m.table, m.change.record!));
  }
  const visibleByIdentity = new Map<string, Set<string>>();
  const unchecked = new Set<string>();
  for (const [key, { caller, tables }] of wanted) {
    try {
      visibleByIdentity.set(key, await visibleKeys(db, caller, tables));
    } catch {
      // A failing check (a policy error, the database gone) reveals nothing rather than
      // everything, and those subscribers are told they may have missed changes.
      unchecked.add(key);
    }
  }

  const failed = new Set<Subscriber>();
  for (const m of matches) {
    if (m.needsRls) {
      const identity = identityKey(m.subscriber.caller);
      if (unchecked.has(identity)) {
        failed.add(m.subscriber);
        continue;
      }
      const k = `${m.table.schema}.${m.table.name}:${pkKey(m.table, m.change.record!)}`;
      if (!visibleByIdentity.get(identity)?.has(k)) continue;
    }
    if (!failed.has(m.subscriber)) m.subscriber.push(buildPayload(m.change, m.table, m.ids, m.subscriber.caller.role));
  }
  for (const s of failed) s.fail('Realtime could not check changes against row-level security; rejoin to resync');
}
