import { describe, expect, it } from 'vitest';
import { estimateOrder, productsFor, tradesInLots } from '../../../src/renderer/trading/estimate';
import { dayPnL, positionTotals, unrealizedPnL } from '../../../src/renderer/trading/pnl';
import { checkTicket, type TicketForm } from '../../../src/renderer/trading/ticket';
import { position, quote } from './fixtures';

describe('P&L', () => {
  it('long positions gain as the price rises, shorts as it falls', () => {
    expect(unrealizedPnL({ quantity: 10, averagePrice: 2500 }, 2510.5)).toBeCloseTo(105);
    expect(unrealizedPnL({ quantity: -10, averagePrice: 2500 }, 2490)).toBeCloseTo(100);
    expect(unrealizedPnL({ quantity: -10, averagePrice: 2500 }, 2510)).toBeCloseTo(-100);
    expect(unrealizedPnL({ quantity: 0, averagePrice: 2500 }, 2600)).toBe(0);
    expect(unrealizedPnL({ quantity: 5, averagePrice: 100 }, null)).toBe(0);
  });
  it('day P&L measures from the previous close, else from the average', () => {
    expect(dayPnL({ quantity: 10, averagePrice: 2500 }, { ltp: 2520, close: 2490 })).toBeCloseTo(300);
    expect(dayPnL({ quantity: 10, averagePrice: 2500 }, { ltp: 2520, close: null })).toBeCloseTo(200);
  });
  it('totals: live unrealized, day, booked from realizedPnL, total = unrealized + booked', () => {
    const open = position({ id: 'p1', symbol: 'RELIANCE', quantity: 10, averagePrice: 2500, realizedPnL: 50 });
    const noQuote = position({ id: 'p2', symbol: 'TCS', quantity: 2, averagePrice: 4000, unrealizedPnL: 30, dayPnL: 12 });
    const closed = position({ id: 'p3', symbol: 'INFY', quantity: 0, averagePrice: 1500, realizedPnL: -200 });
    const quotes: Record<string, ReturnType<typeof quote>> = { RELIANCE: quote(1, 2530, { close: 2520 }) };
    const t = positionTotals([open, noQuote, closed], (p) => quotes[p.symbol]);
    expect(t.unrealized).toBeCloseTo(300 + 30);
    expect(t.day).toBeCloseTo(100 + 12);
    expect(t.booked).toBeCloseTo(-150);
    expect(t.total).toBeCloseTo(330 - 150);
  });
});

describe('order estimate (platform rules)', () => {
  it('NSE MIS: leverage 200, margin floored, brokerage min(₹20, 0.03%)', () => {
    const e = estimateOrder({ segment: 'NSE_EQ', product: 'MIS', quantity: 10, price: 2500.5, side: 'BUY', riskConfig: [] });
    expect(e.orderValue).toBe(25005);
    expect(e.leverage).toBe(200);
    expect(e.requiredMargin).toBe(Math.floor(25005 / 200));
    expect(e.brokerage).toBeCloseTo(7.5, 2);
    // STT 0.025% + txn 0.00325% + GST 18% of (brokerage + txn) + stamp 0.003%
    const txn = 25005 * 0.0000325;
    const statutory = 25005 * 0.00025 + txn + 0.18 * (25005 * 0.0003 + txn) + 25005 * 0.00003;
    expect(e.statutoryCharges).toBeCloseTo(statutory, 2);
    expect(e.totalRequired).toBeCloseTo(e.requiredMargin + e.brokerage + e.statutoryCharges, 2);
  });
  it('caps NSE brokerage at ₹20 and uses CNC leverage 50', () => {
    const e = estimateOrder({ segment: 'NSE_EQ', product: 'CNC', quantity: 100, price: 2500, side: 'BUY', riskConfig: [] });
    expect(e.brokerage).toBe(20);
    expect(e.leverage).toBe(50);
    expect(e.requiredMargin).toBe(5000);
  });
  it('F&O and MCX defaults; risk_config overrides leverage and brokerage', () => {
    expect(estimateOrder({ segment: 'NSE_FO', product: 'NRML', quantity: 50, price: 100, side: 'SELL', riskConfig: [] }).leverage).toBe(100);
    expect(estimateOrder({ segment: 'MCX_FO', product: 'NRML', quantity: 1, price: 100, side: 'BUY', riskConfig: [] }).leverage).toBe(50);
    const e = estimateOrder({
      segment: 'NSE_EQ',
      product: 'MIS',
      quantity: 10,
      price: 1000,
      side: 'BUY',
      riskConfig: [{ segment: 'NSE_EQ', productType: 'MIS', leverage: 5, brokerageFlat: 15, brokerageRate: null, brokerageCap: null, active: true }],
    });
    expect(e.leverage).toBe(5);
    expect(e.requiredMargin).toBe(2000);
    expect(e.brokerage).toBe(15);
  });
  it('offers NRML for F&O/MCX and CNC for cash', () => {
    expect(tradesInLots('NSE_FO')).toBe(true);
    expect(tradesInLots('NSE_EQ')).toBe(false);
    expect(productsFor('MCX_FO')).toEqual(['MIS', 'NRML']);
    expect(productsFor('NSE_EQ')).toEqual(['MIS', 'CNC']);
  });
});

describe('ticket validation', () => {
  const id = '5b1d3c1e-8a0f-4c55-9a59-2f1f6c0b6e11';
  const cash = { symbol: 'RELIANCE', token: 2885, segment: 'NSE_EQ', lotSize: 1, tickSize: 0.05 };
  const form = (over: Partial<TicketForm>): TicketForm => ({ side: 'BUY', product: 'MIS', type: 'MARKET', quantity: '10', price: '', ...over });

  it('builds orders.place args for a MARKET order', () => {
    const c = checkTicket(form({}), cash, id);
    expect(c).toEqual({ ok: true, units: 10, price: null, args: { clientOrderId: id, symbol: 'RELIANCE', token: 2885, side: 'BUY', type: 'MARKET', product: 'MIS', quantity: 10 } });
  });
  it('multiplies lots for F&O', () => {
    const c = checkTicket(form({ quantity: '2', type: 'LIMIT', price: '120.05', product: 'NRML' }), { ...cash, segment: 'NSE_FO', lotSize: 75 }, id);
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
