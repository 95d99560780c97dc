/**
 * Embedded Supabase gateway benchmark: cold start (fresh in-memory and reopening a persisted
 * dataDir, next to a bare PGlite boot), commit → Realtime callback latency over 1,000 changes
 * (written straight to the database, so the timer drain is included, and through the gateway),
 * burst delivery throughput, and REST select latency next to a direct `db.query` of the same
 * select in the same run. Then the two engines side by side, in the same run: place_order + fill
 * throughput through the gateway (1 client on PGlite is the baseline; 8 clients on a PostgreSQL
 * server, and the two other combinations for reference) and commit → Realtime callback
 * p50/p99 on each (the server is a throwaway cluster with durable settings: fsync and
 * synchronous_commit on). Run: `npx tsx tests/bench/stack.ts` (or `npm run bench -- stack`).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { randomUUID } from 'node:crypto';
import { PGlite } from '@electric-sql/pglite';
import { createClient, type SupabaseClient } from '@supabase/supabase-js';
import WebSocket from 'ws';
import { startSupabaseStack, type SupabaseStack } from '../../electron/stack/supabase';
import { startPostgresCluster } from '../integration/postgres-cluster';

const DEMO_USER = '7e57de30-0000-4000-8000-000000000001';
const CHANGES = 1_000;
const SELECTS = 300;
const BOOTS = 3;

const now = (): number => Number(process.hrtime.bigint()) / 1e6;

function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
}

async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const t0 = now();
  const v = await fn();
  return [v, now() - t0];
}

function client(stack: SupabaseStack): SupabaseClient {
  return createClient(stack.url, stack.anonKey, {
    auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
    realtime: { transport: WebSocket as unknown as typeof globalThis.WebSocket },
  });
}

async function until(check: () => boolean, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('bench: timed out');
    await new Promise((r) => setImmediate(r));
  }
}

export interface StackBenchResult {
  bareBootMs: number;
  coldStartMs: number;
  reopenMs: number;
  directLatency: { p50: number; p99: number };
  gatewayLatency: { p50: number; p99: number };
  burstPerSec: number;
  /** The same commits' write rate alone (baseline for the delivery rate). */
  burstWritePerSec: number;
  restSelect: { p50: number; p99: number };
  directSelect: { p50: number; p99: number };
}

async function runPglite(): Promise<StackBenchResult> {
  // Boot once untimed so the baseline does not include compiling the WASM module; then the
  // median of three, for the baseline and the stack alike (boots are noisy on a shared box).
  await (await PGlite.create()).close();
  const bareBoots: number[] = [];
  const coldStarts: number[] = [];
  for (let i = 0; i < BOOTS; i++) {
    const [bare, ms] = await timed(() => PGlite.create()); // a fresh initdb
    bareBoots.push(ms);
    await bare.close();
    const [fresh, coldMs] = await timed(() => startSupabaseStack());
    coldStarts.push(coldMs);
    await fresh.stop();
  }
  const bareBootMs = pct(bareBoots, 50);
  const coldStartMs = pct(coldStarts, 50);

  const dir = mkdtempSync(join(tmpdir(), 'tradedesk-bench-stack-'));
  let stack: SupabaseStack | undefined;
  let c: SupabaseClient | undefined;
  try {
    await (await startSupabaseStack({ dataDir: dir })).stop();
    const reopens: number[] = [];
    for (let i = 0; i < BOOTS - 1; i++) {
      const [s, ms] = await timed(() => startSupabaseStack({ dataDir: dir }));
      reopens.push(ms);
      await s.stop();
    }
    const [reopened, lastReopenMs] = await timed(() => startSupabaseStack({ dataDir: dir }));
    reopens.push(lastReopenMs);
    const reopenMs = pct(reopens, 50);
    stack = reopened;

    c = client(stack);
    const signIn = await c.auth.signInWithPassword({ email: 'demo@tradedesk.local', password: 'tradedesk-demo' });
    if (signIn.error) throw signIn.error;
    const ins = await c
      .from('Watchlist')
      .insert({ userId: DEMO_USER, name: `Bench ${randomUUID()}` })
      .select('id')
      .single();
    if (ins.error) throw ins.error;
    const id = ins.data!.id as string;

    const arrivals = new Map<number, number>();
    const ch = c
      .channel('bench')
      .on('postgres_changes', { event: 'UPDATE', schema: 'public', table: 'Watchlist', filter: `id=eq.${id}` }, (p) =>
        arrivals.set((p.new as { sortOrder: number }).sortOrder, now()),
      );
    await new Promise<void>((resolve, reject) =>
      ch.subscribe((s, err) => (s === 'SUBSCRIBED' ? resolve() : s === 'CHANNEL_ERROR' ? reject(err) : undefined)),
    );

    // Commit → callback, one change at a time, written straight to the database.
    const direct: number[] = [];
    for (let i = 1; i <= CHANGES; i++) {
      await stack.db.query('UPDATE "Watchlist" SET "sortOrder" = $1 WHERE id = $2', [i, id]);
      const committed = now();
      await until(() => arrivals.has(i));
      direct.push(arrivals.get(i)! - committed);
    }
    // The same through the gateway (PATCH over REST; the gateway drains right after commit).
    const gateway: number[] = [];
    for (let i = CHANGES + 1; i <= 2 * CHANGES; i++) {
      const t0 = now();
      const r = await c.from('Watchlist').update({ sortOrder: i }).eq('id', id);
      if (r.error) throw r.error;
      await until(() => arrivals.has(i));
      gateway.push(arrivals.get(i)! - t0);
    }
    // Burst: 1,000 commits back to back, until the last one is delivered.
    const base = 2 * CHANGES;
    const burstStart = now();
    for (let i = base + 1; i <= base + CHANGES; i++) {
      await stack.db.query('UPDATE "Watchlist" SET "sortOrder" = $1 WHERE id = $2', [i, id]);
    }
    const burstWritten = now();
    await until(() => arrivals.has(base + CHANGES));
    const burstMs = now() - burstStart;
    const burstWriteMs = burstWritten - burstStart;
    let inOrder = true;
    for (let i = base + 2; i <= base + CHANGES; i++) inOrder &&= arrivals.get(i)! >= arrivals.get(i - 1)!;
    if (!inOrder) throw new Error('bench: burst delivered out of order');

    // REST select vs the same select straight on PGlite.
    const restTimes: number[] = [];
    const directTimes: number[] = [];
    for (let i = 0; i < SELECTS; i++) {
      const [r, ms] = await timed(async () => c!.from('Stock').select('*').eq('exchange', 'NSE').order('symbol'));
      if (r.error) throw r.error;
      restTimes.push(ms);
      const [, dms] = await timed(() =>
        stack!.db.query('SELECT * FROM "Stock" WHERE exchange = $1 ORDER BY symbol', ['NSE']),
      );
      directTimes.push(dms);
    }

    const result: StackBenchResult = {
      bareBootMs,
      coldStartMs,
      reopenMs,
      directLatency: { p50: pct(direct, 50), p99: pct(direct, 99) },
      gatewayLatency: { p50: pct(gateway, 50), p99: pct(gateway, 99) },
      burstPerSec: (CHANGES / burstMs) * 1000,
      burstWritePerSec: (CHANGES / burstWriteMs) * 1000,
      restSelect: { p50: pct(restTimes, 50), p99: pct(restTimes, 99) },
      directSelect: { p50: pct(directTimes, 50), p99: pct(directTimes, 99) },
    };
    const f = (n: number): string => n.toFixed(1);
    console.table([
      { measure: `bare PGlite boot, median of ${BOOTS} (baseline)`, value: `${f(bareBootMs)} ms`, ratio: '1.0×' },
      {
        measure: 'stack cold start, fresh in-memory (median; db uses its template)',
        value: `${f(coldStartMs)} ms`,
        ratio: `${f(coldStartMs / bareBootMs)}× boot`,
      },
      {
        measure: 'stack start, reopen persisted dataDir (median)',
        value: `${f(reopenMs)} ms`,
        ratio: `${f(reopenMs / bareBootMs)}× boot`,
      },
      {
        measure: `commit→callback p50 / p99 (direct write, ${CHANGES})`,
        value: `${f(result.directLatency.p50)} / ${f(result.directLatency.p99)} ms`,
        ratio: '',
      },
      {
        measure: `REST PATCH→callback p50 / p99 (${CHANGES})`,
        value: `${f(result.gatewayLatency.p50)} / ${f(result.gatewayLatency.p99)} ms`,
        ratio: '',
      },
      {
        measure: `burst: ${CHANGES} commits written (baseline)`,
        value: `${f(result.burstWritePerSec)} commits/s`,
        ratio: '1.0×',
      },
      {
        measure: `burst: all ${CHANGES} delivered, in order`,
        value: `${f(result.burstPerSec)} changes/s`,
        ratio: `${f(result.burstPerSec / result.burstWritePerSec)}× write rate`,
      },
      {
        measure: 'direct pg.query select p50 / p99 (baseline)',
        value: `${f(result.directSelect.p50)} / ${f(result.directSelect.p99)} ms`,
        ratio: '1.0×',
      },
      {
        measure: 'REST select (supabase-js) p50 / p99',
        value: `${f(result.restSelect.p50)} / ${f(result.restSelect.p99)} ms`,
        ratio: `${f(result.restSelect.p50 / result.directSelect.p50)}× p50`,
      },
    ]);
    return result;
  } finally {
    await c?.removeAllChannels();
    await stack?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Commit → Realtime callback, one change at a time, written straight to the database. */
async function commitToCallback(stack: SupabaseStack, changes: number): Promise<{ p50: number; p99: number }> {
  const c = client(stack);
  try {
    const signIn = await c.auth.signInWithPassword({ email: 'demo@tradedesk.local', password: 'tradedesk-demo' });
    if (signIn.error) throw signIn.error;
    const ins = await c
      .from('Watchlist')
      .insert({ userId: DEMO_USER, name: `Bench ${randomUUID()}` })
      .select('id')
      .single();
    if (ins.error) throw ins.error;
    const id = ins.data!.id as string;
    const arrivals = new Map<number, number>();
    const ch = c
      .channel(`bench-${randomUUID()}`)
      .on('postgres_changes', { event: 'UPDATE', schema: 'public', table: 'Watchlist', filter: `id=eq.${id}` }, (p) =>
        arrivals.set((p.new as { sortOrder: number }).sortOrder, now()),
      );
    await new Promise<void>((resolve, reject) =>
      ch.subscribe((st, err) => (st === 'SUBSCRIBED' ? resolve() : st === 'CHANNEL_ERROR' ? reject(err) : undefined)),
    );
    const samples: number[] = [];
    for (let i = 1; i <= changes; i++) {
      await stack.db.query('UPDATE "Watchlist" SET "sortOrder" = $1 WHERE id = $2', [i, id]);
      const committed = now();
      await until(() => arrivals.has(i));
      samples.push(arrivals.get(i)! - committed);
    }
    return { p50: pct(samples, 50), p99: pct(samples, 99) };
  } finally {
    await c.removeAllChannels();
  }
}

const TRADE_SECONDS = 8;

/**
 * place_order (a MARKET buy, as the trader, over REST) then execute_order (the broker's fill,
 * service role) in a loop, `clients` traders at once, each on an account of their own, for
 * TRADE_SECONDS after a short warm-up. Returns completed place+fill pairs per second.
 */
async function tradeThroughput(stack: SupabaseStack, clients: number): Promise<number> {
  const broker = createClient(stack.url, stack.serviceRoleKey, {
    auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
    realtime: { transport: WebSocket as unknown as typeof globalThis.WebSocket },
  });
  const traders: SupabaseClient[] = [];
  for (let i = 0; i < clients; i++) {
    const c = client(stack);
    const { error } = await c.auth.signUp({ email: `bench-${randomUUID()}@example.test`, password: 'bench-trader-pw' });
    if (error) throw error;
    traders.push(c);
  }
  const trade = async (c: SupabaseClient): Promise<void> => {
    const placed = await c.rpc('place_order', {
      p_client_order_id: randomUUID(),
      p_symbol: 'INFY',
      p_side: 'BUY',
      p_order_type: 'MARKET',
      p_product_type: 'MIS',
      p_quantity: 1,
    });
    if (placed.error) throw placed.error;
    const filled = await broker.rpc('execute_order', {
      p_order_id: (placed.data as { id: string }).id,
      p_fill_price: 1500,
    });
    if (filled.error) throw filled.error;
  };
  for (const c of traders) for (let i = 0; i < 5; i++) await trade(c); // warm-up
  let done = 0;
  const deadline = now() + TRADE_SECONDS * 1000;
  const started = now();
  await Promise.all(
    traders.map(async (c) => {
      while (now() < deadline) {
        await trade(c);
        done++;
      }
    }),
  );
  const elapsed = now() - started;
  for (const c of traders) await c.auth.signOut();
  return (done / elapsed) * 1000;
}

export interface EngineBenchResult {
  serverVersion: string;
  trades: { pglite1: number; pglite8: number; server1: number; server8: number };
  latency: { pglite: { p50: number; p99: number }; server: { p50: number; p99: number } };
}

async function runEngines(): Promise<EngineBenchResult> {
  const cluster = await startPostgresCluster({
    settings: ['fsync = on', 'full_page_writes = on', 'synchronous_commit = on'],
  });
  let pglite: SupabaseStack | undefined;
  let server: SupabaseStack | undefined;
  try {
    pglite = await startSupabaseStack();
    server = await startSupabaseStack({ databaseUrl: cluster.url(), poolSize: 10 });
    const latency = {
      pglite: await commitToCallback(pglite, CHANGES),
      server: await commitToCallback(server, CHANGES),
    };
    const trades = {
      pglite1: await tradeThroughput(pglite, 1),
      pglite8: await tradeThroughput(pglite, 8),
      server1: await tradeThroughput(server, 1),
      server8: await tradeThroughput(server, 8),
    };
    const f = (n: number): string => n.toFixed(1);
    const x = (n: number): string => `${(n / trades.pglite1).toFixed(2)}×`;
    console.table([
      {
        measure: 'place_order + fill, 1 client on PGlite (baseline)',
        value: `${f(trades.pglite1)} trades/s`,
        ratio: '1.00×',
      },
      {
        measure: 'place_order + fill, 8 clients on PGlite',
        value: `${f(trades.pglite8)} trades/s`,
        ratio: x(trades.pglite8),
      },
      {
        measure: `place_order + fill, 1 client on PostgreSQL ${cluster.version}`,
        value: `${f(trades.server1)} trades/s`,
        ratio: x(trades.server1),
      },
      {
        measure: `place_order + fill, 8 clients on PostgreSQL ${cluster.version}`,
        value: `${f(trades.server8)} trades/s`,
        ratio: x(trades.server8),
      },
      {
        measure: `commit→Realtime callback p50 / p99, PGlite outbox (${CHANGES}, baseline)`,
        value: `${f(latency.pglite.p50)} / ${f(latency.pglite.p99)} ms`,
        ratio: '1.00×',
      },
      {
        measure: `commit→Realtime callback p50 / p99, server logical replication (${CHANGES})`,
        value: `${f(latency.server.p50)} / ${f(latency.server.p99)} ms`,
        ratio: `${(latency.server.p50 / latency.pglite.p50).toFixed(2)}× p50, ${(latency.server.p99 / latency.pglite.p99).toFixed(2)}× p99`,
      },
    ]);
    return { serverVersion: cluster.version, trades, latency };
  } finally {
    await pglite?.stop();
    await server?.stop({ dropSlot: true });
    await cluster.stop();
  }
}

export async function run(): Promise<{ pglite: StackBenchResult; engines: EngineBenchResult }> {
  const pglite = await runPglite();
  console.log('\n### stack: the two engines, same run');
  const engines = await runEngines();
  return { pglite, engines };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  run().then(
    () => process.exit(0),
    (e: unknown) => {
      console.error(e);
      process.exit(1);
    },
  );
}
