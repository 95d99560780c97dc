import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import type { Database, Transaction } from '../../../electron/stack/db';

export const DEMO_USER_ID = '7e57de30-0000-4000-8000-000000000001';
export const DEMO_ACCOUNT_ID = '7e57de30-0000-4000-8000-0000000000a1';

export interface Caller {
  role: 'anon' | 'authenticated' | 'service_role';
  claims: Record<string, unknown>;
}

export const demo: Caller = { role: 'authenticated', claims: { sub: DEMO_USER_ID, role: 'authenticated' } };
export const service: Caller = { role: 'service_role', claims: { role: 'service_role' } };
export const anon: Caller = { role: 'anon', claims: { role: 'anon' } };

export interface OrderJson {
  id: string;
  tradingAccountId: string;
  symbol: string;
  quantity: number;
  orderType: string;
  orderSide: string;
  price: number | null;
  filledQuantity: number;
  averagePrice: number | null;
  productType: string;
  status: string;
  positionId: string | null;
  idempotency_key: string | null;
  marginBlocked: number;
  chargesDeducted: number;
  version: number;
}

export interface AccountRow {
  balance: number;
  availableMargin: number;
  usedMargin: number;
  version: number;
}

/** Calls an RPC with named arguments the way PostgREST does, as `caller`. */
export async function rpc<T = OrderJson>(
  db: Database,
  caller: Caller,
  name: string,
  args: Record<string, unknown>,
): Promise<T> {
  const names = Object.keys(args);
  if (!/^[a-z_]+$/.test(name) || names.some((n) => !/^p_[a-z_]+$/.test(n))) throw new Error('bad rpc name');
  const sql = `SELECT ${name}(${names.map((n, i) => `${n} => $${i + 1}`).join(', ')}) AS result`;
  const res = await db.asRole(caller, (tx) =>
    tx.query<{ result: T }>(
      sql,
      names.map((n) => args[n]),
    ),
  );
  return res.rows[0]!.result;
}

export interface PlatformError {
  code: string;
  hint: string | undefined;
  message: string;
  detail: unknown;
}

/** The P0001 error an RPC raised (fails the test if it did not raise). */
export async function rpcError(p: Promise<unknown>): Promise<PlatformError> {
  try {
    await p;
  } catch (err) {
    const e = err as { code?: string; hint?: string; message: string; detail?: string };
    let detail: unknown = e.detail;
    try {
      detail = e.detail ? JSON.parse(e.detail) : undefined;
    } catch {
      /* keep the raw text */
    }
    return { code: e.code ?? '', hint: e.hint, message: e.message, detail };
  }
  throw new Error('expected the call to raise');
}

export function placeArgs(
  symbol: string,
  side: 'BUY' | 'SELL',
  quantity: number,
  extra: {
    type?: 'MARKET' | 'LIMIT' | 'SL' | 'SL-M';
    product?: string;
    price?: number | null;
    trigger?: number | null;
    id?: string;
  } = {},
): Record<string, unknown> {
  const trigger = extra.trigger === undefined ? {} : { p_trigger_price: extra.trigger };
  return {
    ...trigger,
    p_client_order_id: extra.id ?? randomUUID(),
    p_symbol: symbol,
    p_side: side,
    p_order_type: extra.type ?? 'MARKET',
    p_product_type: extra.product ?? 'MIS',
    p_quantity: quantity,
    p_price: extra.price ?? null,
  };
}

export async function account(db: Database, accountId = DEMO_ACCOUNT_ID): Promise<AccountRow> {
  const r = await db.query<AccountRow>(
    'SELECT "balance", "availableMargin", "usedMargin", "version"::int AS "version" FROM trading_accounts WHERE "id" = $1',
    [accountId],
  );
  return r.rows[0]!;
}

/**
 * The ledger invariants every test checks after every operation:
 * balance = availableMargin + usedMargin, and usedMargin is exactly what pending orders and
 * open positions hold.
 */
export async function expectInvariants(db: Database, accountId = DEMO_ACCOUNT_ID): Promise<AccountRow> {
  const a = await account(db, accountId);
  expect(a.balance).toBe(a.availableMargin + a.usedMargin);
  const held = await db.query<{ n: number }>(
    `SELECT (coalesce((SELECT sum("marginBlocked") FROM orders WHERE "tradingAccountId" = $1 AND "status" = 'PENDING'), 0)
           + coalesce((SELECT sum("marginBlocked") FROM positions WHERE "tradingAccountId" = $1), 0))::int AS n`,
    [accountId],
  );
  expect(a.usedMargin).toBe(held.rows[0]!.n);
  return a;
}

/** A second user with their own funded account (created as admin, as the platform would). */
export async function createUser(
  db: Database,
  funds = 1_000_000,
): Promise<{ userId: string; accountId: string; caller: Caller }> {
  const userId = randomUUID();
  const accountId = randomUUID();
  await db.asAdmin(async (tx: Transaction) => {
    await tx.query('INSERT INTO auth.users (id, email) VALUES ($1, $2)', [userId, `${userId}@test.local`]);
    await tx.query(
      'INSERT INTO trading_accounts ("id", "userId", "balance", "availableMargin", "usedMargin") VALUES ($1, $2, $3, $3, 0)',
      [accountId, userId, funds],
    );
  });
  return { userId, accountId, caller: { role: 'authenticated', claims: { sub: userId, role: 'authenticated' } } };
}

/** Sets a symbol's last price (the MARKET order reference). */
export async function setLtp(db: Database, symbol: string, ltp: number): Promise<void> {
  await db.query('UPDATE "Stock" SET "ltp" = $2 WHERE "symbol" = $1', [symbol, ltp]);
}

/** beforeAll budget for openDatabase: PGlite's start-up is slow on a loaded 2-core machine. */
export const OPEN_TIMEOUT_MS = 240_000;
