import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { argRefusals, methods, serverRefusal, type MethodName } from '../../../../src/shared/contract';

/** What the router does with arguments that fail the contract, without the router. */
function refuse(method: MethodName, args: unknown) {
  const parsed = (methods[method].args as z.ZodType).safeParse(args);
  if (parsed.success) throw new Error(`${method} accepted ${JSON.stringify(args)}`);
  return argRefusals(method, parsed.error.issues, args);
}

// Phrases of zod's own messages and of the old router text: none may reach a trader.
const SCHEMA_TEXT =
  /Too big|Too small|expected|Invalid input|Invalid arguments|received|<=|>=|[<>]\d|orders\.|watchlists\.|session\./;

const order = { symbol: 'RELIANCE', side: 'BUY', type: 'LIMIT', product: 'MIS', quantity: 1, price: 1538.6 };

describe('refusals a trader can cause, in words, in the field they concern', () => {
  it('price above the limit (issue 11): "Price must be below ₹10,00,00,000"', () => {
    expect(refuse('orders.place', { ...order, price: 1_000_000_000 })).toEqual([
      { field: 'price', message: 'Price must be below ₹10,00,00,000.' },
    ]);
    // The backend's numeric(10,2) refuses exactly ₹10 crore too, so the contract does.
    expect(refuse('orders.place', { ...order, price: 100_000_000 })[0]?.message).toBe(
      'Price must be below ₹10,00,00,000.',
    );
    expect(refuse('orders.modify', { orderId: 'o1', price: 100_000_000 })[0]).toEqual({
      field: 'price',
      message: 'Price must be below ₹10,00,00,000.',
    });
  });

  const cases: Array<[MethodName, unknown, { field: string | null; message: string }]> = [
    ['orders.place', { ...order, price: 0 }, { field: 'price', message: 'Price must be above ₹0.' }],
    ['orders.place', { ...order, price: -5 }, { field: 'price', message: 'Price must be above ₹0.' }],
    ['orders.place', { ...order, price: '12' }, { field: 'price', message: 'Price must be a number.' }],
    ['orders.place', { ...order, quantity: 0 }, { field: 'quantity', message: 'Quantity must be above 0.' }],
    ['orders.place', { ...order, quantity: 1.5 }, { field: 'quantity', message: 'Quantity must be a whole number.' }],
    [
      'orders.place',
      { ...order, quantity: 20_000_000 },
      { field: 'quantity', message: 'Quantity must be at most 1,00,00,000.' },
    ],
    [
      'orders.place',
      { symbol: 'RELIANCE', side: 'BUY', type: 'LIMIT', product: 'MIS', quantity: 1 },
      { field: 'price', message: 'A LIMIT order needs a price.' },
    ],
    ['orders.place', { ...order, quantity: undefined }, { field: 'quantity', message: 'Quantity is required.' }],
    ['orders.modify', { orderId: 'o1' }, { field: null, message: 'Give a new price, trigger price or quantity.' }],
    ['watchlists.create', { name: '   ' }, { field: 'name', message: 'Watchlist name cannot be empty.' }],
    [
      'watchlists.create',
      { name: 'x'.repeat(65) },
      { field: 'name', message: 'Watchlist name must be at most 64 characters.' },
    ],
    ['watchlists.rename', { id: 'w1', name: '' }, { field: 'name', message: 'Watchlist name cannot be empty.' }],
    [
      'session.signIn',
      { email: 'trader', password: 'x' },
      { field: 'email', message: 'Email must be an email address (name@example.com).' },
    ],
    ['session.signIn', { email: 'a@b.co', password: '' }, { field: 'password', message: 'Password cannot be empty.' }],
    [
      'session.useProfile',
      {
        kind: 'remote',
        name: 'Prod',
        supabaseUrl: 'not a url',
        anonKey: 'k'.repeat(20),
        marketUrl: 'https://m.example',
        marketApiKey: 'k',
      },
      { field: 'supabaseUrl', message: 'Supabase URL must be a web address (https://…).' },
    ],
    [
      'instruments.search',
      { q: 'x'.repeat(65) },
      { field: 'q', message: 'Search text must be at most 64 characters.' },
    ],
  ];
  it.each(cases)('%s %j', (method, args, expected) => {
    const [first] = refuse(method, args);
    expect(first).toEqual(expected);
  });

  it('never lets schema text through, whatever is wrong', () => {
    const bad: Array<[MethodName, unknown]> = [
      ...cases.map(([m, a]) => [m, a] as [MethodName, unknown]),
      ['orders.place', { ...order, side: 'HOLD', type: 'STOP', product: 'XYZ' }],
      ['orders.place', { ...order, extra: 1 }],
      ['orders.place', null],
      ['orders.place', 'not an object'],
      ['orders.cancel', {}],
      ['watchlists.addItem', { watchlistId: 'w', token: -1 }],
      ['market.setInterest', { tokens: Array.from({ length: 5001 }, (_, i) => i) }],
    ];
    for (const [method, args] of bad) {
      const refusals = refuse(method, args);
      expect(refusals.length).toBeGreaterThan(0);
      for (const r of refusals) {
        expect(r.message, `${method} ${JSON.stringify(args)?.slice(0, 60)}`).not.toMatch(SCHEMA_TEXT);
        expect(r.message).toMatch(/^[A-Z].*[.…)]$/);
      }
    }
  });
});

describe("the backend's refusals, in words", () => {
  it('maps each stable code to a sentence about its field', () => {
    expect(serverRefusal('invalid_price', 'Invalid price 400.123', { price: 400.123 })).toEqual({
      field: 'price',
      message: 'Price must be in rupees and paise (at most 2 decimals).',
    });
    expect(serverRefusal('invalid_price', 'Invalid price 100000000', { price: 100_000_000 })).toEqual({
      field: 'price',
      message: 'Price must be below ₹10,00,00,000.',
    });
    expect(serverRefusal('invalid_price', 'A LIMIT order needs a price', {})).toEqual({
      field: 'price',
      message: 'A LIMIT order needs a price.',
    });
    expect(
      serverRefusal('invalid_quantity', 'Quantity 50 is not a multiple of the lot size 75', {
        quantity: 50,
        lotSize: 75,
      }),
    ).toEqual({ field: 'quantity', message: 'Quantity must be a whole number of lots of 75.' });
    expect(serverRefusal('order_not_pending', 'Order is EXECUTED, not PENDING', { status: 'EXECUTED' })).toEqual({
      field: null,
      message: 'This order is already executed; it can no longer be changed.',
    });
    expect(serverRefusal('insufficient_margin', 'x', { required: 10_325, available: 9_991, shortfall: 334 })).toEqual({
      field: null,
      message: 'Insufficient margin: this order needs ₹10,325, ₹9,991 is available (short by ₹334).',
    });
  });
});
