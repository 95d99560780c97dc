import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TradingEvent, TradingEventType } from '../../../../src/shared/domain';
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

let stack: SupabaseStack;
let core: Core;
let dirs: ReturnType<typeof tempDir>;

beforeAll(async () => {
  dirs = tempDir();
  stack = await startSupabaseStack();
  await widenPriceBands(stack.db);
  core = startCore(`${dirs.dir}/cache.sqlite`);
  const state = await core.trading.useProfile(demoProfile(stack));
  expect(state).toMatchObject({ state: 'signed_in', user: { id: DEMO.userId } });
  await waitFor(() => core.trading.status().state === 'live', 'trading feed live');
}, 180_000);

afterAll(async () => {
  await core?.stop();
  await stack?.stop();
  dirs?.cleanup();
});

type Order = { id: string; version: number; status: string };

/** Runs one server-side change and returns the events it produced (waiting until the cache caught up). */
async function step(change: () => Promise<unknown>): Promise<TradingEvent[]> {
  const before = core.windows.map((w) => w.events().length);
  await change();
  await stack.flushChanges();
  await waitCacheEqualsServer(stack.db, core.cache);
  const [w1, ...others] = core.windows.map((w, i) => w.events().slice(before[i]));
  // Every window saw the very same journal entries.
  for (const other of others) expect(other).toEqual(w1);
  return w1!;
}

function counts(events: TradingEvent[]): Partial<Record<TradingEventType, number>> {
  const out: Partial<Record<TradingEventType, number>> = {};
  for (const e of events) out[e.type] = (out[e.type] ?? 0) + 1;
  return out;
}

describe('trading sync: live events', () => {
  it('the first sync of an empty cache downloads everything and journals no events', async () => {
    await waitCacheEqualsServer(stack.db, core.cache);
    for (const w of core.windows) expect(w.events()).toEqual([]);
    const snapshot = core.trading.state();
    expect(snapshot).toMatchObject({ stale: false, account: { id: DEMO.accountId, clientId: 'DEMO001' } });
    expect(snapshot.instruments.find((i) => i.token === 2885)).toMatchObject({ symbol: 'RELIANCE' });
    expect(core.trading.status()).toMatchObject({ feed: 'trading', state: 'live', staleSince: null });
  });

  it('each event fires exactly once, in every window, for its change', async () => {
    const seen: TradingEvent[] = [];

    const placed = await step(async () =>
      rpc<Order>(stack.db, asDemo, 'place_order', placeArgs('RELIANCE', 'BUY', 10, { type: 'LIMIT', price: 1000 })),
    );
    seen.push(...placed);
    const limitOrder = placed.find((e) => e.type === 'order_placed');
    expect(counts(placed)).toEqual({ order_placed: 1, charges_debited: 1, margin_blocked: 1, balance_updated: 1 });
    // One account write per call: the margin event carries the committed account (charges
    // already debited), the very row the Account panel shows — never an intermediate one.
    const committed = core.cache.get('account', DEMO.accountId)!;
    expect(placed.find((e) => e.type === 'margin_blocked')).toMatchObject({
      availableMargin: committed.availableMargin,
      usedMargin: committed.usedMargin,
    });
    expect(placed.find((e) => e.type === 'charges_debited')).toMatchObject({ amount: 7, onModify: false });
    expect(limitOrder).toMatchObject({
      recovered: false,
      accountId: DEMO.accountId,
      order: { status: 'PENDING', quantity: 10 },
    });
    const orderId = limitOrder && 'order' in limitOrder ? limitOrder.order.id : '';

    const modified = await step(() => rpc(stack.db, asDemo, 'modify_order', { p_order_id: orderId, p_price: 1100 }));
    seen.push(...modified);
    // 10 × 1,100 costs ₹8 in charges where 10 × 1,000 cost ₹7: the difference is debited too.
    expect(counts(modified)).toEqual({ order_modified: 1, charges_debited: 1, margin_blocked: 1, balance_updated: 1 });
    expect(modified.find((e) => e.type === 'charges_debited')).toMatchObject({ amount: 1, onModify: true });
    // Down to 5 × 1,100: 1.65 + 1.38 + 0.18 + 0.33 + 0.17 = 3.71 → ₹4, so ₹4 of the ₹8 comes back.
    const reduced = await step(() => rpc(stack.db, asDemo, 'modify_order', { p_order_id: orderId, p_quantity: 5 }));
    seen.push(...reduced);
    expect(counts(reduced)).toEqual({ order_modified: 1, charges_refunded: 1, margin_released: 1, balance_updated: 1 });
    expect(reduced.find((e) => e.type === 'charges_refunded')).toMatchObject({ amount: 4 });
    expect(modified.find((e) => e.type === 'order_modified')).toMatchObject({
      previous: { price: 1000, quantity: 10 },
      order: { price: 1100 },
    });

    const cancelled = await step(() => rpc(stack.db, asDemo, 'cancel_order', { p_order_id: orderId }));
    seen.push(...cancelled);
    expect(counts(cancelled)).toEqual({ order_cancelled: 1, margin_released: 1 });

    const buy = await rpc<Order>(stack.db, asDemo, 'place_order', placeArgs('TCS', 'BUY', 5));
    await stack.flushChanges();
    const opened = await step(() =>
      rpc(stack.db, asService, 'execute_order', { p_order_id: buy.id, p_fill_price: 4000 }),
    );
    seen.push(...opened);
    expect(counts(opened)).toMatchObject({ order_executed: 1, position_opened: 1 });

    const add = await rpc<Order>(stack.db, asDemo, 'place_order', placeArgs('TCS', 'BUY', 5));
    await stack.flushChanges();
    const updated = await step(() =>
      rpc(stack.db, asService, 'execute_order', { p_order_id: add.id, p_fill_price: 4100 }),
    );
    seen.push(...updated);
    expect(counts(updated)).toMatchObject({ order_executed: 1, position_updated: 1 });
    expect(updated.find((e) => e.type === 'position_updated')).toMatchObject({
      position: { quantity: 10, averagePrice: 4050 },
    });

    const positionId = (
      updated.find((e) => e.type === 'position_updated') as Extract<TradingEvent, { type: 'position_updated' }>
    ).position.id;
    const closing = await rpc<Order>(stack.db, asDemo, 'close_position', { p_position_id: positionId });
    await stack.flushChanges();
    const closed = await step(() =>
      rpc(stack.db, asService, 'execute_order', { p_order_id: closing.id, p_fill_price: 4200 }),
    );
    seen.push(...closed);
    expect(counts(closed)).toMatchObject({ order_executed: 1, pnl_booked: 1, position_closed: 1, margin_released: 1 });
    expect(closed.find((e) => e.type === 'pnl_booked')).toMatchObject({ realizedPnL: 1500, realizedPnLRounding: 0 });
    // Bought 10 at an average of 4050, sold at 4200: 1500 booked on the position.
    expect(closed.find((e) => e.type === 'position_closed')).toMatchObject({
      realizedPnL: 1500,
      position: { quantity: 0 },
    });

    const all = core.windows[0]!.events();
    const types = new Set(all.map((e) => e.type));
    expect([...types].sort()).toEqual(
      [
        'balance_updated',
        'charges_debited',
        'charges_refunded',
        'pnl_booked',
        'margin_blocked',
        'margin_released',
        'order_cancelled',
        'order_executed',
        'order_modified',
        'order_placed',
        'position_closed',
        'position_opened',
        'position_updated',
      ].sort(),
    );
    // Nothing applied twice: no event repeats for the same row version, and the journal matches.
    expect(new Set(all.map(eventKey)).size).toBe(all.length);
    expect(all.every((e) => !e.recovered)).toBe(true);
    const journal = core.cache.listEvents(1_000).reverse();
    expect(journal).toEqual(all);
    expect(journal.map((e) => e.seq)).toEqual([...journal.map((e) => e.seq)].sort((a, b) => a - b));
  });
});

describe('trading sync: bursts and stale rows', () => {
  it('a burst of 500 changes arrives complete and in order', async () => {
    await waitCacheEqualsServer(stack.db, core.cache);
    const before = core.windows.map((w) => w.events().length);
    const placedIds: string[] = [];
    for (let i = 0; i < 500; i++) {
      const order = await rpc<Order>(
        stack.db,
        asDemo,
        'place_order',
        placeArgs('SBIN', 'BUY', 1, { type: 'LIMIT', price: 500 + (i % 50) }),
      );
      placedIds.push(order.id);
    }
    await stack.flushChanges();
    await waitCacheEqualsServer(stack.db, core.cache, 120_000);
    for (const [i, w] of core.windows.entries()) {
      const burst = w.events().slice(before[i]);
      const placed = burst.flatMap((e) => (e.type === 'order_placed' ? [e.order.id] : []));
      // Complete, once each, and in commit order.
      expect(placed).toEqual(placedIds);
      expect(burst.filter((e) => e.type === 'margin_blocked')).toHaveLength(500);
      expect(new Set(burst.map(eventKey)).size).toBe(burst.length);
      const seqs = burst.map((e) => e.seq);
      expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    }
  }, 240_000);

  it('a stale row arriving after a newer one does not regress state or emit anything', async () => {
    const current = core.cache.all('order').find((o) => o.status === 'CANCELLED')!;
    expect(current.version).toBeGreaterThan(1);
    const pushesBefore = core.windows[0]!.pushes.length;
    const journalBefore = core.cache.listEvents(1)[0]?.seq;
    core.trading.sync.applyLive([
      { kind: 'order', op: 'upsert', row: { ...current, status: 'PENDING', version: current.version - 1 } },
    ]);
    core.trading.sync.applyLive([{ kind: 'order', op: 'upsert', row: { ...current } }]);
    expect(core.cache.get('order', current.id)).toEqual(current);
    expect(core.windows[0]!.pushes.length).toBe(pushesBefore);
    expect(core.cache.listEvents(1)[0]?.seq).toBe(journalBefore);
  });
});

describe('trading sync: changes racing a reconcile', () => {
  it('changes committed while snapshots are in flight are neither lost nor applied twice', async () => {
    await waitCacheEqualsServer(stack.db, core.cache);
    const before = core.windows.map((w) => w.events().length);
    const placedIds: string[] = [];
    const statsBefore = core.trading.sync.stats();
    let reconnects = 0;
    let i = 0;
    const write = async () => {
      const order = await rpc<Order>(
        stack.db,
        asDemo,
        'place_order',
        placeArgs('ITC', 'BUY', 1, { type: 'LIMIT', price: 300 + (i % 50) }),
      );
      placedIds.push(order.id);
      if (i % 2 === 0) await rpc(stack.db, asDemo, 'cancel_order', { p_order_id: order.id });
      i++;
      await stack.flushChanges();
      // In-process PGlite answers through microtasks only: yield so sockets and timers run.
      await new Promise((resolve) => setImmediate(resolve));
    };
    for (let round = 0; round < 6; round++) {
      // Force a fresh channel and keep writing until it is live again: the writes race its
      // teardown, its join and its snapshot.
      core.trading.reconnectNow();
      reconnects++;
      // Bounded: on a loaded machine a reconnect takes longer, and writing without limit until it
      // is live made the work (and the time) grow with the load instead of the race.
      let racing = 0;
      do await write();
      while (core.trading.status().state !== 'live' && ++racing < 20);
      await waitFor(() => core.trading.status().state === 'live', 'live again');
      for (let k = 0; k < 3; k++) await write();
    }
    expect(reconnects).toBe(6);
    await waitFor(() => core.trading.status().state === 'live', 'live');
    await waitCacheEqualsServer(stack.db, core.cache);
    const stats = core.trading.sync.stats();
    // Each forced reconnect was waited for until live: one completed reconcile per round at least.
    expect(stats.reconciles - statsBefore.reconciles).toBeGreaterThanOrEqual(6);
    expect(stats.invalidChanges).toBe(0);
    console.log(
      `[racing] reconciles ${stats.reconciles - statsBefore.reconciles}, live changes buffered during snapshots ${stats.bufferedChanges - statsBefore.bufferedChanges}`,
    );
    for (const [i, w] of core.windows.entries()) {
      const events = w.events().slice(before[i]);
      expect(new Set(events.map(eventKey)).size).toBe(events.length);
      for (const [n, id] of placedIds.entries()) {
        const placed = events.filter((e) => e.type === 'order_placed' && e.order.id === id);
        const cancelled = events.filter((e) => e.type === 'order_cancelled' && e.order.id === id);
        expect(placed).toHaveLength(1);
        expect(cancelled).toHaveLength(n % 2 === 0 ? 1 : 0);
      }
    }
    // The journal equals what the windows saw.
    const seen = core.windows[0]!.events().slice(before[0]);
    expect(core.cache.listEvents(seen.length).reverse()).toEqual(seen);
  }, 180_000);
});
