import { randomUUID } from 'node:crypto';
import type { SupabaseClient } from '@supabase/supabase-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../../electron/stack/db';
import { startSupabaseStack, type SupabaseStack } from '../../../electron/stack/supabase';
import { ENGINE, ENGINE_NAME, testLocation, type TestLocation, widenPriceBands } from '../engines';
import { client, newUser, subscribed, waitFor } from '../stack/supabase/helpers';
import { rpc, type Caller, type OrderJson } from './helpers';
import { judge, overlaps, prepareWorkload, runWriters, startCommitLog } from './overlapping-writers';

// The money rules under concurrency, through the real gateway and the official client. On a
// server the calls really overlap (a pool of connections; the account row lock serialises
// them); on PGlite (one connection) the same calls queue one behind another — each test's name
// says which, and the assertions are the same.

const CONCURRENTLY =
  ENGINE === 'postgres' ? 'at once on many server connections' : 'queued on PGlite’s single connection';

let location: TestLocation;
let stack: SupabaseStack;
let db: Database;
const clients: SupabaseClient[] = [];

beforeAll(async () => {
  location = await testLocation();
  stack = await startSupabaseStack(location.options);
  await widenPriceBands(stack.db);
  db = stack.db;
}, 240_000);

afterAll(async () => {
  for (const c of clients) await c.removeAllChannels();
  await stack?.stop();
  await location?.cleanup();
});

async function accountOf(
  userId: string,
): Promise<{ id: string; balance: number; availableMargin: number; usedMargin: number }> {
  const r = await db.query<{ id: string; balance: number; availableMargin: number; usedMargin: number }>(
    'SELECT id, balance, "availableMargin", "usedMargin" FROM trading_accounts WHERE "userId" = $1',
    [userId],
  );
  return r.rows[0]!;
}

interface Ledger {
  amount: number;
  type: 'DEBIT' | 'CREDIT';
  description: string;
  orderId: string | null;
}

async function ledgerOf(accountId: string): Promise<Ledger[]> {
  const r = await db.query<Ledger>(
    `SELECT "amount"::float8 AS amount, "type"::text AS type, "description", "orderId"
       FROM transactions WHERE "tradingAccountId" = $1 ORDER BY "version"`,
    [accountId],
  );
  return r.rows;
}

const caller = (userId: string): Caller => ({ role: 'authenticated', claims: { sub: userId, role: 'authenticated' } });
const service: Caller = { role: 'service_role', claims: { role: 'service_role' } };

const ticket = (id: string = randomUUID()) => ({
  p_client_order_id: id,
  p_symbol: 'RELIANCE',
  p_side: 'BUY',
  p_order_type: 'LIMIT',
  p_product_type: 'MIS',
  p_quantity: 10,
  p_price: 1000,
});

async function signedInAs(email: string): Promise<SupabaseClient> {
  const c = client(stack);
  const { error } = await c.auth.signInWithPassword({ email, password: 'second-user-pw' });
  if (error) throw error;
  clients.push(c);
  return c;
}

describe(`money under concurrency on ${ENGINE_NAME}`, () => {
  it(`50 place_order calls from 5 clients, margin for exactly 20 (${CONCURRENTLY}): 20 accepted, availableMargin never below 0, every rupee in transactions`, async () => {
    // What one ticket costs (margin + charges), from a probe on another account.
    const probe = await newUser(stack);
    clients.push(probe.c);
    const probed = await probe.c.rpc('place_order', ticket());
    expect(probed.error).toBeNull();
    const { marginBlocked, chargesDeducted } = probed.data as OrderJson;
    const cost = marginBlocked + chargesDeducted;

    const trader = await newUser(stack);
    clients.push(trader.c);
    const account = await accountOf(trader.id);
    await db.asAdmin((tx) =>
      tx.query('UPDATE trading_accounts SET balance = $2, "availableMargin" = $2, "usedMargin" = 0 WHERE id = $1', [
        account.id,
        20 * cost,
      ]),
    );
    // The funding write's change must reach Realtime before the watch joins, or the watch sees
    // it as a 21st account write (the outbox drains after the commit, as a hosted project does).
    await stack.flushChanges();
    const seen: number[] = [];
    const watch = trader.c
      .channel(`margin-${randomUUID()}`)
      .on('postgres_changes', { event: 'UPDATE', schema: 'public', table: 'trading_accounts' }, (p) =>
        seen.push(Number((p.new as { availableMargin: number }).availableMargin)),
      );
    await subscribed(watch);

    const five = [trader.c, ...(await Promise.all([1, 2, 3, 4].map(() => signedInAs(trader.email))))];
    const results = await Promise.all(
      five.flatMap((c) => Array.from({ length: 10 }, () => c.rpc('place_order', ticket()))),
    );
    const accepted = results.filter((r) => r.error === null);
    const refused = results.filter((r) => r.error !== null);
    console.log(
      `[concurrency] ${ENGINE_NAME}: 50 place_order (cost ₹${cost} each, ₹${20 * cost} free) → ${accepted.length} accepted, ${refused.length} refused`,
    );
    expect(accepted).toHaveLength(20);
    expect(refused.map((r) => r.error?.hint)).toEqual(Array.from({ length: 30 }, () => 'insufficient_margin'));

    const after = await accountOf(trader.id);
    expect(after).toMatchObject({
      availableMargin: 0,
      usedMargin: 20 * marginBlocked,
      balance: 20 * cost - 20 * chargesDeducted,
    });
    expect(after.balance).toBe(after.availableMargin + after.usedMargin);
    // Every rupee: the ledger replays from the funded account to exactly this state, and free
    // funds never went below zero at any step.
    const ledger = await ledgerOf(account.id);
    expect(ledger).toHaveLength(40);
    let available = 20 * cost;
    let lowest = available;
    for (const t of ledger) {
      available += t.type === 'CREDIT' ? t.amount : -t.amount;
      lowest = Math.min(lowest, available);
    }
    expect(available).toBe(after.availableMargin);
    expect(lowest).toBeGreaterThanOrEqual(0);
    const charges = ledger.filter((t) => t.description.startsWith('Charges:')).reduce((s, t) => s + t.amount, 0);
    expect(20 * cost - charges).toBe(after.balance);
    // What a subscriber saw: every step, never below zero, ending at zero.
    await stack.flushChanges();
    // One account write per accepted call (margin and charges together: honest_money).
    await waitFor(() => seen.length >= 20, 'every account write over Realtime');
    expect(seen).toHaveLength(20);
    expect(Math.min(...seen)).toBeGreaterThanOrEqual(0);
    expect(seen.at(-1)).toBe(0);
  });

  it(`the same client order id from 10 connections (${CONCURRENTLY}): one order, one margin block`, async () => {
    const trader = await newUser(stack);
    clients.push(trader.c);
    const account = await accountOf(trader.id);
    const id = randomUUID();
    // A database handle of its own, so the gateway's Realtime work takes none of its 10
    // connections (PGlite has one connection and cannot be opened twice: the gateway's handle).
    const handle = ENGINE === 'postgres' ? await openDatabase({ ...location.options, poolSize: 10 }) : db;
    try {
      const args = ticket(id);
      const names = Object.keys(args);
      const calls = Array.from({ length: 10 }, () =>
        handle.asRole(caller(trader.id), (tx) =>
          tx.query<{ result: OrderJson; pid: number }>(
            `SELECT place_order(${names.map((n, i) => `${n} => $${i + 1}`).join(', ')}) AS result, pg_backend_pid() AS pid`,
            names.map((n) => args[n as keyof typeof args]),
          ),
        ),
      );
      const rows = (await Promise.all(calls)).map((r) => r.rows[0]!);
      expect(new Set(rows.map((r) => r.result.id)).size).toBe(1);
      // Server: ten backends really ran it at once; PGlite: one connection did all ten.
      expect(new Set(rows.map((r) => r.pid)).size).toBe(ENGINE === 'postgres' ? 10 : 1);
    } finally {
      if (handle !== db) await handle.close();
    }
    const orders = await db.query('SELECT 1 FROM orders WHERE idempotency_key = $1', [id]);
    expect(orders.rows).toHaveLength(1);
    const ledger = await ledgerOf(account.id);
    expect(ledger.filter((t) => t.description.startsWith('Margin blocked'))).toHaveLength(1);
    expect(ledger.filter((t) => t.description.startsWith('Charges:'))).toHaveLength(1);
    const after = await accountOf(trader.id);
    expect(after.usedMargin).toBe(ledger.find((t) => t.description.startsWith('Margin blocked'))!.amount);
    expect(after.balance).toBe(after.availableMargin + after.usedMargin);
  });

  it(`execute_order racing cancel_order on one order, 200 times (${CONCURRENTLY}): each ends one way, margin released or consumed once, one event each`, async () => {
    const trader = await newUser(stack);
    clients.push(trader.c);
    const account = await accountOf(trader.id);
    const final = new Map<string, string[]>();
    const watch = trader.c
      .channel(`race-${randomUUID()}`)
      .on('postgres_changes', { event: 'UPDATE', schema: 'public', table: 'orders' }, (p) => {
        const o = p.new as { id: string; status: string };
        if (o.status !== 'PENDING') final.set(o.id, [...(final.get(o.id) ?? []), o.status]);
      });
    await subscribed(watch);

    const placed: OrderJson[] = [];
    for (let i = 0; i < 200; i++) {
      placed.push(
        await rpc(db, caller(trader.id), 'place_order', {
          ...ticket(),
          p_symbol: 'INFY',
          p_quantity: 1,
          p_price: 1000,
        }),
      );
    }
    const outcomes: Array<{ id: string; executed: boolean; loserHint: string | undefined }> = [];
    for (let i = 0; i < placed.length; i += 20) {
      const batch = placed.slice(i, i + 20);
      await Promise.all(
        batch.map(async (o, j) => {
          const execute = () => rpc(db, service, 'execute_order', { p_order_id: o.id, p_fill_price: 1000 });
          const cancel = () => rpc(db, caller(trader.id), 'cancel_order', { p_order_id: o.id });
          // Half the pairs send the cancel first: on PGlite, which queues calls in the order they
          // are sent, that decides the winner; on a server they really race.
          const [exec, cancelled] =
            j % 2 === 0
              ? await Promise.allSettled([execute(), cancel()])
              : ((await Promise.allSettled([cancel(), execute()])).reverse() as [
                  PromiseSettledResult<OrderJson>,
                  PromiseSettledResult<OrderJson>,
                ]);
          // Exactly one of the two wins; the other is told the order is no longer PENDING.
          expect([exec.status, cancelled.status].sort()).toEqual(['fulfilled', 'rejected']);
          const loser = (exec.status === 'rejected' ? exec.reason : (cancelled as PromiseRejectedResult).reason) as {
            hint?: string;
          };
          outcomes.push({ id: o.id, executed: exec.status === 'fulfilled', loserHint: loser.hint });
        }),
      );
    }
    expect(outcomes.map((o) => o.loserHint)).toEqual(Array.from({ length: 200 }, () => 'order_not_pending'));
    const executed = outcomes.filter((o) => o.executed);
    const cancelled = outcomes.filter((o) => !o.executed);
    console.log(`[concurrency] ${ENGINE_NAME}: race ×200 → ${executed.length} executed, ${cancelled.length} cancelled`);

    const statuses = await db.query<{ id: string; status: string }>(
      `SELECT id, status::text AS status FROM orders WHERE "tradingAccountId" = $1`,
      [account.id],
    );
    const statusOf = new Map(statuses.rows.map((r) => [r.id, r.status]));
    for (const o of outcomes) expect(statusOf.get(o.id)).toBe(o.executed ? 'EXECUTED' : 'CANCELLED');

    // Margin: each cancelled order released its block once; each executed one moved it into
    // the position once; charges were paid once per order and never refunded.
    const ledger = await ledgerOf(account.id);
    const margin = placed[0]!.marginBlocked;
    const releases = ledger.filter((t) => t.description.startsWith('Margin released: cancelled'));
    expect(releases.map((t) => t.orderId).sort()).toEqual(cancelled.map((o) => o.id).sort());
    expect(releases.every((t) => t.amount === margin)).toBe(true);
    const position = await db.query<{ quantity: number; marginBlocked: number }>(
      `SELECT quantity, "marginBlocked" FROM positions WHERE "tradingAccountId" = $1 AND symbol = 'INFY'`,
      [account.id],
    );
    expect(position.rows[0] ?? { quantity: 0, marginBlocked: 0 }).toEqual({
      quantity: executed.length,
      marginBlocked: executed.length * margin,
    });
    const charges = placed.reduce((s, o) => s + o.chargesDeducted, 0);
    const after = await accountOf(trader.id);
    expect(after).toMatchObject({
      balance: 1_000_000 - charges,
      usedMargin: executed.length * margin,
      availableMargin: 1_000_000 - charges - executed.length * margin,
    });

    // One event each, and the one that matches the database.
    await stack.flushChanges();
    await waitFor(() => final.size >= 200, 'a final-status event for every order');
    for (const o of outcomes) expect(final.get(o.id)).toEqual([o.executed ? 'EXECUTED' : 'CANCELLED']);
    // 200 orders placed one by one, 200 races, then every event: 6 s alone, but past the 60 s
    // default (which is for single calls) beside the 2,000-change outbox suite on a loaded
    // 2-core machine, with every race already decided.
  }, 240_000);

  it(`4 writers commit 2,000 changes in overlapping transactions (${CONCURRENTLY}): each subscriber gets each change it may see once, per row in version order, in commit order, none missing`, async () => {
    const workload = await prepareWorkload(stack, 8);
    clients.push(...workload.clients);
    const commitLog = await startCommitLog(location.options.databaseUrl);
    const committed = await runWriters(db, workload.rows, { writers: 4, changes: 2000, perTx: 4 });
    expect(committed).toHaveLength(2000);
    const order = await commitLog();
    // The server's WAL shows the transactions really overlapped (commit order ≠ write order);
    // on PGlite they cannot, so its commit order is version order.
    if (ENGINE === 'postgres') expect(overlaps(order!)).toBeGreaterThan(0);
    await stack.flushChanges();
    const verdicts = await judge(workload, committed, order);
    console.log(
      `[concurrency] ${ENGINE_NAME}: 2,000 changes, ${order ? overlaps(order) : 0} commits out of write order; ${JSON.stringify(verdicts)}`,
    );
    for (const [name, v] of Object.entries(verdicts)) {
      expect({ name, ...v }).toEqual({
        name,
        expected: v.expected,
        received: v.expected,
        duplicates: 0,
        missing: 0,
        unexpected: 0,
        perRowOutOfOrder: 0,
        commitOrderViolations: 0,
      });
    }
    expect(verdicts['service role']!.expected).toBe(2000);
    // A budget for 2,000 changes and three subscribers' RLS checks on a shared 2-core machine
    // (the 60 s default is for single calls).
  }, 240_000);
});
