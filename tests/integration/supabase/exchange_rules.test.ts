import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../../electron/stack/db';
import { estimateOrder } from '../../../src/shared/trading/charges';
import { priceBandOf } from '../../../src/shared/trading/order-rules';
import {
  account,
  createUser,
  expectInvariants,
  OPEN_TIMEOUT_MS,
  placeArgs,
  rpc,
  rpcError,
  service,
  setLtp,
  type Caller,
  type OrderJson,
} from './helpers';
import { ENGINE_NAME, openTestDatabase } from '../engines';

// migrations 20261126100900_stop_loss_orders + 20261126101000_exchange_rules: the tick grid,
// price bands, products by segment, CNC holdings and stop-loss orders, each refused case with
// its code (and nothing booked), each accepted case with its margin, charges and fill to the
// paisa (worked out with estimateOrder, which trading_rules.test.ts holds to the SQL).

interface StopJson extends OrderJson {
  triggerPrice: number | null;
  triggeredAt: string | null;
}

describe(`exchange rules on ${ENGINE_NAME}`, () => {
  let db: Database;
  beforeAll(async () => {
    db = await openTestDatabase();
    // An option and a currency pair, which the demo catalogue does not list.
    await db.asAdmin(async (tx) => {
      await tx.exec(`
        INSERT INTO "Stock" ("id", "instrumentId", "token", "symbol", "ticker", "name", "exchange", "segment",
          "lot_size", "ltp", "close", "instrumentType", "optionType", "tradable", "tickSize")
        VALUES ('stock-test-opt', 'NSE_FO-990001', 990001, 'NIFTY25DEC26000CE', 'NIFTY25DEC26000CE',
                'NIFTY 26000 CE', 'NSE', 'NFO', 75, 120, 118.5, 'OPT', 'CE', true, 0.05),
               ('stock-test-cur', 'NSE_CUR-990002', 990002, 'USDINR25DECFUT', 'USDINR25DECFUT',
                'USDINR DEC FUT', 'NSE', 'CDS', 1, 83.2, 83.1, 'FUT', NULL, true, 0.0025)`);
    });
  }, OPEN_TIMEOUT_MS);
  afterAll(async () => {
    await db?.close();
  });

  const place = (caller: Caller, args: Record<string, unknown>) => rpc<StopJson>(db, caller, 'place_order', args);
  /** A refusal: its code, and the account exactly as before (nothing booked). */
  async function refused(accountId: string, call: Promise<unknown>) {
    // Handle the call's rejection at once: on a server it can fail while `before` is being read,
    // and a rejection that has no handler yet is reported as unhandled.
    const error = rpcError(call);
    const before = await account(db, accountId);
    const e = await error;
    const after = await account(db, accountId);
    expect(after).toEqual(before);
    return e;
  }
  const execute = (id: string, price: number) =>
    rpc<StopJson>(db, service, 'execute_order', { p_order_id: id, p_fill_price: price });
  const trigger = (id: string, last: number) =>
    rpc<StopJson>(db, service, 'trigger_order', { p_order_id: id, p_last_price: last });

  it('price band: ITC at ₹99,999 is refused with the band; the band edges are accepted; fills stay inside it', async () => {
    const u = await createUser(db);
    await setLtp(db, 'ITC', 405.3);
    const e = await refused(u.accountId, place(u.caller, placeArgs('ITC', 'BUY', 1, { type: 'LIMIT', price: 99999 })));
    expect(e).toMatchObject({
      hint: 'outside_band',
      message: "Price 99999 is outside today's price band for ITC: 324.25 to 486.35",
      detail: { lower: 324.25, upper: 486.35, field: 'price' },
    });
    // The same band as the ticket computes.
    expect(
      priceBandOf({ prevClose: 405.3, tickSize: 0.05, percent: null, segment: 'NSE', instrumentType: 'EQ' }),
    ).toEqual({
      lower: 324.25,
      upper: 486.35,
    });
    expect((await rpcError(place(u.caller, placeArgs('ITC', 'SELL', 1, { type: 'LIMIT', price: 324.2 })))).hint).toBe(
      'outside_band',
    );

    const top = await place(u.caller, placeArgs('ITC', 'BUY', 1, { type: 'LIMIT', price: 486.35 }));
    expect(top).toMatchObject({ price: 486.35, marginBlocked: 2, chargesDeducted: 1, status: 'PENDING' });
    // A fill worse than the limit, or outside the band, is not an exchange's fill.
    expect((await rpcError(execute(top.id, 486.4))).hint).toBe('invalid_price');
    // Price improvement: marketable on arrival, it fills at the offer (the broker's touch).
    const filled = await execute(top.id, 405.35);
    expect(filled).toMatchObject({ status: 'EXECUTED', averagePrice: 405.35, marginBlocked: 2 });

    // MARKET orders are protected by the band too.
    const market = await place(u.caller, placeArgs('ITC', 'SELL', 1));
    expect((await rpcError(execute(market.id, 300))).hint).toBe('outside_band');
    expect(await execute(market.id, 405.25)).toMatchObject({ status: 'EXECUTED', averagePrice: 405.25 });
    expect(await expectInvariants(db, u.accountId)).toMatchObject({ usedMargin: 0 });
  });

  it('tick grid: RELIANCE at ₹1,000.03 is refused with the tick size; on-grid prices pass, also on a 0.0025 grid', async () => {
    const u = await createUser(db);
    await setLtp(db, 'RELIANCE', 1551.4);
    const e = await refused(
      u.accountId,
      place(u.caller, placeArgs('RELIANCE', 'BUY', 1, { type: 'LIMIT', price: 1000.03 })),
    );
    expect(e).toMatchObject({
      hint: 'off_tick',
      message: 'Price 1000.03 is not a multiple of the tick size 0.05 for RELIANCE',
      detail: { tickSize: 0.05, field: 'price' },
    });
    expect(
      (await rpcError(place(u.caller, placeArgs('RELIANCE', 'BUY', 1, { type: 'LIMIT', price: 1551.43 })))).hint,
    ).toBe('off_tick');
    expect(
      (
        await rpcError(
          place(u.caller, placeArgs('NIFTY25DECFUT', 'BUY', 75, { type: 'LIMIT', product: 'NRML', price: 26112.35 })),
        )
      ).hint,
    ).toBe('off_tick');
    const ok = await place(u.caller, placeArgs('RELIANCE', 'BUY', 1, { type: 'LIMIT', price: 1551.45 }));
    expect(ok).toMatchObject({ price: 1551.45, marginBlocked: 7, chargesDeducted: 2 });
    const cur = await place(u.caller, placeArgs('USDINR25DECFUT', 'BUY', 1, { type: 'LIMIT', price: 83.25 }));
    const est = estimateOrder({ segment: 'CDS', product: 'MIS', side: 'BUY', quantity: 1, price: 83.25 });
    expect(cur).toMatchObject({ price: 83.25, marginBlocked: est.margin, chargesDeducted: est.charges });
    expect([est.margin, est.charges]).toEqual([83, 24]);
    // Fills are on the grid too.
    expect((await rpcError(execute(ok.id, 1551.42))).hint).toBe('off_tick');
    await expectInvariants(db, u.accountId);
  });

  it('products by segment: NRML on an NSE equity and CNC on a future are refused with what is allowed', async () => {
    const u = await createUser(db);
    const nrml = await refused(u.accountId, place(u.caller, placeArgs('RELIANCE', 'BUY', 1, { product: 'NRML' })));
    expect(nrml).toMatchObject({
      hint: 'product_not_allowed',
      message: 'NRML is not available for RELIANCE; allowed: MIS, CNC',
      detail: { allowed: ['MIS', 'DELIVERY'], field: 'product' },
    });
    const cnc = await refused(
      u.accountId,
      place(u.caller, placeArgs('NIFTY25DECFUT', 'BUY', 75, { type: 'LIMIT', product: 'CNC', price: 26112.5 })),
    );
    expect(cnc).toMatchObject({
      hint: 'product_not_allowed',
      message: 'CNC is not available for NIFTY25DECFUT; allowed: MIS, NRML',
    });
    expect((await rpcError(place(u.caller, placeArgs('CRUDEOIL25DECFUT', 'BUY', 100, { product: 'CNC' })))).hint).toBe(
      'product_not_allowed',
    );
    const fut = await place(
      u.caller,
      placeArgs('NIFTY25DECFUT', 'BUY', 75, { type: 'LIMIT', product: 'NRML', price: 26112.5 }),
    );
    expect(fut).toMatchObject({ productType: 'NRML', marginBlocked: 19584, chargesDeducted: 354 });
    await expectInvariants(db, u.accountId);
  });

  it('CNC sells only holdings not already being sold; MIS may still go short', async () => {
    const u = await createUser(db);
    await setLtp(db, 'TCS', 3152.4);
    const none = await refused(u.accountId, place(u.caller, placeArgs('TCS', 'SELL', 1, { product: 'CNC' })));
    expect(none).toMatchObject({
      hint: 'insufficient_holdings',
      message: 'CNC sell of 1 TCS exceeds the holdings not already being sold (0)',
      detail: { sellable: 0, field: 'quantity' },
    });

    const buy = await place(u.caller, placeArgs('TCS', 'BUY', 5, { type: 'LIMIT', product: 'CNC', price: 3152.4 }));
    expect(buy).toMatchObject({ marginBlocked: 315, chargesDeducted: 23 });
    // Pending, not held yet: nothing to sell.
    expect((await rpcError(place(u.caller, placeArgs('TCS', 'SELL', 1, { product: 'CNC' })))).hint).toBe(
      'insufficient_holdings',
    );
    await execute(buy.id, 3152.4);

    const first = await place(u.caller, placeArgs('TCS', 'SELL', 3, { type: 'LIMIT', product: 'CNC', price: 3200 }));
    expect(first).toMatchObject({ marginBlocked: 0 }); // it reduces the holding
    // The same sell again while the first is pending: only 2 are left to sell.
    const twice = await refused(
      u.accountId,
      place(u.caller, placeArgs('TCS', 'SELL', 3, { type: 'LIMIT', product: 'CNC', price: 3200 })),
    );
    expect(twice).toMatchObject({ hint: 'insufficient_holdings', detail: { sellable: 2 } });
    const second = await place(u.caller, placeArgs('TCS', 'SELL', 2, { type: 'LIMIT', product: 'CNC', price: 3200 }));
    // Modify counts the other pending sells, not the order itself.
    expect((await rpcError(rpc(db, u.caller, 'modify_order', { p_order_id: first.id, p_quantity: 4 }))).hint).toBe(
      'insufficient_holdings',
    );
    await rpc(db, u.caller, 'cancel_order', { p_order_id: second.id });
    expect(await rpc(db, u.caller, 'modify_order', { p_order_id: first.id, p_quantity: 5 })).toMatchObject({
      quantity: 5,
    });

    // MIS may sell short intraday as before.
    const short = await place(u.caller, placeArgs('ITC', 'SELL', 10, { product: 'MIS' }));
    expect(short).toMatchObject({ status: 'PENDING' });
    await expectInvariants(db, u.accountId);
  });

  it('stop-loss placement: trigger side against the last price and the limit; SL-M refused on options', async () => {
    const u = await createUser(db);
    await setLtp(db, 'RELIANCE', 1551.4);
    const above = await refused(
      u.accountId,
      place(u.caller, placeArgs('RELIANCE', 'SELL', 2, { type: 'SL-M', trigger: 1560 })),
    );
    expect(above).toMatchObject({
      hint: 'invalid_trigger',
      message: "A SELL stop's trigger price must be below the last price 1551.40 (it would trigger at once)",
      detail: { field: 'triggerPrice' },
    });
    expect(
      (await rpcError(place(u.caller, placeArgs('RELIANCE', 'BUY', 2, { type: 'SL-M', trigger: 1540 })))).hint,
    ).toBe('invalid_trigger');
    const buyOrder = await rpcError(
      place(u.caller, placeArgs('RELIANCE', 'BUY', 3, { type: 'SL', trigger: 1562, price: 1561 })),
    );
    expect(buyOrder).toMatchObject({
      hint: 'invalid_trigger',
      message: "A BUY stop's trigger price can't be higher than its price 1561",
    });
    const sellOrder = await rpcError(
      place(u.caller, placeArgs('RELIANCE', 'SELL', 3, { type: 'SL', trigger: 1500, price: 1501 })),
    );
    expect(sellOrder).toMatchObject({
      hint: 'invalid_trigger',
      message: "A SELL stop's trigger price can't be lower than its price 1501",
    });
    expect((await rpcError(place(u.caller, placeArgs('RELIANCE', 'SELL', 2, { type: 'SL', price: 1500 })))).hint).toBe(
      'invalid_trigger',
    );
    expect(
      (await rpcError(place(u.caller, placeArgs('RELIANCE', 'SELL', 2, { type: 'LIMIT', price: 1500, trigger: 1501 }))))
        .hint,
    ).toBe('invalid_trigger');
    expect(
      (await rpcError(place(u.caller, placeArgs('RELIANCE', 'SELL', 2, { type: 'SL-M', trigger: 1500.02 })))).hint,
    ).toBe('off_tick');
    expect(
      (await rpcError(place(u.caller, placeArgs('RELIANCE', 'SELL', 2, { type: 'SL-M', trigger: 1200 })))).hint,
    ).toBe('outside_band');
    const option = await refused(
      u.accountId,
      place(u.caller, placeArgs('NIFTY25DEC26000CE', 'SELL', 75, { type: 'SL-M', product: 'NRML', trigger: 110 })),
    );
    expect(option).toMatchObject({ hint: 'order_type_not_allowed', detail: { field: 'type' } });
    const optionSl = await place(
      u.caller,
      placeArgs('NIFTY25DEC26000CE', 'SELL', 75, { type: 'SL', product: 'NRML', trigger: 110, price: 109.5 }),
    );
    expect(optionSl).toMatchObject({ orderType: 'SL', triggerPrice: 110, price: 109.5 });

    // Accepted: margin and charges as the equivalent order — SL-M at its trigger, SL at its limit.
    const slm = await place(u.caller, placeArgs('RELIANCE', 'SELL', 2, { type: 'SL-M', trigger: 1500, price: 1499 }));
    expect(slm).toMatchObject({
      orderType: 'SL-M',
      price: null,
      triggerPrice: 1500,
      triggeredAt: null,
      marginBlocked: 15,
      chargesDeducted: 3,
    });
    const sl = await place(u.caller, placeArgs('RELIANCE', 'BUY', 3, { type: 'SL', trigger: 1560, price: 1561 }));
    expect(sl).toMatchObject({
      orderType: 'SL',
      price: 1561,
      triggerPrice: 1560,
      marginBlocked: 23,
      chargesDeducted: 4,
    });
    await expectInvariants(db, u.accountId);
  });

  it('a stop triggers once, fills only after its trigger, modifies while untriggered, cancels before and after', async () => {
    const u = await createUser(db);
    await setLtp(db, 'RELIANCE', 1551.4);
    const slm = await place(u.caller, placeArgs('RELIANCE', 'SELL', 2, { type: 'SL-M', trigger: 1500 }));

    expect((await rpcError(execute(slm.id, 1499.9))).hint).toBe('invalid_order'); // not triggered
    expect((await rpcError(trigger(slm.id, 1500.05))).hint).toBe('invalid_trigger'); // not crossed
    // Only the broker triggers: a trader may not even call it.
    expect((await rpcError(rpc(db, u.caller, 'trigger_order', { p_order_id: slm.id, p_last_price: 1490 }))).code).toBe(
      '42501',
    );

    // Modify while untriggered: trigger 1500 → 1490 re-margins at the new trigger; off-grid and
    // wrong-side triggers are refused; an SL-M has no limit price to change.
    expect(
      (await rpcError(rpc(db, u.caller, 'modify_order', { p_order_id: slm.id, p_trigger_price: 1490.01 }))).hint,
    ).toBe('off_tick');
    expect(
      (await rpcError(rpc(db, u.caller, 'modify_order', { p_order_id: slm.id, p_trigger_price: 1552 }))).hint,
    ).toBe('invalid_trigger');
    expect((await rpcError(rpc(db, u.caller, 'modify_order', { p_order_id: slm.id, p_price: 1480 }))).hint).toBe(
      'invalid_order',
    );
    const moved = await rpc<StopJson>(db, u.caller, 'modify_order', { p_order_id: slm.id, p_trigger_price: 1490 });
    expect(moved).toMatchObject({ triggerPrice: 1490, marginBlocked: 14, chargesDeducted: 3 });

    const fired = await trigger(slm.id, 1489.95);
    expect(fired.triggeredAt).not.toBeNull();
    expect(fired.status).toBe('PENDING');
    // Exactly once: a second trigger (a restarted broker) changes nothing, not even the time.
    const again = await trigger(slm.id, 1480);
    expect(again.triggeredAt).toBe(fired.triggeredAt);
    expect(again.version).toBe(fired.version);
    expect(
      (await rpcError(rpc(db, u.caller, 'modify_order', { p_order_id: slm.id, p_trigger_price: 1480 }))).hint,
    ).toBe('invalid_trigger');
    // Triggered, it fills as a market order at the bid.
    const filled = await execute(slm.id, 1489.9);
    expect(filled).toMatchObject({ status: 'EXECUTED', averagePrice: 1489.9, marginBlocked: 14 });

    // An SL triggered and then cancelled releases what it held.
    const sl = await place(u.caller, placeArgs('RELIANCE', 'BUY', 3, { type: 'SL', trigger: 1560, price: 1561 }));
    await trigger(sl.id, 1560);
    expect((await rpcError(execute(sl.id, 1561.05))).hint).toBe('invalid_price'); // worse than its limit
    const cancelled = await rpc<StopJson>(db, u.caller, 'cancel_order', { p_order_id: sl.id });
    expect(cancelled.status).toBe('CANCELLED');
    // And one cancelled before its trigger.
    const early = await place(u.caller, placeArgs('RELIANCE', 'BUY', 3, { type: 'SL', trigger: 1560, price: 1561 }));
    expect((await rpc<StopJson>(db, u.caller, 'cancel_order', { p_order_id: early.id })).status).toBe('CANCELLED');
    expect((await rpcError(trigger(early.id, 1565))).hint).toBe('order_not_pending');
    await expectInvariants(db, u.accountId);
  });

  it('modify follows the same rules as placement (grid, band, re-margin)', async () => {
    const u = await createUser(db);
    await setLtp(db, 'ITC', 405.3);
    const o = await place(u.caller, placeArgs('ITC', 'BUY', 10, { type: 'LIMIT', price: 400 }));
    expect((await rpcError(rpc(db, u.caller, 'modify_order', { p_order_id: o.id, p_price: 400.03 }))).hint).toBe(
      'off_tick',
    );
    expect((await rpcError(rpc(db, u.caller, 'modify_order', { p_order_id: o.id, p_price: 99999 }))).hint).toBe(
      'outside_band',
    );
    const est = estimateOrder({ segment: 'NSE', product: 'MIS', side: 'BUY', quantity: 10, price: 486.35 });
    expect(await rpc(db, u.caller, 'modify_order', { p_order_id: o.id, p_price: 486.35 })).toMatchObject({
      price: 486.35,
      marginBlocked: est.margin,
      chargesDeducted: est.charges,
    });
    expect([est.margin, est.charges]).toEqual([24, 4]);
    await expectInvariants(db, u.accountId);
  });
});
