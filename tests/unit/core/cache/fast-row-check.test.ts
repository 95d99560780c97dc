import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { fastCheckOf, fastCheckSpecs } from '../../../../electron/core/cache/fast-row-check';
import { InvalidRowCounter, readStored } from '../../../../electron/core/cache/stored-json';
import {
  Account,
  Instrument,
  Order,
  Position,
  Quote,
  RiskConfig,
  Transaction,
  Watchlist,
  WatchlistItem,
} from '../../../../src/shared/domain';
import { account, order, position, quote, transaction, watchlist, watchlistItem } from './fixtures';

/** One valid row per checked schema, made canonical below as the app writes it (parsed: defaults present, keys in order). */
const raw: [string, z.ZodType, Record<string, unknown>][] = [
  ['Account', Account, account()],
  [
    'Order',
    Order,
    order({ updatedAt: '2026-11-26T09:16:00.000Z', averagePrice: 2500.25, executedAt: '2026-11-26T09:16:00.000Z' }),
  ],
  ['Position', Position, position({ stopLoss: 2400, updatedAt: '2026-11-26T09:16:00.000Z' })],
  ['Transaction', Transaction, transaction({ version: 3 })],
  ['Watchlist', Watchlist, watchlist({ createdAt: '2026-11-26T09:00:00.000Z' })],
  ['WatchlistItem', WatchlistItem, watchlistItem()],
  [
    'Instrument',
    Instrument,
    {
      token: 2885,
      instrumentId: 'NSE_EQ-2885',
      symbol: 'RELIANCE',
      name: 'Reliance',
      exchange: 'NSE_EQ',
      segment: 'NSE_EQ',
      instrumentType: 'EQ',
      lotSize: 1,
      tickSize: 0.05,
      lastPrice: null,
    },
  ],
  ['Quote', Quote, quote()],
  [
    'RiskConfig',
    RiskConfig,
    {
      segment: 'NSE_EQ',
      productType: 'MIS',
      leverage: 5,
      brokerageFlat: 20,
      brokerageRate: null,
      brokerageCap: null,
      active: true,
    },
  ],
];

const samples = raw.map(([name, schema, row]): [string, z.ZodType, Record<string, unknown>] => [
  name,
  schema,
  schema.parse(row) as Record<string, unknown>,
]);

/** Values a corrupt, old or hand-edited cache row could hold in any field. */
const odd: unknown[] = [
  null,
  '',
  'x',
  'x'.repeat(128),
  'x'.repeat(129),
  '2026-11-26',
  '2026-11-2',
  '2026-11-26T09:16:00.000',
  '2026-11-26 09:16:00',
  '2026-11-26T14:46:00+05:30',
  '2026-11-31T09:16:00.000Z',
  '😀'.repeat(5),
  '😀'.repeat(10),
  '😀'.repeat(100),
  0,
  -1,
  1.5,
  -0.05,
  2 ** 53,
  2 ** 60,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  '12',
  '-3.5',
  '1e3',
  true,
  false,
  {},
  [],
  [1],
  'MARKET',
  'LIMIT',
  'BUY',
  'SELL',
  'PENDING',
  'EXECUTED',
  'CANCELLED',
  'CREDIT',
  'DEBIT',
  'up',
  'flat',
  'sideways',
  1_764_150_000_000,
  -1_764_150_000_000,
];

const ABSENT = Symbol('absent');

function variants(row: Record<string, unknown>): unknown[] {
  const out: unknown[] = [];
  const keys = Object.keys(row);
  for (const key of keys) {
    for (const value of [...odd, ABSENT]) {
      const copy: Record<string, unknown> = { ...row };
      if (value === ABSENT) delete copy[key];
      else copy[key] = value;
      out.push(copy);
    }
  }
  out.push({ ...row, extra: 1 }, { extra: 1, ...row }, { ...row, __proto__x: 1 });
  out.push(Object.fromEntries([...keys].reverse().map((k) => [k, row[k]])));
  // Swapping each neighbouring pair of keys: zod would re-order, so the check must decline.
  for (let i = 0; i + 1 < keys.length; i++) {
    const swapped = [...keys];
    [swapped[i], swapped[i + 1]] = [swapped[i + 1]!, swapped[i]!];
    out.push(Object.fromEntries(swapped.map((k) => [k, row[k]])));
  }
  out.push(null, 'row', 42, [], [row]);
  return out;
}

describe('fast row check', () => {
  it('has a spec for exactly the keys of each schema, in the schema order', () => {
    for (const [schema, fields] of fastCheckSpecs) {
      const shape = (schema as unknown as { shape: Record<string, unknown> }).shape;
      expect(fields.map((f) => f.name)).toEqual(Object.keys(shape));
    }
    expect(fastCheckSpecs.size).toBe(samples.length);
  });

  it.each(samples)('%s: a row in its parsed shape passes, and zod agrees byte for byte', (_name, schema, row) => {
    const check = fastCheckOf(schema)!;
    const stored = JSON.parse(JSON.stringify(row)) as unknown;
    expect(check(stored)).toBe(true);
    expect(JSON.stringify(schema.parse(stored))).toBe(JSON.stringify(stored));
  });

  it.each(samples)(
    '%s: whenever the check passes, zod parses the row to the same value (mutation sweep)',
    (_name, schema, row) => {
      const check = fastCheckOf(schema)!;
      let passed = 0;
      let declinedButZodAccepts = 0;
      for (const v of variants(row)) {
        const zod = schema.safeParse(v);
        if (check(v)) {
          passed++;
          expect(zod.success, JSON.stringify(v)).toBe(true);
          expect(zod.data).toEqual(v);
          expect(JSON.stringify(zod.data)).toBe(JSON.stringify(v));
        } else if (zod.success) {
          declinedButZodAccepts++;
        }
      }
      // The sweep exercised both sides: some mutations are still canonical, some need zod's repair.
      expect(passed).toBeGreaterThan(0);
      expect(declinedButZodAccepts).toBeGreaterThan(0);
    },
  );
});

describe('readStored with the fast check', () => {
  it('declines a row whose keys are out of schema order (zod re-orders; callers compare JSON)', () => {
    // The fixture spreads createdAt after version: schema order puts it before.
    const outOfOrder = watchlist({ createdAt: '2026-11-26T09:00:00.000Z' });
    expect(fastCheckOf(Watchlist)!(outOfOrder)).toBe(false);
    expect(Object.keys(readStored(Watchlist, JSON.stringify(outOfOrder), new InvalidRowCounter())!)).toEqual(
      Object.keys(Watchlist.shape).filter((k) => k !== 'updatedAt'),
    );
  });

  it('returns a canonical row as parsed', () => {
    const invalid = new InvalidRowCounter();
    const row = order();
    expect(readStored(Order, JSON.stringify(row), invalid)).toEqual(row);
    expect(invalid.count).toBe(0);
  });

  it('falls back to zod for a row the check declines: numeric strings and missing defaults are repaired', () => {
    const invalid = new InvalidRowCounter();
    const { filledQuantity: _dropped, ...old } = order({ quantity: 10 });
    const stored = JSON.stringify({ ...old, quantity: '10', price: '2500.5' });
    expect(fastCheckOf(Order)!(JSON.parse(stored))).toBe(false);
    expect(readStored(Order, stored, invalid)).toEqual(order({ quantity: 10, price: 2500.5, filledQuantity: 0 }));
    expect(invalid.count).toBe(0);
  });

  it('counts and skips a row that fails both the check and the schema, and one that is not JSON', () => {
    const invalid = new InvalidRowCounter();
    expect(readStored(Order, JSON.stringify(order({ status: 'LOST' as never })), invalid)).toBeUndefined();
    expect(readStored(Order, '{"id":', invalid)).toBeUndefined();
    expect(invalid.count).toBe(2);
  });
});
