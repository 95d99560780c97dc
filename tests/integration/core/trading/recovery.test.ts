import { writeFileSync, existsSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TradingEvent } from '../../../../src/shared/domain';
import { FileSecretStore } from '../../../../electron/core/session';
import { openDatabase } from '../../../../electron/stack/db';
import { startSupabaseStack, type SupabaseStack } from '../../../../electron/stack/supabase';
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

type Order = { id: string; version: number; status: string };

let stack: SupabaseStack | null = null;
let core: Core | null = null;
let dirs: ReturnType<typeof tempDir>;
let port = 0;
let cacheFile = '';
let secretsFile = '';
let anonKey = '';

beforeAll(async () => {
  dirs = tempDir();
  cacheFile = `${dirs.dir}/cache.sqlite`;
  secretsFile = `${dirs.dir}/secrets.json`;
  stack = await startSupabaseStack({ dataDir: `${dirs.dir}/pg` });
  await widenPriceBands(stack.db); // kept in the data folder across the restarts
  port = stack.port;
  anonKey = stack.anonKey;
}, 180_000);

afterAll(async () => {
  await core?.stop();
  await stack?.stop();
  dirs?.cleanup();
});

describe('trading sync: recovery', () => {
  it('after the gateway comes back, the cache equals the server and each missed change surfaced once, as recovered', async () => {
    core = startCore(cacheFile, { secrets: new FileSecretStore(secretsFile) });
    await core.trading.useProfile(demoProfile(stack!));
    await waitFor(() => core!.trading.status().state === 'live', 'live');
    // One pending order placed while online, to be cancelled while we are away.
    const early = await rpc<Order>(
      stack!.db,
      asDemo,
      'place_order',
      placeArgs('INFY', 'BUY', 2, { type: 'LIMIT', price: 1000 }),
    );
    await stack!.flushChanges();
    await waitCacheEqualsServer(stack!.db, core.cache);
    const before = core.windows.map((w) => w.events().length);

    await stack!.stop();
    stack = null;
    await waitFor(() => core!.trading.status().state === 'offline', 'offline status');
    expect(core.trading.status().staleSince).not.toBeNull();
    // Actions fail fast while offline, with a clear message.
    const refused = await core.router.dispatch({ windowId: 'w1' }, 'orders.place', {
      symbol: 'SBIN',
      side: 'BUY',
      type: 'MARKET',
      product: 'MIS',
      quantity: 1,
    });
    expect(refused).toMatchObject({ ok: false, error: { code: 'offline' } });
    expect(core.cache.intents()).toEqual([]);

    // Server-side changes while the terminal cannot see them: place, execute, cancel, balance.
    const db = await openDatabase({ dataDir: `${dirs.dir}/pg` });
    const missedLimit = await rpc<Order>(
      db,
      asDemo,
      'place_order',
      placeArgs('RELIANCE', 'BUY', 3, { type: 'LIMIT', price: 900 }),
    );
    const missedMarket = await rpc<Order>(db, asDemo, 'place_order', placeArgs('TCS', 'BUY', 4));
    await rpc(db, asService, 'execute_order', { p_order_id: missedMarket.id, p_fill_price: 3900 });
    await rpc(db, asDemo, 'cancel_order', { p_order_id: early.id });
    await db.asAdmin((tx) =>
      tx.query(
        'UPDATE trading_accounts SET balance = balance + 5000, "availableMargin" = "availableMargin" + 5000 WHERE id = $1',
        [DEMO.accountId],
      ),
    );
    const serverBalance = (
      await db.query<{ balance: number }>('SELECT balance FROM trading_accounts WHERE id = $1', [DEMO.accountId])
    ).rows[0]!.balance;
    await db.close();

    stack = await startSupabaseStack({ dataDir: `${dirs.dir}/pg`, port });
    await waitFor(() => core!.trading.status().state === 'live', 'live again', 60_000);
    await waitCacheEqualsServer(stack.db, core.cache);

    for (const [i, w] of core.windows.entries()) {
      const missed = w.events().slice(before[i]);
      expect(missed.length).toBeGreaterThan(0);
      expect(missed.every((e) => e.recovered)).toBe(true);
      const about = (type: TradingEvent['type'], id: string) =>
        missed.filter((e) => e.type === type && 'order' in e && e.order.id === id);
      expect(about('order_placed', missedLimit.id)).toHaveLength(1);
      expect(about('order_placed', missedMarket.id)).toHaveLength(1);
      expect(about('order_executed', missedMarket.id)).toHaveLength(1);
      expect(about('order_cancelled', early.id)).toHaveLength(1);
      expect(about('order_placed', early.id)).toHaveLength(0);
      expect(missed.filter((e) => e.type === 'position_opened')).toHaveLength(1);
      const balance = missed.filter((e) => e.type === 'balance_updated');
      expect(balance).toHaveLength(1);
      expect(balance[0]).toMatchObject({ balance: serverBalance });
      expect(new Set(missed.map(eventKey)).size).toBe(missed.length);
    }
    expect(core.trading.state()).toMatchObject({ stale: false });

    // Live again: the next change is delivered live, once.
    const after = core.windows[0]!.events().length;
    const live = await rpc<Order>(
      stack.db,
      asDemo,
      'place_order',
      placeArgs('SBIN', 'BUY', 1, { type: 'LIMIT', price: 500 }),
    );
    await stack.flushChanges();
    await waitCacheEqualsServer(stack.db, core.cache);
    const fresh = core.windows[0]!.events().slice(after);
    expect(fresh.filter((e) => e.type === 'order_placed' && e.order.id === live.id && !e.recovered)).toHaveLength(1);
    expect(fresh.every((e) => !e.recovered)).toBe(true);
  }, 240_000);

  it('offline start: with the backend down the cached state is pushed to each window, marked stale', async () => {
    const syncedBefore = core!.trading.state().syncedAt;
    const accountBefore = core!.trading.state().account;
    await core!.stop();
    core = null;
    await stack!.stop();
    stack = null;

    core = startCore(cacheFile, { secrets: new FileSecretStore(secretsFile) });
    for (const w of core.windows) {
      const snapshots = w.of('state.snapshot');
      expect(snapshots).toHaveLength(1);
      expect(snapshots[0]).toMatchObject({ stale: true, syncedAt: syncedBefore, account: accountBefore });
      expect(snapshots[0]!.orders.length).toBeGreaterThan(0);
    }
    const state = await core.trading.useProfile(demoProfile({ url: `http://127.0.0.1:${port}`, anonKey }));
    // The stored session is kept although the server cannot be reached.
    expect(state).toMatchObject({ state: 'signed_in', user: { id: DEMO.userId } });
    await waitFor(() => core!.trading.status().state === 'offline', 'offline');
    const got = await core.router.dispatch({ windowId: 'w1' }, 'state.get', {});
    expect(got).toMatchObject({ ok: true, value: { stale: true, syncedAt: syncedBefore } });
    const refused = await core.router.dispatch({ windowId: 'w1' }, 'orders.cancel', { orderId: 'x' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'offline' } });
  }, 120_000);

  it('corrupt cache file: startup succeeds, the old file is kept aside, state is rebuilt from the server', async () => {
    await core!.stop();
    core = null;
    writeFileSync(cacheFile, Buffer.from('this is not a database, it is garbage '.repeat(200)));
    stack = await startSupabaseStack({ dataDir: `${dirs.dir}/pg`, port });
    core = startCore(cacheFile, { secrets: new FileSecretStore(secretsFile) });
    expect(core.recovered).not.toBeNull();
    expect(existsSync(core.recovered!.movedTo)).toBe(true);
    expect(readFileSync(core.recovered!.movedTo, 'utf8')).toContain('garbage');
    expect(core.windows[0]!.of('state.snapshot')[0]).toMatchObject({ account: null, orders: [] });
    await core.trading.useProfile(demoProfile(stack));
    await waitFor(() => core!.trading.status().state === 'live', 'live');
    const server = await waitCacheEqualsServer(stack.db, core.cache);
    expect(server.order.length).toBeGreaterThan(0);
    // A rebuild is a download, not a replay of history.
    expect(core.windows[0]!.events()).toEqual([]);
  }, 180_000);
});
