import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SupabaseStack } from '../../../../electron/stack/supabase';
import { startTestSupabase } from '../../engines';
import { signedIn } from './helpers';

// The gateway caps every read at PostgREST's max-rows (1,000 by default, as a hosted project
// does): whatever limit the official client asks for, no error, and a truthful Content-Range.

const EXTRA = 1_200;
let stack: SupabaseStack;
let total = 0;

beforeAll(async () => {
  stack = await startTestSupabase();
  await stack.db.asAdmin((tx) =>
    tx.query(
      `INSERT INTO "Stock" ("id", "instrumentId", "token", "symbol", "ticker", "name", "exchange", "segment")
       SELECT 'cap-' || n, 'NSE_EQ-' || (900000 + n), 900000 + n, 'CAP' || n, 'CAP' || n, 'Cap test ' || n, 'NSE', 'NSE'
         FROM generate_series(1, $1::int) AS n`,
      [EXTRA],
    ),
  );
  const r = await stack.db.asAdmin((tx) => tx.query<{ n: number }>('SELECT count(*)::int AS n FROM "Stock"'));
  total = r.rows[0]!.n;
}, 180_000);

afterAll(async () => {
  await stack?.stop();
});

/** Raw HTTP as the signed-in demo user, to read the status and Content-Range the client hides. */
async function raw(path: string, headers: Record<string, string> = {}) {
  const c = await signedIn(stack);
  const token = (await c.auth.getSession()).data.session!.access_token;
  const res = await fetch(`${stack.url}/rest/v1/${path}`, {
    headers: { apikey: stack.anonKey, Authorization: `Bearer ${token}`, ...headers },
  });
  return { status: res.status, range: res.headers.get('content-range'), rows: (await res.json()) as unknown[] };
}

describe('max-rows', () => {
  it('answers at most 1,000 rows to a select asking for 5,000, with no error', async () => {
    expect(total).toBeGreaterThan(EXTRA);
    const c = await signedIn(stack);
    const r = await c.from('Stock').select('id', { count: 'exact' }).order('id').limit(5_000);
    expect(r.error).toBeNull();
    expect(r.data).toHaveLength(1_000);
    expect(r.count).toBe(total);
    expect(r.status).toBe(206);
  });

  it('keeps Content-Range truthful: 0-999/total with count=exact, 0-999/* without', async () => {
    const counted = await raw('Stock?select=id&order=id', { Prefer: 'count=exact' });
    expect(counted).toMatchObject({ status: 206, range: `0-999/${total}` });
    expect(counted.rows).toHaveLength(1_000);
    const uncounted = await raw('Stock?select=id&order=id&limit=5000');
    expect(uncounted).toMatchObject({ status: 200, range: '0-999/*' });
    const ranged = await raw('Stock?select=id&order=id', { Range: '200-4999', Prefer: 'count=exact' });
    expect(ranged).toMatchObject({ status: 206, range: `200-1199/${total}` });
    const tail = await raw(`Stock?select=id&order=id&offset=1000`, { Prefer: 'count=exact' });
    expect(tail).toMatchObject({ status: 206, range: `1000-${total - 1}/${total}` });
    expect(tail.rows).toHaveLength(total - 1_000);
  });

  it('answers a window that holds every row with 200, and an offset past the end with 416 PGRST103', async () => {
    const small = await raw('Stock?select=id&exchange=eq.NSE&symbol=in.(TCS,INFY)', { Prefer: 'count=exact' });
    expect(small).toMatchObject({ status: 200, range: '0-1/2' });
    const past = await fetch(`${stack.url}/rest/v1/Stock?select=id&offset=${total + 5}`, {
      headers: { apikey: stack.anonKey, Authorization: `Bearer ${stack.anonKey}`, Prefer: 'count=exact' },
    });
    expect(past.status).toBe(416);
    expect(await past.json()).toMatchObject({ code: 'PGRST103' });
  });

  it('pages through every row by key with the official client (what the terminal does)', async () => {
    const c = await signedIn(stack);
    const seen = new Set<string>();
    let last: string | null = null;
    for (;;) {
      let q = c.from('Stock').select('id', { count: 'exact' });
      if (last !== null) q = q.gt('id', last);
      const page = await q.order('id').limit(5_000);
      expect(page.error).toBeNull();
      const rows = page.data as Array<{ id: string }>;
      for (const r of rows) seen.add(r.id);
      if (rows.length >= (page.count ?? Infinity) || rows.length === 0) break;
      last = rows[rows.length - 1]!.id;
    }
    expect(seen.size).toBe(total);
  });
});
