import { OPEN_TIMEOUT_MS } from './helpers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultSupabaseDir, type Database } from '../../../electron/stack/db';
import { openTestDatabase } from '../engines';
import { readMigrations } from '../../../electron/stack/db/migrations';
import { join } from 'node:path';

// migration 20261126100000_platform_tables (and the idempotence of every migration).
describe('platform tables as the Prisma schema names them', () => {
  let db: Database;
  // PGlite start-up (WASM compile + initdb) takes 30 s and more on a loaded 2-core machine.
  beforeAll(async () => {
    db = await openTestDatabase();
  }, OPEN_TIMEOUT_MS);
  afterAll(async () => {
    await db?.close();
  });

  it('has the physical tables, quoted camelCase columns and enums', async () => {
    const tables = await db.query<{ table_name: string }>(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name`,
    );
    expect(tables.rows.map((t) => t.table_name)).toEqual(
      expect.arrayContaining([
        'Stock',
        'Watchlist',
        'WatchlistItem',
        'orders',
        'positions',
        'risk_config',
        'trading_accounts',
        'transactions',
      ]),
    );
    const col = async (table: string) =>
      (
        await db.query<{ column_name: string; data_type: string }>(
          `SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = 'public' AND table_name = $1`,
          [table],
        )
      ).rows.reduce<Record<string, string>>((m, r) => ({ ...m, [r.column_name]: r.data_type }), {});
    expect(await col('trading_accounts')).toMatchObject({
      userId: 'text',
      balance: 'integer',
      availableMargin: 'integer',
      usedMargin: 'integer',
      client_id: 'text',
    });
    expect(await col('orders')).toMatchObject({
      tradingAccountId: 'text',
      orderType: 'USER-DEFINED',
      orderSide: 'USER-DEFINED',
      status: 'USER-DEFINED',
      price: 'numeric',
      filledQuantity: 'integer',
      productType: 'text',
      idempotency_key: 'text',
    });
    expect(await col('positions')).toMatchObject({
      quantity: 'integer',
      averagePrice: 'numeric',
      unrealizedPnL: 'numeric',
      realizedPnL: 'numeric',
    });
    expect(await col('Stock')).toMatchObject({
      instrumentId: 'text',
      lot_size: 'double precision',
      token: 'integer',
      ltp: 'double precision',
    });
    expect(await col('risk_config')).toMatchObject({
      product_type: 'text',
      brokerageFlat: 'numeric',
      brokerageRate: 'numeric',
      brokerageCap: 'numeric',
    });
    const enums = await db.query<{ t: string; labels: string[] }>(
      `SELECT t.typname AS t, array_agg(e.enumlabel ORDER BY e.enumsortorder) AS labels
       FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid GROUP BY t.typname ORDER BY t.typname`,
    );
    expect(enums.rows).toEqual([
      { t: 'OptionType', labels: ['CE', 'PE', 'XX'] },
      { t: 'OrderSide', labels: ['BUY', 'SELL'] },
      { t: 'OrderStatus', labels: ['PENDING', 'EXECUTED', 'CANCELLED'] },
      // The platform's MARKET and LIMIT, then our additive stop-loss values (stop_loss_orders).
      { t: 'OrderType', labels: ['MARKET', 'LIMIT', 'SL', 'SL-M'] },
      { t: 'TransactionType', labels: ['CREDIT', 'DEBIT'] },
    ]);
  });

  it("enforces the platform's unique keys and enum values", async () => {
    const code = async (sql: string, params: unknown[] = []) => {
      try {
        await db.asAdmin((tx) => tx.query(sql, params));
        return '';
      } catch (err) {
        return (err as { code?: string }).code ?? 'unknown';
      }
    };
    const acc = (await db.query<{ id: string }>('SELECT "id" FROM trading_accounts LIMIT 1')).rows[0]!.id;
    await db.query(
      `INSERT INTO positions ("tradingAccountId", "symbol", "quantity", "averagePrice") VALUES ($1, 'UNIQ', 1, 1)`,
      [acc],
    );
    expect(
      await code(
        `INSERT INTO positions ("tradingAccountId", "symbol", "quantity", "averagePrice") VALUES ($1, 'UNIQ', 1, 1)`,
        [acc],
      ),
    ).toBe('23505');
    expect(await code(`INSERT INTO trading_accounts ("userId") SELECT "userId" FROM trading_accounts LIMIT 1`)).toBe(
      '23505',
    );
    expect(
      await code(
        `INSERT INTO orders ("tradingAccountId", "symbol", "quantity", "orderType", "orderSide") VALUES ($1, 'X', 1, 'STOP', 'BUY')`,
        [acc],
      ),
    ).toBe('22P02');
    expect(
      await code(`INSERT INTO "Watchlist" ("userId", "name") SELECT "userId", "name" FROM "Watchlist" LIMIT 1`),
    ).toBe('23505');
    expect(
      await code(
        `INSERT INTO "WatchlistItem" ("watchlistId", "token") SELECT "watchlistId", "token" FROM "WatchlistItem" LIMIT 1`,
      ),
    ).toBe('23505');
    expect(
      await code(
        `INSERT INTO "Stock" ("instrumentId", "symbol", "exchange", "ticker", "name", "segment") VALUES ('NSE_EQ-2885', 'X', 'NSE', 'X', 'X', 'NSE')`,
      ),
    ).toBe('23505');
    expect(
      await code(`INSERT INTO risk_config ("segment", "product_type") VALUES ('NSE', 'MIS'), ('NSE', 'MIS')`),
    ).toBe('23505');
  });

  it('every migration is idempotent: re-running them all over a live database changes nothing', async () => {
    const snapshot = async () =>
      (
        await db.query(`SELECT (SELECT count(*) FROM orders)::int AS o, (SELECT count(*) FROM "Stock")::int AS s,
        (SELECT sum("balance") FROM trading_accounts)::int AS b, (SELECT count(*) FROM pg_policies)::int AS p,
        (SELECT count(*) FROM pg_trigger WHERE NOT tgisinternal)::int AS t`)
      ).rows[0];
    const before = await snapshot();
    for (const m of readMigrations(join(defaultSupabaseDir(), 'migrations'))) {
      await db.asAdmin((tx) => tx.exec(m.sql));
    }
    expect(await snapshot()).toEqual(before);
  });
});
