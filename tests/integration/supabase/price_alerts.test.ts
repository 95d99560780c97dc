import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../../electron/stack/db';
import { openTestDatabase } from '../engines';
import { createUser, DEMO_USER_ID, demo, OPEN_TIMEOUT_MS, rpc, rpcError, service, type Caller } from './helpers';

// migration 20261126100800_price_alerts: the alerts table, its rules, RLS, the idempotent
// trigger_alert RPC and the watchlist alerts materialised from "WatchlistItem".
interface AlertRow {
  id: string;
  userId: string;
  watchlistItemId: string | null;
  token: number;
  symbol: string;
  exchange: string | null;
  condition: string;
  value: string;
  state: string;
  note: string | null;
  armId: string;
  armedAt: string | null;
  triggeredAt: string | null;
  triggeredPrice: string | null;
  triggeredBy: string | null;
  version: number;
}
interface Fired {
  won: boolean;
  alert: AlertRow & { value: number; triggeredPrice: number | null };
}

describe('price alerts', () => {
  let db: Database;
  // PGlite start-up (WASM compile + initdb) takes 30 s and more on a loaded 2-core machine.
  beforeAll(async () => {
    db = await openTestDatabase();
  }, OPEN_TIMEOUT_MS);
  afterAll(async () => {
    await db?.close();
  });

  const admin = async <T>(sql: string, params: unknown[] = []): Promise<T[]> => (await db.query<T>(sql, params)).rows;
  const as = async <T>(caller: Caller, sql: string, params: unknown[] = []): Promise<T[]> =>
    (await db.asRole(caller, (tx) => tx.query<T>(sql, params))).rows;
  /** The SQLSTATE a statement failed with as `caller` ('' if it did not fail). */
  const failure = async (caller: Caller, sql: string, params: unknown[] = []): Promise<string> => {
    try {
      await as(caller, sql, params);
      return '';
    } catch (err) {
      return (err as { code?: string }).code ?? 'unknown';
    }
  };
  const SELECT = `SELECT "id", "userId", "watchlistItemId", "token", "symbol", "exchange", "condition", "value"::text,
    "state", "note", "armId", "armedAt"::text, "triggeredAt"::text, "triggeredPrice"::text, "triggeredBy", "version"::int
    FROM price_alerts`;
  const byId = async (id: string) => (await admin<AlertRow>(`${SELECT} WHERE "id" = $1`, [id]))[0];

  async function create(
    caller: Caller,
    userId: string,
    over: { condition?: string; value?: number; token?: number; symbol?: string; armId?: string } = {},
  ): Promise<AlertRow> {
    const id = randomUUID();
    await as(
      caller,
      `INSERT INTO price_alerts ("id", "userId", "token", "symbol", "exchange", "condition", "value", "armId")
       VALUES ($1, $2, $3, $4, 'NSE_EQ', $5, $6, coalesce($7, gen_random_uuid()::text))`,
      [
        id,
        userId,
        over.token ?? 2885,
        over.symbol ?? 'RELIANCE',
        over.condition ?? 'LTP_ABOVE',
        over.value ?? 2500,
        over.armId ?? null,
      ],
    );
    return (await byId(id))!;
  }
  const fire = (caller: Caller, alert: { id: string; armId: string }, terminal: string, price = 2501) =>
    rpc<Fired>(db, caller, 'trigger_alert', {
      p_alert_id: alert.id,
      p_arm_id: alert.armId,
      p_price: price,
      p_terminal: terminal,
    });

  it('is synced like the platform tables: updatedAt, version, REPLICA IDENTITY FULL, published, RLS on', async () => {
    const cols = await admin<{ column_name: string }>(
      `SELECT column_name FROM information_schema.columns WHERE table_name = 'price_alerts' AND column_name IN ('updatedAt', 'version')`,
    );
    expect(cols.map((c) => c.column_name).sort()).toEqual(['updatedAt', 'version']);
    const cls = await admin<{ relreplident: string; relrowsecurity: boolean }>(
      `SELECT relreplident, relrowsecurity FROM pg_class WHERE relname = 'price_alerts'`,
    );
    expect(cls[0]).toEqual({ relreplident: 'f', relrowsecurity: true });
    const published = await admin(
      `SELECT 1 FROM pg_publication_tables WHERE pubname = 'supabase_realtime' AND tablename = 'price_alerts'`,
    );
    expect(published).toHaveLength(1);

    const a = await create(demo, DEMO_USER_ID);
    expect(a).toMatchObject({ state: 'ACTIVE', triggeredAt: null, userId: DEMO_USER_ID, exchange: 'NSE_EQ' });
    expect(a.armedAt).not.toBeNull();
    await as(demo, `UPDATE price_alerts SET "note" = 'breakout' WHERE "id" = $1`, [a.id]);
    const b = (await byId(a.id))!;
    expect(b.version).toBeGreaterThan(a.version);
    // A note is not an arming: the arming the terminals evaluate stays the same.
    expect(b.armId).toBe(a.armId);
  });

  it('a user sees and changes only their own alerts; the triggered fields only change through trigger_alert', async () => {
    const other = await createUser(db);
    const mine = await create(demo, DEMO_USER_ID);
    const theirs = await create(other.caller, other.userId);
    const seen = await as<{ id: string }>(other.caller, 'SELECT "id" FROM price_alerts');
    expect(seen.map((r) => r.id)).toEqual([theirs.id]);
    // Inserting for someone else, or as someone else's watchlist alert, is refused by RLS.
    expect(
      await failure(
        demo,
        `INSERT INTO price_alerts ("userId", "token", "symbol", "condition", "value") VALUES ($1, 2885, 'RELIANCE', 'LTP_ABOVE', 1)`,
        [other.userId],
      ),
    ).toBe('42501');
    // Updating or deleting another user's alert touches nothing.
    await as(other.caller, `UPDATE price_alerts SET "state" = 'DISABLED' WHERE "id" = $1`, [mine.id]);
    await as(other.caller, `DELETE FROM price_alerts WHERE "id" = $1`, [mine.id]);
    expect(await byId(mine.id)).toMatchObject({ state: 'ACTIVE' });
    // No column grant on the triggered fields, the owner, the instrument or the watchlist link.
    for (const set of [
      `"triggeredAt" = now()`,
      `"triggeredPrice" = 1`,
      `"triggeredBy" = 'x'`,
      `"userId" = 'x'`,
      `"token" = 1`,
      `"watchlistItemId" = NULL`,
    ]) {
      expect(await failure(demo, `UPDATE price_alerts SET ${set} WHERE "id" = $1`, [mine.id]), set).toBe('42501');
    }
    // TRIGGERED needs a trigger time, which only trigger_alert sets.
    expect(await failure(demo, `UPDATE price_alerts SET "state" = 'TRIGGERED' WHERE "id" = $1`, [mine.id])).toBe(
      '23514',
    );
    expect(await failure(demo, 'SELECT * FROM price_alerts', [])).toBe('');
    expect(await failure({ role: 'anon', claims: { role: 'anon' } }, 'SELECT * FROM price_alerts')).toBe('42501');
    const err = await rpcError(fire(other.caller, mine, 'terminal-x'));
    expect(err).toMatchObject({ code: 'P0001', hint: 'not_found' });
  });

  it('values are checked: a price above 0, a day change between -100% and 1,000%', async () => {
    const bad = [
      ['LTP_ABOVE', 0],
      ['LTP_BELOW', -5],
      ['CHANGE_PCT_BELOW', -100],
      ['CHANGE_PCT_ABOVE', 1000],
      ['LTP_CROSSES', 10],
    ] as const;
    for (const [condition, value] of bad) {
      expect(
        await failure(
          demo,
          `INSERT INTO price_alerts ("userId", "token", "symbol", "condition", "value") VALUES ($1, 2885, 'RELIANCE', $2, $3)`,
          [DEMO_USER_ID, condition, value],
        ),
        `${condition} ${value}`,
      ).toBe('23514');
    }
    const pct = await create(demo, DEMO_USER_ID, { condition: 'CHANGE_PCT_BELOW', value: -2.5 });
    expect(pct.value).toBe('-2.5000');
  });

  it('trigger_alert fires once per arming: the first caller wins, others lose, the winner may ask again', async () => {
    const a = await create(demo, DEMO_USER_ID);
    const first = await fire(demo, a, 'terminal-A', 2501.35);
    expect(first.won).toBe(true);
    expect(first.alert).toMatchObject({
      id: a.id,
      state: 'TRIGGERED',
      triggeredPrice: 2501.35,
      triggeredBy: 'terminal-A',
      armId: a.armId,
    });
    expect(first.alert.triggeredAt).toBeTruthy();
    const second = await fire(demo, a, 'terminal-B', 2502);
    expect(second).toMatchObject({ won: false, alert: { state: 'TRIGGERED', triggeredBy: 'terminal-A' } });
    // The winner's answer was lost and it asks again: still its win, nothing changes.
    const again = await fire(demo, a, 'terminal-A', 2503);
    expect(again).toMatchObject({ won: true, alert: { triggeredPrice: 2501.35, version: first.alert.version } });
    expect(await rpcError(fire(demo, { id: 'no-such-alert', armId: 'x' }, 'terminal-A'))).toMatchObject({
      hint: 'not_found',
    });
    expect(await rpcError(fire(demo, a, 'terminal-A', 0))).toMatchObject({ hint: 'invalid_price' });
  });

  it('racing terminals: of ten concurrent calls for one arming exactly one wins', async () => {
    const a = await create(demo, DEMO_USER_ID);
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => fire(demo, a, `terminal-${i}`, 2500 + i)));
    const winners = results.filter((r) => r.won);
    expect(winners).toHaveLength(1);
    const row = (await byId(a.id))!;
    expect(row.triggeredBy).toBe(winners[0]!.alert.triggeredBy);
    // Every loser was told the state the winner left.
    for (const r of results) expect(r.alert).toMatchObject({ state: 'TRIGGERED', triggeredBy: row.triggeredBy });
  });

  it('re-arming by update: a new arming id, the triggered fields cleared, a stale arming can no longer fire it', async () => {
    const a = await create(demo, DEMO_USER_ID);
    await fire(demo, a, 'terminal-A');
    const newArm = randomUUID();
    await as(demo, `UPDATE price_alerts SET "state" = 'ACTIVE', "armId" = $2 WHERE "id" = $1`, [a.id, newArm]);
    const rearmed = (await byId(a.id))!;
    expect(rearmed).toMatchObject({ state: 'ACTIVE', armId: newArm, triggeredAt: null, triggeredBy: null });
    // terminal-B saw the crossing of the first arming, but its call arrives after the re-arm.
    expect(await fire(demo, a, 'terminal-B')).toMatchObject({ won: false, alert: { state: 'ACTIVE' } });
    expect(await fire(demo, rearmed, 'terminal-B')).toMatchObject({ won: true });

    // A new value on a fired alert arms it again (the server names the arming when the client did not).
    await as(demo, `UPDATE price_alerts SET "value" = 2600 WHERE "id" = $1`, [a.id]);
    const moved = (await byId(a.id))!;
    expect(moved).toMatchObject({ state: 'ACTIVE', value: '2600.0000', triggeredAt: null });
    expect(moved.armId).not.toBe(newArm);
    // A disabled alert stays disabled when edited, and cannot fire.
    await as(demo, `UPDATE price_alerts SET "state" = 'DISABLED' WHERE "id" = $1`, [a.id]);
    await as(demo, `UPDATE price_alerts SET "value" = 2700 WHERE "id" = $1`, [a.id]);
    const disabled = (await byId(a.id))!;
    expect(disabled).toMatchObject({ state: 'DISABLED', value: '2700.0000' });
    expect(await fire(demo, disabled, 'terminal-A')).toMatchObject({ won: false, alert: { state: 'DISABLED' } });
  });

  it('a watchlist row with alertPrice set is an alert too (one per direction), kept in step with the row', async () => {
    const items = await as<{ id: string; token: number; symbol: string }>(
      demo,
      'SELECT "id", "token", "symbol" FROM "WatchlistItem" ORDER BY "id" LIMIT 2',
    );
    const [item, second] = items;
    const derived = async (itemId: string) =>
      admin<AlertRow>(`${SELECT} WHERE "watchlistItemId" = $1 ORDER BY "condition"`, [itemId]);

    // The dashboard sets an alert price without a direction: either direction.
    await as(demo, `UPDATE "WatchlistItem" SET "alertPrice" = 1500.5 WHERE "id" = $1`, [item!.id]);
    let rows = await derived(item!.id);
    expect(rows.map((r) => [r.id, r.condition, r.value, r.state, r.userId, r.token, r.symbol])).toEqual([
      [`wl:${item!.id}:LTP_ABOVE`, 'LTP_ABOVE', '1500.5000', 'ACTIVE', DEMO_USER_ID, item!.token, item!.symbol],
      [`wl:${item!.id}:LTP_BELOW`, 'LTP_BELOW', '1500.5000', 'ACTIVE', DEMO_USER_ID, item!.token, item!.symbol],
    ]);
    // Visible to their owner like any alert, and fired the same way.
    expect(await as(demo, 'SELECT 1 FROM price_alerts WHERE "watchlistItemId" = $1', [item!.id])).toHaveLength(2);
    expect(await fire(demo, rows[0]!, 'terminal-A')).toMatchObject({ won: true });

    // A write to other columns of the row (the platform updates ltp) changes no alert.
    const before = await derived(item!.id);
    await admin(`UPDATE "WatchlistItem" SET "ltp" = 1499, "sortOrder" = 7 WHERE "id" = $1`, [item!.id]);
    expect((await derived(item!.id)).map((r) => r.version)).toEqual(before.map((r) => r.version));

    // A new price moves both and re-arms the fired one.
    await as(demo, `UPDATE "WatchlistItem" SET "alertPrice" = 1510 WHERE "id" = $1`, [item!.id]);
    rows = await derived(item!.id);
    expect(rows.map((r) => [r.value, r.state])).toEqual([
      ['1510.0000', 'ACTIVE'],
      ['1510.0000', 'ACTIVE'],
    ]);
    expect(rows[0]!.armId).not.toBe(before[0]!.armId);

    // One direction only: the other alert goes.
    await as(demo, `UPDATE "WatchlistItem" SET "alertType" = 'BELOW' WHERE "id" = $1`, [item!.id]);
    expect((await derived(item!.id)).map((r) => r.condition)).toEqual(['LTP_BELOW']);
    await as(demo, `UPDATE "WatchlistItem" SET "alertType" = 'ltp_gte' WHERE "id" = $1`, [item!.id]);
    expect((await derived(item!.id)).map((r) => r.condition)).toEqual(['LTP_ABOVE']);

    // The trader may disable or add a note to it here; its price and direction belong to the row.
    await as(
      demo,
      `UPDATE price_alerts SET "state" = 'DISABLED', "note" = 'from the web' WHERE "watchlistItemId" = $1`,
      [item!.id],
    );
    expect(await derived(item!.id)).toMatchObject([{ state: 'DISABLED', note: 'from the web' }]);
    const refused = await rpcError(
      as(demo, `UPDATE price_alerts SET "value" = 1 WHERE "watchlistItemId" = $1`, [item!.id]),
    );
    expect(refused).toMatchObject({ code: 'P0001', hint: 'invalid_alert' });
    // Deleting it here deletes nothing (it goes with its watchlist row's alert price).
    await as(demo, 'DELETE FROM price_alerts WHERE "watchlistItemId" = $1', [item!.id]);
    expect(await derived(item!.id)).toHaveLength(1);

    // The dashboard's odd values never fail its write; they simply make no alert.
    for (const [price, type] of [
      ['0', null],
      ['-3', 'ABOVE'],
      ['100', 'SIDEWAYS'],
    ] as const) {
      await as(demo, `UPDATE "WatchlistItem" SET "alertPrice" = $2, "alertType" = $3 WHERE "id" = $1`, [
        second!.id,
        price,
        type,
      ]);
      expect(await derived(second!.id), `${price} ${type}`).toHaveLength(0);
    }
    // Clearing the price removes the alert; deleting the row removes it too.
    await as(demo, `UPDATE "WatchlistItem" SET "alertPrice" = NULL WHERE "id" = $1`, [item!.id]);
    expect(await derived(item!.id)).toHaveLength(0);
    await as(demo, `UPDATE "WatchlistItem" SET "alertPrice" = 99, "alertType" = 'ABOVE' WHERE "id" = $1`, [second!.id]);
    expect(await derived(second!.id)).toHaveLength(1);
    await as(demo, 'DELETE FROM "WatchlistItem" WHERE "id" = $1', [second!.id]);
    expect(await derived(second!.id)).toHaveLength(0);
  });

  it('a user has at most 1,000 alerts of their own (watchlist alerts not counted)', async () => {
    const u = await createUser(db);
    await as(
      u.caller,
      `INSERT INTO price_alerts ("userId", "token", "symbol", "condition", "value")
       SELECT $1, 2885, 'RELIANCE', 'LTP_ABOVE', 2000 + g FROM generate_series(1, 1000) g`,
      [u.userId],
    );
    const err = await rpcError(create(u.caller, u.userId));
    expect(err).toMatchObject({ code: 'P0001', hint: 'invalid_alert', detail: { limit: 1000 } });
    // The service role (admin tools) is not limited.
    await as(
      service,
      `INSERT INTO price_alerts ("userId", "token", "symbol", "condition", "value") VALUES ($1, 2885, 'RELIANCE', 'LTP_BELOW', 1)`,
      [u.userId],
    );
    expect(
      (await admin<{ n: number }>('SELECT count(*)::int AS n FROM price_alerts WHERE "userId" = $1', [u.userId]))[0]!.n,
    ).toBe(1001);
  });
});
