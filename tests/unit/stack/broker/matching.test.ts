import { describe, expect, it } from 'vitest';
import { fillPrice } from '../../../../electron/stack/broker/matching';
import { OrderBook, type BrokerOrder } from '../../../../electron/stack/broker/order-book';

describe('fillPrice', () => {
  it('fills MARKET at the last price, whatever it is', () => {
    expect(fillPrice({ orderType: 'MARKET', orderSide: 'BUY', price: null }, 101.5)).toBe(101.5);
    expect(fillPrice({ orderType: 'MARKET', orderSide: 'SELL', price: 50 }, 101.5)).toBe(101.5);
    expect(fillPrice({ orderType: 'MARKET', orderSide: 'BUY', price: null }, undefined)).toBeUndefined();
  });
  it('fills LIMIT BUY at or below the limit, at the limit', () => {
    const buy = { orderType: 'LIMIT', orderSide: 'BUY', price: 100 } as const;
    expect(fillPrice(buy, 100.05)).toBeUndefined();
    expect(fillPrice(buy, 100)).toBe(100);
    expect(fillPrice(buy, 95)).toBe(100);
  });
  it('fills LIMIT SELL at or above the limit, at the limit', () => {
    const sell = { orderType: 'LIMIT', orderSide: 'SELL', price: 100 } as const;
    expect(fillPrice(sell, 99.95)).toBeUndefined();
    expect(fillPrice(sell, 100)).toBe(100);
    expect(fillPrice(sell, 104)).toBe(100);
  });
  it('never fills a LIMIT without a usable limit price or on a bad market price', () => {
    expect(fillPrice({ orderType: 'LIMIT', orderSide: 'BUY', price: null }, 10)).toBeUndefined();
    expect(fillPrice({ orderType: 'LIMIT', orderSide: 'BUY', price: 100 }, Number.NaN)).toBeUndefined();
    expect(fillPrice({ orderType: 'LIMIT', orderSide: 'BUY', price: 100 }, 0)).toBeUndefined();
  });
});

const row = (over: Partial<BrokerOrder> = {}): BrokerOrder => ({
  id: 'o1',
  symbol: 'RELIANCE',
  quantity: 1,
  orderType: 'LIMIT',
  orderSide: 'BUY',
  price: 1400,
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
  it('reports a symbol it cannot price', () => {
    expect(new OrderBook().apply(row({ symbol: 'NOTLISTED' })).kind).toBe('unknown_symbol');
  });
});
