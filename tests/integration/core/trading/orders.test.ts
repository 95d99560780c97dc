import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSupabaseStack, type SupabaseStack } from '../../../../electron/stack/supabase';
import { authStorageKey, MemorySecretStore } from '../../../../electron/core/session';
import { DEMO, demoProfile, startCore, tempDir, waitCacheEqualsServer, waitFor, type Core } from './harness';
import { TcpProxy } from './tcp-proxy';
import { widenPriceBands } from '../../engines';

let stack: SupabaseStack;
let proxy: TcpProxy;
let core: Core;
let dirs: ReturnType<typeof tempDir>;
const secrets = new MemorySecretStore();

beforeAll(async () => {
  dirs = tempDir();
  stack = await startSupabaseStack();
  await widenPriceBands(stack.db);
  proxy = await TcpProxy.start(stack.port);
  // Short action timeout: a lost answer turns into `unconfirmed` quickly.
  core = startCore(`${dirs.dir}/cache.sqlite`, { actionTimeoutMs: 3_000, secrets });
  await core.trading.useProfile(demoProfile({ url: proxy.url, anonKey: stack.anonKey }));
  await waitFor(() => core.trading.status().state === 'live', 'live');
}, 180_000);

afterAll(async () => {
  await core?.stop();
  await proxy?.stop();
  await stack?.stop();
  dirs?.cleanup();
});

async function ordersWithKey(key: string): Promise<number> {
  const r = await stack.db.query<{ n: number }>('SELECT count(*)::int AS n FROM orders WHERE idempotency_key = $1', [
    key,
  ]);
  return r.rows[0]!.n;
}

const dispatch = (method: string, args: unknown) => core.router.dispatch({ windowId: 'w1' }, method, args);

describe('order actions', () => {
  it('places an order: intent journaled before sending, removed on success, order arrives once', async () => {
    const patchesBefore = core.windows[0]!.of('state.patch').length;
    const res = await dispatch('orders.place', {
      symbol: 'RELIANCE',
      side: 'BUY',
      type: 'LIMIT',
      product: 'MIS',
      quantity: 2,
      price: 1000,
    });
    expect(res).toMatchObject({ ok: true, value: { state: 'placed' } });
    const { clientOrderId, orderId } = (res as { value: { clientOrderId: string; orderId: string } }).value;
    const patches = core.windows[0]!.of('state.patch')
      .slice(patchesBefore)
      .flatMap((p) => p.changes);
    expect(patches[0]).toMatchObject({ kind: 'intent', op: 'upsert', row: { clientOrderId, state: 'sending' } });
    expect(patches).toContainEqual({ kind: 'intent', op: 'delete', id: clientOrderId });
    expect(core.cache.intents()).toEqual([]);
    expect(core.cache.get('order', orderId)).toMatchObject({ clientOrderId: clientOrderId, status: 'PENDING' });
    await stack.flushChanges();
    await waitCacheEqualsServer(stack.db, core.cache);
    expect(core.windows[0]!.events().filter((e) => e.type === 'order_placed' && e.order.id === orderId)).toHaveLength(
      1,
    );
  });

  it('maps server refusals to typed errors and removes the intent', async () => {
    const poor = await dispatch('orders.place', {
      symbol: 'RELIANCE',
      side: 'BUY',
      type: 'MARKET',
      product: 'CNC',
      quantity: 1_000_000,
    });
    expect(poor).toMatchObject({ ok: false, error: { code: 'insufficient_margin' } });
    const error = (poor as unknown as { error: { message: string; details: { shortfall: number } } }).error;
    expect(error.details.shortfall).toBeGreaterThan(0);
    expect(error.message).toContain('short by');
    const unknown = await dispatch('orders.place', {
      symbol: 'NOSUCHSYMBOL',
      side: 'BUY',
      type: 'MARKET',
      product: 'MIS',
      quantity: 1,
    });
    expect(unknown).toMatchObject({ ok: false, error: { code: 'unknown_symbol' } });
    expect(core.cache.intents()).toEqual([]);
  });

  it('modifies and cancels through the RPCs', async () => {
    const placed = await dispatch('orders.place', {
      symbol: 'INFY',
      side: 'BUY',
      type: 'LIMIT',
      product: 'MIS',
      quantity: 1,
      price: 1000,
    });
    const orderId = (placed as { value: { orderId: string } }).value.orderId;
    expect(await dispatch('orders.modify', { orderId, price: 1010 })).toEqual({ ok: true, value: { ok: true } });
    expect(core.cache.get('order', orderId)).toMatchObject({ price: 1010 });
    expect(await dispatch('orders.cancel', { orderId })).toEqual({ ok: true, value: { ok: true } });
    expect(core.cache.get('order', orderId)).toMatchObject({ status: 'CANCELLED' });
    expect(await dispatch('orders.cancel', { orderId })).toMatchObject({
      ok: false,
      error: { code: 'order_not_pending' },
    });
  });

  it('an order whose answer is lost when the connection drops mid-call is placed once and resolved', async () => {
    const clientOrderId = randomUUID();
    proxy.mode = 'swallow';
    const res = await dispatch('orders.place', {
      clientOrderId,
      symbol: 'SBIN',
      side: 'BUY',
      type: 'LIMIT',
      product: 'MIS',
      quantity: 1,
      price: 500,
    });
    expect(res).toEqual({ ok: true, value: { clientOrderId, orderId: null, state: 'unconfirmed' } });
    expect(core.cache.intents()).toMatchObject([{ clientOrderId, state: 'unconfirmed' }]);
    await waitFor(async () => (await ordersWithKey(clientOrderId)) === 1, 'the order landed on the server');

    proxy.mode = 'forward';
    proxy.cut();
    await waitFor(() => core.cache.intents().length === 0, 'intent resolved by reconciliation');
    await stack.flushChanges();
    await waitCacheEqualsServer(stack.db, core.cache);
    expect(await ordersWithKey(clientOrderId)).toBe(1);
    const order = core.cache.all('order').find((o) => o.clientOrderId === clientOrderId);
    expect(order).toBeDefined();
    for (const w of core.windows)
      expect(w.events().filter((e) => e.type === 'order_placed' && e.order.id === order!.id)).toHaveLength(1);
  }, 120_000);

  it('an order that never reached the server is re-sent with the same client order id after reconnect, once', async () => {
    const clientOrderId = randomUUID();
    proxy.mode = 'blackhole';
    const res = await dispatch('orders.place', {
      clientOrderId,
      symbol: 'SBIN',
      side: 'BUY',
      type: 'LIMIT',
      product: 'MIS',
      quantity: 1,
      price: 501,
    });
    expect(res).toMatchObject({ ok: true, value: { state: 'unconfirmed' } });
    expect(await ordersWithKey(clientOrderId)).toBe(0);

    proxy.mode = 'forward';
    proxy.cut();
    await waitFor(() => core.cache.intents().length === 0, 'intent re-sent and resolved');
    await stack.flushChanges();
    await waitCacheEqualsServer(stack.db, core.cache);
    expect(await ordersWithKey(clientOrderId)).toBe(1);
    expect(core.cache.all('order').filter((o) => o.clientOrderId === clientOrderId)).toHaveLength(1);
  }, 120_000);

  it('watchlists: create, add (copied from the instrument), reorder, rename, remove, delete', async () => {
    const created = await dispatch('watchlists.create', { name: 'Banks', color: '#123456' });
    expect(created).toMatchObject({ ok: true });
    const id = (created as { value: { id: string } }).value.id;
    expect(await dispatch('watchlists.create', { name: 'Banks' })).toMatchObject({
      ok: false,
      error: { code: 'duplicate_name' },
    });
    const a = (await dispatch('watchlists.addItem', { watchlistId: id, token: 1333 })) as { value: { id: string } };
    const b = (await dispatch('watchlists.addItem', { watchlistId: id, token: 4963 })) as { value: { id: string } };
    expect(core.cache.get('watchlistItem', a.value.id)).toMatchObject({
      symbol: 'HDFCBANK',
      token: 1333,
      exchange: 'NSE',
      watchlistId: id,
    });
    expect(await dispatch('watchlists.reorder', { watchlistId: id, itemIds: [b.value.id, a.value.id] })).toMatchObject({
      ok: true,
    });
    expect(core.cache.get('watchlistItem', b.value.id)?.sortOrder).toBe(0);
    expect(core.cache.get('watchlistItem', a.value.id)?.sortOrder).toBe(1);
    expect(await dispatch('watchlists.rename', { id, name: 'PSU Banks' })).toMatchObject({ ok: true });
    expect(await dispatch('watchlists.removeItem', { itemId: a.value.id })).toMatchObject({ ok: true });
    await stack.flushChanges();
    await waitCacheEqualsServer(stack.db, core.cache);
    expect(core.cache.get('watchlist', id)).toMatchObject({ name: 'PSU Banks', userId: DEMO.userId });
    expect(await dispatch('watchlists.delete', { id })).toMatchObject({ ok: true });
    expect(core.cache.get('watchlist', id)).toBeUndefined();
    expect(core.cache.get('watchlistItem', b.value.id)).toBeUndefined();
    await stack.flushChanges();
    await waitCacheEqualsServer(stack.db, core.cache);
  });

  it('tells the market service which tokens open positions and pending orders need', async () => {
    const last = core.interest.at(-1) ?? [];
    // RELIANCE (2885) and SBIN (3045) have pending orders from the tests above.
    expect(last).toEqual(expect.arrayContaining([2885, 3045]));
  });
});

describe('session', () => {
  it('sign-out clears the session, the stored tokens and the cached account data', async () => {
    const tokenKey = (profile: string) => `supabase:${profile}:${authStorageKey(proxy.url)}`;
    expect(secrets.get(tokenKey(`demo:Demo:${proxy.url}`))).not.toBeNull();
    const out = await dispatch('session.signOut', {});
    expect(out).toMatchObject({ ok: true, value: { state: 'signed_out', user: null } });
    expect(secrets.get(tokenKey(`demo:Demo:${proxy.url}`))).toBeNull();
    expect(core.cache.all('order')).toEqual([]);
    expect(core.cache.get('account', DEMO.accountId)).toBeUndefined();
    expect(core.cache.listEvents(10)).toEqual([]);
    expect(core.trading.status().state).toBe('not_configured');
    expect(core.windows[1]!.of('state.snapshot').at(-1)).toMatchObject({ account: null, orders: [], stale: true });
    expect(core.windows[1]!.of('session.state').at(-1)).toMatchObject({ state: 'signed_out' });
    for (const w of core.windows) expect(JSON.stringify(w.pushes)).not.toMatch(/access_token|refresh_token/);
    expect(
      await dispatch('orders.place', { symbol: 'SBIN', side: 'BUY', type: 'MARKET', product: 'MIS', quantity: 1 }),
    ).toMatchObject({
      ok: false,
      error: { code: 'unauthorized' },
    });
  });

  it('a remote profile signs in with email and password; a wrong password is a typed error', async () => {
    const profile = {
      kind: 'remote',
      name: 'Local',
      supabaseUrl: proxy.url,
      anonKey: stack.anonKey,
      marketUrl: 'http://127.0.0.1:9',
      marketApiKey: 'k',
    };
    expect(await dispatch('session.useProfile', profile)).toMatchObject({
      ok: true,
      value: { state: 'signed_out', profile: { kind: 'remote', name: 'Local' } },
    });
    expect(await dispatch('session.signIn', { email: DEMO.email, password: 'wrong-password' })).toMatchObject({
      ok: false,
      error: { code: 'unauthorized' },
    });
    expect(core.trading.session()).toMatchObject({ state: 'signed_out' });
    expect(await dispatch('session.signIn', { email: DEMO.email, password: DEMO.password })).toMatchObject({
      ok: true,
      value: { state: 'signed_in', user: { id: DEMO.userId, email: DEMO.email } },
    });
    await waitFor(() => core.trading.status().state === 'live', 'live');
    await waitCacheEqualsServer(stack.db, core.cache);
    expect(await dispatch('session.get', {})).toMatchObject({ ok: true, value: { state: 'signed_in' } });
  }, 120_000);
});
