import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../../electron/stack/db';
import { SymbolIndex, type SymbolListing } from '../../../src/shared/domain';
import { ENGINE_NAME, openTestDatabase } from '../engines';
import {
  createUser,
  expectInvariants,
  OPEN_TIMEOUT_MS,
  placeArgs,
  rpc,
  service,
  type Caller,
  type OrderJson,
} from './helpers';

// migrations 20261126101100_symbol_rule + 101200_symbol_rule_exchange_code: place_order (and close_position, through tradedesk_place)
// choose a bare symbol's "Stock" row by src/shared/domain/symbol-rule.ts — exchange rank (NSE_EQ,
// NSE_INDEX, BSE_EQ, others), then the lowest token — so the server books the instrument the
// terminal priced. The rows are made here, each preferred row inserted AFTER the ones it must
// beat and with a higher token, so neither the scan order nor the token alone picks it. The
// database is this suite's own (in memory, or a throwaway one on the server) and goes with it.

interface PlacedJson extends OrderJson {
  stockId: string;
}

interface StockListing extends SymbolListing {
  id: string;
}

/** [id, exchange, token, price, exchange code in instrumentId (default: exchange)]; the rest shared. */
type Row = [id: string, exchange: string, token: number, price: number, code?: string];

describe(`place_order resolves a bare symbol by the terminal's symbol rule on ${ENGINE_NAME}`, () => {
  let db: Database;
  let u: { accountId: string; caller: Caller };

  async function list(symbol: string, rows: Row[]): Promise<void> {
    await db.asAdmin(async (tx) => {
      for (const [id, exchange, token, price, code = exchange] of rows) {
        // Cash-equity rules for every row (segment NSE): the choice is what is under test.
        await tx.query(
          `INSERT INTO "Stock" ("id", "instrumentId", "token", "symbol", "ticker", "name", "exchange", "segment",
             "lot_size", "ltp", "close", "instrumentType", "tradable", "tickSize")
           VALUES ($1, $2, $3, $4, $4, $4, $5, 'NSE', 1, $6, $6, 'EQ', true, 0.05)`,
          [id, `${code}-${token}`, token, symbol, exchange, price],
        );
      }
    });
  }

  /** The row the terminal's rule picks among the database's active rows for `text`. */
  async function terminalChoice(text: string): Promise<string | undefined> {
    const rows = await db.query<StockListing>(
      'SELECT "id", "token", "symbol", "exchange", "instrumentId" FROM "Stock" WHERE "isActive" AND "token" IS NOT NULL',
    );
    return new SymbolIndex(rows.rows).resolve(text)?.id;
  }

  beforeAll(async () => {
    db = await openTestDatabase();
    u = await createUser(db);
  }, OPEN_TIMEOUT_MS);
  afterAll(async () => {
    await db?.close();
  });

  it('a symbol on BSE (listed first, lower token) and NSE: the order, its fill and its exit are NSE’s', async () => {
    await list('TDRULEA', [
      ['stock-test-rule-bse', 'BSE_EQ', 990101, 1000],
      ['stock-test-rule-nse', 'NSE_EQ', 990102, 1010],
    ]);
    expect(await terminalChoice('TDRULEA')).toBe('stock-test-rule-nse');

    const buy = await rpc<PlacedJson>(db, u.caller, 'place_order', placeArgs('TDRULEA', 'BUY', 2));
    expect(buy).toMatchObject({ symbol: 'TDRULEA', stockId: 'stock-test-rule-nse', status: 'PENDING' });
    await expectInvariants(db, u.accountId);

    const filled = await rpc<PlacedJson>(db, service, 'execute_order', { p_order_id: buy.id, p_fill_price: 1010 });
    const exit = await rpc<PlacedJson>(db, u.caller, 'close_position', { p_position_id: filled.positionId });
    expect(exit).toMatchObject({ orderSide: 'SELL', quantity: 2, stockId: 'stock-test-rule-nse' });
    await expectInvariants(db, u.accountId);
  });

  it('within one exchange the lowest token wins; BSE cash beats a future of the same name; case and spaces do not matter', async () => {
    await list('TDRULEB', [
      ['stock-test-rule-fut', 'NSE_FO', 990109, 500],
      ['stock-test-rule-bse-hi', 'BSE_EQ', 990111, 500],
      ['stock-test-rule-bse-lo', 'BSE_EQ', 990110, 500],
    ]);
    expect(await terminalChoice(' tdruleb ')).toBe('stock-test-rule-bse-lo');
    const order = await rpc<PlacedJson>(db, u.caller, 'place_order', placeArgs(' tdruleb ', 'BUY', 1));
    expect(order).toMatchObject({ symbol: 'TDRULEB', stockId: 'stock-test-rule-bse-lo' });
  });

  it('NSE cash beats an NSE index of the same name, whatever the tokens', async () => {
    await list('TDRULEC', [
      ['stock-test-rule-idx', 'NSE_INDEX', 990120, 700],
      ['stock-test-rule-eq', 'NSE_EQ', 990121, 700],
    ]);
    expect(await terminalChoice('TDRULEC')).toBe('stock-test-rule-eq');
    const order = await rpc<PlacedJson>(db, u.caller, 'place_order', placeArgs('TDRULEC', 'BUY', 1));
    expect(order.stockId).toBe('stock-test-rule-eq');
  });

  it('platform rows (exchange NSE / BSE, the code in instrumentId): NSE cash, though BSE’s token is lower and listed first', async () => {
    await list('TDRULED', [
      ['stock-test-rule-plat-bse', 'BSE', 990130, 300, 'BSE_EQ'],
      ['stock-test-rule-plat-fut', 'NSE', 990131, 300, 'NSE_FO'],
      ['stock-test-rule-plat-nse', 'NSE', 990132, 300, 'NSE_EQ'],
    ]);
    expect(await terminalChoice('TDRULED')).toBe('stock-test-rule-plat-nse');
    const order = await rpc<PlacedJson>(db, u.caller, 'place_order', placeArgs('TDRULED', 'BUY', 1));
    expect(order.stockId).toBe('stock-test-rule-plat-nse');
  });
});
