import { describe, expect, it } from 'vitest';
import { crossesTrigger, fillPrice } from '../../../../electron/stack/broker/matching';
import { OrderBook, type BrokerOrder } from '../../../../electron/stack/broker/order-book';

type Order = Parameters<typeof fillPrice>[0];
const o = (over: Partial<Order>): Order => ({
  orderType: 'LIMIT',
  orderSide: 'BUY',
  price: 100,
  triggerPrice: null,
  triggered: false,
  ...over,
});
const at = (last: number, bid?: number, ask?: number) => ({ last, ...(bid ? { bid } : {}), ...(ask ? { ask } : {}) });

describe('fillPrice', () => {
  it('fills MARKET at the touch (offer for a BUY, bid for a SELL), else the last price', () => {
    expect(fillPrice(o({ orderType: 'MARKET', price: null }), at(101.5, 101.45, 101.55), true)).toBe(101.55);
    expect(fillPrice(o({ orderType: 'MARKET', orderSide: 'SELL' }), at(101.5, 101.45, 101.55), false)).toBe(101.45);
    expect(fillPrice(o({ orderType: 'MARKET', price: null }), at(101.5), true)).toBe(101.5);
    expect(fillPrice(o({ orderType: 'MARKET', price: null }), undefined, true)).toBeUndefined();
  });
  it('an arriving marketable LIMIT fills at the touch, never at a worse limit', () => {
    expect(fillPrice(o({ price: 99999 }), at(405.3, 405.25, 405.35), true)).toBe(405.35);
    expect(fillPrice(o({ orderSide: 'SELL', price: 330 }), at(405.3, 405.25, 405.35), true)).toBe(405.25);
    // Not marketable on arrival (the offer is above the limit): it rests.
    expect(fillPrice(o({ price: 405.3 }), at(405.3, 405.25, 405.35), true)).toBeUndefined();
  });
  it('a resting LIMIT BUY fills at its limit once the last price is at or below it', () => {
    const buy = o({ price: 100 });
    expect(fillPrice(buy, at(100.05), false)).toBeUndefined();
    expect(fillPrice(buy, at(100), false)).toBe(100);
    expect(fillPrice(buy, at(95, 94.95, 95.05), false)).toBe(100);
  });
  it('a resting LIMIT SELL fills at its limit once the last price is at or above it', () => {
    const sell = o({ orderSide: 'SELL', price: 100 });
    expect(fillPrice(sell, at(99.95), false)).toBeUndefined();
    expect(fillPrice(sell, at(100), false)).toBe(100);
    expect(fillPrice(sell, at(104), false)).toBe(100);
  });
  it('never fills a LIMIT without a usable limit price or on a bad market price', () => {
    expect(fillPrice(o({ price: null }), at(10), true)).toBeUndefined();
    expect(fillPrice(o({}), at(Number.NaN), true)).toBeUndefined();
    expect(fillPrice(o({}), at(0), true)).toBeUndefined();
  });
  it('stops: untriggered never fill; the last price crossing the trigger triggers them', () => {
    const slm = o({ orderType: 'SL-M', orderSide: 'SELL', price: null, triggerPrice: 1500 });
    expect(fillPrice(slm, at(1400, 1399.95, 1400.05), true)).toBeUndefined();
    expect(crossesTrigger(slm, 1500.05)).toBe(false);
    expect(crossesTrigger(slm, 1500)).toBe(true);
    expect(crossesTrigger({ ...slm, triggered: true }, 1400)).toBe(false); // once
    expect(fillPrice({ ...slm, triggered: true }, at(1499, 1498.95, 1499.05), true)).toBe(1498.95);
    const sl = o({ orderType: 'SL', orderSide: 'BUY', price: 1561, triggerPrice: 1560 });
    expect(crossesTrigger(sl, 1559.95)).toBe(false);
    expect(crossesTrigger(sl, 1560)).toBe(true);
    expect(fillPrice({ ...sl, triggered: true }, at(1560.5, 1560.45, 1560.55), true)).toBe(1560.55);
    expect(fillPrice({ ...sl, triggered: true }, at(1565, 1564.95, 1565.05), true)).toBeUndefined();
    expect(fillPrice({ ...sl, triggered: true }, at(1559), false)).toBe(1561);
  });
});

const row = (over: Partial<BrokerOrder> = {}): BrokerOrder => ({
  id: 'o1',
  symbol: 'RELIANCE',
  quantity: 1,
  orderType: 'LIMIT',
  orderSide: 'BUY',
  price: 1400,
  triggerPrice: null,
  triggeredAt: null,
  status: 'PENDING',
  version: 1,
  ...over,
});

describe('OrderBook', () => {
  it('indexes PENDING orders by token and drops finished ones', () => {
    const book = new OrderBook();
    expect(book.apply(row()).kind).toBe('resting');
    expect(book.forToken(2885).map((o) => o.id)).toEqual(['o1']);
    expect(book.apply(row({ status: 'CANCELLED', version: 2 })).kind).toBe('removed');
    expect(book.forToken(2885)).toEqual([]);
  });
  it('ignores stale versions and never resurrects a finished order', () => {
    const book = new OrderBook();
    book.apply(row({ version: 3, price: 1390 }));
    expect(book.apply(row({ version: 2, price: 1500 })).kind).toBe('ignored');
    expect(book.get('o1')!.price).toBe(1390);
    book.finish('o1');
    expect(book.apply(row({ version: 9 })).kind).toBe('ignored');
    expect(book.size).toBe(0);
  });
  it('applies a modify (newer version) in place', () => {
    const book = new OrderBook();
    book.apply(row());
    book.apply(row({ version: 2, price: 1450 }));
    expect(book.forToken(2885)).toHaveLength(1);
    expect(book.get('o1')!.price).toBe(1450);
  });
  it('a resting order re-read at the same version keeps its place and does not arrive again', () => {
    const book = new OrderBook();
    const first = book.apply(row());
    if (first.kind !== 'resting') throw new Error('not resting');
    first.order.arriving = false;
    const again = book.apply(row());
    expect(again.kind === 'resting' && again.order.arriving).toBe(false);
    const modified = book.apply(row({ version: 2, price: 1450 }));
    expect(modified.kind === 'resting' && modified.order.arriving).toBe(true);
    expect(book.apply(row({ id: 'o2' }), false)).toMatchObject({ order: { arriving: false } });
    expect(
      book.apply(row({ id: 'o3', orderType: 'SL', triggerPrice: 1390, triggeredAt: '2026-12-01T03:00:00.000Z' })),
    ).toMatchObject({
      order: { triggered: true, triggerPrice: 1390 },
    });
  });
  it('reports a symbol it cannot price', () => {
    expect(new OrderBook().apply(row({ symbol: 'NOTLISTED' })).kind).toBe('unknown_symbol');
  });
});
