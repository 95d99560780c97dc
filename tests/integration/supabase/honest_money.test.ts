import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../../electron/stack/db';
import { estimateOrder } from '../../../src/shared/trading/charges';
import {
  account,
  createUser,
  expectInvariants,
  OPEN_TIMEOUT_MS,
  placeArgs,
  rpc,
  rpcError,
  service,
  type OrderJson,
} from './helpers';
import { openTestDatabase } from '../engines';

// migration 20261126100700_honest_money: modify books the difference in charges, booked P&L and
// its whole-rupee rounding are recorded apart, and every RPC writes the account row once.
// Expected figures are worked by hand (and cross-checked against estimateOrder, which the
// trading_rules test holds to the SQL).
describe('honest money: modify charges, P&L rounding, one account write per call', () => {
  let db: Database;
  beforeAll(async () => {
    db = await openTestDatabase();
    // This suite is about money arithmetic at hand-picked prices, some far from the seed's
    // previous closes: every instrument gets a band wide enough for them (bands have their own
    // suite, exchange_rules.test.ts).
    await db.query('UPDATE "Stock" SET "priceBandPercent" = 500');
    // Test-only probe: every UPDATE of an account row, in order, as realtime would deliver it.
    await db.asAdmin(async (tx) => {
      await tx.exec(`
        CREATE TABLE account_writes (n serial PRIMARY KEY, account_id text, balance integer,
          available integer, used integer);
        CREATE FUNCTION log_account_write() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          INSERT INTO account_writes (account_id, balance, available, used)
          VALUES (NEW."id", NEW."balance", NEW."availableMargin", NEW."usedMargin");
          RETURN NEW;
        END $$;
        CREATE TRIGGER log_account_write AFTER UPDATE ON trading_accounts
          FOR EACH ROW EXECUTE FUNCTION log_account_write();`);
    });
  }, OPEN_TIMEOUT_MS);
  afterAll(async () => {
    await db?.close();
  });

  interface Write {
    balance: number;
    available: number;
    used: number;
  }
  /** The account rows written since `after` (a write counter), oldest first. */
  async function writesSince(accountId: string, after: number): Promise<Write[]> {
    const r = await db.query<Write>(
      'SELECT balance, available, used FROM account_writes WHERE account_id = $1 AND n > $2 ORDER BY n',
      [accountId, after],
    );
    return r.rows;
  }
  async function writeCounter(): Promise<number> {
    const r = await db.query<{ n: number }>('SELECT coalesce(max(n), 0)::int AS n FROM account_writes');
    return r.rows[0]!.n;
  }
  async function ledger(orderId: string): Promise<Array<[string, string, string]>> {
    const r = await db.query<{ type: string; amount: string; description: string }>(
      `SELECT "type"::text AS type, "amount"::text AS amount, "description" FROM transactions
       WHERE "orderId" = $1 ORDER BY "version"`,
      [orderId],
    );
    return r.rows.map((t) => [t.type, t.amount, t.description]);
  }
  async function orderRow(id: string) {
    const r = await db.query<{
      quantity: number;
      marginBlocked: number;
      chargesDeducted: number;
      realizedPnL: string;
      realizedPnLRounding: string;
    }>(
      `SELECT "quantity", "marginBlocked", "chargesDeducted", "realizedPnL"::text AS "realizedPnL",
         "realizedPnLRounding"::text AS "realizedPnLRounding" FROM orders WHERE "id" = $1`,
      [id],
    );
    return r.rows[0]!;
  }

  it('every RPC writes the account row once, and that row is the committed state', async () => {
    const u = await createUser(db);
    let mark = await writeCounter();
    const order = await rpc(
      db,
      u.caller,
      'place_order',
      placeArgs('RELIANCE', 'BUY', 1, { type: 'LIMIT', price: 1538.6 }),
    );
    // Margin blocked AND charges debited, in one row: never "margin blocked, charges not yet".
    expect(await writesSince(u.accountId, mark)).toEqual([{ balance: 999_998, available: 999_991, used: 7 }]);
    expect(await expectInvariants(db, u.accountId)).toMatchObject({
      balance: 999_998,
      availableMargin: 999_991,
      usedMargin: 7,
    });

    mark = await writeCounter();
    await rpc(db, u.caller, 'modify_order', { p_order_id: order.id, p_quantity: 2 });
    expect(await writesSince(u.accountId, mark)).toHaveLength(1);

    mark = await writeCounter();
    await rpc(db, service, 'execute_order', { p_order_id: order.id, p_fill_price: 1538.6 });
    expect((await writesSince(u.accountId, mark)).length).toBeLessThanOrEqual(1);

    const closing = await rpc(
      db,
      u.caller,
      'place_order',
      placeArgs('RELIANCE', 'SELL', 2, { type: 'LIMIT', price: 1545 }),
    );
    mark = await writeCounter();
    await rpc(db, service, 'execute_order', { p_order_id: closing.id, p_fill_price: 1545 });
    // Margin released and P&L booked together.
    const [closed] = await writesSince(u.accountId, mark);
    expect(await writesSince(u.accountId, mark)).toHaveLength(1);
    const after = await expectInvariants(db, u.accountId);
    expect(closed).toEqual({ balance: after.balance, available: after.availableMargin, used: after.usedMargin });

    const pending = await rpc(
      db,
      u.caller,
      'place_order',
      placeArgs('RELIANCE', 'BUY', 1, { type: 'LIMIT', price: 1500 }),
    );
    mark = await writeCounter();
    await rpc(db, u.caller, 'cancel_order', { p_order_id: pending.id });
    expect(await writesSince(u.accountId, mark)).toHaveLength(1);
  });

  it('modify 1 → 1,00,000 shares books the extra charges; back to 1 refunds them (to the paisa)', async () => {
    const u = await createUser(db);
    const order = await rpc(
      db,
      u.caller,
      'place_order',
      placeArgs('RELIANCE', 'BUY', 1, { type: 'LIMIT', price: 1538.6 }),
    );
    // 1 × 1538.60 MIS: margin floor(7.693) = 7; charges 0.46 + 0.38 + 0.05 + 0.09 + 0.05 = 1.03 → 2.
    expect(order).toMatchObject({ marginBlocked: 7, chargesDeducted: 2 });

    const bigger = await rpc(db, u.caller, 'modify_order', { p_order_id: order.id, p_quantity: 100_000 });
    // turnover 15,38,60,000.00: margin floor(/200) = 7,69,300; brokerage min(20, 46,158) = 20.00;
    // STT 0.025% = 38,465.00; txn 0.00325% = 5,000.45; GST 18% × 5,020.45 = 903.681 → 903.68;
    // stamp 0.003% = 4,615.80; sum 49,004.93 → 49,005 debited in total, 49,003 more than placement.
    expect(bigger).toMatchObject({ quantity: 100_000, marginBlocked: 769_300, chargesDeducted: 49_005 });
    const e = estimateOrder({ segment: 'NSE', product: 'MIS', side: 'BUY', quantity: 100_000, price: 1538.6 });
    expect(e).toMatchObject({
      margin: 769_300,
      brokerage: 20,
      stt: 38_465,
      exchangeTxn: 5000.45,
      gst: 903.68,
      stampDuty: 4615.8,
      chargesRounding: 0.07,
      charges: 49_005,
    });
    expect(await expectInvariants(db, u.accountId)).toMatchObject({
      balance: 1_000_000 - 49_005,
      usedMargin: 769_300,
      availableMargin: 1_000_000 - 49_005 - 769_300,
    });
    expect(await ledger(order.id)).toEqual([
      ['DEBIT', '7.00', 'Margin blocked: BUY 1 RELIANCE'],
      ['DEBIT', '2.00', 'Charges: BUY 1 RELIANCE'],
      ['DEBIT', '769293.00', 'Margin blocked on modify: BUY 100000 RELIANCE'],
      ['DEBIT', '49003.00', 'Charges debited on modify: BUY 100000 RELIANCE'],
    ]);

    const smaller = await rpc(db, u.caller, 'modify_order', { p_order_id: order.id, p_quantity: 1 });
    expect(smaller).toMatchObject({ quantity: 1, marginBlocked: 7, chargesDeducted: 2 });
    expect(await expectInvariants(db, u.accountId)).toMatchObject({
      balance: 999_998,
      availableMargin: 999_991,
      usedMargin: 7,
    });
    expect((await ledger(order.id)).slice(4)).toEqual([
      ['CREDIT', '769293.00', 'Margin released on modify: BUY 1 RELIANCE'],
      ['CREDIT', '49003.00', 'Charges refunded on modify: BUY 1 RELIANCE'],
    ]);

    // A price change alone re-charges at the new price: 1 × 1000.00 → 0.30 + 0.25 + 0.03 + 0.06
    // + 0.03 = 0.67 → 1, so ₹1 comes back and margin floor(5) = 5 releases 2.
    const cheaper = await rpc(db, u.caller, 'modify_order', { p_order_id: order.id, p_price: 1000 });
    expect(cheaper).toMatchObject({ price: 1000, marginBlocked: 5, chargesDeducted: 1 });
    expect(await expectInvariants(db, u.accountId)).toMatchObject({ balance: 999_999, usedMargin: 5 });
  });

  it("the issue's own example: 1 → 1,00,000 ETERNAL at ₹300.00 books ₹9,574 more charges (₹9,575 in all)", async () => {
    const u = await createUser(db);
    const order = await rpc(db, u.caller, 'place_order', placeArgs('ETERNAL', 'BUY', 1, { type: 'LIMIT', price: 300 }));
    // 1 × 300.00 MIS: margin floor(1.5) = 1; charges 0.09 + 0.08 + 0.01 + 0.02 + 0.01 = 0.21 → 1.
    expect(order).toMatchObject({ marginBlocked: 1, chargesDeducted: 1 });
    const bigger = await rpc(db, u.caller, 'modify_order', { p_order_id: order.id, p_quantity: 100_000 });
    // 3,00,00,000 turnover: margin 1,50,000; 20 + 7,500 + 975 + 179.10 + 900 = 9,574.10 → 9,575.
    expect(bigger).toMatchObject({ quantity: 100_000, marginBlocked: 150_000, chargesDeducted: 9575 });
    expect(await expectInvariants(db, u.accountId)).toMatchObject({
      balance: 1_000_000 - 9575,
      usedMargin: 150_000,
      availableMargin: 1_000_000 - 9575 - 150_000,
    });
    expect((await ledger(order.id)).slice(2)).toEqual([
      ['DEBIT', '149999.00', 'Margin blocked on modify: BUY 100000 ETERNAL'],
      ['DEBIT', '9574.00', 'Charges debited on modify: BUY 100000 ETERNAL'],
    ]);
  });

  it('modify is refused when margin + charges of the increase are not available, and books nothing', async () => {
    // ₹10,000: a 1-share order fits (available 9,991 after it). 1,260 × 1538.60 = 19,38,636 needs
    // margin 9,693 (9,686 more, which would fit) and charges 641 (639 more): 10,325 does not.
    const u = await createUser(db, 10_000);
    const order = await rpc(
      db,
      u.caller,
      'place_order',
      placeArgs('RELIANCE', 'BUY', 1, { type: 'LIMIT', price: 1538.6 }),
    );
    const before = await account(db, u.accountId);
    const e = estimateOrder({ segment: 'NSE', product: 'MIS', side: 'BUY', quantity: 1260, price: 1538.6 });
    expect(e).toMatchObject({ margin: 9693, charges: 641 });
    expect(e.margin - 7).toBeLessThanOrEqual(before.availableMargin);
    expect(e.margin - 7 + e.charges - 2).toBeGreaterThan(before.availableMargin);
    const err = await rpcError(rpc(db, u.caller, 'modify_order', { p_order_id: order.id, p_quantity: 1260 }));
    expect(err).toMatchObject({
      hint: 'insufficient_margin',
      detail: {
        required: e.margin - 7 + e.charges - 2,
        available: before.availableMargin,
        shortfall: e.margin - 7 + e.charges - 2 - before.availableMargin,
        margin: e.margin - 7,
        charges: e.charges - 2,
      },
    });
    expect(await account(db, u.accountId)).toEqual(before);
    expect(await orderRow(order.id)).toMatchObject({ quantity: 1, marginBlocked: 7, chargesDeducted: 2 });
  });

  it('a round trip booked −₹1.75 moves the balance −₹2: P&L and its rounding are recorded apart', async () => {
    const u = await createUser(db);
    const buy = await rpc(
      db,
      u.caller,
      'place_order',
      placeArgs('RELIANCE', 'BUY', 1, { type: 'LIMIT', price: 1540.35 }),
    );
    // 1540.35: 0.46 + 0.39 + 0.05 + 0.09 + 0.05 = 1.04 → 2; margin floor(7.70175) = 7.
    expect(buy).toMatchObject({ chargesDeducted: 2, marginBlocked: 7 });
    const bought = await rpc(db, service, 'execute_order', { p_order_id: buy.id, p_fill_price: 1540.35 });
    expect(await orderRow(buy.id)).toMatchObject({ realizedPnL: '0.00', realizedPnLRounding: '0.00' });
    const sell = await rpc(
      db,
      u.caller,
      'place_order',
      placeArgs('RELIANCE', 'SELL', 1, { type: 'LIMIT', price: 1538.6 }),
    );
    expect(sell).toMatchObject({ chargesDeducted: 2, marginBlocked: 0 });
    await rpc(db, service, 'execute_order', { p_order_id: sell.id, p_fill_price: 1538.6 });

    // (1538.60 − 1540.35) × 1 = −1.75 booked; the balance moves round(−1.75) = −2; rounding −0.25.
    expect(await orderRow(sell.id)).toMatchObject({ realizedPnL: '-1.75', realizedPnLRounding: '-0.25' });
    const position = await db.query<{ realizedPnL: string; realizedPnLRounding: string; quantity: number }>(
      `SELECT "quantity", "realizedPnL"::text AS "realizedPnL", "realizedPnLRounding"::text AS "realizedPnLRounding"
       FROM positions WHERE "id" = $1`,
      [bought.positionId],
    );
    expect(position.rows[0]).toEqual({ quantity: 0, realizedPnL: '-1.75', realizedPnLRounding: '-0.25' });
    expect(await expectInvariants(db, u.accountId)).toMatchObject({
      balance: 1_000_000 - 2 - 2 - 2,
      availableMargin: 1_000_000 - 6,
      usedMargin: 0,
    });
    expect(await ledger(sell.id)).toEqual([
      ['DEBIT', '2.00', 'Charges: SELL 1 RELIANCE'],
      ['CREDIT', '7.00', 'Margin released: SELL 1 RELIANCE'],
      ['DEBIT', '1.75', 'Realized P&L: RELIANCE 1 @ 1538.60 (avg 1540.35)'],
      ['DEBIT', '0.25', 'P&L rounding to the rupee: RELIANCE 1 @ 1538.60'],
    ]);
  });

  it('rounds the booked P&L half away from zero, both ways, and sums the rounding per position', async () => {
    const u = await createUser(db);
    const trade = async (side: 'BUY' | 'SELL', qty: number, price: number): Promise<OrderJson> => {
      const o = await rpc(db, u.caller, 'place_order', placeArgs('ITC', side, qty, { type: 'LIMIT', price }));
      return rpc(db, service, 'execute_order', { p_order_id: o.id, p_fill_price: price });
    };
    const opened = await trade('BUY', 2, 400);
    const start = await account(db, u.accountId);
    const up = await trade('SELL', 1, 402.5); // +2.50 → +3, rounding +0.50
    expect(await orderRow(up.id)).toMatchObject({ realizedPnL: '2.50', realizedPnLRounding: '0.50' });
    const down = await trade('SELL', 1, 397.5); // −2.50 → −3, rounding −0.50
    expect(await orderRow(down.id)).toMatchObject({ realizedPnL: '-2.50', realizedPnLRounding: '-0.50' });
    const p = await db.query<{ realizedPnL: string; realizedPnLRounding: string }>(
      `SELECT "realizedPnL"::text AS "realizedPnL", "realizedPnLRounding"::text AS "realizedPnLRounding"
       FROM positions WHERE "id" = $1`,
      [opened.positionId],
    );
    expect(p.rows[0]).toEqual({ realizedPnL: '0.00', realizedPnLRounding: '0.00' });
    const end = await expectInvariants(db, u.accountId);
    expect(end.balance - start.balance).toBe(3 - 3 - up.chargesDeducted - down.chargesDeducted);
  });
});
