import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSupabaseStack, type SupabaseStack } from '../../../../electron/stack/supabase';
import { DEMO, demoProfile, startCore, tempDir, waitCacheEqualsServer, waitFor, type Core } from './harness';

// A hosted Supabase project answers at most 1,000 rows per select, silently. The gateway caps
// the same way (its default), so this account of 1,200 orders, 2,500 transactions and 1,500
// extra instruments is read as a trader's terminal reads it from a hosted project.

const ORDERS = 1_200;
const TRANSACTIONS = 2_500;
const INSTRUMENTS = 1_500;

let stack: SupabaseStack;
let core: Core | null = null;
let dirs: ReturnType<typeof tempDir>;

beforeAll(async () => {
  dirs = tempDir();
  stack = await startSupabaseStack();
  await stack.db.asAdmin(async (tx) => {
    await tx.query(
      `INSERT INTO orders ("id", "tradingAccountId", "symbol", "quantity", "orderType", "orderSide", "price",
                           "status", "createdAt")
       SELECT 'cap-order-' || lpad(n::text, 5, '0'), $1, 'ITC', 1 + n % 7, 'LIMIT', 'BUY', 100 + n % 50,
              'CANCELLED', now() - make_interval(mins => n)
         FROM generate_series(1, $2::int) AS n`,
      [DEMO.accountId, ORDERS],
    );
    await tx.query(
      `INSERT INTO transactions ("id", "tradingAccountId", "amount", "type", "description", "createdAt")
       SELECT 'cap-txn-' || lpad(n::text, 5, '0'), $1, 10 + n % 90, 'DEBIT', 'brokerage', now() - make_interval(mins => n)
         FROM generate_series(1, $2::int) AS n`,
      [DEMO.accountId, TRANSACTIONS],
    );
    await tx.query(
      `INSERT INTO "Stock" ("id", "instrumentId", "token", "symbol", "ticker", "name", "exchange", "segment", "ltp")
       SELECT 'cap-stock-' || n, 'NSE_EQ-' || (800000 + n), 800000 + n, 'CAPX' || n, 'CAPX' || n, 'Row cap ' || n,
              'NSE', 'NSE', 100
         FROM generate_series(1, $1::int) AS n`,
      [INSTRUMENTS],
    );
  });
  await stack.flushChanges();
}, 180_000);

afterAll(async () => {
  await core?.stop();
  await stack?.stop();
  dirs?.cleanup();
});

describe('row caps never shrink the cache', () => {
  it('1,200 orders and 2,500 transactions: all cached, reconnect twice: no event, nothing deleted', async () => {
    core = startCore(`${dirs.dir}/cache.sqlite`);
    await core.trading.useProfile(demoProfile(stack));
    await waitFor(() => core!.trading.status().state === 'live', 'live');
    expect(core.trading.sync.phase()).toBe('live');
    const server = await waitCacheEqualsServer(stack.db, core.cache);
    expect(server.order.length).toBeGreaterThanOrEqual(ORDERS);
    expect(server.transaction.length).toBeGreaterThanOrEqual(TRANSACTIONS);
    expect(core.cache.all('order').filter((o) => o.id.startsWith('cap-order-'))).toHaveLength(ORDERS);
    expect(core.cache.all('transaction').filter((t) => t.id.startsWith('cap-txn-'))).toHaveLength(TRANSACTIONS);

    const pushesBefore = core.windows.map((w) => w.pushes.length);
    for (let round = 1; round <= 2; round++) {
      const reconciles = core.trading.sync.stats().reconciles;
      core.trading.reconnectNow();
      // The old attempt's scope is gone at once: a new attempt starts from the account.
      expect(core.trading.sync.phase()).toBe('resolving_account');
      await waitFor(
        () => core!.trading.sync.stats().reconciles > reconciles && core!.trading.status().state === 'live',
        `reconcile after reconnect ${round}`,
      );
      expect(core.trading.sync.phase()).toBe('live');
      expect(core.cache.all('order')).toHaveLength(server.order.length);
      expect(core.cache.all('transaction')).toHaveLength(server.transaction.length);
      expect(await waitCacheEqualsServer(stack.db, core.cache)).toEqual(server);
    }
    for (const [i, w] of core.windows.entries()) {
      const since = w.pushes.slice(pushesBefore[i]);
      expect(since.filter((p) => p.name === 'trading.event')).toEqual([]);
      const changes = since.flatMap((p) => (p.name === 'state.patch' ? p.payload.changes : []));
      expect(changes.filter((c) => c.op === 'delete')).toEqual([]);
      expect(changes.filter((c) => c.kind === 'order' || c.kind === 'transaction')).toEqual([]);
    }
  }, 240_000);

  it('1,500 more instruments: every one is in the instrument list and can be added to a watchlist', async () => {
    const c = core!;
    const stocks = await stack.db.asAdmin((tx) =>
      tx.query<{ n: number }>('SELECT count(*)::int AS n FROM "Stock" WHERE token IS NOT NULL AND "isActive"'),
    );
    const instruments = c.cache.instruments();
    expect(instruments).toHaveLength(stocks.rows[0]!.n);
    expect(instruments.filter((i) => i.symbol.startsWith('CAPX'))).toHaveLength(INSTRUMENTS);
    expect(c.trading.state().instruments).toHaveLength(stocks.rows[0]!.n);

    const watchlistId = c.cache.all('watchlist')[0]!.id;
    const last = await c.router.dispatch({ windowId: 'w1' }, 'watchlists.addItem', {
      watchlistId,
      token: 800_000 + INSTRUMENTS,
    });
    expect(last).toMatchObject({ ok: true });
    await waitFor(
      () => c.cache.all('watchlistItem').some((i) => i.token === 800_000 + INSTRUMENTS),
      'the 1,500th instrument in the watchlist',
    );
  }, 120_000);
});
