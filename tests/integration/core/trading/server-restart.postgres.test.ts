import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TradingEvent } from '../../../../src/shared/domain';
import type { Database } from '../../../../electron/stack/db';
import { startSupabaseStack, type SupabaseStack } from '../../../../electron/stack/supabase';
import { startPostgresCluster, type PostgresCluster } from '../../postgres-cluster';
import {
  asDemo,
  asService,
  DEMO,
  demoProfile,
  eventKey,
  placeArgs,
  rpc,
  startCore,
  tempDir,
  waitCacheEqualsServer,
  waitFor,
  type Core,
} from './harness';
import { widenPriceBands } from '../../engines';

// Server only (PGlite has no server to restart; the gateway-restart twin is recovery.test.ts):
// the PostgreSQL server dies in the middle of a burst of trading and comes back. The gateway
// keeps running: its pool and its replication slot reconnect, the terminal is told to rejoin and
// reconciles, and in the end the cache equals the server with every change surfaced once.

type Order = { id: string; status: string };

let cluster: PostgresCluster;
let stack: SupabaseStack;
let core: Core | null = null;
let dirs: ReturnType<typeof tempDir>;

beforeAll(async () => {
  dirs = tempDir();
  cluster = await startPostgresCluster();
  stack = await startSupabaseStack({ databaseUrl: cluster.url() });
  await widenPriceBands(stack.db);
}, 180_000);

afterAll(async () => {
  await core?.stop();
  await stack?.stop();
  await cluster?.stop();
  dirs?.cleanup();
});

/** Calls that failed because the server was away, and were retried. */
let retried = 0;

/** Retries an idempotent call while the server is away (connection errors), up to 60 s. */
async function untilDone<T>(what: string, call: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      return await call();
    } catch (err) {
      const code = (err as { code?: string }).code ?? '';
      // A raised business error (P0001) is an answer, not an outage.
      if (code === 'P0001' || Date.now() > deadline)
        throw new Error(`${what}: ${(err as Error).message}`, { cause: err });
      retried++;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

describe('trading sync: the PostgreSQL server restarts mid-burst', () => {
  it('the gateway reconnects pool and slot, the terminal reconciles, cache == server, nothing applied twice', async () => {
    const db: Database = stack.db;
    core = startCore(`${dirs.dir}/cache.sqlite`);
    await core.trading.useProfile(demoProfile(stack));
    await waitFor(() => core!.trading.status().state === 'live', 'live');
    const reconcilesBefore = core.trading.sync.stats().reconciles;

    // 60 trades in 3 lanes at once: place (a fixed client order id makes a retry a no-op),
    // every third executed by the broker (idempotent), every fifth cancelled. After its 7th
    // trade lane 0 kills the server (immediate: a crash) while the other lanes keep writing,
    // then starts it again in the background; everyone retries until it is back.
    const ops = Array.from({ length: 60 }, (_, i) => ({
      clientId: randomUUID(),
      execute: i % 3 === 0,
      cancel: i % 3 !== 0 && i % 5 === 0,
    }));
    let restart: Promise<void> | null = null;
    const placed: Order[] = [];
    const trade = async (i: number): Promise<void> => {
      const op = ops[i]!;
      const order = await untilDone(`place ${i}`, () =>
        rpc<Order>(
          db,
          asDemo,
          'place_order',
          placeArgs('INFY', 'BUY', 1, { type: 'LIMIT', price: 1000, id: op.clientId }),
        ),
      );
      placed.push(order);
      if (op.execute) {
        await untilDone(`execute ${i}`, () =>
          rpc(db, asService, 'execute_order', { p_order_id: order.id, p_fill_price: 1000 }),
        );
      }
      if (op.cancel) {
        // A cancel whose answer was lost to the outage finds the order already CANCELLED.
        await untilDone(`cancel ${i}`, () =>
          rpc(db, asDemo, 'cancel_order', { p_order_id: order.id }).catch(async (err: unknown) => {
            const now = await db.query<{ status: string }>('SELECT status::text AS status FROM orders WHERE id = $1', [
              order.id,
            ]);
            if (now.rows[0]?.status === 'CANCELLED') return now.rows[0];
            throw err;
          }),
        );
      }
    };
    await Promise.all(
      [0, 1, 2].map(async (lane) => {
        for (let i = lane; i < ops.length; i += 3) {
          await trade(i);
          if (lane === 0 && i === 18) {
            await cluster.stopServer('immediate');
            restart = cluster.startServer();
          }
        }
      }),
    );
    await restart;
    await untilDone('flush', () => stack.flushChanges());
    // The outage really hit the burst.
    expect(retried).toBeGreaterThan(0);
    console.log(`[server restart] ${retried} calls retried during the outage`);

    // Nothing applied twice on the server: one order per client id, one margin block and one
    // charge per order, the ledger invariant intact.
    const orders = await db.query<{ id: string; status: string }>(
      `SELECT id, status::text AS status FROM orders WHERE idempotency_key = ANY($1::text[])`,
      [ops.map((o) => o.clientId)],
    );
    expect(orders.rows).toHaveLength(60);
    const blocks = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM transactions WHERE "orderId" = ANY($1::text[]) AND description LIKE 'Margin blocked%'`,
      [placed.map((o) => o.id)],
    );
    expect(blocks.rows[0]!.n).toBe(60);
    const account = await db.query<{ balance: number; availableMargin: number; usedMargin: number }>(
      'SELECT balance, "availableMargin", "usedMargin" FROM trading_accounts WHERE id = $1',
      [DEMO.accountId],
    );
    expect(account.rows[0]!.balance).toBe(account.rows[0]!.availableMargin + account.rows[0]!.usedMargin);

    // The terminal: told to rejoin, reconciled, and now holds exactly the server's rows.
    await waitFor(() => core!.trading.status().state === 'live', 'live after the restart', 90_000);
    await waitFor(() => core!.trading.sync.stats().reconciles > reconcilesBefore, 'a reconcile after the restart');
    await waitCacheEqualsServer(db, core.cache, 90_000);
    const status = new Map(orders.rows.map((o) => [o.id, o.status]));
    for (const w of core.windows) {
      const events = w.events();
      expect(new Set(events.map(eventKey)).size).toBe(events.length);
      const about = (type: TradingEvent['type'], id: string) =>
        events.filter((e) => e.type === type && 'order' in e && e.order.id === id);
      for (const o of placed) {
        expect(about('order_placed', o.id)).toHaveLength(1);
        expect(about('order_executed', o.id)).toHaveLength(status.get(o.id) === 'EXECUTED' ? 1 : 0);
        expect(about('order_cancelled', o.id)).toHaveLength(status.get(o.id) === 'CANCELLED' ? 1 : 0);
      }
    }

    // Live again through the reconnected slot: the next change arrives as it happens.
    const after = core.windows[0]!.events().length;
    const live = await rpc<Order>(
      db,
      asDemo,
      'place_order',
      placeArgs('SBIN', 'BUY', 1, { type: 'LIMIT', price: 500 }),
    );
    await stack.flushChanges();
    await waitFor(
      () =>
        core!.windows[0]!.events()
          .slice(after)
          .find((e) => e.type === 'order_placed' && e.order.id === live.id),
      'a live change after the restart',
    );
    expect(
      core.windows[0]!.events()
        .slice(after)
        .filter((e) => e.type === 'order_placed' && e.order.id === live.id && !e.recovered),
    ).toHaveLength(1);
  }, 300_000);
});
