import type { StackInfo } from '../../src/shared/contract/stack-info';
import { lockFolder, type FolderLock } from '../lib/folder-lock';
import { startPaperBroker, type PaperBroker } from './broker';
import { startInstrumentPriceWriter, type InstrumentPriceWriter } from './instrument-prices';
import { DEFAULT_MARKET_API_KEY, startMarketSimulator, type MarketSimulator } from './market/simulator';
import { startSupabaseStack, type SupabaseStack } from './supabase';

export type { StackInfo } from '../../src/shared/contract/stack-info';

/**
 * The whole embedded backend on loopback: the Supabase gateway (Auth, PostgREST, Realtime over
 * PGlite or a PostgreSQL server), the market-data simulator, and the paper broker that fills
 * orders between them.
 * Demo mode, `npm run stack` and the integration/e2e tests all start it through here.
 */

export interface StackOptions {
  /** Supabase gateway port (0/absent: a free one). When set, the market takes `port + 1`. */
  port?: number;
  /**
   * Market simulator port, overriding `port + 1` (0: a free one). Tests start on free ports and
   * restart on the very ports they were given, so no port is ever guessed.
   */
  marketPort?: number;
  /** PGlite: persist the database here; in memory when absent. */
  dataDir?: string;
  /** Run on this PostgreSQL server instead of PGlite (`postgres://user:password@host:port/db`). */
  databaseUrl?: string;
  /** Server only: pool connections (default 10). */
  poolSize?: number;
  /** Server only: Realtime's replication slot (default `tradedesk_realtime_<database>`). */
  slotName?: string;
  /** Mean ms between two ticks of one instrument (default 1000). */
  tickIntervalMs?: number;
  /** Price-walk seed (default 1). */
  seed?: number;
  /** Rows one REST read may return (PostgREST `max-rows`; default 1,000 as on a hosted project). */
  maxRows?: number;
  /** Tests only: the market serves `POST /api/test/price` (see MarketSimulatorOptions). */
  testControls?: boolean;
}

export interface Stack extends StackInfo {
  supabase: SupabaseStack;
  market: MarketSimulator;
  broker: PaperBroker;
  /** Writes live last prices into `"Stock".ltp` once a second. */
  prices: InstrumentPriceWriter;
  stop(): Promise<void>;
}

/** The seeded demo trader (see supabase/seed.sql). */
export const DEMO_CREDENTIALS = { email: 'demo@tradedesk.local', password: 'tradedesk-demo' } as const;

/**
 * Starts the whole backend. With a `dataDir` the folder is locked for the stack's life first:
 * a second stack on it gets FolderInUseError (one sentence naming the holder's pid), because two
 * PGlite instances on one folder damage it; a lock left by a killed stack is taken over.
 */
export async function startStack(opts: StackOptions = {}): Promise<Stack> {
  const folderLock = opts.dataDir ? await lockFolder(opts.dataDir, 'Tradedesk embedded backend') : null;
  try {
    return await startStackIn(opts, folderLock);
  } catch (error) {
    await folderLock?.release();
    throw error;
  }
}

async function startStackIn(opts: StackOptions, folderLock: FolderLock | null): Promise<Stack> {
  const port = opts.port ?? 0;
  const [supabase, market] = await Promise.allSettled([
    startSupabaseStack({
      port,
      dataDir: opts.dataDir,
      databaseUrl: opts.databaseUrl,
      poolSize: opts.poolSize,
      slotName: opts.slotName,
      maxRows: opts.maxRows,
    }),
    startMarketSimulator({
      port: opts.marketPort ?? (port > 0 ? port + 1 : 0),
      seed: opts.seed,
      tickIntervalMs: opts.tickIntervalMs,
      apiKeys: [DEFAULT_MARKET_API_KEY],
      testControls: opts.testControls ?? false,
    }),
  ]);
  if (supabase.status === 'rejected' || market.status === 'rejected') {
    if (supabase.status === 'fulfilled') await supabase.value.stop().catch(() => undefined);
    if (market.status === 'fulfilled') await market.value.stop().catch(() => undefined);
    throw supabase.status === 'rejected' ? supabase.reason : (market as PromiseRejectedResult).reason;
  }
  // Every instrument's close (today's band is around it) is in the database before anyone orders.
  const prices = startInstrumentPriceWriter({ db: supabase.value.db, market: market.value });
  await prices.flush();

  let broker: PaperBroker;
  try {
    broker = await startPaperBroker({
      supabaseUrl: supabase.value.url,
      serviceRoleKey: supabase.value.serviceRoleKey,
      market: market.value,
    });
  } catch (err) {
    await prices.stop().catch(() => undefined);
    await market.value.stop().catch(() => undefined);
    await supabase.value.stop().catch(() => undefined);
    throw err;
  }

  let stopping: Promise<void> | undefined;
  return {
    supabaseUrl: supabase.value.url,
    anonKey: supabase.value.anonKey,
    serviceRoleKey: supabase.value.serviceRoleKey,
    marketUrl: market.value.url,
    marketApiKey: market.value.apiKey,
    demo: { ...DEMO_CREDENTIALS },
    supabase: supabase.value,
    market: market.value,
    broker,
    prices,
    stop() {
      // Broker first (it calls both others), then the market, then the database.
      stopping ??= (async () => {
        await broker.stop().catch(() => undefined);
        await prices.stop().catch(() => undefined);
        await market.value.stop().catch(() => undefined);
        await supabase.value.stop();
        await folderLock?.release();
      })();
      return stopping;
    },
  };
}

export function stackInfo(stack: StackInfo): StackInfo {
  return {
    supabaseUrl: stack.supabaseUrl,
    anonKey: stack.anonKey,
    serviceRoleKey: stack.serviceRoleKey,
    marketUrl: stack.marketUrl,
    marketApiKey: stack.marketApiKey,
    demo: { email: stack.demo.email, password: stack.demo.password },
  };
}
