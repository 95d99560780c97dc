import { randomUUID } from 'node:crypto';
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SupabaseStack } from '../../../../electron/stack/supabase';
import { startTestSupabase, widenPriceBands } from '../../engines';
import { signJwt } from '../../../../electron/stack/supabase/jwt';
import { DEMO, client, newUser, signedIn } from './helpers';

let stack: SupabaseStack;

beforeAll(async () => {
  stack = await startTestSupabase();
  await widenPriceBands(stack.db);
}, 180_000);

afterAll(async () => {
  await stack?.stop();
});

/** Raw HTTP against the gateway, for what the official client cannot send. */
async function raw(
  path: string,
  init: RequestInit & { headers?: Record<string, string> } = {},
): Promise<{ status: number; body: string; headers: Headers }> {
  const res = await fetch(stack.url + path, {
    ...init,
    headers: { apikey: stack.anonKey, Authorization: `Bearer ${stack.anonKey}`, ...(init.headers ?? {}) },
  });
  return { status: res.status, body: await res.text(), headers: res.headers };
}

const order = (over: Record<string, unknown> = {}) => ({
  p_client_order_id: randomUUID(),
  p_symbol: 'RELIANCE',
  p_side: 'BUY',
  p_order_type: 'MARKET',
  p_product_type: 'MIS',
  p_quantity: 1,
  ...over,
});

describe('auth', () => {
  it('signs in with the demo password and returns a GoTrue session', async () => {
    const c = client(stack);
    const { data, error } = await c.auth.signInWithPassword({ email: DEMO.email, password: DEMO.password });
    expect(error).toBeNull();
    expect(data.user?.id).toBe(DEMO.userId);
    expect(data.session?.expires_in).toBe(3600);
    const claims = JSON.parse(Buffer.from(data.session!.access_token.split('.')[1]!, 'base64url').toString()) as Record<
      string,
      unknown
    >;
    expect(claims).toMatchObject({
      sub: DEMO.userId,
      role: 'authenticated',
      aud: 'authenticated',
      iss: `${stack.url}/auth/v1`,
    });
    const user = await c.auth.getUser();
    expect(user.data.user?.email).toBe(DEMO.email);
  });

  it('rejects a wrong password with invalid_credentials', async () => {
    const { data, error } = await client(stack).auth.signInWithPassword({ email: DEMO.email, password: 'nope-nope' });
    expect(data.session).toBeNull();
    expect(error?.status).toBe(400);
    expect(error?.code).toBe('invalid_credentials');
    const unknown = await client(stack).auth.signInWithPassword({
      email: 'nobody@example.test',
      password: 'whatever1',
    });
    expect(unknown.error?.code).toBe('invalid_credentials');
  });

  it('rotates refresh tokens: the new one works, the used one is refused', async () => {
    const c = await signedIn(stack);
    const first = (await c.auth.getSession()).data.session!;
    const { data, error } = await c.auth.refreshSession();
    expect(error).toBeNull();
    expect(data.session!.refresh_token).not.toBe(first.refresh_token);
    const reuse = await client(stack).auth.refreshSession({ refresh_token: first.refresh_token });
    expect(reuse.error?.code).toBe('refresh_token_already_used');
    const bogus = await client(stack).auth.refreshSession({ refresh_token: 'not-a-token' });
    expect(bogus.error?.code).toBe('refresh_token_not_found');
  });

  it('signs out: the session is gone and its refresh token is dead', async () => {
    const c = await signedIn(stack);
    const session = (await c.auth.getSession()).data.session!;
    const { error } = await c.auth.signOut({ scope: 'local' });
    expect(error).toBeNull();
    const again = await client(stack).auth.refreshSession({ refresh_token: session.refresh_token });
    expect(again.error).not.toBeNull();
    // The old access token no longer names a live session.
    const probe = await raw('/auth/v1/user', { headers: { Authorization: `Bearer ${session.access_token}` } });
    expect(probe.status).toBe(403);
    expect(JSON.parse(probe.body).code).toBe('session_not_found');
  });

  it('signs up a new user with their own ₹10,00,000 account; duplicate and weak passwords refused', async () => {
    const u = await newUser(stack);
    const { data } = await u.c.from('trading_accounts').select('userId,balance,availableMargin,usedMargin');
    expect(data).toEqual([{ userId: u.id, balance: 1_000_000, availableMargin: 1_000_000, usedMargin: 0 }]);
    const dup = await client(stack).auth.signUp({ email: u.email, password: 'another-pw' });
    expect(dup.error?.code).toBe('user_already_exists');
    const weak = await client(stack).auth.signUp({ email: `w${Date.now()}@example.test`, password: '123' });
    expect(weak.error?.code).toBe('weak_password');
  });
});

describe('rest', () => {
  it('selects with filters, order, range and an exact count', async () => {
    const c = await signedIn(stack);
    const all = await c.from('Stock').select('symbol', { count: 'exact' }).eq('exchange', 'NSE');
    expect(all.error).toBeNull();
    const total = all.count!;
    expect(total).toBeGreaterThan(10);
    const page = await c
      .from('Stock')
      .select('symbol,ltp', { count: 'exact' })
      .eq('exchange', 'NSE')
      .order('symbol', { ascending: false })
      .range(2, 4);
    expect(page.count).toBe(total);
    const symbols = all
      .data!.map((r) => r.symbol as string)
      .sort()
      .reverse();
    expect(page.data!.map((r) => r.symbol)).toEqual(symbols.slice(2, 5));
    expect(typeof page.data![0]!.ltp).toBe('number');

    const inList = await c.from('Stock').select('symbol').in('symbol', ['TCS', 'INFY', 'NO SUCH']).order('symbol');
    expect(inList.data).toEqual([{ symbol: 'INFY' }, { symbol: 'TCS' }]);
    const gt = await c.from('Stock').select('symbol,ltp').gt('ltp', 5000).lte('ltp', 1e9);
    expect(gt.data!.length).toBeGreaterThan(0);
    expect(gt.data!.every((r) => (r.ltp as number) > 5000)).toBe(true);
    const notNull = await c.from('Stock').select('symbol').not('token', 'is', null).neq('symbol', 'TCS');
    expect(notNull.data!.some((r) => r.symbol === 'TCS')).toBe(false);
    const nullsFirst = await c
      .from('Stock')
      .select('symbol,sector')
      .order('sector', { ascending: true, nullsFirst: true })
      .limit(1);
    expect(nullsFirst.error).toBeNull();
  });

  it('single() is an object for one row and 406 PGRST116 otherwise; maybeSingle() null for none', async () => {
    const c = await signedIn(stack);
    const one = await c.from('trading_accounts').select('id,balance').single();
    expect(one.data).toMatchObject({ id: DEMO.accountId });
    const none = await c.from('Stock').select('symbol').eq('symbol', 'NOPE').single();
    expect(none.status).toBe(406);
    expect(none.error?.code).toBe('PGRST116');
    const many = await c.from('Stock').select('symbol').single();
    expect(many.error?.code).toBe('PGRST116');
    const maybe = await c.from('Stock').select('symbol').eq('symbol', 'NOPE').maybeSingle();
    expect(maybe.error).toBeNull();
    expect(maybe.data).toBeNull();
  });

  it('inserts, upserts, updates and deletes the user’s own watchlists', async () => {
    const c = await signedIn(stack);
    const name = `Swing ${randomUUID()}`;
    const ins = await c.from('Watchlist').insert({ userId: DEMO.userId, name, sortOrder: 3 }).select().single();
    expect(ins.error).toBeNull();
    expect(ins.data).toMatchObject({ userId: DEMO.userId, name, sortOrder: 3, isDefault: false });
    const id = ins.data!.id as string;

    const items = await c
      .from('WatchlistItem')
      .insert([
        { watchlistId: id, token: 2885, symbol: 'RELIANCE' },
        { watchlistId: id, token: 11536, symbol: 'TCS' },
      ])
      .select('token,symbol');
    expect(items.data).toHaveLength(2);
    const up = await c
      .from('WatchlistItem')
      .upsert([{ watchlistId: id, token: 2885, symbol: 'RELIANCE', notes: 'core' }], {
        onConflict: 'watchlistId,token',
      })
      .select('token,notes');
    expect(up.error).toBeNull();
    expect(up.data).toEqual([{ token: 2885, notes: 'core' }]);
    const count = await c.from('WatchlistItem').select('*', { count: 'exact', head: true }).eq('watchlistId', id);
    expect(count.count).toBe(2);

    const upd = await c.from('Watchlist').update({ color: '#ff0000' }).eq('id', id).select('color,version');
    expect(upd.data).toEqual([{ color: '#ff0000', version: expect.any(Number) }]);
    const minimal = await c.from('Watchlist').update({ sortOrder: 9 }).eq('id', id);
    expect(minimal.status).toBe(204);

    const dupe = await c.from('Watchlist').insert({ userId: DEMO.userId, name });
    expect(dupe.status).toBe(409);
    expect(dupe.error?.code).toBe('23505');

    // As on Supabase (pg-safeupdate): an unfiltered UPDATE/DELETE is refused, nothing changes.
    const wipe = await c.from('Watchlist').delete();
    expect(wipe.error?.code).toBe('21000');
    const stillThere = await c.from('Watchlist').select('id').eq('id', id);
    expect(stillThere.data).toEqual([{ id }]);

    const del = await c.from('Watchlist').delete().eq('id', id).select('id');
    expect(del.data).toEqual([{ id }]);
    const gone = await c.from('WatchlistItem').select('id').eq('watchlistId', id);
    expect(gone.data).toEqual([]);
  });

  it('array insert: absent keys are NULL by default and the column DEFAULT with missing=default', async () => {
    const c = await signedIn(stack);
    const rows = [
      { userId: DEMO.userId, name: `A ${randomUUID()}`, sortOrder: 4 },
      { userId: DEMO.userId, name: `B ${randomUUID()}` },
    ];
    const asNull = await c.from('Watchlist').insert(rows);
    expect(asNull.status).toBe(400);
    expect(asNull.error?.code).toBe('23502'); // NOT NULL "sortOrder": nothing was inserted
    const withDefaults = await c.from('Watchlist').insert(rows, { defaultToNull: false }).select('name,sortOrder');
    expect(withDefaults.error).toBeNull();
    expect(withDefaults.data).toEqual([
      { name: rows[0]!.name, sortOrder: 4 },
      { name: rows[1]!.name, sortOrder: 0 },
    ]);
  });

  it('rpc place_order returns the order; the same client order id books nothing twice', async () => {
    const c = await signedIn(stack);
    const args = order();
    const first = await c.rpc('place_order', args);
    expect(first.error).toBeNull();
    expect(first.data).toMatchObject({
      symbol: 'RELIANCE',
      status: 'PENDING',
      idempotency_key: args.p_client_order_id,
    });
    const again = await c.rpc('place_order', args);
    expect((again.data as { id: string }).id).toBe((first.data as { id: string }).id);
    const { count } = await c
      .from('orders')
      .select('*', { count: 'exact', head: true })
      .eq('idempotency_key', args.p_client_order_id);
    expect(count).toBe(1);
  });

  it('maps RAISE errors: insufficient_margin with hint and JSON details, 400', async () => {
    const c = await signedIn(stack);
    const r = await c.rpc('place_order', order({ p_quantity: 10_000_000, p_product_type: 'CNC' }));
    expect(r.status).toBe(400);
    expect(r.error).toMatchObject({ code: 'P0001', hint: 'insufficient_margin' });
    const details = JSON.parse(r.error!.details) as { required: number; available: number; shortfall: number };
    expect(details.shortfall).toBeGreaterThan(0);
    expect(details.required - details.available).toBe(details.shortfall);
    const unknown = await c.rpc('place_order', order({ p_symbol: 'NOSUCHSYM' }));
    expect(unknown.error?.hint).toBe('unknown_symbol');
    const missing = await c.rpc('no_such_function', {});
    expect(missing.status).toBe(404);
    expect(missing.error?.code).toBe('PGRST202');
  });

  it('refuses execute_order to a user and allows it to the service role', async () => {
    const c = await signedIn(stack);
    const placed = await c.rpc('place_order', order());
    const id = (placed.data as { id: string }).id;
    const refused = await c.rpc('execute_order', { p_order_id: id, p_fill_price: 100 });
    expect(refused.error).not.toBeNull();
    expect([401, 403, 400]).toContain(refused.status);
    const { data } = await c.from('orders').select('status').eq('id', id).single();
    expect(data).toEqual({ status: 'PENDING' });
    const service = client(stack, stack.serviceRoleKey);
    const ok = await service.rpc('execute_order', { p_order_id: id, p_fill_price: 100 });
    expect(ok.error).toBeNull();
    expect(ok.data).toMatchObject({ id, status: 'EXECUTED' });
  });

  it('RLS: a second user sees none of the demo user’s rows and cannot write them', async () => {
    const demo = await signedIn(stack);
    await demo.rpc('place_order', order());
    const other = await newUser(stack);
    for (const table of ['orders', 'positions', 'transactions', 'Watchlist']) {
      const r = await other.c.from(table).select('*');
      expect(r.error).toBeNull();
      expect(r.data).toEqual([]);
    }
    const accounts = await other.c.from('trading_accounts').select('userId');
    expect(accounts.data).toEqual([{ userId: other.id }]);
    const forged = await other.c.from('Watchlist').insert({ userId: DEMO.userId, name: 'hijack' });
    expect(forged.status).toBe(403);
    expect(forged.error?.code).toBe('42501');
    const anon = await client(stack).from('orders').select('*');
    expect(anon.status).toBe(401);
  });
});

describe('bad input', () => {
  it('unknown table 404 PGRST205, unknown column 400, bad filter 400 PGRST100', async () => {
    const t = await raw('/rest/v1/no_such_table?select=*');
    expect(t.status).toBe(404);
    expect(JSON.parse(t.body).code).toBe('PGRST205');
    const col = await raw('/rest/v1/Stock?select=nope');
    expect(col.status).toBe(400);
    expect(JSON.parse(col.body).code).toBe('42703');
    const op = await raw('/rest/v1/Stock?symbol=zz.TCS');
    expect(op.status).toBe(400);
    expect(JSON.parse(op.body).code).toBe('PGRST100');
    const route = await raw('/nowhere');
    expect(route.status).toBe(404);
    const percent = await raw('/rest/v1/%E0%A4%A');
    expect(percent.status).toBe(400);
  });

  it('SQL injection in values, identifiers and order is data or a parse error, never SQL', async () => {
    const c = await signedIn(stack);
    const v = await c.from('Stock').select('symbol').eq('symbol', "TCS' OR '1'='1");
    expect(v.data).toEqual([]);
    const ident = await raw(`/rest/v1/Stock?select=${encodeURIComponent('symbol,"x"";DROP TABLE orders;--"')}`);
    expect(ident.status).toBe(400);
    const ord = await raw(`/rest/v1/Stock?order=${encodeURIComponent('symbol;DROP TABLE orders')}`);
    expect(ord.status).toBe(400);
    const tbl = await raw(`/rest/v1/${encodeURIComponent('orders; DROP TABLE orders')}`);
    expect(tbl.status).toBe(404);
    const still = await c.from('orders').select('id', { count: 'exact', head: true });
    expect(still.error).toBeNull();
  });

  it('malformed JSON 400 PGRST102, oversized body 413, no stack traces', async () => {
    const bad = await raw('/rest/v1/Watchlist', {
      method: 'POST',
      body: '{"name": ',
      headers: { 'Content-Type': 'application/json' },
    });
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.body).code).toBe('PGRST102');
    const big = await raw('/rest/v1/rpc/place_order', {
      method: 'POST',
      body: JSON.stringify({ x: 'a'.repeat(2 * 1024 * 1024) }),
    });
    expect(big.status).toBe(413);
    const authBad = await raw('/auth/v1/token?grant_type=password', { method: 'POST', body: 'not json' });
    expect(authBad.status).toBe(400);
    for (const r of [bad, big, authBad]) expect(r.body).not.toMatch(/\bat .*\.ts:\d+/);
  });

  it('refuses a foreign Host header (DNS rebinding) and answers no CORS preflight by default', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port: stack.port,
          path: '/rest/v1/Stock',
          headers: { Host: `evil.example:${stack.port}`, apikey: stack.anonKey },
        },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on('error', reject);
      req.end();
    });
    expect(status).toBe(403);
    const pre = await fetch(`${stack.url}/rest/v1/Stock`, {
      method: 'OPTIONS',
      headers: { Origin: 'https://evil.example' },
    });
    expect(pre.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('forged, expired and missing keys are refused with PostgREST/Kong errors', async () => {
    const forged = signJwt({ role: 'service_role', exp: 1983812996 }, 'not-the-secret-not-the-secret-not-the-secret');
    const f = await raw('/rest/v1/orders', { headers: { Authorization: `Bearer ${forged}` } });
    expect(f.status).toBe(401);
    expect(JSON.parse(f.body).code).toBe('PGRST301');
    const expired = signJwt(
      { role: 'authenticated', sub: DEMO.userId, exp: Math.floor(Date.now() / 1000) - 10 },
      stack.jwtSecret,
    );
    const e = await raw('/rest/v1/orders', { headers: { Authorization: `Bearer ${expired}` } });
    expect(e.status).toBe(401);
    expect(JSON.parse(e.body).code).toBe('PGRST303');
    const none = await fetch(`${stack.url}/rest/v1/Stock`);
    expect(none.status).toBe(401);
    const alg = `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${Buffer.from('{"role":"service_role","exp":1983812996}').toString('base64url')}.`;
    const n = await raw('/rest/v1/orders', { headers: { Authorization: `Bearer ${alg}` } });
    expect(n.status).toBe(401);
    // The gateway is still healthy after all of it.
    const ok = await client(stack).from('Stock').select('symbol').limit(1);
    expect(ok.data).toHaveLength(1);
  });
});
