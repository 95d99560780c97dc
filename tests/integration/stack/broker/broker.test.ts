import { randomUUID } from 'node:crypto';
import { createClient, type SupabaseClient } from '@supabase/supabase-js';
import WebSocket from 'ws';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startPaperBroker, type PaperBroker } from '../../../../electron/stack/broker';
import { instrumentBySymbol } from '../../../../electron/stack/market/catalogue';
import { startMarketSimulator, type MarketSimulator } from '../../../../electron/stack/market/simulator';
import { startSupabaseStack, type SupabaseStack } from '../../../../electron/stack/supabase';
import { ENGINE_NAME, testLocation, type TestLocation } from '../../engines';

// The real gateway over this run's engine (PGlite or a PostgreSQL server), the real simulator, the official client for the trader and
// for the broker. The market practically never ticks on its own here, so prices move only when a test
// forces them with setPrice, and every limit is far from the random walk anyway.

const DEMO = {
  email: 'demo@tradedesk.local',
  password: 'tradedesk-demo',
  accountId: '7e57de30-0000-4000-8000-0000000000a1',
};

let location: TestLocation;
let stack: SupabaseStack;
let sim: MarketSimulator;
let trader: SupabaseClient;
/** The broker's own credentials, for what a broker that died half-way would have done. */
let service: SupabaseClient;
const brokers: PaperBroker[] = [];

const startBroker = async () => {
  const b = await startPaperBroker({
    supabaseUrl: stack.url,
    serviceRoleKey: stack.serviceRoleKey,
    market: sim,
    sweepIntervalMs: 0, // only the start/resubscribe sweeps: the restart test must prove those
    log: () => undefined,
  });
  brokers.push(b);
  return b;
};

async function waitFor<T>(
  check: () => Promise<T | undefined | false> | T | undefined | false,
  what: string,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

interface OrderRow {
  id: string;
  status: string;
  triggeredAt: string | null;
  version: number;
  averagePrice: number | null;
  filledQuantity: number;
  quantity: number;
}

async function place(
  symbol: string,
  side: 'BUY' | 'SELL',
  type: 'MARKET' | 'LIMIT' | 'SL' | 'SL-M',
  quantity: number,
  price?: number | null,
  triggerPrice?: number,
): Promise<string> {
  const { data, error } = await trader.rpc('place_order', {
    p_client_order_id: randomUUID(),
    p_symbol: symbol,
    p_side: side,
    p_order_type: type,
    p_product_type: 'MIS',
    p_quantity: quantity,
    p_price: price ?? null,
    p_trigger_price: triggerPrice ?? null,
  });
  if (error) throw new Error(`place_order: ${error.message}`);
  return (data as { id: string }).id;
}

async function order(id: string): Promise<OrderRow> {
  const { data, error } = await trader
    .from('orders')
    .select('id,status,averagePrice,filledQuantity,quantity,triggeredAt,version')
    .eq('id', id)
    .single();
  if (error) throw new Error(`read order: ${error.message}`);
  return { ...data, averagePrice: data.averagePrice === null ? null : Number(data.averagePrice) } as OrderRow;
}

const executed = (id: string) =>
  waitFor(async () => ((await order(id)).status === 'EXECUTED' ? order(id) : false), `order ${id} EXECUTED`);

/**
 * The stack's quote writer keeps "Stock".ltp near the market; this suite runs the broker without
 * it, so a stop's trigger-side rule (checked against "Stock".ltp) is given the price directly.
 */
async function setStockLtp(symbol: string, ltp: number): Promise<void> {
  await stack.db.asAdmin((tx) => tx.query('UPDATE "Stock" SET "ltp" = $2 WHERE "symbol" = $1', [symbol, ltp]));
}

async function positionQty(symbol: string): Promise<number> {
  const { data, error } = await trader.from('positions').select('quantity').eq('symbol', symbol);
  if (error) throw new Error(error.message);
  return data.length === 0 ? 0 : Number(data[0]!.quantity);
}

async function accountInvariant(): Promise<void> {
  const { data, error } = await trader.from('trading_accounts').select('balance,availableMargin,usedMargin').single();
  if (error) throw new Error(error.message);
  expect(Number(data.balance)).toBe(Number(data.availableMargin) + Number(data.usedMargin));
}

beforeAll(async () => {
  location = await testLocation();
  stack = await startSupabaseStack(location.options);
  sim = await startMarketSimulator({ seed: 7, tickIntervalMs: 1e9 });
  trader = createClient(stack.url, stack.anonKey, {
    auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
    realtime: { transport: WebSocket as unknown as typeof globalThis.WebSocket },
  });
  const { error } = await trader.auth.signInWithPassword({ email: DEMO.email, password: DEMO.password });
  if (error) throw error;
  service = createClient(stack.url, stack.serviceRoleKey, {
    auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
    realtime: { transport: WebSocket as unknown as typeof globalThis.WebSocket },
  });
}, 180_000); // a cold PGlite start with migrations is slow on a loaded machine

afterEach(async () => {
  for (const b of brokers.splice(0)) await b.stop();
});

afterAll(async () => {
  await sim?.stop();
  await stack?.stop();
  await location?.cleanup();
});

describe(`paper broker on ${ENGINE_NAME}`, () => {
  it('executes a MARKET order at the best offer (the top of the depth, one tick above the last price here)', async () => {
    await startBroker();
    const token = instrumentBySymbol('RELIANCE')!.token;
    sim.setPrice(token, 1500.05);
    expect(sim.bestPrices(token)).toEqual({ bid: 1500, ask: 1500.1 });
    const before = await positionQty('RELIANCE');
    const id = await place('RELIANCE', 'BUY', 'MARKET', 10);
    const row = await executed(id);
    expect(row.averagePrice).toBe(1500.1);
    expect(row.filledQuantity).toBe(10);
    expect(await positionQty('RELIANCE')).toBe(before + 10);
    await accountInvariant();
  });

  it('rests a LIMIT order until the market crosses it, then fills at the limit', async () => {
    const broker = await startBroker();
    const token = instrumentBySymbol('TCS')!.token;
    sim.setPrice(token, 3200);
    const buy = await place('TCS', 'BUY', 'LIMIT', 5, 3000);
    const sell = await place('TCS', 'SELL', 'LIMIT', 2, 3400);
    await waitFor(() => broker.isResting(buy) && broker.isResting(sell), 'the broker to hold both limits');
    await broker.sweep(); // one more full look at the market: neither crosses at 3200
    expect((await order(buy)).status).toBe('PENDING');
    expect((await order(sell)).status).toBe('PENDING');

    sim.setPrice(token, 2995); // trades through the buy limit
    expect((await executed(buy)).averagePrice).toBe(3000);
    expect((await order(sell)).status).toBe('PENDING');

    sim.setPrice(token, 3410); // and through the sell limit
    expect((await executed(sell)).averagePrice).toBe(3400);
    expect(await positionQty('TCS')).toBe(3);
    await accountInvariant();
  });

  it('re-prices a modified resting LIMIT and fills it once it crosses', async () => {
    const broker = await startBroker();
    const token = instrumentBySymbol('HDFCBANK')!.token;
    sim.setPrice(token, 1000);
    const id = await place('HDFCBANK', 'BUY', 'LIMIT', 3, 900);
    await waitFor(() => broker.isResting(id), 'the broker to hold the limit');
    // Raising the limit above the market makes the order marketable as it arrives again: it
    // fills at the best offer (1000.05), not at its new limit.
    const { error } = await trader.rpc('modify_order', { p_order_id: id, p_price: 1005 });
    expect(error).toBeNull();
    expect((await executed(id)).averagePrice).toBe(1000.05);
    await accountInvariant();
  });

  it('does not fill a resting order that was cancelled', async () => {
    const broker = await startBroker();
    const token = instrumentBySymbol('INFY')!.token;
    sim.setPrice(token, 1550);
    const id = await place('INFY', 'BUY', 'LIMIT', 4, 1400);
    await waitFor(() => broker.isResting(id), 'the broker to hold the limit');
    const { error } = await trader.rpc('cancel_order', { p_order_id: id });
    expect(error).toBeNull();
    await waitFor(() => !broker.isResting(id), 'the broker to drop the cancelled order');

    sim.setPrice(token, 1390); // would have crossed
    await broker.idle();
    await broker.sweep();
    expect((await order(id)).status).toBe('CANCELLED');
    expect(await positionQty('INFY')).toBe(0);
    await accountInvariant();
  });

  it('across a restart neither loses a PENDING order nor fills one twice', async () => {
    const first = await startBroker();
    const token = instrumentBySymbol('SBIN')!.token;
    sim.setPrice(token, 980);
    const before = await positionQty('SBIN');
    const limit = await place('SBIN', 'BUY', 'LIMIT', 7, 900);
    await waitFor(() => first.isResting(limit), 'the first broker to hold the limit');
    await first.stop();
    brokers.splice(brokers.indexOf(first), 1);

    // While no broker runs: a MARKET order is placed and the market crosses the limit.
    const market = await place('SBIN', 'BUY', 'MARKET', 3);
    sim.setPrice(token, 890);
    expect((await order(market)).status).toBe('PENDING');
    expect((await order(limit)).status).toBe('PENDING');

    // Two brokers come up at once (an overlapping restart): both sweep, both race to fill. The
    // MARKET order takes the offer; the LIMIT had rested, so it fills at its limit.
    const [a, b] = await Promise.all([startBroker(), startBroker()]);
    expect((await executed(market)).averagePrice).toBe(890.05);
    expect((await executed(limit)).averagePrice).toBe(900);
    await Promise.all([a.idle(), b.idle()]);
    await Promise.all([a.sweep(), b.sweep()]);
    expect(await positionQty('SBIN')).toBe(before + 10);
    const booked = async () => {
      const { data, error } = await trader.from('transactions').select('id').in('orderId', [market, limit]);
      if (error) throw new Error(error.message);
      return data.length;
    };
    const txnsAfterFill = await booked();
    // Yet another restart, and sweeps from everyone: nothing is booked a second time.
    const c = await startBroker();
    await Promise.all([a.sweep(), b.sweep(), c.sweep()]);
    await Promise.all([a.idle(), b.idle(), c.idle()]);
    expect(await booked()).toBe(txnsAfterFill);
    expect(await positionQty('SBIN')).toBe(before + 10);
    expect((await order(market)).filledQuantity).toBe(3);
    await accountInvariant();
  });

  it('rejoins after a gateway restart and fills what was placed meanwhile', async () => {
    const broker = await startBroker();
    const token = instrumentBySymbol('ITC')!.token;
    const port = stack.port;
    await stack.stop();
    // Same port, same data: the broker's client reconnects on its own and sweeps on rejoin.
    stack = await startSupabaseStack({ ...location.options, port });
    sim.setPrice(token, 410.5);
    const id = await place('ITC', 'BUY', 'MARKET', 2);
    expect((await executed(id)).averagePrice).toBe(410.55);
    expect(broker.stats.sweeps).toBeGreaterThanOrEqual(2);
    await accountInvariant();
  }, 180_000);
  it('fills a marketable LIMIT at the best price, not at its limit (issue 13: ₹480 for a ₹405 share)', async () => {
    const broker = await startBroker();
    const token = instrumentBySymbol('ITC')!.token;
    sim.setPrice(token, 405.3);
    const buy = await place('ITC', 'BUY', 'LIMIT', 1, 480);
    expect((await executed(buy)).averagePrice).toBe(405.35); // the offer
    const sell = await place('ITC', 'SELL', 'LIMIT', 1, 330);
    expect((await executed(sell)).averagePrice).toBe(405.25); // the bid
    expect(broker.stats.fills).toBe(2);
    await accountInvariant();
  });

  it('SL-M and SL trigger exactly once when the price crosses, then fill as MARKET / LIMIT', async () => {
    const broker = await startBroker();
    const token = instrumentBySymbol('RELIANCE')!.token;
    sim.setPrice(token, 1551.4);
    await setStockLtp('RELIANCE', 1551.4);
    const slm = await place('RELIANCE', 'SELL', 'SL-M', 2, null, 1500);
    const sl = await place('RELIANCE', 'BUY', 'SL', 3, 1560, 1560);
    await waitFor(() => broker.isResting(slm) && broker.isResting(sl), 'the broker to hold both stops');
    sim.setPrice(token, 1520); // moves, crosses neither
    await broker.sweep();
    expect(await order(slm)).toMatchObject({ status: 'PENDING', triggeredAt: null });
    expect(broker.stats.triggers).toBe(0);

    sim.setPrice(token, 1499); // through the SELL stop: triggered, then a market order at the bid
    const soldAt = await executed(slm);
    expect(soldAt.averagePrice).toBe(1498.95);
    expect(soldAt.triggeredAt).not.toBeNull();

    sim.setPrice(token, 1565); // through the BUY stop; its limit 1560 is below the offer: it rests
    await waitFor(async () => (await order(sl)).triggeredAt !== null, 'the SL to trigger');
    await broker.idle();
    expect((await order(sl)).status).toBe('PENDING');
    sim.setPrice(token, 1559); // the market comes back to the limit: filled at the limit
    expect((await executed(sl)).averagePrice).toBe(1560);
    expect(broker.stats.triggers).toBe(2);
    await broker.sweep();
    await broker.idle();
    expect(broker.stats.triggers).toBe(2);
    await accountInvariant();
  });

  it('a broker restart between trigger and fill neither triggers twice nor loses the fill', async () => {
    const token = instrumentBySymbol('INFY')!.token;
    sim.setPrice(token, 1550);
    await setStockLtp('INFY', 1550);
    const id = await place('INFY', 'SELL', 'SL-M', 4, null, 1500);
    // A broker saw 1499.5 and recorded the trigger, then died before execute_order.
    sim.setPrice(token, 1499.5);
    const { data: fired, error } = await service.rpc('trigger_order', { p_order_id: id, p_last_price: 1499.5 });
    expect(error).toBeNull();
    const triggeredAt = (fired as { triggeredAt: string }).triggeredAt;
    const versionAfterTrigger = (await order(id)).version;

    const [a, b] = await Promise.all([startBroker(), startBroker()]);
    const row = await executed(id);
    expect(row.averagePrice).toBe(1499.45); // the bid at 1499.5
    expect(row.triggeredAt).toBe(triggeredAt); // the trigger is the first one, not a new one
    expect(row.version).toBeGreaterThan(versionAfterTrigger);
    await Promise.all([a.idle(), b.idle()]);
    expect(a.stats.triggers + b.stats.triggers).toBe(0);
    expect(a.stats.fills + b.stats.fills).toBeGreaterThanOrEqual(1);
    const { data: txns } = await trader.from('transactions').select('description').eq('orderId', id);
    // Placement (margin, charges) plus one fill's margin adjustment: never a second fill (30
    // blocked at the trigger, 29 at the fill: one adjustment of −1).
    const adjustments = (txns ?? []).filter((t) => String(t.description).startsWith('Margin adjusted at fill'));
    expect(adjustments.length).toBe(1);
    expect(await positionQty('INFY')).toBe(-4);
    await accountInvariant();
  });

  it('a stop whose price crosses while the gateway is down triggers and fills once after it is back', async () => {
    const broker = await startBroker();
    const token = instrumentBySymbol('SBIN')!.token;
    sim.setPrice(token, 975);
    await setStockLtp('SBIN', 975);
    const before = await positionQty('SBIN');
    const id = await place('SBIN', 'SELL', 'SL-M', 5, null, 950);
    await waitFor(() => broker.isResting(id), 'the broker to hold the stop');
    const port = stack.port;
    await stack.stop();
    sim.setPrice(token, 949); // the crossing: trigger_order cannot reach the database
    await broker.idle();
    stack = await startSupabaseStack({ ...location.options, port });
    await broker.sweep().catch(() => undefined); // or the rejoin sweep, whichever comes first
    const row = await executed(id);
    expect(row.averagePrice).toBe(948.95);
    expect(row.triggeredAt).not.toBeNull();
    await broker.idle();
    await broker.sweep();
    await broker.idle();
    expect(broker.stats.triggers).toBe(1);
    expect(await positionQty('SBIN')).toBe(before - 5);
    await accountInvariant();
  }, 180_000);
});
