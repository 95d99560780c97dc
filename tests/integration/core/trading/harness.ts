import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PushName, PushPayload } from '../../../../src/shared/contract';
import type { TradingEvent } from '../../../../src/shared/domain';
import { openCache, type Cache } from '../../../../electron/core/cache';
import { PushHub } from '../../../../electron/core/ipc/push-hub';
import { IpcRouter } from '../../../../electron/core/ipc/router';
import { MemorySecretStore, type SecretStore } from '../../../../electron/core/session';
import { createTradingService, registerTradingMethods, type TradingService } from '../../../../electron/core/trading';
import type { Database } from '../../../../electron/stack/db';
import type { SupabaseStack } from '../../../../electron/stack/supabase';

export const DEMO = {
  userId: '7e57de30-0000-4000-8000-000000000001',
  accountId: '7e57de30-0000-4000-8000-0000000000a1',
  email: 'demo@tradedesk.local',
  password: 'tradedesk-demo',
} as const;

export const asDemo = { role: 'authenticated' as const, claims: { sub: DEMO.userId, role: 'authenticated' } };
export const asService = { role: 'service_role' as const, claims: { role: 'service_role' } };

export type Push = { [P in PushName]: { name: P; payload: PushPayload<P> } }[PushName];

/** A window as a host would attach it: a recording sink on the real hub. */
export class RecordingWindow {
  readonly pushes: Push[] = [];
  constructor(
    readonly id: string,
    hub: PushHub,
  ) {
    hub.attach(id, (name, payload) => this.pushes.push({ name, payload } as Push));
  }
  events(): TradingEvent[] {
    return this.pushes.flatMap((p) => (p.name === 'trading.event' ? [p.payload] : []));
  }
  of<P extends PushName>(name: P): PushPayload<P>[] {
    return this.pushes.flatMap((p) => (p.name === name ? [p.payload as PushPayload<P>] : []));
  }
}

export function tempDir(): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'tradedesk-trading-'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** The demo profile as the host would hand it over (the market URL is never contacted here). */
export function demoProfile(stack: Pick<SupabaseStack, 'url' | 'anonKey'>) {
  return {
    kind: 'demo' as const,
    stack: {
      supabaseUrl: stack.url,
      anonKey: stack.anonKey,
      marketUrl: 'http://127.0.0.1:9',
      marketApiKey: 'unused-in-these-tests',
      demo: { email: DEMO.email, password: DEMO.password },
    },
  };
}

export interface Core {
  cache: Cache;
  hub: PushHub;
  router: IpcRouter;
  trading: TradingService;
  windows: RecordingWindow[];
  interest: number[][];
  recovered: { movedTo: string; reason: string } | null;
  stop(): Promise<void>;
}

/** The trading core as the terminal assembles it: real cache file, real hub and router. */
export function startCore(
  cacheFile: string,
  opts: { secrets?: SecretStore; windows?: number; actionTimeoutMs?: number } = {},
): Core {
  const { cache, recovered } = openCache(cacheFile);
  const hub = new PushHub();
  const router = new IpcRouter();
  const interest: number[][] = [];
  const windows: RecordingWindow[] = [];
  const trading = createTradingService({
    hub,
    cache,
    secrets: opts.secrets ?? new MemorySecretStore(),
    market: { setSystemInterest: (_key, tokens) => interest.push(tokens) },
    actionTimeoutMs: opts.actionTimeoutMs,
  });
  registerTradingMethods(router, trading);
  // Windows attach after the engine exists, as a host opens them: each gets the cached snapshot.
  for (let i = 1; i <= (opts.windows ?? 2); i++) windows.push(new RecordingWindow(`w${i}`, hub));
  return {
    cache,
    hub,
    router,
    trading,
    windows,
    interest,
    recovered,
    async stop() {
      await trading.stop();
      cache.close();
    },
  };
}

/** Polls until `check` returns something other than undefined/false (generous default timeout). */
export async function waitFor<T>(
  check: () => T | undefined | false | Promise<T | undefined | false>,
  what: string,
  timeoutMs = 45_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** Calls an RPC the way PostgREST does, as `caller`, directly on the database. */
export async function rpc<T = Record<string, unknown>>(
  db: Database,
  caller: typeof asDemo | typeof asService,
  name: string,
  args: Record<string, unknown>,
): Promise<T> {
  const names = Object.keys(args);
  const sql = `SELECT ${name}(${names.map((n, i) => `${n} => $${i + 1}`).join(', ')}) AS result`;
  const res = await db.asRole(caller, (tx) =>
    tx.query<{ result: T }>(
      sql,
      names.map((n) => args[n]),
    ),
  );
  return res.rows[0]!.result;
}

export function placeArgs(
  symbol: string,
  side: 'BUY' | 'SELL',
  quantity: number,
  extra: { type?: 'MARKET' | 'LIMIT'; price?: number; id?: string } = {},
) {
  return {
    p_client_order_id: extra.id ?? randomUUID(),
    p_symbol: symbol,
    p_side: side,
    p_order_type: extra.type ?? 'MARKET',
    p_product_type: 'MIS',
    p_quantity: quantity,
    p_price: extra.price ?? null,
  };
}

type Versioned = { id: string; version: number };
export interface ServerState {
  account: Versioned[];
  order: Versioned[];
  position: Versioned[];
  transaction: Versioned[];
  watchlist: Versioned[];
  watchlistItem: Versioned[];
}

/** Ids and versions of everything the demo user owns, read as admin. */
export async function serverState(db: Database): Promise<ServerState> {
  const q = async (sql: string, params: unknown[]) =>
    (await db.query<Versioned>(sql, params)).rows
      .map((r) => ({ id: r.id, version: Number(r.version) }))
      .sort((a, b) => a.id.localeCompare(b.id));
  const acc = [DEMO.accountId];
  return {
    account: await q('SELECT id, version FROM trading_accounts WHERE id = $1', acc),
    order: await q('SELECT id, version FROM orders WHERE "tradingAccountId" = $1', acc),
    position: await q('SELECT id, version FROM positions WHERE "tradingAccountId" = $1', acc),
    transaction: await q('SELECT id, version FROM transactions WHERE "tradingAccountId" = $1', acc),
    watchlist: await q('SELECT id, version FROM "Watchlist" WHERE "userId" = $1', [DEMO.userId]),
    watchlistItem: await q(
      'SELECT i.id, i.version FROM "WatchlistItem" i JOIN "Watchlist" w ON w.id = i."watchlistId" WHERE w."userId" = $1',
      [DEMO.userId],
    ),
  };
}

export function cacheState(cache: Cache): ServerState {
  const v = (rows: Array<{ id: string; version?: number }>) =>
    rows.map((r) => ({ id: r.id, version: Number(r.version ?? 0) })).sort((a, b) => a.id.localeCompare(b.id));
  return {
    account: v(cache.all('account')),
    order: v(cache.all('order')),
    position: v(cache.all('position')),
    transaction: v(cache.all('transaction')),
    watchlist: v(cache.all('watchlist')),
    watchlistItem: v(cache.all('watchlistItem')),
  };
}

/** Waits until the cache holds exactly the server's rows at the server's versions. */
export async function waitCacheEqualsServer(db: Database, cache: Cache, timeoutMs = 45_000): Promise<ServerState> {
  let last = '';
  try {
    return await waitFor(
      async () => {
        const server = await serverState(db);
        const local = cacheState(cache);
        last = JSON.stringify({ server, local });
        return JSON.stringify(server) === JSON.stringify(local) && server;
      },
      'cache == server',
      timeoutMs,
    );
  } catch (error) {
    throw new Error(`${(error as Error).message}; last comparison: ${last.slice(0, 2000)}`, { cause: error });
  }
}

/** Event identity for duplicate checks: type + the row it is about + the row version. */
export function eventKey(e: TradingEvent): string {
  if ('order' in e) return `${e.type}:${e.order.id}:${e.order.version}`;
  if ('position' in e) return `${e.type}:${e.position.id}:${e.position.version}`;
  if ('alert' in e) return `${e.type}:${e.alert.id}:${e.alert.armId}`;
  return `${e.type}:${e.accountId}:${'balance' in e ? e.balance : ''}:${e.usedMargin}:${e.availableMargin}`;
}
