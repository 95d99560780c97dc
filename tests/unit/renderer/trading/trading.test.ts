import { describe, expect, it } from 'vitest';
import { estimateTicket, productsFor, riskConfigFor, tradesInLots } from '../../../../src/renderer/trading/estimate';
import { dayPnL, positionTotals, unrealizedPnL } from '../../../../src/renderer/trading/pnl';
import { checkTicket, type TicketForm } from '../../../../src/renderer/trading/ticket';
import { position, quote } from '../fixtures';

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
    const t = positionTotals([open, noQuote, closed], (p) => quotes[p.symbol], Date.parse('2026-11-27T12:00:00Z'));
    expect(t.unrealized).toBeCloseTo(300 + 30);
    expect(t.day).toBeCloseTo(100 + 12);
    expect(t.booked).toBeCloseTo(-150);
    expect(t.total).toBeCloseTo(330 - 150);
  });
});

describe('ticket estimate (through src/shared/trading/charges)', () => {
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
});
