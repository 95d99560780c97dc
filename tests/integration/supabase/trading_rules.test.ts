import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OPEN_TIMEOUT_MS } from './helpers';
import type { Database } from '../../../electron/stack/db';
import { openTestDatabase } from '../engines';
import {
  estimateOrder,
  type OrderEstimate,
  type OrderEstimateInput,
  type RiskConfigOverride,
} from '../../../src/shared/trading/charges';

// migration 20261126100400_trading_rules: the SQL rules and src/shared/trading/charges.ts
// must agree to the paisa, so the ticket's estimate is what the database books.
describe('SQL trading rules agree with the TypeScript estimate', () => {
  let db: Database;
  // PGlite start-up (WASM compile + initdb) takes 30 s and more on a loaded 2-core machine.
  beforeAll(async () => {
    db = await openTestDatabase({ seed: false });
  }, OPEN_TIMEOUT_MS);
  afterAll(async () => {
    await db?.close();
  });

  async function sqlEstimate(
    segment: string,
    product: string,
    quantity: number,
    price: number,
  ): Promise<OrderEstimate> {
    const r = await db.query<{ e: Record<string, string | number> }>('SELECT tradedesk_estimate($1, $2, $3, $4) AS e', [
      segment,
      product,
      quantity,
      price,
    ]);
    const e = r.rows[0]!.e;
    // numeric arrives as a JSON number; normalise every field to a JS number.
    return Object.fromEntries(Object.entries(e).map(([k, v]) => [k, Number(v)])) as unknown as OrderEstimate;
  }

  const cases: Omit<OrderEstimateInput, 'side'>[] = [
    { segment: 'NSE', product: 'MIS', quantity: 10, price: 1551.4 },
    { segment: 'NSE', product: 'MIS', quantity: 1, price: 171.05 },
    { segment: 'NSE', product: 'MIS', quantity: 2500, price: 2851.35 },
    { segment: 'NSE', product: 'CNC', quantity: 100, price: 3152.4 },
    { segment: 'NSE', product: 'DELIVERY', quantity: 7, price: 16010.95 },
    { segment: 'NSE', product: 'INTRADAY', quantity: 333, price: 245.35 },
    { segment: 'NFO', product: 'NRML', quantity: 75, price: 26188.4 },
    { segment: 'NFO', product: 'MIS', quantity: 350, price: 59604.2 },
    { segment: 'MCX', product: 'MIS', quantity: 100, price: 5236 },
    { segment: 'MCX', product: 'NRML', quantity: 1250, price: 402.3 },
    { segment: 'MCX', product: 'MIS', quantity: 30, price: 161821 },
  ];

  it.each(cases)('defaults: $segment $product $quantity × $price', async (c) => {
    expect(await sqlEstimate(c.segment, c.product, c.quantity, c.price)).toEqual(estimateOrder({ ...c, side: 'BUY' }));
  });

  // Every segment × product the ticket can send (and the platform's aliases), at prices and
  // quantities that exercise each rounding: the SQL and the TypeScript agree on every field,
  // including the statutory subtotal and the rounding line the ticket shows.
  const grid: Array<[segment: string, product: string]> = [
    ['NSE', 'MIS'],
    ['NSE', 'INTRADAY'],
    ['NSE', 'CNC'],
    ['NSE', 'DELIVERY'],
    ['NFO', 'MIS'],
    ['NFO', 'NRML'],
    ['MCX', 'MIS'],
    ['MCX', 'NRML'],
    ['BSE', 'MIS'],
  ];
  it.each(grid)('%s %s: every field to the paisa over a price × quantity grid', async (segment, product) => {
    for (const price of [0.05, 9.95, 171.05, 1538.6, 2851.35, 26188.4, 161821])
      for (const quantity of [1, 3, 75, 1250, 100_000]) {
        const ts = estimateOrder({ segment, product, side: 'BUY', quantity, price });
        // Margin is an int4 column: an order of more than ₹2,147 crore at 1× cannot be booked.
        if (ts.margin > 2_147_483_647) continue;
        expect(await sqlEstimate(segment, product, quantity, price)).toEqual(ts);
      }
  });

  it('a risk_config row overrides leverage and brokerage the same way in both', async () => {
    const configs: { segment: string; product: string; cfg: RiskConfigOverride }[] = [
      { segment: 'NSE', product: 'MIS', cfg: { leverage: 5, brokerageRate: 0.0005, brokerageCap: 15 } },
      { segment: 'NFO', product: 'NRML', cfg: { leverage: 12.5, brokerageFlat: 10 } },
      { segment: 'MCX', product: 'MIS', cfg: { leverage: 20, brokerageRate: 0.0002, brokerageCap: null } },
    ];
    for (const { segment, product, cfg } of configs) {
      await db.query(
        `INSERT INTO risk_config ("segment", "product_type", "leverage", "brokerageFlat", "brokerageRate", "brokerageCap")
         VALUES ($1, $2, $3, $4, $5, $6)`,
        [
          segment,
          product,
          cfg.leverage,
          cfg.brokerageFlat ?? null,
          cfg.brokerageRate ?? null,
          cfg.brokerageCap ?? null,
        ],
      );
      for (const [quantity, price] of [
        [10, 1551.4],
        [75, 26188.4],
        [100, 5236.55],
      ] as const) {
        const ts = estimateOrder({ segment, product, side: 'SELL', quantity, price, riskConfig: cfg });
        expect(await sqlEstimate(segment, product, quantity, price)).toEqual(ts);
        expect(ts.leverage).toBe(cfg.leverage);
      }
    }
    // An inactive row is ignored: defaults apply again.
    await db.query(`UPDATE risk_config SET "active" = false WHERE "segment" = 'NSE'`);
    expect((await sqlEstimate('NSE', 'MIS', 10, 1551.4)).leverage).toBe(200);
  });
});
