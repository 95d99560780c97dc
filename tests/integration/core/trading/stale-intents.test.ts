import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCache } from '../../../../electron/core/cache';
import { UNCONFIRMED_NOTE } from '../../../../electron/core/trading/actions';
import { startSupabaseStack, type SupabaseStack } from '../../../../electron/stack/supabase';
import type { OrderIntent } from '../../../../src/shared/domain';
import { asDemo, demoProfile, placeArgs, rpc, startCore, tempDir, waitFor, type Core } from './harness';

// Order intents journaled by an earlier run of the app: none is re-sent by itself; the trader
// checks, places again (same client order id: booked once) or discards.

const HOUR = 3_600_000;
let stack: SupabaseStack;
let core: Core | null = null;
let dirs: ReturnType<typeof tempDir>;
const cacheFile = () => `${dirs.dir}/cache.sqlite`;

const yesterday = randomUUID(); // MARKET BUY from 26 h ago: never reached the server
const landed = randomUUID(); // 26 h old, but the server did book it
const crashed = randomUUID(); // 5 s old, from a run that crashed mid-send

function intent(clientOrderId: string, ageMs: number, state: OrderIntent['state']): OrderIntent {
  return {
    clientOrderId,
    symbol: 'ITC',
    token: 1660,
    side: 'BUY',
    type: 'MARKET',
    product: 'MIS',
    quantity: 3,
    price: null,
    state,
    error: null,
    createdAt: Date.now() - ageMs,
  };
}

async function ordersWithKey(key: string): Promise<number> {
  const r = await stack.db.query<{ n: number }>('SELECT count(*)::int AS n FROM orders WHERE idempotency_key = $1', [
    key,
  ]);
  return r.rows[0]!.n;
}

const dispatch = (method: string, args: unknown) => core!.router.dispatch({ windowId: 'w1' }, method, args);

beforeAll(async () => {
  dirs = tempDir();
  stack = await startSupabaseStack();
  await rpc(stack.db, asDemo, 'place_order', placeArgs('ITC', 'BUY', 3, { id: landed }));
  const { cache } = openCache(cacheFile());
  cache.putIntent(intent(yesterday, 26 * HOUR, 'unconfirmed'));
  cache.putIntent(intent(landed, 26 * HOUR, 'unconfirmed'));
  cache.putIntent(intent(crashed, 5_000, 'sending'));
  cache.close();
}, 180_000);

afterAll(async () => {
  await core?.stop();
  await stack?.stop();
  dirs?.cleanup();
});

describe('stale order intents', () => {
  it('before any network, an intent the crashed run was sending reads unconfirmed: nothing of an earlier run is on the wire', async () => {
    core = startCore(cacheFile());
    // Offline start from the cache (no profile yet): the windows must not be told it is "sending".
    const offline = core.trading.state();
    expect(offline.intents.map((i) => [i.clientOrderId, i.state, i.error]).sort()).toEqual(
      [
        [yesterday, 'unconfirmed', UNCONFIRMED_NOTE],
        [landed, 'unconfirmed', UNCONFIRMED_NOTE],
        [crashed, 'unconfirmed', UNCONFIRMED_NOTE],
      ].sort(),
    );
    expect(await ordersWithKey(crashed)).toBe(0);
  });

  it('at start none is sent: a 26-hour-old intent waits, unconfirmed; one the server booked is settled', async () => {
    core ??= startCore(cacheFile());
    await core.trading.useProfile(demoProfile(stack));
    await waitFor(() => core!.trading.status().state === 'live', 'live');
    await waitFor(() => !core!.cache.intents().some((i) => i.clientOrderId === landed), 'the landed one settled');
    await waitFor(
      () => core!.cache.intents().every((i) => i.state === 'unconfirmed' && i.error === UNCONFIRMED_NOTE),
      'the others marked for the trader',
    );
    expect(
      core.cache
        .intents()
        .map((i) => i.clientOrderId)
        .sort(),
    ).toEqual([yesterday, crashed].sort());
    expect(core.cache.orderIdByClientOrderId(landed)).not.toBeNull();
    expect(await ordersWithKey(landed)).toBe(1);

    // Two more reconnects: still nothing sent by itself.
    for (let round = 0; round < 2; round++) {
      const reconciles = core.trading.sync.stats().reconciles;
      core.trading.reconnectNow();
      await waitFor(() => core!.trading.sync.stats().reconciles > reconciles, 'reconciled again');
    }
    expect(await ordersWithKey(yesterday)).toBe(0);
    expect(await ordersWithKey(crashed)).toBe(0);
    // The windows see them as waiting for the trader.
    const state = core.trading.state();
    expect(state.intents.map((i) => [i.clientOrderId, i.state]).sort()).toEqual(
      [
        [yesterday, 'unconfirmed'],
        [crashed, 'unconfirmed'],
      ].sort(),
    );
  }, 120_000);

  it('"check again" asks the server and keeps it unconfirmed when the server has none', async () => {
    expect(await dispatch('intents.check', { clientOrderId: yesterday })).toEqual({
      ok: true,
      value: { clientOrderId: yesterday, orderId: null, state: 'unconfirmed' },
    });
    expect(await ordersWithKey(yesterday)).toBe(0);
  });

  it('"place again" places exactly one order, however often it is pressed', async () => {
    const first = await dispatch('intents.placeAgain', { clientOrderId: yesterday });
    expect(first).toMatchObject({ ok: true, value: { clientOrderId: yesterday, state: 'placed' } });
    const orderId = (first as { value: { orderId: string } }).value.orderId;
    expect(await ordersWithKey(yesterday)).toBe(1);
    expect(core!.cache.intents().some((i) => i.clientOrderId === yesterday)).toBe(false);
    const again = await dispatch('intents.placeAgain', { clientOrderId: yesterday });
    expect(again).toEqual({ ok: true, value: { clientOrderId: yesterday, orderId, state: 'placed' } });
    // The same client order id through the plain place call books nothing either.
    const replay = await dispatch('orders.place', {
      clientOrderId: yesterday,
      symbol: 'ITC',
      side: 'BUY',
      type: 'MARKET',
      product: 'MIS',
      quantity: 3,
    });
    expect(replay).toMatchObject({ ok: true, value: { orderId, state: 'placed' } });
    expect(await ordersWithKey(yesterday)).toBe(1);
  });

  it('"check again" settles an intent whose order did land', async () => {
    const id = randomUUID();
    core!.cache.putIntent(intent(id, 2 * HOUR, 'unconfirmed'));
    await rpc(stack.db, asDemo, 'place_order', placeArgs('ITC', 'BUY', 3, { id }));
    const checked = await dispatch('intents.check', { clientOrderId: id });
    expect(checked).toMatchObject({ ok: true, value: { clientOrderId: id, state: 'placed' } });
    expect(core!.cache.intents().some((i) => i.clientOrderId === id)).toBe(false);
    expect(await ordersWithKey(id)).toBe(1);
  });

  it('"discard" forgets the intent and sends nothing', async () => {
    expect(await dispatch('intents.discard', { clientOrderId: crashed })).toEqual({ ok: true, value: { ok: true } });
    expect(core!.cache.intents().some((i) => i.clientOrderId === crashed)).toBe(false);
    expect(await ordersWithKey(crashed)).toBe(0);
    expect(await dispatch('intents.placeAgain', { clientOrderId: crashed })).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
  });
});
