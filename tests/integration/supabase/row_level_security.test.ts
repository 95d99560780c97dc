import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../../electron/stack/db';
import { openTestDatabase } from '../engines';
import {
  anon,
  createUser,
  DEMO_ACCOUNT_ID,
  DEMO_USER_ID,
  demo,
  expectInvariants,
  placeArgs,
  rpc,
  service,
  type Caller,
  type OrderJson,
  OPEN_TIMEOUT_MS,
} from './helpers';

// migration 20261126100300_row_level_security: what a signed-in user can see and change,
// decided by RLS and grants exactly as PostgREST would run the request.
describe('row-level security and grants', () => {
  let db: Database;
  let stranger: Awaited<ReturnType<typeof createUser>>;
  let demoOrder: OrderJson;
  let demoFilled: OrderJson;

  // PGlite start-up (WASM compile + initdb) takes 30 s and more on a loaded 2-core machine.
  beforeAll(async () => {
    db = await openTestDatabase();
    stranger = await createUser(db);
    demoOrder = await rpc(db, demo, 'place_order', placeArgs('ITC', 'BUY', 10, { type: 'LIMIT', price: 400 }));
    const toFill = await rpc(db, demo, 'place_order', placeArgs('SBIN', 'BUY', 5, { type: 'LIMIT', price: 900 }));
    demoFilled = await rpc(db, service, 'execute_order', { p_order_id: toFill.id, p_fill_price: 900 });
  }, OPEN_TIMEOUT_MS);
  afterAll(async () => {
    await db?.close();
  });

  const count = async (caller: Caller, table: string) =>
    (await db.asRole(caller, (tx) => tx.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`))).rows[0]!.n;

  /** Runs sql as caller and returns the SQLSTATE it failed with ('' if it did not fail). */
  const failure = async (caller: Caller, sql: string, params: unknown[] = []): Promise<string> => {
    try {
      await db.asRole(caller, (tx) => tx.query(sql, params));
      return '';
    } catch (err) {
      return (err as { code?: string }).code ?? 'unknown';
    }
  };

  it('the demo user sees their own account, orders, positions, transactions and watchlists', async () => {
    expect(await count(demo, 'trading_accounts')).toBe(1);
    expect(await count(demo, 'orders')).toBe(2);
    expect(await count(demo, 'positions')).toBe(1);
    expect(await count(demo, 'transactions')).toBeGreaterThanOrEqual(4);
    expect(await count(demo, '"Watchlist"')).toBe(2);
    expect(await count(demo, '"WatchlistItem"')).toBeGreaterThan(0);
  });

  it("a second user sees none of the demo user's rows", async () => {
    expect(await count(stranger.caller, 'trading_accounts')).toBe(1); // only their own
    const own = await db.asRole(stranger.caller, (tx) => tx.query<{ id: string }>('SELECT "id" FROM trading_accounts'));
    expect(own.rows.map((r) => r.id)).toEqual([stranger.accountId]);
    for (const table of ['orders', 'positions', 'transactions', '"Watchlist"', '"WatchlistItem"']) {
      expect(await count(stranger.caller, table)).toBe(0);
    }
    const direct = await db.asRole(stranger.caller, (tx) =>
      tx.query('SELECT * FROM orders WHERE "id" = $1', [demoOrder.id]),
    );
    expect(direct.rows).toHaveLength(0);
  });

  it('nobody writes money or order state directly, not even on their own rows', async () => {
    const before = await expectInvariants(db);
    expect(
      await failure(demo, 'UPDATE trading_accounts SET "balance" = 99999999 WHERE "id" = $1', [DEMO_ACCOUNT_ID]),
    ).toBe('42501');
    expect(await failure(demo, 'UPDATE trading_accounts SET "availableMargin" = 99999999')).toBe('42501');
    expect(await failure(demo, `UPDATE orders SET "status" = 'EXECUTED' WHERE "id" = $1`, [demoOrder.id])).toBe(
      '42501',
    );
    expect(await failure(demo, 'DELETE FROM orders')).toBe('42501');
    expect(
      await failure(
        demo,
        `INSERT INTO transactions ("tradingAccountId", "amount", "type") VALUES ($1, 1000000, 'CREDIT')`,
        [DEMO_ACCOUNT_ID],
      ),
    ).toBe('42501');
    expect(await failure(demo, 'UPDATE positions SET "quantity" = 1000')).toBe('42501');
    expect(await failure(demo, 'UPDATE positions SET "realizedPnL" = 1000000')).toBe('42501');
    expect(await failure(demo, `INSERT INTO trading_accounts ("userId", "balance") VALUES ('x', 1)`)).toBe('42501');
    expect(
      await failure(stranger.caller, 'UPDATE trading_accounts SET "balance" = 0 WHERE "id" = $1', [DEMO_ACCOUNT_ID]),
    ).toBe('42501');
    expect(await failure(demo, `UPDATE "Stock" SET "ltp" = 1 WHERE "symbol" = 'ITC'`)).toBe('42501');
    expect(
      await failure(
        demo,
        `INSERT INTO risk_config ("segment", "product_type", "leverage") VALUES ('NSE', 'MIS', 1000)`,
      ),
    ).toBe('42501');
    expect(await expectInvariants(db)).toEqual(before);
  });

  it('only the broker may execute; internal money helpers are not callable by users', async () => {
    expect(await failure(demo, 'SELECT execute_order($1, 1)', [demoOrder.id])).toBe('42501');
    expect(await failure(stranger.caller, 'SELECT execute_order($1, 1)', [demoOrder.id])).toBe('42501');
    expect(await failure(anon, 'SELECT execute_order($1, 1)', [demoOrder.id])).toBe('42501');
    expect(await failure(demo, 'SELECT tradedesk_settle($1, 0, 1000000)', [DEMO_ACCOUNT_ID])).toBe('42501');
    expect(await failure(demo, `SELECT tradedesk_ledger($1, 1000000, 'free money')`, [DEMO_ACCOUNT_ID])).toBe('42501');
    expect(
      await failure(anon, 'SELECT place_order(gen_random_uuid(), $1, $2, $3, $4, 1)', ['ITC', 'BUY', 'MARKET', 'MIS']),
    ).toBe('42501');
    const order = await db.query<{ status: string }>('SELECT "status"::text AS status FROM orders WHERE "id" = $1', [
      demoOrder.id,
    ]);
    expect(order.rows[0]?.status).toBe('PENDING');
  });

  it('a user may set stop-loss and target on their own position only', async () => {
    const mine = await db.asRole(demo, (tx) =>
      tx.query('UPDATE positions SET "stopLoss" = 850, "target" = 990 WHERE "id" = $1', [demoFilled.positionId]),
    );
    expect(mine.affectedRows).toBe(1);
    const theirs = await db.asRole(stranger.caller, (tx) =>
      tx.query('UPDATE positions SET "stopLoss" = 1 WHERE "id" = $1', [demoFilled.positionId]),
    );
    expect(theirs.affectedRows).toBe(0);
    const row = await db.query<{ sl: string; t: string }>(
      'SELECT "stopLoss"::numeric(10,2)::text AS sl, "target"::numeric(10,2)::text AS t FROM positions WHERE "id" = $1',
      [demoFilled.positionId],
    );
    expect(row.rows[0]).toEqual({ sl: '850.00', t: '990.00' });
  });

  it('watchlists are user-writable within their own rows', async () => {
    const created = await db.asRole(stranger.caller, (tx) =>
      tx.query<{ id: string }>(`INSERT INTO "Watchlist" ("userId", "name") VALUES ($1, 'Mine') RETURNING "id"`, [
        stranger.userId,
      ]),
    );
    const wl = created.rows[0]!.id;
    await db.asRole(stranger.caller, (tx) =>
      tx.query(`INSERT INTO "WatchlistItem" ("watchlistId", "token", "symbol") VALUES ($1, 2885, 'RELIANCE')`, [wl]),
    );
    expect(await count(stranger.caller, '"WatchlistItem"')).toBe(1);
    // Not as someone else, and not into someone else's list.
    expect(
      await failure(stranger.caller, `INSERT INTO "Watchlist" ("userId", "name") VALUES ($1, 'Spoof')`, [DEMO_USER_ID]),
    ).toBe('42501');
    const demoList = await db.query<{ id: string }>(`SELECT "id" FROM "Watchlist" WHERE "userId" = $1 LIMIT 1`, [
      DEMO_USER_ID,
    ]);
    expect(
      await failure(stranger.caller, `INSERT INTO "WatchlistItem" ("watchlistId", "token") VALUES ($1, 1)`, [
        demoList.rows[0]!.id,
      ]),
    ).toBe('42501');
    const del = await db.asRole(stranger.caller, (tx) =>
      tx.query('DELETE FROM "Watchlist" WHERE "userId" = $1', [DEMO_USER_ID]),
    );
    expect(del.affectedRows).toBe(0);
    expect(await count(demo, '"Watchlist"')).toBe(2);
  });

  it('anon reads the instrument cache and nothing else', async () => {
    expect(await count(anon, '"Stock"')).toBeGreaterThan(50);
    expect(await failure(anon, 'SELECT * FROM trading_accounts')).toBe('42501');
    expect(await failure(anon, 'SELECT * FROM orders')).toBe('42501');
    expect(await failure(anon, 'SELECT * FROM "Watchlist"')).toBe('42501');
    expect(await count(service, 'trading_accounts')).toBe(2); // service_role bypasses RLS
  });
});
