/**
 * Trading sync benchmark.
 * 1. Commit → window push latency of trading events over 1,000 account changes made through the
 *    gateway's REST API (service role), each waited for before the next (no queueing), next to
 *    the 10-second polling the terminal replaces: a poller with a random phase sees a commit at
 *    its next tick plus one snapshot fetch (fetch time measured in this run).
 * 2. Reconciliation after a reconnect with 1,000 missed order changes (made on the database while
 *    the gateway was down): time from reconnectNow() to cache == server, next to a bare REST
 *    snapshot fetch of the same rows in the same run.
 * Run: `npm run bench -- trading`.
 */
import { randomUUID } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import { createClient } from '@supabase/supabase-js';
import WebSocket from 'ws';
import { openDatabase } from '../../electron/stack/db';
import { startSupabaseStack, type SupabaseStack } from '../../electron/stack/supabase';
import { fetchTradingSnapshot } from '../../electron/core/trading/snapshot';
import {
  asDemo,
  DEMO,
  demoProfile,
  placeArgs,
  rpc,
  startCore,
  tempDir,
  waitFor,
} from '../integration/core/trading/harness';

const CHANGES = 1_000;
const MISSED = 1_000;
const POLL_INTERVAL_MS = 10_000;

function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
}

const ms = (n: number) => `${n.toFixed(1)} ms`;

export async function run(): Promise<void> {
  const dirs = tempDir();
  let stack: SupabaseStack | null = await startSupabaseStack({ dataDir: `${dirs.dir}/pg` });
  const port = stack.port;
  const core = startCore(`${dirs.dir}/cache.sqlite`, { windows: 1 });
  try {
    await core.trading.useProfile(demoProfile(stack));
    await waitFor(() => core.trading.status().state === 'live', 'live', 120_000);

    // --- 1. commit → push latency
    const service = createClient(stack.url, stack.serviceRoleKey, {
      auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
      realtime: { transport: WebSocket as unknown as typeof globalThis.WebSocket },
    });
    const window = core.windows[0]!;
    const latencies: number[] = [];
    /** From the REST answer (the commit is certainly done by then) to the push; 0 if the push won. */
    const afterCommit: number[] = [];
    let balance = core.cache.get('account', DEMO.accountId)!.balance;
    for (let i = 0; i < CHANGES; i++) {
      balance += 1;
      const seen = window.pushes.length;
      const t0 = performance.now();
      const { error } = await service
        .from('trading_accounts')
        .update({ balance, availableMargin: core.cache.get('account', DEMO.accountId)!.availableMargin + 1 })
        .eq('id', DEMO.accountId);
      if (error) throw new Error(error.message);
      const tAnswer = performance.now();
      const target = balance;
      await waitFor(
        () =>
          window.pushes
            .slice(seen)
            .some(
              (p) => p.name === 'trading.event' && p.payload.type === 'balance_updated' && p.payload.balance === target,
            ),
        'balance event',
        30_000,
      );
      const tPush = performance.now();
      latencies.push(tPush - t0);
      afterCommit.push(Math.max(0, tPush - tAnswer));
    }
    const fetches: number[] = [];
    const session = (await import('../integration/stack/supabase/helpers')).signedIn;
    const demoClient = await session(stack);
    for (let i = 0; i < 20; i++) {
      const t0 = performance.now();
      await fetchTradingSnapshot(demoClient, DEMO.accountId, DEMO.userId);
      fetches.push(performance.now() - t0);
    }
    const fetchMs = percentile(fetches, 50);
    // Polling model: a commit waits for the poller's next tick (uniform phase) plus one fetch.
    // (i × 7919 mod 10,000 spreads the phases evenly over the interval, deterministically.)
    const polled = latencies.map((_, i) => ((i * 7919) % POLL_INTERVAL_MS) + fetchMs);
    const pushP50 = percentile(latencies, 50);
    const pushP99 = percentile(latencies, 99);
    const pollP50 = percentile(polled, 50);
    const pollP99 = percentile(polled, 99);
    console.log(`commit → window push, ${CHANGES} balance changes via REST (includes the REST round trip):`);
    console.log(`  push     p50 ${ms(pushP50)}  p99 ${ms(pushP99)}  (request sent → window push)`);
    console.log(
      `  of which after the REST answer: p50 ${ms(percentile(afterCommit, 50))}  p99 ${ms(percentile(afterCommit, 99))}`,
    );
    console.log(
      `  10 s poll p50 ${ms(pollP50)}  p99 ${ms(pollP99)}  (model: uniform phase + measured snapshot fetch ${ms(fetchMs)})`,
    );
    console.log(
      `  push is ${(pollP50 / pushP50).toFixed(0)}× faster at p50, ${(pollP99 / pushP99).toFixed(0)}× at p99`,
    );

    // --- 2. reconcile after a reconnect with MISSED changes
    await stack.stop();
    stack = null;
    await waitFor(() => core.trading.status().state === 'offline', 'offline', 60_000);
    const db = await openDatabase({ dataDir: `${dirs.dir}/pg` });
    for (let i = 0; i < MISSED; i++) {
      await rpc(
        db,
        asDemo,
        'place_order',
        placeArgs('SBIN', 'BUY', 1, { type: 'LIMIT', price: 400 + (i % 100), id: randomUUID() }),
      );
    }
    const expectedOrders = (
      await db.query<{ n: number }>('SELECT count(*)::int AS n FROM orders WHERE "tradingAccountId" = $1', [
        DEMO.accountId,
      ])
    ).rows[0]!.n;
    const accountVersion = Number(
      (await db.query<{ v: string }>('SELECT version::text AS v FROM trading_accounts WHERE id = $1', [DEMO.accountId]))
        .rows[0]!.v,
    );
    await db.close();
    stack = await startSupabaseStack({ dataDir: `${dirs.dir}/pg`, port });
    const eventsBefore = window.events().length;
    const t0 = performance.now();
    core.trading.reconnectNow();
    await waitFor(
      () =>
        core.cache.all('order').length === expectedOrders &&
        core.cache.get('account', DEMO.accountId)?.version === accountVersion &&
        core.trading.status().state === 'live',
      'cache == server',
      300_000,
    );
    const reconcileMs = performance.now() - t0;
    const recovered = window
      .events()
      .slice(eventsBefore)
      .filter((e) => e.recovered).length;
    const client2 = await session(stack);
    const bare: number[] = [];
    for (let i = 0; i < 5; i++) {
      const t1 = performance.now();
      await fetchTradingSnapshot(client2, DEMO.accountId, DEMO.userId);
      bare.push(performance.now() - t1);
    }
    const bareMs = percentile(bare, 50);
    console.log(
      `reconnect with ${MISSED} missed order changes: cache == server after ${ms(reconcileMs)} (${recovered} recovered events journaled)`,
    );
    console.log(
      `  bare REST snapshot of the same rows: ${ms(bareMs)}; reconcile = ${(reconcileMs / bareMs).toFixed(1)}× a bare fetch`,
    );
    await demoClient.auth.signOut({ scope: 'local' }).catch(() => undefined);
  } finally {
    await core.stop();
    await stack?.stop();
    dirs.cleanup();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  run().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
