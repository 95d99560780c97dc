import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../../electron/stack/db';
import { openTestDatabase } from '../engines';
import { DEMO_USER_ID, demo, placeArgs, rpc, service, OPEN_TIMEOUT_MS } from './helpers';

const SYNCED = [
  'trading_accounts',
  'orders',
  'positions',
  'transactions',
  'Watchlist',
  'WatchlistItem',
  'price_alerts',
];

// migrations 20261126100100_terminal_columns and 20261126100200_sync_versioning.
describe('sync support: updatedAt, version, replica identity, publication', () => {
  let db: Database;
  // PGlite start-up (WASM compile + initdb) takes 30 s and more on a loaded 2-core machine.
  beforeAll(async () => {
    db = await openTestDatabase();
  }, OPEN_TIMEOUT_MS);
  afterAll(async () => {
    await db?.close();
  });

  it('every synced table has "updatedAt" and "version", REPLICA IDENTITY FULL, and is published', async () => {
    const cols = await db.query<{ table_name: string; column_name: string }>(
      `SELECT table_name, column_name FROM information_schema.columns
       WHERE table_schema = 'public' AND column_name IN ('updatedAt', 'version') AND table_name = ANY($1)`,
      [SYNCED],
    );
    for (const t of SYNCED) {
      expect(
        cols.rows
          .filter((c) => c.table_name === t)
          .map((c) => c.column_name)
          .sort(),
      ).toEqual(['updatedAt', 'version']);
    }
    const identity = await db.query<{ relname: string; relreplident: string }>(
      `SELECT relname, relreplident FROM pg_class WHERE relnamespace = 'public'::regnamespace AND relname = ANY($1)`,
      [SYNCED],
    );
    expect(identity.rows).toHaveLength(SYNCED.length);
    expect(identity.rows.every((r) => r.relreplident === 'f')).toBe(true);
    const published = await db.query<{ tablename: string }>(
      `SELECT tablename FROM pg_publication_tables WHERE pubname = 'supabase_realtime' ORDER BY tablename`,
    );
    expect(published.rows.map((r) => r.tablename).sort()).toEqual([...SYNCED].sort());
  });

  it('version strictly increases on every write, and a read-back row carries it', async () => {
    const list = await db.asRole(demo, (tx) =>
      tx.query<{ id: string; version: string }>(
        `INSERT INTO "Watchlist" ("userId", "name") VALUES ($1, 'Versions') RETURNING "id", "version"::text`,
        [DEMO_USER_ID],
      ),
    );
    const versions = [BigInt(list.rows[0]!.version)];
    for (let i = 0; i < 5; i++) {
      const r = await db.asRole(demo, (tx) =>
        tx.query<{ version: string }>(
          `UPDATE "Watchlist" SET "sortOrder" = $2 WHERE "id" = $1 RETURNING "version"::text`,
          [list.rows[0]!.id, i],
        ),
      );
      versions.push(BigInt(r.rows[0]!.version));
    }
    // An update that tries to set version backwards still moves it forward.
    const back = await db.query<{ version: string }>(
      `UPDATE "Watchlist" SET "version" = 1 WHERE "id" = $1 RETURNING "version"::text`,
      [list.rows[0]!.id],
    );
    versions.push(BigInt(back.rows[0]!.version));
    for (let i = 1; i < versions.length; i++) expect(versions[i]! > versions[i - 1]!).toBe(true);
    expect(versions[0]! > 0n).toBe(true);
  });

  it('an order, its account and its position each move to a higher version through the RPCs', async () => {
    const acc = async () =>
      BigInt(
        (
          await db.query<{ v: string }>(`SELECT "version"::text AS v FROM trading_accounts WHERE "userId" = $1`, [
            DEMO_USER_ID,
          ])
        ).rows[0]!.v,
      );
    const pos = async () =>
      BigInt(
        (await db.query<{ v: string }>(`SELECT "version"::text AS v FROM positions WHERE "symbol" = 'ITC'`)).rows[0]!.v,
      );
    const a0 = await acc();
    const placed = await rpc(db, demo, 'place_order', placeArgs('ITC', 'BUY', 1, { type: 'LIMIT', price: 400 }));
    const a1 = await acc();
    expect(a1 > a0).toBe(true); // margin blocked, charges debited
    const filled = await rpc(db, service, 'execute_order', { p_order_id: placed.id, p_fill_price: 400 });
    expect(BigInt(filled.version) > BigInt(placed.version)).toBe(true);
    const p1 = await pos();
    const more = await rpc(db, demo, 'place_order', placeArgs('ITC', 'BUY', 1, { type: 'LIMIT', price: 401 }));
    await rpc(db, service, 'execute_order', { p_order_id: more.id, p_fill_price: 401 });
    expect((await pos()) > p1).toBe(true);
    expect((await acc()) > a1).toBe(true);
    const updated = await db.query<{ u: string | null }>('SELECT "updatedAt"::text AS u FROM orders WHERE "id" = $1', [
      placed.id,
    ]);
    expect(updated.rows[0]?.u).toBeTruthy();
  });

  it('"clientId" mirrors the platform\'s "client_id"', async () => {
    const r = await db.query<{ clientId: string; client_id: string }>(
      `SELECT "clientId", "client_id" FROM trading_accounts WHERE "userId" = $1`,
      [DEMO_USER_ID],
    );
    expect(r.rows[0]).toEqual({ clientId: 'DEMO001', client_id: 'DEMO001' });
    await db.query(`UPDATE trading_accounts SET "client_id" = 'DEMO002' WHERE "userId" = $1`, [DEMO_USER_ID]);
    const after = await db.query<{ clientId: string }>(`SELECT "clientId" FROM trading_accounts WHERE "userId" = $1`, [
      DEMO_USER_ID,
    ]);
    expect(after.rows[0]?.clientId).toBe('DEMO002');
  });
});
