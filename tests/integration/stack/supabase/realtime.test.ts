import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient, type RealtimePostgresChangesPayload, type SupabaseClient } from '@supabase/supabase-js';
import WebSocket from 'ws';
import type { SupabaseStack } from '../../../../electron/stack/supabase';
import { startTestSupabase } from '../../engines';
import { signJwt } from '../../../../electron/stack/supabase/jwt';
import { DEMO, client, newUser, signedIn, subscribed, waitFor } from './helpers';

type Change = RealtimePostgresChangesPayload<Record<string, unknown>>;

let stack: SupabaseStack;
let demo: SupabaseClient;
const clients: SupabaseClient[] = [];

beforeAll(async () => {
  stack = await startTestSupabase();
  demo = await signedIn(stack);
  clients.push(demo);
}, 180_000);

afterAll(async () => {
  for (const c of clients) await c.removeAllChannels();
  await stack?.stop();
});

async function demoWatchlist(name = `RT ${randomUUID()}`): Promise<string> {
  const { data, error } = await demo.from('Watchlist').insert({ userId: DEMO.userId, name }).select('id').single();
  if (error) throw error;
  return data!.id as string;
}

describe('realtime postgres_changes via supabase-js', () => {
  it('subscribes (SUBSCRIBED + system ok) and delivers INSERT/UPDATE/DELETE with the right new/old', async () => {
    const got: Change[] = [];
    const system: Record<string, unknown>[] = [];
    const ch = demo
      .channel(`crud-${randomUUID()}`)
      .on('postgres_changes', { event: '*', schema: 'public', table: 'Watchlist' }, (p) => got.push(p as Change))
      .on('system', {}, (p: Record<string, unknown>) => system.push(p));
    await subscribed(ch);
    await waitFor(() => system.find((s) => s.extension === 'postgres_changes'), 'system message');
    expect(system[0]).toMatchObject({ status: 'ok', message: 'Subscribed to PostgreSQL' });

    const name = `CRUD ${randomUUID()}`;
    const mine = () => got.filter((c) => ((c.new as { id?: string }).id ?? (c.old as { id?: string }).id) === id);
    const arrived = (n: number, what: string) =>
      waitFor(() => mine().length >= n && mine(), what).catch((err: unknown) => {
        throw new Error(
          `${err instanceof Error ? err.message : String(err)}: this watchlist's changes ` +
            `[${mine()
              .map((c) => c.eventType)
              .join(', ')}], ${got.length} changes in all, ` +
            `system messages ${JSON.stringify(system)}, channel ${ch.state}`,
        );
      });
    // One statement at a time, each delivered before the next: Realtime checks row-level security
    // against the table as it is when the change is dispatched (Supabase's walrus runs
    // `exists(select 1 from <table> where <pk> = …)`), so an INSERT whose row is already deleted
    // is not delivered — a fresh-clone run that fired all three at once got only the DELETE.
    const id = await demoWatchlist(name);
    await arrived(1, 'the INSERT');
    await demo.from('Watchlist').update({ color: '#00ff00', sortOrder: 7 }).eq('id', id);
    await arrived(2, 'the UPDATE');
    await demo.from('Watchlist').delete().eq('id', id);
    await arrived(3, 'the DELETE');
    const [ins, upd, del] = mine();
    expect(ins!.eventType).toBe('INSERT');
    expect(ins!.new).toMatchObject({ id, name, userId: DEMO.userId, isDefault: false, sortOrder: 0 });
    expect(typeof (ins!.new as { version: unknown }).version).toBe('number');
    expect(upd!.eventType).toBe('UPDATE');
    expect(upd!.new).toMatchObject({ id, color: '#00ff00', sortOrder: 7 });
    // REPLICA IDENTITY FULL: the whole old row.
    expect(upd!.old).toMatchObject({ id, color: null, sortOrder: 0, name });
    expect(del!.eventType).toBe('DELETE');
    // DELETE on an RLS table carries only the primary key, as on Supabase.
    expect(del!.old).toEqual({ id });
    expect(mine()).toHaveLength(3);
    expect(ins!.commit_timestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  });

  it('a row deleted before its INSERT is dispatched arrives as the DELETE alone (RLS is checked at dispatch, as on Supabase)', async () => {
    const got: Change[] = [];
    const ch = demo
      .channel(`gone-${randomUUID()}`)
      .on('postgres_changes', { event: '*', schema: 'public', table: 'Watchlist' }, (p) => got.push(p as Change));
    await subscribed(ch);
    // Inserted and deleted in one transaction: when its INSERT is checked the row is gone.
    const gone = randomUUID();
    await stack.db.asAdmin(async (tx) => {
      await tx.query(`INSERT INTO "Watchlist" (id, "userId", name) VALUES ($1, $2, 'gone')`, [gone, DEMO.userId]);
      await tx.query(`DELETE FROM "Watchlist" WHERE id = $1`, [gone]);
    });
    const after = await demoWatchlist();
    await stack.flushChanges();
    await waitFor(() => got.some((c) => (c.new as { id?: string }).id === after), 'the later INSERT');
    const ofGone = got.filter((c) => ((c.new as { id?: string }).id ?? (c.old as { id?: string }).id) === gone);
    // Never a row the subscriber cannot see now; the DELETE (key only) still tells it the row is gone.
    expect(ofGone.map((c) => c.eventType)).toEqual(['DELETE']);
    expect(ofGone[0]!.old).toEqual({ id: gone });
  });

  it('honours event and column filters', async () => {
    const target = `Filtered ${randomUUID()}`;
    const filtered: Change[] = [];
    const inserts: Change[] = [];
    const ch = demo
      .channel(`filters-${randomUUID()}`)
      .on(
        'postgres_changes',
        { event: 'UPDATE', schema: 'public', table: 'Watchlist', filter: `name=eq.${target}` },
        (p) => filtered.push(p as Change),
      )
      .on(
        'postgres_changes',
        { event: 'INSERT', schema: 'public', table: 'Watchlist', filter: 'sortOrder=gte.5' },
        (p) => inserts.push(p as Change),
      );
    await subscribed(ch);
    const other = await demoWatchlist();
    const hit = await demoWatchlist(target);
    await demo.from('Watchlist').update({ sortOrder: 1 }).eq('id', other);
    await demo.from('Watchlist').update({ sortOrder: 2 }).eq('id', hit);
    const { data } = await demo
      .from('Watchlist')
      .insert({ userId: DEMO.userId, name: `High ${randomUUID()}`, sortOrder: 6 })
      .select('id')
      .single();
    await waitFor(() => inserts.length >= 1 && filtered.length >= 1, 'filtered changes');
    // The high-sortOrder insert is the last commit: everything before it has been dispatched.
    expect(inserts.map((c) => (c.new as { id: string }).id)).toEqual([data!.id]);
    expect(filtered.map((c) => (c.new as { id: string }).id)).toEqual([hit]);
    expect(filtered.every((c) => c.eventType === 'UPDATE')).toBe(true);
  });

  it('RLS: another user receives none of the demo user’s changes but does receive their own', async () => {
    const other = await newUser(stack);
    clients.push(other.c);
    const got: Change[] = [];
    const ch = other.c
      .channel(`rls-${randomUUID()}`)
      .on('postgres_changes', { event: '*', schema: 'public', table: 'Watchlist' }, (p) => got.push(p as Change))
      .on('postgres_changes', { event: '*', schema: 'public', table: 'orders' }, (p) => got.push(p as Change));
    await subscribed(ch);
    await demoWatchlist();
    await demo.rpc('place_order', {
      p_client_order_id: randomUUID(),
      p_symbol: 'INFY',
      p_side: 'BUY',
      p_order_type: 'MARKET',
      p_product_type: 'MIS',
      p_quantity: 1,
    });
    const { data } = await other.c.from('Watchlist').insert({ userId: other.id, name: 'Mine' }).select('id').single();
    await waitFor(() => got.some((c) => (c.new as { id?: string }).id === data!.id), 'own change');
    // Delivery is in commit order, so the demo user's earlier commits would have arrived first.
    expect(got.map((c) => (c.new as { userId?: string }).userId)).toEqual([other.id]);
  });

  it('works the same over protocol vsn 1.0.0 (object frames)', async () => {
    const v1 = createClient(stack.url, stack.anonKey, {
      auth: { persistSession: false, autoRefreshToken: false },
      realtime: { transport: WebSocket as unknown as typeof globalThis.WebSocket, vsn: '1.0.0' },
    });
    clients.push(v1);
    const { error } = await v1.auth.signInWithPassword({ email: DEMO.email, password: DEMO.password });
    expect(error).toBeNull();
    expect(v1.realtime.vsn).toBe('1.0.0');
    const got: Change[] = [];
    const ch = v1
      .channel(`v1-${randomUUID()}`)
      .on('postgres_changes', { event: 'INSERT', schema: 'public', table: 'Watchlist' }, (p) => got.push(p as Change));
    await subscribed(ch);
    const id = await demoWatchlist();
    await waitFor(() => got.some((p) => (p.new as { id: string }).id === id), 'v1 delivery');
  });

  it('a role without SELECT on the table gets no row data, only Realtime’s 401 error', async () => {
    const anon = client(stack);
    clients.push(anon);
    const got: Change[] = [];
    const ch = anon
      .channel(`anon-${randomUUID()}`)
      .on('postgres_changes', { event: '*', schema: 'public', table: 'Watchlist' }, (p) => got.push(p as Change));
    await subscribed(ch);
    const id = await demoWatchlist();
    await demo.from('Watchlist').delete().eq('id', id);
    // INSERT is RLS-checked (anon sees nothing); DELETE is not, but carries no column anon may read.
    await waitFor(() => got.length >= 1, 'delete event');
    expect(got).toHaveLength(1);
    expect(got[0]).toMatchObject({ eventType: 'DELETE', old: {}, errors: ['Error 401: Unauthorized'] });
  });

  it('keeps delivering after a token refresh (access_token re-verified), and closes a channel whose token expires', async () => {
    const control = await signedIn(stack);
    clients.push(control);
    const c = await signedIn(stack);
    clients.push(c);
    const signedInAt = Math.floor(Date.now() / 1000);
    // Long enough for two joins and a refresh on a loaded machine; the test waits it out.
    const expSoon = signedInAt + 12;
    const short = signJwt(
      { sub: DEMO.userId, role: 'authenticated', aud: 'authenticated', exp: expSoon },
      stack.jwtSecret,
    );

    // Control: a channel whose short token is never renewed gets closed by the server.
    await control.realtime.setAuth(short);
    const statuses: string[] = [];
    const controlCh = control
      .channel(`expiring-${randomUUID()}`)
      .on('postgres_changes', { event: '*', schema: 'public', table: 'Watchlist' }, () => undefined);
    controlCh.subscribe((s) => statuses.push(s));
    await waitFor(() => statuses.includes('SUBSCRIBED'), 'control subscribed');

    await c.realtime.setAuth(short);
    const got: Change[] = [];
    const ch = c
      .channel(`refresh-${randomUUID()}`)
      .on('postgres_changes', { event: 'INSERT', schema: 'public', table: 'Watchlist' }, (p) => got.push(p as Change));
    await subscribed(ch);
    // A token minted in the same second as the sign-in one is byte-identical (same claims), and
    // supabase-js only forwards a *changed* token; let the clock tick over first.
    await waitFor(() => Math.floor(Date.now() / 1000) > signedInAt, 'next second');
    const before = (await c.auth.getSession()).data.session!.access_token;
    // TOKEN_REFRESHED → realtime.setAuth(new token) → `access_token` pushed to the channel.
    const { data: refreshed, error } = await c.auth.refreshSession();
    expect(error).toBeNull();
    expect(refreshed.session!.access_token).not.toBe(before);

    await waitFor(() => statuses.includes('CLOSED'), 'control channel closed on expiry', 30_000);
    expect(Date.now()).toBeGreaterThanOrEqual(expSoon * 1000);
    const id = await demoWatchlist();
    await waitFor(() => got.some((p) => (p.new as { id: string }).id === id), 'delivery after refresh');
  });

  it('a subscriber whose row-level security check fails is told (system error, phx_error), rejoins, and gets later changes', async () => {
    // A restrictive SELECT policy that raises for one row: checking it as the subscriber fails.
    await stack.db.exec(`
      CREATE FUNCTION test_rls_boom() RETURNS boolean LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'policy failed'; END $$;
      CREATE POLICY test_boom ON "Watchlist" AS RESTRICTIVE FOR SELECT TO authenticated
        USING (name <> 'boom' OR test_rls_boom());`);
    try {
      const statuses: string[] = [];
      const system: Record<string, unknown>[] = [];
      const got: Change[] = [];
      const ch = demo
        .channel(`rls-fail-${randomUUID()}`)
        .on('postgres_changes', { event: 'INSERT', schema: 'public', table: 'Watchlist' }, (p) => got.push(p as Change))
        .on('system', {}, (p: Record<string, unknown>) => system.push(p));
      ch.subscribe((s) => statuses.push(s));
      await waitFor(() => statuses.includes('SUBSCRIBED'), 'subscribed');
      await stack.db.query(`INSERT INTO "Watchlist" ("userId", name) VALUES ($1, 'boom')`, [DEMO.userId]);
      await stack.flushChanges();
      await waitFor(() => statuses.includes('CHANNEL_ERROR'), 'channel error');
      // Gone again, so the next checks (which may scan the table) pass.
      await stack.db.query(`DELETE FROM "Watchlist" WHERE name = 'boom'`);
      expect(system.find((m) => m.status === 'error')).toMatchObject({
        extension: 'postgres_changes',
        message: expect.stringMatching(/row-level security/),
      });
      await waitFor(() => statuses.filter((s) => s === 'SUBSCRIBED').length >= 2, 'rejoined', 30_000);
      const id = await demoWatchlist();
      await waitFor(() => got.some((p) => (p.new as { id: string }).id === id), 'a later change');
      expect(got.some((p) => (p.new as { name: string }).name === 'boom')).toBe(false);
    } finally {
      await stack.db.exec(`DROP POLICY test_boom ON "Watchlist"; DROP FUNCTION test_rls_boom();`);
      await stack.db.query(`DELETE FROM "Watchlist" WHERE name = 'boom'`);
    }
  });

  it('delivers 1,000 commits made in a burst, in order, exactly once', async () => {
    const id = await demoWatchlist();
    const seen: number[] = [];
    const ch = demo
      .channel(`burst-${randomUUID()}`)
      .on('postgres_changes', { event: 'UPDATE', schema: 'public', table: 'Watchlist', filter: `id=eq.${id}` }, (p) =>
        seen.push((p.new as { sortOrder: number }).sortOrder),
      );
    await subscribed(ch);
    // 1,000 separate transactions straight into the database, as the broker would write.
    for (let i = 1; i <= 1000; i++) {
      await stack.db.query('UPDATE "Watchlist" SET "sortOrder" = $1 WHERE id = $2', [i, id]);
    }
    await stack.db.query('UPDATE "Watchlist" SET "sortOrder" = -1 WHERE id = $1', [id]);
    await stack.flushChanges();
    await waitFor(() => seen.includes(-1), 'sentinel', 60_000);
    expect(seen).toEqual([...Array.from({ length: 1000 }, (_, i) => i + 1), -1]);
  });
});

/** A bare Phoenix client over `ws`, for protocol edges the official client never produces. */
class RawSocket {
  readonly frames: unknown[] = [];
  private constructor(readonly ws: WebSocket) {
    ws.on('message', (d) => this.frames.push(JSON.parse(d.toString()) as unknown));
  }
  static open(url: string): Promise<RawSocket> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url);
      const s = new RawSocket(ws);
      ws.once('open', () => resolve(s));
      ws.once('error', reject);
    });
  }
  send(frame: unknown): void {
    this.ws.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
  }
  waitFrame(pred: (f: unknown) => boolean, what: string): Promise<unknown> {
    return waitFor(() => this.frames.find(pred), what);
  }
  close(): void {
    this.ws.close();
  }
}

describe('realtime protocol edges', () => {
  const wsUrl = (key: string, vsn = '2.0.0') =>
    `${stack.url.replace('http', 'ws')}/realtime/v1/websocket?apikey=${key}&vsn=${vsn}`;

  it('refuses an upgrade without a valid apikey (401)', async () => {
    const status = await new Promise<number>((resolve) => {
      const ws = new WebSocket(wsUrl('forged.token.here'));
      ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      ws.on('error', () => undefined);
    });
    expect(status).toBe(401);
  });

  it('answers heartbeats, ignores garbage, refuses bad join tokens, closes on an expired access_token', async () => {
    const s = await RawSocket.open(wsUrl(stack.anonKey));
    s.send('this is not json');
    s.send([1, 2, 3]);
    s.ws.send(Buffer.from([1, 2, 3]), { binary: true });
    s.send([null, '1', 'phoenix', 'heartbeat', {}]);
    await s.waitFrame(
      (f) => JSON.stringify(f) === JSON.stringify([null, '1', 'phoenix', 'phx_reply', { status: 'ok', response: {} }]),
      'heartbeat reply',
    );

    s.send(['2', '2', 'realtime:bad', 'phx_join', { config: { postgres_changes: [] }, access_token: 'nope' }]);
    const bad = (await s.waitFrame((f) => Array.isArray(f) && f[1] === '2', 'bad join reply')) as [
      unknown,
      unknown,
      string,
      string,
      { status: string },
    ];
    expect(bad[4].status).toBe('error');

    const session = (await demo.auth.getSession()).data.session!;
    const binding = { event: '*', schema: 'public', table: 'Watchlist', filter: 'name=like.x' };
    s.send([
      '3',
      '3',
      'realtime:ok',
      'phx_join',
      { config: { postgres_changes: [binding] }, access_token: session.access_token },
    ]);
    const ok = (await s.waitFrame((f) => Array.isArray(f) && f[1] === '3', 'join reply')) as [
      unknown,
      unknown,
      string,
      string,
      { status: string; response: { postgres_changes: { id: number }[] } },
    ];
    expect(ok[4].status).toBe('ok');
    expect(ok[4].response.postgres_changes[0]).toMatchObject({ ...binding, id: expect.any(Number) });
    expect(ok[4].response.postgres_changes[0]!.id).not.toBe(0);
    // Unsupported filter operator: the join succeeds, the system message reports the error.
    const sys = (await s.waitFrame(
      (f) => Array.isArray(f) && f[3] === 'system' && f[2] === 'realtime:ok',
      'system',
    )) as [unknown, unknown, string, string, { status: string }];
    expect(sys[4].status).toBe('error');

    const expired = signJwt(
      { sub: DEMO.userId, role: 'authenticated', exp: Math.floor(Date.now() / 1000) - 5 },
      stack.jwtSecret,
    );
    s.send(['3', '4', 'realtime:ok', 'access_token', { access_token: expired }]);
    await s.waitFrame((f) => Array.isArray(f) && f[2] === 'realtime:ok' && f[3] === 'phx_close', 'phx_close');
    s.close();
  });

  it('speaks vsn 1.0.0 object frames', async () => {
    const s = await RawSocket.open(wsUrl(stack.anonKey, '1.0.0'));
    s.send({ topic: 'phoenix', event: 'heartbeat', payload: {}, ref: '9', join_ref: null });
    const r = await s.waitFrame(
      (f) => typeof f === 'object' && f !== null && (f as { ref?: unknown }).ref === '9',
      'v1 reply',
    );
    expect(r).toEqual({ topic: 'phoenix', event: 'phx_reply', payload: { status: 'ok', response: {} }, ref: '9' });
    s.close();
  });
});
