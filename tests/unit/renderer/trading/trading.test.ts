import { describe, expect, it } from 'vitest';
import {
  estimateLines,
  estimateTicket,
  productsFor,
  riskConfigFor,
  tradesInLots,
} from '../../../../src/renderer/trading/estimate';
import { dayPnL, positionTotals, todayLedger, unrealizedPnL } from '../../../../src/renderer/trading/pnl';
import { checkModify, checkTicket, type TicketForm } from '../../../../src/renderer/trading/ticket';
import { order, position, quote } from '../fixtures';

describe('P&L', () => {
  it('long positions gain as the price rises, shorts as it falls', () => {
    expect(unrealizedPnL({ quantity: 10, averagePrice: 2500 }, 2510.5)).toBeCloseTo(105);
    expect(unrealizedPnL({ quantity: -10, averagePrice: 2500 }, 2490)).toBeCloseTo(100);
    expect(unrealizedPnL({ quantity: -10, averagePrice: 2500 }, 2510)).toBeCloseTo(-100);
    expect(unrealizedPnL({ quantity: 0, averagePrice: 2500 }, 2600)).toBe(0);
    expect(unrealizedPnL({ quantity: 5, averagePrice: 100 }, null)).toBe(0);
  });
  it("day P&L: carried positions from the previous close, today's from the average", () => {
    const now = new Date(2026, 10, 26, 12, 0).getTime();
    const carried = { quantity: 10, averagePrice: 2500, createdAt: new Date(2026, 10, 24, 10, 0).toISOString() };
    const today = { ...carried, createdAt: new Date(2026, 10, 26, 9, 30).toISOString() };
    expect(dayPnL(carried, { ltp: 2520, close: 2490 }, now)).toBeCloseTo(300);
    expect(dayPnL(carried, { ltp: 2520, close: null }, now)).toBeCloseTo(200);
    expect(dayPnL(today, { ltp: 2520, close: 2490 }, now)).toBeCloseTo(200);
    expect(dayPnL({ ...today, quantity: -10 }, { ltp: 2520, close: 2490 }, now)).toBeCloseTo(-200);
  });
  it('totals: live unrealized, day, booked from realizedPnL, total = unrealized + booked', () => {
    const open = position({ id: 'p1', symbol: 'RELIANCE', quantity: 10, averagePrice: 2500, realizedPnL: 50 });
    const noQuote = position({
      id: 'p2',
      symbol: 'TCS',
      quantity: 2,
      averagePrice: 4000,
      unrealizedPnL: 30,
      dayPnL: 12,
    });
    const closed = position({ id: 'p3', symbol: 'INFY', quantity: 0, averagePrice: 1500, realizedPnL: -200 });
    const quotes: Record<string, ReturnType<typeof quote>> = { RELIANCE: quote(1, 2530, { close: 2520 }) };
    const t = positionTotals([open, noQuote, closed], (p) => quotes[p.symbol], 0, Date.parse('2026-11-27T12:00:00Z'));
    expect(t.unrealized).toBeCloseTo(300 + 30);
    expect(t.day).toBeCloseTo(100 + 12);
    expect(t.booked).toBeCloseTo(-150);
    expect(t.total).toBeCloseTo(330 - 150);
  });
});

describe("today's money (IST, the exchange day)", () => {
  // 2026-11-27 12:00 IST.
  const now = Date.parse('2026-11-27T06:30:00Z');
  const executed = (id: string, executedAt: string, realizedPnL: number, realizedPnLRounding: number) =>
    order({
      id,
      status: 'EXECUTED',
      createdAt: executedAt,
      executedAt,
      realizedPnL,
      realizedPnLRounding,
      chargesDeducted: 2,
    });

  it('Day P&L includes what was booked today: every position closed, +₹737.15 booked (issue 11)', () => {
    const orders = [
      executed('a', '2026-11-27T04:00:00.000', 500.4, -0.4),
      executed('b', '2026-11-27T05:00:00.000', 236.75, 0.25),
    ];
    const ledger = todayLedger(orders, now);
    expect(ledger).toEqual({ booked: 737.15, rounding: -0.15, charges: 4 });
    const closed = position({ id: 'p', quantity: 0, realizedPnL: 737.15, realizedPnLRounding: -0.15 });
    const t = positionTotals([closed], () => undefined, ledger.booked, now);
    expect(t.day).toBeCloseTo(737.15, 10);
    expect(t.bookedToday).toBe(737.15);
    expect(t.booked).toBe(737.15);
    expect(t.bookedRounding).toBe(-0.15);
  });

  it('"today" is the IST calendar day, whatever the machine zone; platform times are UTC', () => {
    const orders = [
      // 26 Nov 18:45 UTC = 27 Nov 00:15 IST: today.
      executed('a', '2026-11-26T18:45:00.000', 100, 0),
      // 26 Nov 18:15 UTC = 26 Nov 23:45 IST: yesterday.
      executed('b', '2026-11-26T18:15:00.000', 50, 0),
      // Cancelled today: its charges were paid today all the same.
      order({ id: 'c', status: 'CANCELLED', createdAt: '2026-11-27T03:00:00.000', chargesDeducted: 7 }),
    ];
    expect(todayLedger(orders, now)).toEqual({ booked: 100, rounding: 0, charges: 2 + 7 });
  });

  it('sums to the paisa without binary drift', () => {
    const many = Array.from({ length: 10 }, (_, i) => executed(`o${i}`, '2026-11-27T04:00:00.000', 0.1, 0));
    expect(todayLedger(many, now).booked).toBe(1);
  });
});

describe('ticket estimate (through src/shared/trading/charges)', () => {
  it('RELIANCE 1 × 1,538.60 MIS: the lines add up to the total, rounding as its own line (issue 11)', () => {
    const e = estimateTicket({
      segment: 'NSE_EQ',
      product: 'MIS',
      quantity: 1,
      price: 1538.6,
      side: 'BUY',
      riskConfig: [],
    });
    const lines = estimateLines(e);
    expect(lines.map((l) => [l.label, l.amount])).toEqual([
      ['Margin (200×)', 7],
      ['Brokerage', 0.46],
      ['Statutory charges', 0.57],
      ['Charges rounded up to the rupee', 0.97],
    ]);
    expect(lines.reduce((sum, l) => sum + Math.round(l.amount * 100), 0)).toBe(e.totalRequired * 100);
    expect(e.totalRequired).toBe(9);
  });
  it('an order against the open position margins only what opens exposure, and says so', () => {
    const e = estimateTicket({
      segment: 'NSE_EQ',
      product: 'MIS',
      quantity: 10,
      price: 1000,
      side: 'SELL',
      riskConfig: [],
      positionQuantity: 4,
    });
    expect(e.openingQuantity).toBe(6);
    expect(e.requiredMargin).toBe(30);
    expect(estimateLines(e)[0]!.label).toBe('Margin (200×, on 6 of 10: the rest reduces your position)');
  });
  it('NSE MIS: leverage 200, margin floored, brokerage min(₹20, 0.03%), charges rounded up to the rupee', () => {
    const e = estimateTicket({
      segment: 'NSE_EQ',
      product: 'MIS',
      quantity: 10,
      price: 2500.5,
      side: 'BUY',
      riskConfig: [],
    });
    expect(e.orderValue).toBe(25005);
    expect(e.leverage).toBe(200);
    expect(e.requiredMargin).toBe(125);
    expect(e.brokerage).toBe(7.5);
    // STT 6.25 + txn 0.81 + GST 18% of (7.50 + 0.81) = 1.50 + stamp 0.75
    expect(e.statutoryCharges).toBe(9.31);
    expect(e.totalCharges).toBe(17);
    expect(e.totalRequired).toBe(142);
  });
  it('caps NSE brokerage at ₹20 and uses delivery leverage 50 for CNC', () => {
    const e = estimateTicket({
      segment: 'NSE',
      product: 'CNC',
      quantity: 100,
      price: 2500,
      side: 'BUY',
      riskConfig: [],
    });
    expect(e.brokerage).toBe(20);
    expect(e.leverage).toBe(50);
    expect(e.requiredMargin).toBe(5000);
  });
  it('F&O and MCX defaults; an active risk_config row overrides leverage and brokerage', () => {
    expect(
      estimateTicket({ segment: 'NSE_FO', product: 'NRML', quantity: 50, price: 100, side: 'SELL', riskConfig: [] })
        .leverage,
    ).toBe(100);
    expect(
      estimateTicket({ segment: 'MCX_FO', product: 'NRML', quantity: 1, price: 100, side: 'BUY', riskConfig: [] })
        .leverage,
    ).toBe(50);
    const row = {
      segment: 'NSE',
      productType: 'MIS',
      leverage: 5,
      brokerageFlat: 15,
      brokerageRate: null,
      brokerageCap: null,
      active: true,
    };
    const e = estimateTicket({
      segment: 'NSE_EQ',
      product: 'MIS',
      quantity: 10,
      price: 1000,
      side: 'BUY',
      riskConfig: [row],
    });
    expect(e.leverage).toBe(5);
    expect(e.requiredMargin).toBe(2000);
    expect(e.brokerage).toBe(15);
    expect(riskConfigFor([{ ...row, active: false }], 'NSE_EQ', 'MIS')).toBeNull();
    expect(riskConfigFor([{ ...row, productType: 'DELIVERY' }], 'NSE', 'CNC')?.leverage).toBe(5);
  });
  it('offers NRML for F&O/MCX and CNC for cash', () => {
    expect(tradesInLots('NSE_FO')).toBe(true);
    expect(tradesInLots('MCX')).toBe(true);
    expect(tradesInLots('NSE_EQ')).toBe(false);
    expect(productsFor('MCX_FO')).toEqual(['MIS', 'NRML']);
    expect(productsFor('NSE_EQ')).toEqual(['MIS', 'CNC']);
  });
});

describe('ticket validation', () => {
  const id = '5b1d3c1e-8a0f-4c55-9a59-2f1f6c0b6e11';
  const cash = { symbol: 'RELIANCE', token: 2885, segment: 'NSE_EQ', lotSize: 1, tickSize: 0.05 };
  const form = (over: Partial<TicketForm>): TicketForm => ({
    side: 'BUY',
    product: 'MIS',
    type: 'MARKET',
    quantity: '10',
    price: '',
    ...over,
  });

  it('builds orders.place args for a MARKET order', () => {
    const c = checkTicket(form({}), cash, id);
    expect(c).toEqual({
      ok: true,
      units: 10,
      price: null,
      args: {
        clientOrderId: id,
        symbol: 'RELIANCE',
        token: 2885,
        side: 'BUY',
        type: 'MARKET',
        product: 'MIS',
        quantity: 10,
      },
    });
  });
  it('multiplies lots for F&O', () => {
    const c = checkTicket(
      form({ quantity: '2', type: 'LIMIT', price: '120.05', product: 'NRML' }),
      { ...cash, segment: 'NSE_FO', lotSize: 75 },
      id,
    );
    expect(c.ok && c.args.quantity).toBe(150);
    expect(c.ok && c.args.price).toBe(120.05);
  });
  it('rejects bad quantities and prices with field messages', () => {
    for (const q of ['0', '-1', '1.5', '1e3', '', 'abc']) {
      const c = checkTicket(form({ quantity: q }), cash, id);
      expect(c.ok).toBe(false);
      expect(!c.ok && c.errors.quantity).toMatch(/whole number/);
    }
    const noPrice = checkTicket(form({ type: 'LIMIT', price: '' }), cash, id);
    expect(!noPrice.ok && noPrice.errors.price).toMatch(/price above 0/);
    const offTick = checkTicket(form({ type: 'LIMIT', price: '100.03' }), cash, id);
    expect(!offTick.ok && offTick.errors.price).toMatch(/tick size/);
    const onTick = checkTicket(form({ type: 'LIMIT', price: '100.10' }), cash, id);
    expect(onTick.ok).toBe(true);
  });
  it('refuses what the server would refuse, in the same words (issue 11)', () => {
    const huge = checkTicket(form({ type: 'LIMIT', price: '100000000' }), cash, id);
    expect(!huge.ok && huge.errors.price).toBe('Price must be below ₹10,00,00,000.');
    const many = checkTicket(form({ quantity: '10000001' }), cash, id);
    expect(!many.ok && many.errors.quantity).toBe('Quantity must be at most 1,00,00,000.');
  });
  it('checks Modify the same way: units in whole lots for F&O, price only for LIMIT', () => {
    const fut = { lotSize: 75, tickSize: 0.05 };
    const limit = { id: 'o1', orderType: 'LIMIT' as const };
    expect(checkModify({ quantity: '150', price: '120.05' }, limit, fut)).toEqual({
      ok: true,
      quantity: 150,
      price: 120.05,
      triggerPrice: null,
      args: { orderId: 'o1', quantity: 150, price: 120.05 },
    });
    const offLot = checkModify({ quantity: '100', price: '120.05' }, limit, fut);
    expect(!offLot.ok && offLot.errors.quantity).toBe('Quantity must be a whole number of lots of 75.');
    const market = checkModify({ quantity: '2', price: 'ignored' }, { id: 'o2', orderType: 'MARKET' }, cash);
    expect(market).toMatchObject({ ok: true, args: { orderId: 'o2', quantity: 2 } });
    const huge = checkModify({ quantity: '1', price: '999999999' }, limit, cash);
    expect(!huge.ok && huge.errors.price).toBe('Price must be below ₹10,00,00,000.');
  });
});

describe('ticket: the exchange rules before anything is sent (issue 13)', () => {
  const itc = {
    symbol: 'ITC',
    token: 1660,
    segment: 'NSE_EQ',
    lotSize: 1,
    tickSize: 0.05,
    instrumentType: 'EQ',
    priceBand: { lower: 324.25, upper: 486.35 },
  };
  const base: TicketForm = {
    side: 'BUY',
    product: 'MIS',
    type: 'LIMIT',
    quantity: '1',
    price: '405',
    triggerPrice: '',
  };
  const id = '5f0c3c1e-8a4e-4a4e-9d7b-0a0a0a0a0a0a';
  const market = { ltp: 405.3, cncSellable: 0 };
  const errorsOf = (f: Partial<TicketForm>, inst = itc) => {
    const c = checkTicket({ ...base, ...f }, inst, id, market);
    return c.ok ? {} : c.errors;
  };
  it('₹99,999 ITC: outside the band; ₹1,000.03: off the tick grid (exact decimals)', () => {
    expect(errorsOf({ price: '99999' })).toEqual({
      price: "Price ₹99,999 is outside today's price band for ITC: ₹324.25 to ₹486.35.",
    });
    expect(errorsOf({ price: '1000.03' }, { ...itc, priceBand: null as never })).toEqual({
      price: 'Price ₹1,000.03 is not a multiple of the tick size ₹0.05.',
    });
    expect(errorsOf({ price: '486.35' })).toEqual({});
  });
  it('products by segment and CNC holdings', () => {
    expect(errorsOf({ product: 'NRML' })).toEqual({ product: 'NRML is not available for ITC; allowed: MIS, CNC.' });
    expect(errorsOf({ product: 'CNC', side: 'SELL' }).quantity).toMatch(/at most 0 ITC as CNC/);
  });
  it('SL / SL-M: trigger required, on the grid, on the right side of the last price and the limit', () => {
    expect(errorsOf({ type: 'SL-M', side: 'SELL', triggerPrice: '' }).triggerPrice).toMatch(/trigger price above 0/);
    expect(errorsOf({ type: 'SL-M', side: 'SELL', triggerPrice: '410' }).triggerPrice).toBe(
      "A SELL stop's trigger price must be below the last price ₹405.3 (it would trigger at once).",
    );
    expect(errorsOf({ type: 'SL', side: 'SELL', triggerPrice: '400', price: '401' }).triggerPrice).toMatch(
      /can't be lower than its price/,
    );
    const ok = checkTicket({ ...base, type: 'SL-M', side: 'SELL', triggerPrice: '400' }, itc, id, market);
    expect(ok).toMatchObject({ ok: true, args: { type: 'SL-M', triggerPrice: 400 } });
    expect(ok.ok && 'price' in ok.args).toBe(false);
  });
  it('Modify: the trigger of an untriggered stop under the same rules; a triggered one keeps its trigger', () => {
    const stop = { id: 'o9', orderType: 'SL-M' as const, orderSide: 'SELL' as const, productType: 'MIS' };
    expect(checkModify({ quantity: '1', price: '', triggerPrice: '400.03' }, stop, itc, market)).toMatchObject({
      ok: false,
      errors: { triggerPrice: 'Trigger price ₹400.03 is not a multiple of the tick size ₹0.05.' },
    });
    expect(checkModify({ quantity: '1', price: '', triggerPrice: '399' }, stop, itc, market)).toMatchObject({
      ok: true,
      args: { orderId: 'o9', quantity: 1, triggerPrice: 399 },
    });
    expect(
      checkModify({ quantity: '2', price: '', triggerPrice: '999' }, { ...stop, triggered: true }, itc, market),
    ).toMatchObject({ ok: true, args: { orderId: 'o9', quantity: 2 } });
  });
});
