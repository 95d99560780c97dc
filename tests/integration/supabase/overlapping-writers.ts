import { randomUUID } from 'node:crypto';
import type { SupabaseClient } from '@supabase/supabase-js';
import type { Database } from '../../../electron/stack/db';
import type { SupabaseStack } from '../../../electron/stack/supabase';
import { ENGINE, withAdmin } from '../engines';
import { client, newUser, subscribed, waitFor } from '../stack/supabase/helpers';

/**
 * The Realtime ordering workload: several writers commit transactions of a few row updates
 * each, at the same time, over shared rows (watchlists of two traders); subscribers with
 * different RLS views record what arrives. `judge` compares arrivals with what committed:
 * once each, none missing, per row in version order, and in commit order — taken from the
 * WAL on a server (a test_decoding slot, the server's own account of commit order), and from
 * version order on PGlite (one connection: transactions run one after another, so the
 * globally increasing versions are in commit order).
 */

export interface Change {
  id: string;
  version: number;
}

const key = (c: Change): string => `${c.id}@${c.version}`;

export interface Subscriber {
  name: string;
  /** Which row ids this subscriber may see. */
  sees: ReadonlySet<string>;
  received: Change[];
}

export interface Workload {
  rows: string[];
  subscribers: Subscriber[];
  clients: SupabaseClient[];
}

/** Two traders with `perUser` watchlists each; subscribers: each trader and the service role. */
export async function prepareWorkload(stack: SupabaseStack, perUser: number): Promise<Workload> {
  const clients: SupabaseClient[] = [];
  const subscribers: Subscriber[] = [];
  const rows: string[] = [];
  for (const label of ['trader A', 'trader B']) {
    const u = await newUser(stack);
    clients.push(u.c);
    const { data, error } = await u.c
      .from('Watchlist')
      .insert(Array.from({ length: perUser }, (_, i) => ({ userId: u.id, name: `Overlap ${i} ${randomUUID()}` })))
      .select('id');
    if (error) throw error;
    const ids = (data as { id: string }[]).map((r) => r.id);
    rows.push(...ids);
    subscribers.push({ name: label, sees: new Set(ids), received: [] });
  }
  const service = client(stack, stack.serviceRoleKey);
  clients.push(service);
  subscribers.push({ name: 'service role', sees: new Set(rows), received: [] });
  const workloadRows = new Set(rows);
  for (const [i, s] of subscribers.entries()) {
    const c = clients[i]!;
    const ch = c
      .channel(`overlap-${randomUUID()}`)
      .on('postgres_changes', { event: 'UPDATE', schema: 'public', table: 'Watchlist' }, (p) => {
        const row = p.new as { id: string; version: number };
        // Everything about the workload's rows is recorded: a row it may not see is a leak.
        if (workloadRows.has(row.id)) s.received.push({ id: row.id, version: Number(row.version) });
      });
    await subscribed(ch);
  }
  return { rows, subscribers, clients };
}

/** Starts recording the server's commit order (a test_decoding slot); PGlite needs none. */
export async function startCommitLog(databaseUrl: string | undefined): Promise<() => Promise<Change[] | null>> {
  if (ENGINE === 'pglite' || !databaseUrl) return async () => null;
  const slot = `truth_${randomUUID().replace(/-/g, '').slice(0, 16)}`;
  await withAdmin(
    (c) => c.query(`SELECT pg_create_logical_replication_slot($1, 'test_decoding')`, [slot]),
    databaseUrl,
  );
  return () =>
    withAdmin(async (c) => {
      const r = await c.query<{ data: string }>(`SELECT data FROM pg_logical_slot_get_changes($1, NULL, NULL)`, [slot]);
      await c.query('SELECT pg_drop_replication_slot($1)', [slot]);
      const order: Change[] = [];
      for (const { data } of r.rows) {
        if (!data.startsWith('table public."Watchlist": UPDATE:')) continue;
        const tuple = data.slice(data.indexOf(' new-tuple: '));
        const id = /\bid\[text\]:'([^']+)'/.exec(tuple)?.[1];
        const version = /\bversion\[bigint\]:(\d+)/.exec(tuple)?.[1];
        if (id && version) order.push({ id, version: Number(version) });
      }
      return order;
    }, databaseUrl);
}

/**
 * `writers` connections commit `changes` row updates in all, in transactions of `perTx` rows
 * (locked in id order, so writers never deadlock), pausing inside each transaction so that
 * transactions overlap. Returns what committed.
 */
export async function runWriters(
  db: Database,
  rows: string[],
  opts: { writers: number; changes: number; perTx: number },
): Promise<Change[]> {
  const committed: Change[] = [];
  const perWriter = Math.ceil(opts.changes / opts.writers);
  const writer = async (w: number): Promise<void> => {
    let done = 0;
    let seed = w * 7919 + 1;
    const random = (n: number): number => {
      seed = (seed * 48271) % 2147483647;
      return seed % n;
    };
    while (done < perWriter) {
      const count = Math.min(opts.perTx, perWriter - done);
      const picked = new Set<string>();
      while (picked.size < count) picked.add(rows[random(rows.length)]!);
      const mine = await db.asAdmin(async (tx) => {
        const out: Change[] = [];
        for (const id of [...picked].sort()) {
          const r = await tx.query<Change>(
            'UPDATE "Watchlist" SET "sortOrder" = "sortOrder" + 1 WHERE id = $1 RETURNING id, version',
            [id],
          );
          out.push({ id: r.rows[0]!.id, version: Number(r.rows[0]!.version) });
          // Hold the transaction open a moment so others start and commit meanwhile.
          await new Promise((resolve) => setTimeout(resolve, random(3)));
        }
        return out;
      });
      committed.push(...mine);
      done += count;
    }
  };
  await Promise.all(Array.from({ length: opts.writers }, (_, w) => writer(w)));
  return committed;
}

export interface Verdict {
  expected: number;
  received: number;
  duplicates: number;
  missing: number;
  unexpected: number;
  /** Consecutive arrivals of one row whose version went down. */
  perRowOutOfOrder: number;
  /** Consecutive arrivals that committed in the other order. */
  commitOrderViolations: number;
}

/** Consecutive commits whose versions went down: transactions that overlapped (0 when serial). */
export function overlaps(commitOrder: Change[]): number {
  let n = 0;
  for (let i = 1; i < commitOrder.length; i++) if (commitOrder[i]!.version < commitOrder[i - 1]!.version) n++;
  return n;
}

/** Waits until each subscriber has everything it may see (or `timeoutMs` passed), then judges. */
export async function judge(
  workload: Workload,
  committed: Change[],
  commitOrder: Change[] | null,
  timeoutMs = 60_000,
): Promise<Record<string, Verdict>> {
  const order = commitOrder ?? [...committed].sort((a, b) => a.version - b.version);
  const position = new Map(order.map((c, i) => [key(c), i]));
  await waitFor(
    () =>
      workload.subscribers.every(
        (s) => new Set(s.received.map(key)).size >= committed.filter((c) => s.sees.has(c.id)).length,
      ),
    'every subscriber to receive every change it may see',
    timeoutMs,
  ).catch(() => undefined); // judged below: what is missing is counted, not thrown
  const verdicts: Record<string, Verdict> = {};
  for (const s of workload.subscribers) {
    const expected = new Set(committed.filter((c) => s.sees.has(c.id)).map(key));
    const got = s.received.map(key);
    const unique = new Set(got);
    const lastVersion = new Map<string, number>();
    let perRowOutOfOrder = 0;
    let commitOrderViolations = 0;
    let previous = -1;
    for (const c of s.received) {
      if ((lastVersion.get(c.id) ?? -1) > c.version) perRowOutOfOrder++;
      lastVersion.set(c.id, c.version);
      const at = position.get(key(c)) ?? -1;
      if (at < previous) commitOrderViolations++;
      previous = at;
    }
    verdicts[s.name] = {
      expected: expected.size,
      received: got.length,
      duplicates: got.length - unique.size,
      missing: [...expected].filter((k) => !unique.has(k)).length,
      unexpected: [...unique].filter((k) => !expected.has(k)).length,
      perRowOutOfOrder,
      commitOrderViolations,
    };
  }
  return verdicts;
}
