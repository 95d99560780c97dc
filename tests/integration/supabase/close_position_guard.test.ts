import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../../electron/stack/db';
import { openTestDatabase } from '../engines';
import { createUser, expectInvariants, OPEN_TIMEOUT_MS, placeArgs, rpc, rpcError, service, setLtp } from './helpers';

// migration 20261126100600_close_position_guard: a repeated "Exit" never flips a position.
describe('close_position exits only what is not already being exited', () => {
  let db: Database;
  // PGlite start-up (WASM compile + initdb) takes 30 s and more on a loaded 2-core machine.
  beforeAll(async () => {
    db = await openTestDatabase();
  }, OPEN_TIMEOUT_MS);
  afterAll(async () => {
    await db?.close();
  });

  it('a second close while the first is pending is refused; a partial pending exit is topped up', async () => {
    const u = await createUser(db);
    await setLtp(db, 'TITAN', 3850);
    const buy = await rpc(db, u.caller, 'place_order', placeArgs('TITAN', 'BUY', 10));
    const filled = await rpc(db, service, 'execute_order', { p_order_id: buy.id, p_fill_price: 3850 });
    const positionId = filled.positionId!;

    // A resting LIMIT sell for 4 already exits part of the position: close sends the other 6.
    await rpc(db, u.caller, 'place_order', placeArgs('TITAN', 'SELL', 4, { type: 'LIMIT', price: 4000 }));
    const closing = await rpc(db, u.caller, 'close_position', { p_position_id: positionId });
    expect(closing).toMatchObject({ orderSide: 'SELL', quantity: 6, status: 'PENDING' });

    const again = await rpcError(rpc(db, u.caller, 'close_position', { p_position_id: positionId }));
    expect(again).toMatchObject({ code: 'P0001', hint: 'invalid_order', detail: { pendingQuantity: 10 } });
    await expectInvariants(db, u.accountId);

    await rpc(db, service, 'execute_order', { p_order_id: closing.id, p_fill_price: 3860 });
    const pos = await db.query<{ quantity: number }>('SELECT "quantity" FROM positions WHERE "id" = $1', [positionId]);
    expect(pos.rows[0]?.quantity).toBe(4); // never flipped short
    await expectInvariants(db, u.accountId);
  });
});
