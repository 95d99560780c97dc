import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../../electron/stack/db';
import { openTestDatabase } from '../engines';
import {
  account,
  createUser,
  expectInvariants,
  placeArgs,
  rpc,
  rpcError,
  service,
  setLtp,
  type OrderJson,
  OPEN_TIMEOUT_MS,
} from './helpers';

// migration 20261126100500_trading_rpcs: place/modify/cancel/close/execute against real
// PGlite, acting as users through asRole. Each test funds its own user so balances are
// independent; expected money figures are worked by hand (see charges.test.ts).
describe('trading RPCs', () => {
  let db: Database;
  // PGlite start-up (WASM compile + initdb) takes 30 s and more on a loaded 2-core machine.
  beforeAll(async () => {
    db = await openTestDatabase();
    // This suite is about money arithmetic at hand-picked prices, some far from the seed's
    // previous closes: every instrument gets a band wide enough for them (bands have their own
    // suite, exchange_rules.test.ts).
    await db.query('UPDATE "Stock" SET "priceBandPercent" = 500');
  }, OPEN_TIMEOUT_MS);
  afterAll(async () => {
    await db?.close();
  });

  interface TxRow {
    amount: string;
    type: string;
    orderId: string | null;
    positionId: string | null;
    description: string;
  }
  async function transactionsOf(accountId: string): Promise<TxRow[]> {
    const r = await db.query<TxRow>(
      'SELECT "amount"::text AS amount, "type"::text AS type, "orderId", "positionId", "description" FROM transactions WHERE "tradingAccountId" = $1 ORDER BY "version"',
      [accountId],
    );
    return r.rows;
  }

  it('NSE MIS market order: blocks floor(qty×ltp/200), debits ceil(charges), both in transactions', async () => {
    const u = await createUser(db);
    await setLtp(db, 'RELIANCE', 1551.4);
    const order = await rpc(db, u.caller, 'place_order', placeArgs('RELIANCE', 'BUY', 10));
    expect(order).toMatchObject({
      status: 'PENDING',
      symbol: 'RELIANCE',
      quantity: 10,
      orderType: 'MARKET',
      orderSide: 'BUY',
      productType: 'MIS',
      price: null,
      marginBlocked: 77,
      chargesDeducted: 11,
      stockId: 'stock-NSE_EQ-2885',
    });
    expect(await expectInvariants(db, u.accountId)).toMatchObject({
      balance: 1_000_000 - 11,
      availableMargin: 1_000_000 - 77 - 11,
      usedMargin: 77,
    });
    const txs = await transactionsOf(u.accountId);
    expect(txs.map((t) => [t.type, t.amount, t.orderId])).toEqual([
      ['DEBIT', '77.00', order.id],
      ['DEBIT', '11.00', order.id],
    ]);
  });

  it('NSE CNC limit order is stored as DELIVERY and margined at 50×', async () => {
    const u = await createUser(db);
    const order = await rpc(
      db,
      u.caller,
      'place_order',
      placeArgs('TCS', 'BUY', 100, { type: 'LIMIT', product: 'CNC', price: 3152.4 }),
    );
    expect(order).toMatchObject({ productType: 'DELIVERY', price: 3152.4, marginBlocked: 6304, chargesDeducted: 361 });
    expect(await expectInvariants(db, u.accountId)).toMatchObject({
      balance: 999_639,
      availableMargin: 993_335,
      usedMargin: 6304,
    });
  });

  it('NFO needs lot multiples and is margined at 100×', async () => {
    const u = await createUser(db);
    const bad = await rpcError(
      rpc(
        db,
        u.caller,
        'place_order',
        placeArgs('NIFTY25DECFUT', 'BUY', 50, { type: 'LIMIT', product: 'NRML', price: 26188.4 }),
      ),
    );
    expect(bad).toMatchObject({ code: 'P0001', hint: 'invalid_quantity', detail: { quantity: 50, lotSize: 75 } });
    const order = await rpc(
      db,
      u.caller,
      'place_order',
      placeArgs('NIFTY25DECFUT', 'BUY', 75, { type: 'LIMIT', product: 'NRML', price: 26188.4 }),
    );
    expect(order).toMatchObject({ marginBlocked: 19641, chargesDeducted: 355 });
    await expectInvariants(db, u.accountId);
  });

  it('MCX is margined at 50× with no STT', async () => {
    const u = await createUser(db);
    await setLtp(db, 'CRUDEOIL25DECFUT', 5236);
    const order = await rpc(db, u.caller, 'place_order', placeArgs('CRUDEOIL25DECFUT', 'SELL', 100));
    expect(order).toMatchObject({ marginBlocked: 10472, chargesDeducted: 60 });
    expect(await expectInvariants(db, u.accountId)).toMatchObject({ usedMargin: 10472, balance: 1_000_000 - 60 });
  });

  it('insufficient margin is rejected with the shortfall and books nothing', async () => {
    const u = await createUser(db, 5000);
    const before = await account(db, u.accountId);
    const err = await rpcError(
      rpc(db, u.caller, 'place_order', placeArgs('TCS', 'BUY', 100, { type: 'LIMIT', product: 'CNC', price: 3152.4 })),
    );
    expect(err).toMatchObject({
      code: 'P0001',
      hint: 'insufficient_margin',
      detail: { required: 6665, available: 5000, shortfall: 1665 },
    });
    expect(await account(db, u.accountId)).toEqual(before);
    const orders = await db.query('SELECT 1 FROM orders WHERE "tradingAccountId" = $1', [u.accountId]);
    expect(orders.rows).toHaveLength(0);
    expect(await transactionsOf(u.accountId)).toEqual([]);
  });

  it('the same client order id returns the first order and books nothing twice, also concurrently', async () => {
    const u = await createUser(db);
    await setLtp(db, 'INFY', 1500);
    const id = randomUUID();
    const first = await rpc(db, u.caller, 'place_order', placeArgs('INFY', 'BUY', 10, { id }));
    const after = await account(db, u.accountId);
    const again = await rpc(db, u.caller, 'place_order', placeArgs('INFY', 'BUY', 99, { id }));
    expect(again.id).toBe(first.id);
    expect(again.quantity).toBe(10);
    expect(await account(db, u.accountId)).toEqual(after);

    const id2 = randomUUID();
    const all = await Promise.all(
      Array.from({ length: 8 }, () => rpc(db, u.caller, 'place_order', placeArgs('INFY', 'BUY', 10, { id: id2 }))),
    );
    expect(new Set(all.map((o) => o.id)).size).toBe(1);
    const rows = await db.query('SELECT 1 FROM orders WHERE "idempotency_key" = $1', [id2]);
    expect(rows.rows).toHaveLength(1);
    const txs = await transactionsOf(u.accountId);
    expect(txs).toHaveLength(4); // margin + charges, for each of the two distinct orders
    await expectInvariants(db, u.accountId);
  });

  it('cancel releases exactly what was blocked; charges are not refunded; a second cancel fails', async () => {
    const u = await createUser(db);
    const order = await rpc(
      db,
      u.caller,
      'place_order',
      placeArgs('TCS', 'BUY', 100, { type: 'LIMIT', product: 'CNC', price: 3152.4 }),
    );
    const cancelled = await rpc(db, u.caller, 'cancel_order', { p_order_id: order.id });
    expect(cancelled).toMatchObject({ id: order.id, status: 'CANCELLED' });
    expect(await expectInvariants(db, u.accountId)).toMatchObject({
      balance: 1_000_000 - 361,
      availableMargin: 1_000_000 - 361,
      usedMargin: 0,
    });
    const txs = await transactionsOf(u.accountId);
    expect(txs.map((t) => [t.type, t.amount])).toEqual([
      ['DEBIT', '6304.00'],
      ['DEBIT', '361.00'],
      ['CREDIT', '6304.00'],
    ]);
    const again = await rpcError(rpc(db, u.caller, 'cancel_order', { p_order_id: order.id }));
    expect(again.hint).toBe('order_not_pending');
    const exec = await rpcError(rpc(db, service, 'execute_order', { p_order_id: order.id, p_fill_price: 3150 }));
    expect(exec.hint).toBe('order_not_pending');
    await expectInvariants(db, u.accountId);
  });

  it('modify re-margins a pending order at its new size and price', async () => {
    const u = await createUser(db);
    const order = await rpc(
      db,
      u.caller,
      'place_order',
      placeArgs('HDFCBANK', 'BUY', 10, { type: 'LIMIT', price: 1000 }),
    );
    expect(order.marginBlocked).toBe(50);
    const bigger = await rpc(db, u.caller, 'modify_order', { p_order_id: order.id, p_quantity: 20 });
    expect(bigger).toMatchObject({ quantity: 20, price: 1000, marginBlocked: 100 });
    expect(await expectInvariants(db, u.accountId)).toMatchObject({ usedMargin: 100 });
    const cheaper = await rpc(db, u.caller, 'modify_order', { p_order_id: order.id, p_price: 500 });
    expect(cheaper).toMatchObject({ quantity: 20, price: 500, marginBlocked: 50 });
    expect(cheaper.version).toBeGreaterThan(bigger.version);
    expect(await expectInvariants(db, u.accountId)).toMatchObject({ usedMargin: 50 });

    const market = await rpc(db, u.caller, 'place_order', placeArgs('HDFCBANK', 'BUY', 1));
    expect((await rpcError(rpc(db, u.caller, 'modify_order', { p_order_id: market.id, p_price: 900 }))).hint).toBe(
      'invalid_order',
    );
    expect((await rpcError(rpc(db, u.caller, 'modify_order', { p_order_id: order.id }))).hint).toBe('invalid_order');
    expect((await rpcError(rpc(db, u.caller, 'modify_order', { p_order_id: order.id, p_quantity: 0 }))).hint).toBe(
      'invalid_quantity',
    );
    await expectInvariants(db, u.accountId);
  });

  it('execute + close: fills at the fill price, books P&L, releases all margin; executing twice is a no-op', async () => {
    const u = await createUser(db);
    await setLtp(db, 'ITC', 1000);
    const buy = await rpc(db, u.caller, 'place_order', placeArgs('ITC', 'BUY', 10));
    // turnover 10000: margin 50; brokerage 3.00 + STT 2.50 + txn 0.33 + GST 0.60 + stamp 0.30 = 6.73 → 7.
    expect(buy).toMatchObject({ marginBlocked: 50, chargesDeducted: 7 });

    const filled = await rpc(db, service, 'execute_order', { p_order_id: buy.id, p_fill_price: 1010 });
    expect(filled).toMatchObject({ status: 'EXECUTED', filledQuantity: 10, averagePrice: 1010, marginBlocked: 50 });
    expect(filled.positionId).toBeTruthy();
    const twice = await rpc(db, service, 'execute_order', { p_order_id: buy.id, p_fill_price: 2000 });
    expect(twice).toEqual(filled);
    const pos = await db.query<{ quantity: number; averagePrice: string; marginBlocked: number }>(
      'SELECT "quantity", "averagePrice"::text AS "averagePrice", "marginBlocked" FROM positions WHERE "id" = $1',
      [filled.positionId],
    );
    expect(pos.rows[0]).toEqual({ quantity: 10, averagePrice: '1010.00', marginBlocked: 50 });
    expect(await expectInvariants(db, u.accountId)).toMatchObject({ balance: 1_000_000 - 7, usedMargin: 50 });

    await setLtp(db, 'ITC', 1030);
    const closing = await rpc(db, u.caller, 'close_position', { p_position_id: filled.positionId });
    // Reducing the position needs no margin; charges on 10300: 3.09 + 2.58 + 0.33 + 0.62 + 0.31 = 6.93 → 7.
    expect(closing).toMatchObject({
      status: 'PENDING',
      orderSide: 'SELL',
      orderType: 'MARKET',
      quantity: 10,
      marginBlocked: 0,
      chargesDeducted: 7,
    });
    const closed = await rpc(db, service, 'execute_order', { p_order_id: closing.id, p_fill_price: 1030 });
    expect(closed).toMatchObject({ status: 'EXECUTED', positionId: filled.positionId });

    const after = await db.query<{ quantity: number; realizedPnL: string; marginBlocked: number }>(
      'SELECT "quantity", "realizedPnL"::text AS "realizedPnL", "marginBlocked" FROM positions WHERE "id" = $1',
      [filled.positionId],
    );
    expect(after.rows[0]).toEqual({ quantity: 0, realizedPnL: '200.00', marginBlocked: 0 });
    // (1030 − 1010) × 10 = +200 booked; all margin released; both charges paid.
    expect(await expectInvariants(db, u.accountId)).toMatchObject({
      balance: 1_000_000 - 7 - 7 + 200,
      availableMargin: 1_000_000 - 14 + 200,
      usedMargin: 0,
    });
    const txs = await transactionsOf(u.accountId);
    expect(
      txs.filter((t) => t.description.startsWith('Realized')).map((t) => [t.type, t.amount, t.positionId]),
    ).toEqual([['CREDIT', '200.00', filled.positionId]]);

    const closeAgain = await rpcError(rpc(db, u.caller, 'close_position', { p_position_id: filled.positionId }));
    expect(closeAgain.hint).toBe('invalid_order');
  });

  it('average up, partial reduce at a loss, then flip short: P&L and margin stay exact', async () => {
    const u = await createUser(db);
    const fill = async (side: 'BUY' | 'SELL', qty: number, price: number): Promise<OrderJson> => {
      const o = await rpc(db, u.caller, 'place_order', placeArgs('SBIN', side, qty, { type: 'LIMIT', price }));
      await expectInvariants(db, u.accountId);
      const done = await rpc(db, service, 'execute_order', { p_order_id: o.id, p_fill_price: price });
      await expectInvariants(db, u.accountId);
      return done;
    };
    const position = async () =>
      (
        await db.query<{ quantity: number; averagePrice: string; realizedPnL: string; marginBlocked: number }>(
          `SELECT "quantity", "averagePrice"::text AS "averagePrice", "realizedPnL"::text AS "realizedPnL", "marginBlocked"
         FROM positions WHERE "tradingAccountId" = $1 AND "symbol" = 'SBIN'`,
          [u.accountId],
        )
      ).rows[0];

    await fill('BUY', 10, 1000); // margin 50
    await fill('BUY', 10, 1100); // margin 55, avg 1050
    expect(await position()).toEqual({
      quantity: 20,
      averagePrice: '1050.00',
      realizedPnL: '0.00',
      marginBlocked: 105,
    });
    const beforeLoss = await account(db, u.accountId);
    const sell = await fill('SELL', 5, 1000); // (1000 − 1050) × 5 = −250; releases round(105 × 5/20) = 26
    expect(await position()).toEqual({
      quantity: 15,
      averagePrice: '1050.00',
      realizedPnL: '-250.00',
      marginBlocked: 79,
    });
    const afterLoss = await account(db, u.accountId);
    const sellCharges = sell.chargesDeducted;
    expect(afterLoss.balance).toBe(beforeLoss.balance - sellCharges - 250);
    await fill('SELL', 25, 1200); // closes 15: +150 × 15 = 2250; opens 10 short at 1200, margin 60
    expect(await position()).toEqual({
      quantity: -10,
      averagePrice: '1200.00',
      realizedPnL: '2000.00',
      marginBlocked: 60,
    });
    expect((await account(db, u.accountId)).usedMargin).toBe(60);
  });

  it('concurrent placements cannot overdraw', async () => {
    // Each order: margin floor(10 × 1000 / 50) = 200 + charges 15 (3 + 10 + 0.33 + 0.60 + 0.30 → 15) = 215.
    // ₹2000 covers 9 of them (1935), not a 10th.
    const u = await createUser(db, 2000);
    await setLtp(db, 'WIPRO', 1000);
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, () =>
        rpc(db, u.caller, 'place_order', placeArgs('WIPRO', 'BUY', 10, { product: 'CNC' })),
      ),
    );
    const ok = results.filter((r) => r.status === 'fulfilled');
    const failed = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(ok).toHaveLength(9);
    expect(failed.every((r) => (r.reason as { hint?: string }).hint === 'insufficient_margin')).toBe(true);
    const a = await expectInvariants(db, u.accountId);
    expect(a).toMatchObject({ balance: 2000 - 9 * 15, usedMargin: 9 * 200, availableMargin: 65 });
  });

  it('raises each stable error code for its case', async () => {
    const u = await createUser(db);
    const other = await createUser(db);
    const hint = async (p: Promise<unknown>) => {
      const e = await rpcError(p);
      expect(e.code).toBe('P0001');
      return e.hint;
    };
    expect(await hint(rpc(db, u.caller, 'place_order', placeArgs('NOSUCH', 'BUY', 1)))).toBe('unknown_symbol');
    expect(await hint(rpc(db, u.caller, 'place_order', placeArgs('ITC', 'BUY', 0)))).toBe('invalid_quantity');
    expect(await hint(rpc(db, u.caller, 'place_order', placeArgs('ITC', 'BUY', -5)))).toBe('invalid_quantity');
    expect(await hint(rpc(db, u.caller, 'place_order', placeArgs('ITC', 'BUY', 1, { type: 'LIMIT' })))).toBe(
      'invalid_price',
    );
    expect(await hint(rpc(db, u.caller, 'place_order', placeArgs('ITC', 'BUY', 1, { type: 'LIMIT', price: 0 })))).toBe(
      'invalid_price',
    );
    expect(
      await hint(rpc(db, u.caller, 'place_order', placeArgs('ITC', 'BUY', 1, { type: 'LIMIT', price: 400.123 }))),
    ).toBe('invalid_price');
    expect(await hint(rpc(db, u.caller, 'place_order', { ...placeArgs('ITC', 'BUY', 1), p_side: 'HOLD' }))).toBe(
      'invalid_order',
    );
    expect(await hint(rpc(db, u.caller, 'place_order', { ...placeArgs('ITC', 'BUY', 1), p_order_type: 'STOP' }))).toBe(
      'invalid_order',
    );
    expect(await hint(rpc(db, u.caller, 'place_order', placeArgs('ITC', 'BUY', 1, { product: 'XYZ' })))).toBe(
      'invalid_order',
    );
    expect(await hint(rpc(db, u.caller, 'place_order', placeArgs('NIFTY 50', 'BUY', 1)))).toBe('invalid_order');
    expect(await hint(rpc(db, u.caller, 'place_order', placeArgs('GOLD25DECFUT', 'BUY', 1000)))).toBe(
      'insufficient_margin',
    ); // 1000 × 127450 / 50 = 2,549,000 > ₹10,00,000
    expect(await hint(rpc(db, u.caller, 'cancel_order', { p_order_id: randomUUID() }))).toBe('not_found');
    expect(await hint(rpc(db, u.caller, 'close_position', { p_position_id: randomUUID() }))).toBe('not_found');
    expect(await hint(rpc(db, service, 'execute_order', { p_order_id: randomUUID(), p_fill_price: 1 }))).toBe(
      'not_found',
    );

    const theirs = await rpc(
      db,
      other.caller,
      'place_order',
      placeArgs('ITC', 'BUY', 1, { type: 'LIMIT', price: 400 }),
    );
    expect(await hint(rpc(db, u.caller, 'cancel_order', { p_order_id: theirs.id }))).toBe('forbidden');
    expect(await hint(rpc(db, u.caller, 'modify_order', { p_order_id: theirs.id, p_price: 401 }))).toBe('forbidden');
    expect(
      await hint(rpc(db, u.caller, 'place_order', placeArgs('ITC', 'BUY', 1, { id: theirs.idempotency_key! }))),
    ).toBe('forbidden');
    const filled = await rpc(db, service, 'execute_order', { p_order_id: theirs.id, p_fill_price: 400 });
    expect(await hint(rpc(db, u.caller, 'close_position', { p_position_id: filled.positionId }))).toBe('forbidden');
    expect(await hint(rpc(db, other.caller, 'cancel_order', { p_order_id: theirs.id }))).toBe('order_not_pending');
    // Executing an EXECUTED order is a no-op that returns it, whatever price comes along.
    expect(await rpc(db, service, 'execute_order', { p_order_id: theirs.id, p_fill_price: -1 })).toEqual(filled);
    const pending = await rpc(db, u.caller, 'place_order', placeArgs('ITC', 'BUY', 1, { type: 'LIMIT', price: 400 }));
    expect(await hint(rpc(db, service, 'execute_order', { p_order_id: pending.id, p_fill_price: 0 }))).toBe(
      'invalid_price',
    );
    await expectInvariants(db, u.accountId);
    await expectInvariants(db, other.accountId);
  });
});
