import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from '@supabase/supabase-js';
import WebSocket from 'ws';
import { startStack, type Stack } from '../../../electron/stack';
import { instrumentByToken, priceBandOfInstrument } from '../../../electron/stack/market/catalogue';

/**
 * The stack keeps `"Stock".ltp` live, so a MARKET order placed without a reference price is
 * margined at today's price, not at the seed's previous close; and `"Stock".close` at the
 * market's previous close, so the price band place_order checks is the band the quotes carry.
 */
describe('live instrument prices in the database', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ seed: 3 });
  }, 180_000);
  afterAll(async () => {
    await stack?.stop();
  });

  const RELIANCE = 2885;

  async function stockLtp(): Promise<number> {
    const rows = await stack.supabase.db.asAdmin((tx) =>
      tx.query<{ ltp: number }>(`SELECT "ltp" FROM "Stock" WHERE "token" = $1`, [RELIANCE]),
    );
    return Number(rows.rows[0]!.ltp);
  }

  it("has written every previous close before anyone could order: the database's band is the quotes' band", async () => {
    const rows = await stack.supabase.db.asAdmin((tx) =>
      tx.query<{ token: number; close: number; lower: string | null; upper: string | null }>(
        `SELECT s."token", s."close", b.lower::text AS lower, b.upper::text AS upper
           FROM "Stock" s, LATERAL tradedesk_price_band(s) b WHERE s."tradable"`,
      ),
    );
    expect(rows.rows.length).toBeGreaterThan(50);
    for (const row of rows.rows) {
      const inst = instrumentByToken(row.token)!;
      const close = stack.market.previousClose(row.token)!;
      expect(Number(row.close), inst.symbol).toBe(close);
      const band = priceBandOfInstrument(inst, close);
      expect(row.lower === null ? null : { lower: Number(row.lower), upper: Number(row.upper) }, inst.symbol).toEqual(
        band,
      );
    }
  });

  it('writes the latest traded price into "Stock".ltp', async () => {
    const before = await stockLtp();
    const target = Math.round(before * 1.5 * 20) / 20;
    stack.market.setPrice(RELIANCE, target);
    await stack.prices.flush();
    expect(await stockLtp()).toBeCloseTo(stack.market.lastPrice(RELIANCE)!, 2);
    expect(stack.market.lastPrice(RELIANCE)).toBeCloseTo(target, 2);
  });

  it('margins a MARKET order without a ticket price at the live price', async () => {
    const price = 4000;
    stack.market.setPrice(RELIANCE, price);
    // Stop the writer (it flushes first): the market keeps walking, and a write landing between
    // reading "Stock".ltp and placing the order would margin it at another price.
    await stack.prices.stop();
    const ltp = await stockLtp();
    const client = createClient(stack.supabaseUrl, stack.anonKey, {
      auth: { persistSession: false, autoRefreshToken: false },
      realtime: { transport: WebSocket as unknown as typeof globalThis.WebSocket },
    });
    const { error: signInError } = await client.auth.signInWithPassword(stack.demo);
    expect(signInError).toBeNull();
    const { data, error } = await client.rpc('place_order', {
      p_client_order_id: crypto.randomUUID(),
      p_symbol: 'RELIANCE',
      p_side: 'BUY',
      p_order_type: 'MARKET',
      p_product_type: 'MIS',
      p_quantity: 10,
    });
    expect(error).toBeNull();
    const order = data as { marginBlocked: number | string };
    // NSE MIS leverage 200: floor(10 × ltp / 200).
    expect(Number(order.marginBlocked)).toBe(Math.floor((10 * ltp) / 200));
    await client.auth.signOut();
  });
});
