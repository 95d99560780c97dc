/**
 * Cache benchmark: the offline-startup path (openCache → loadSnapshot) against a bare
 * `SELECT *` of the same rows in the same run, and upsert throughput batched in one
 * transaction against one transaction per row. Run: `npx tsx tests/bench/cache.ts`
 * (or through the bench runner, which calls `run()`).
 */
import Database from 'better-sqlite3';
import { pathToFileURL } from 'node:url';
import { openCache } from '../../electron/core/cache';
import type { Instrument, Order, Position, Quote, Watchlist, WatchlistItem } from '../../src/shared/domain';
import { account, order, position, quote, tempDir, watchlist, watchlistItem } from '../unit/cache/fixtures';

const ORDERS = 5_000;
const POSITIONS = 500;
const WATCHLISTS = 10;
const ITEMS_PER_WATCHLIST = 50;
const INSTRUMENTS = 200;
const ROUNDS = 9;

export interface CacheBenchResult {
  snapshotMs: number;
  /** The first round: schemas not yet warmed up by the JIT, as at a real app start. */
  coldSnapshotMs: number;
  coldBareOpenSelectMs: number;
  /** Of which openCache alone (header check, quick_check, migrations check, statements). */
  openMs: number;
  bareSelectMs: number;
  bareOpenSelectMs: number;
  ratioToBareSelect: number;
  ratioToBareOpenSelect: number;
  rows: number;
  batchedRowsPerSec: number;
  perRowTxRowsPerSec: number;
  batchSpeedup: number;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function time(fn: () => void): number {
  const t0 = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

function makeOrders(n: number, prefix = 'o'): Order[] {
  return Array.from({ length: n }, (_, i) =>
    order({
      id: `${prefix}-${i}`,
      symbol: `SYM${i % 300}`,
      status: i % 3 === 0 ? 'PENDING' : 'EXECUTED',
      createdAt: new Date(Date.UTC(2026, 10, 1) + i * 60_000).toISOString(),
      idempotency_key: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
      version: 1 + (i % 4),
    }),
  );
}

function fill(file: string): number {
  const { cache } = openCache(file);
  const positions: Position[] = Array.from({ length: POSITIONS }, (_, i) => position({ id: `p-${i}`, symbol: `SYM${i}`, quantity: i % 7 }));
  const lists: Watchlist[] = Array.from({ length: WATCHLISTS }, (_, i) => watchlist({ id: `w-${i}`, name: `List ${i}`, sortOrder: i }));
  const items: WatchlistItem[] = lists.flatMap((w, wi) =>
    Array.from({ length: ITEMS_PER_WATCHLIST }, (_, i) => watchlistItem({ id: `${w.id}-i-${i}`, watchlistId: w.id, token: wi * 1000 + i, sortOrder: i })),
  );
  const instruments: Instrument[] = Array.from({ length: INSTRUMENTS }, (_, i) => ({
    token: i + 1,
    instrumentId: `NSE_EQ-${i + 1}`,
    symbol: `SYM${i}`,
    name: `Company ${i}`,
    exchange: 'NSE_EQ',
    segment: 'NSE_EQ',
    instrumentType: 'EQ',
    lotSize: 1,
    tickSize: 0.05,
    lastPrice: 100 + i,
  }));
  const quotes: Quote[] = instruments.map((i) => quote({ token: i.token }));
  cache.transaction(() => {
    cache.upsert('account', [account()]);
    cache.upsert('order', makeOrders(ORDERS));
    cache.upsert('position', positions);
    cache.upsert('watchlist', lists);
    cache.upsert('watchlistItem', items);
    cache.replaceInstruments(instruments);
    cache.saveQuotes(quotes);
    cache.setMeta('syncedAt', String(Date.now()));
  });
  cache.close();
  return 1 + ORDERS + POSITIONS + WATCHLISTS + items.length + INSTRUMENTS * 2;
}

const TABLES = ['accounts', 'orders', 'positions', 'transactions', 'watchlists', 'watchlist_items', 'instruments', 'quotes', 'intents', 'risk_config'];

function bareSelect(db: Database.Database): number {
  let n = 0;
  for (const t of TABLES) n += db.prepare(`SELECT * FROM ${t}`).all().length;
  return n;
}

export async function run(): Promise<CacheBenchResult> {
  const tmp = tempDir();
  try {
    const file = tmp.file();
    const rows = fill(file);

    const snapshot: number[] = [];
    const open: number[] = [];
    const bare: number[] = [];
    const bareOpen: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      // Interleave so load on the shared machine hits both sides alike.
      snapshot.push(
        time(() => {
          const t0 = process.hrtime.bigint();
          const { cache } = openCache(file);
          open.push(Number(process.hrtime.bigint() - t0) / 1e6);
          const snap = cache.loadSnapshot(Date.now());
          if (snap.orders.length !== ORDERS) throw new Error(`snapshot has ${snap.orders.length} orders`);
          cache.close();
        }),
      );
      bareOpen.push(
        time(() => {
          const db = new Database(file, { readonly: true });
          if (bareSelect(db) !== rows) throw new Error('bare select row count');
          db.close();
        }),
      );
      const db = new Database(file, { readonly: true });
      bare.push(time(() => void bareSelect(db)));
      db.close();
    }

    // Upsert throughput into a fresh file: one transaction for the batch vs one per row.
    const { cache } = openCache(tmp.file('upsert.sqlite'));
    const batch = makeOrders(ORDERS, 'b');
    const batchedMs = time(() => void cache.transaction(() => cache.upsert('order', batch)));
    const single = makeOrders(1_000, 's');
    const perRowMs = time(() => {
      for (const row of single) cache.upsert('order', [row]);
    });
    cache.close();

    const result: CacheBenchResult = {
      snapshotMs: median(snapshot),
      openMs: median(open),
      coldSnapshotMs: snapshot[0]!,
      coldBareOpenSelectMs: bareOpen[0]!,
      bareSelectMs: median(bare),
      bareOpenSelectMs: median(bareOpen),
      ratioToBareSelect: median(snapshot) / median(bare),
      ratioToBareOpenSelect: median(snapshot) / median(bareOpen),
      rows,
      batchedRowsPerSec: Math.round(batch.length / (batchedMs / 1000)),
      perRowTxRowsPerSec: Math.round(single.length / (perRowMs / 1000)),
      batchSpeedup: batch.length / batchedMs / (single.length / perRowMs),
    };
    console.log(
      [
        `cache bench (${rows} rows: ${ORDERS} orders, ${POSITIONS} positions, ${WATCHLISTS}×${ITEMS_PER_WATCHLIST} watchlist items, ${INSTRUMENTS} instruments + quotes), median of ${ROUNDS}`,
        `  openCache → loadSnapshot     ${result.snapshotMs.toFixed(1)} ms   (openCache alone ${result.openMs.toFixed(1)} ms; first, cold: ${result.coldSnapshotMs.toFixed(1)} ms)`,
        `  bare SELECT * (open conn)     ${result.bareSelectMs.toFixed(1)} ms   ratio ${result.ratioToBareSelect.toFixed(2)}×`,
        `  bare open + SELECT * + close  ${result.bareOpenSelectMs.toFixed(1)} ms   ratio ${result.ratioToBareOpenSelect.toFixed(2)}×   (first: ${result.coldBareOpenSelectMs.toFixed(1)} ms)`,
        `  upsert batched (1 tx)         ${result.batchedRowsPerSec.toLocaleString('en')} rows/s`,
        `  upsert one tx per row         ${result.perRowTxRowsPerSec.toLocaleString('en')} rows/s   (batch ${result.batchSpeedup.toFixed(1)}× faster)`,
      ].join('\n'),
    );
    return result;
  } finally {
    tmp.cleanup();
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) void run();
