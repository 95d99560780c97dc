import { describe, expect, it } from 'vitest';
import {
  CONTRACT_VERSION,
  methods,
  methodNames,
  pushes,
  pushNames,
  isMethodName,
  isPushName,
  IpcResult,
} from '../../../../src/shared/contract';
import { Order, Quote, StatePatch, TradingEvent } from '../../../../src/shared/domain';

const order = {
  id: 'o1',
  tradingAccountId: 'a1',
  symbol: 'RELIANCE',
  quantity: 10,
  orderType: 'MARKET',
  orderSide: 'BUY',
  price: '2450.50',
  filledQuantity: 0,
  averagePrice: null,
  productType: 'MIS',
  status: 'PENDING',
  createdAt: '2026-11-26T09:15:00.000Z',
  executedAt: null,
  stockId: null,
  positionId: null,
  clientOrderId: null,
  version: 1,
};

describe('contract', () => {
  it('is versioned', () => {
    expect(Number.isInteger(CONTRACT_VERSION)).toBe(true);
  });

  it('names the methods and pushes the next issues need', () => {
    for (const m of ['app.hello', 'app.info', 'state.get', 'orders.place', 'market.setInterest'])
      expect(methodNames).toContain(m);
    for (const p of [
      'session.state',
      'connection.status',
      'state.snapshot',
      'state.patch',
      'trading.event',
      'market.ticks',
    ])
      expect(pushNames).toContain(p);
    expect(isMethodName('toString')).toBe(false);
    expect(isPushName('hasOwnProperty')).toBe(false);
  });

  it('parses numeric strings from Postgres into numbers and rejects garbage', () => {
    expect(Order.parse(order).price).toBe(2450.5);
    expect(Order.safeParse({ ...order, price: '12abc' }).success).toBe(false);
    expect(Order.safeParse({ ...order, status: 'REJECTED' }).success).toBe(false);
  });

  it('orders.place requires a price for LIMIT and a positive whole quantity', () => {
    const args = methods['orders.place'].args;
    expect(args.safeParse({ symbol: 'TCS', side: 'BUY', type: 'MARKET', product: 'MIS', quantity: 1 }).success).toBe(
      true,
    );
    expect(args.safeParse({ symbol: 'TCS', side: 'BUY', type: 'LIMIT', product: 'MIS', quantity: 1 }).success).toBe(
      false,
    );
    expect(
      args.safeParse({ symbol: 'TCS', side: 'BUY', type: 'LIMIT', product: 'MIS', quantity: 1, price: 3500 }).success,
    ).toBe(true);
    expect(args.safeParse({ symbol: 'TCS', side: 'BUY', type: 'MARKET', product: 'MIS', quantity: 1.5 }).success).toBe(
      false,
    );
    expect(args.safeParse({ symbol: 'TCS', side: 'BUY', type: 'MARKET', product: 'MIS', quantity: 0 }).success).toBe(
      false,
    );
  });

  it('trading events are a discriminated union on type', () => {
    const event = { seq: 1, at: 1, accountId: 'a1', recovered: false, type: 'order_placed', order };
    expect(TradingEvent.parse(event).type).toBe('order_placed');
    expect(TradingEvent.safeParse({ ...event, type: 'order_teleported' }).success).toBe(false);
    expect(
      TradingEvent.safeParse({
        seq: 2,
        at: 1,
        accountId: 'a1',
        recovered: true,
        type: 'margin_blocked',
        amount: 0,
        availableMargin: 1,
        usedMargin: 1,
      }).success,
    ).toBe(false);
  });

  it('state patches carry typed changes', () => {
    expect(
      StatePatch.parse({
        changes: [
          { kind: 'order', op: 'upsert', row: order },
          { kind: 'order', op: 'delete', id: 'o1' },
        ],
      }).changes,
    ).toHaveLength(2);
    expect(StatePatch.safeParse({ changes: [{ kind: 'order', op: 'upsert', row: { id: 'o1' } }] }).success).toBe(false);
  });

  it('a row change has one shape from main to the window: {kind, op, row} or {kind, op: delete, id}', () => {
    const parse = (change: unknown) => StatePatch.safeParse({ changes: [change] }).success;
    expect(parse({ kind: 'intent', op: 'delete', id: 'c1' })).toBe(true);
    // The old upsert spelling (no `kind`) is refused rather than misread.
    expect(parse({ entity: 'order', op: 'upsert', row: order })).toBe(false);
    // An upsert's row is parsed with its own kind's schema; a delete carries an id.
    expect(parse({ kind: 'position', op: 'upsert', row: order })).toBe(false);
    expect(parse({ kind: 'order', op: 'delete', row: order })).toBe(false);
    // The account and instruments are never deleted.
    expect(parse({ kind: 'account', op: 'delete', id: 'a1' })).toBe(false);
    expect(parse({ kind: 'instrument', op: 'delete', id: '2885' })).toBe(false);
  });

  it('every push schema rejects a non-object', () => {
    for (const name of pushNames) expect(pushes[name].safeParse('nope').success, name).toBe(false);
  });

  it('quotes need a finite last price', () => {
    const q = {
      token: 2885,
      ltp: 2450,
      open: null,
      high: null,
      low: null,
      close: 2400,
      volume: null,
      change: 50,
      changePct: 2.08,
      bid: null,
      ask: null,
      direction: 'up',
      ts: 1,
      receivedAt: 2,
    };
    expect(Quote.safeParse(q).success).toBe(true);
    expect(Quote.safeParse({ ...q, ltp: Number.NaN }).success).toBe(false);
    expect(Quote.safeParse({ ...q, ltp: Infinity }).success).toBe(false);
  });

  it('results are ok/value or error/code', () => {
    expect(IpcResult.safeParse({ ok: false, error: { code: 'offline', message: 'No connection' } }).success).toBe(true);
    expect(IpcResult.safeParse({ ok: false, error: { code: 'made_up', message: 'x' } }).success).toBe(false);
  });
});
