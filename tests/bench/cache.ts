/**
 * Cache benchmark: the offline-startup path (openCache → loadSnapshot) against a bare
 * `SELECT *` of the same rows in the same run; core start to the first `state.snapshot` push
 * (createTerminal over that cache file, a recording sink attached to the real PushHub), cold in
 * fresh processes and warm in this one; and upsert throughput batched in one transaction against
 * one transaction per row. Run: `npx tsx tests/bench/cache.ts` (or through the bench runner,
 * which calls `run()`).
 */
import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { z } from 'zod';
import { openCache } from '../../electron/core/cache';
import type { Instrument, Order, Position, Quote, Watchlist, WatchlistItem } from '../../src/shared/domain';
import { account, order, position, quote, tempDir, watchlist, watchlistItem } from '../unit/core/cache/fixtures';

const ORDERS = 5_000;
const POSITIONS = 500;
const WATCHLISTS = 10;
const ITEMS_PER_WATCHLIST = 50;
const INSTRUMENTS = 200;
const ROUNDS = 9;
/** Fresh processes for the cold core-start measure (each pays JIT warm-up like a real app start). */
const COLD_STARTS = 3;

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
  /** createTerminal → first `state.snapshot` on an attached window, in a fresh process (median of COLD_STARTS). */
  coldTerminalFirstSnapshotMs: number;
  /** Of which importing the core modules through tsx (the app ships them bundled), not included above. */
  coldTerminalImportMs: number;
  /** Of coldTerminalFirstSnapshotMs, createTerminal alone (the rest is the attach → snapshot push). */
  coldTerminalCreateMs: number;
  /** The same in this process after warm-up (median of ROUNDS). */
  terminalFirstSnapshotMs: number;
  /** Bytes of the first snapshot as JSON (what the web host sends; Electron structured-clones it). */
  snapshotJsonBytes: number;
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
      clientOrderId: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
      version: 1 + (i % 4),
    }),
  );
}

function fill(file: string): number {
  const { cache } = openCache(file);
  const positions: Position[] = Array.from({ length: POSITIONS }, (_, i) =>
    position({ id: `p-${i}`, symbol: `SYM${i}`, quantity: i % 7 }),
  );
  const lists: Watchlist[] = Array.from({ length: WATCHLISTS }, (_, i) =>
    watchlist({ id: `w-${i}`, name: `List ${i}`, sortOrder: i }),
  );
  const items: WatchlistItem[] = lists.flatMap((w, wi) =>
    Array.from({ length: ITEMS_PER_WATCHLIST }, (_, i) =>
      watchlistItem({ id: `${w.id}-i-${i}`, watchlistId: w.id, token: wi * 1000 + i, sortOrder: i }),
    ),
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

const TABLES = [
  'accounts',
  'orders',
  'positions',
  'transactions',
  'watchlists',
  'watchlist_items',
  'instruments',
  'quotes',
  'intents',
  'risk_config',
];

function bareSelect(db: Database.Database): number {
  let n = 0;
  for (const t of TABLES) n += db.prepare(`SELECT * FROM ${t}`).all().length;
  return n;
}

/** Core start to the first `state.snapshot` push, through the real terminal engine, no network. */
async function terminalFirstSnapshot(
  dataDir: string,
): Promise<{ ms: number; createMs: number; orders: number; bytes: number }> {
  const { createTerminal } = await import('../../electron/core/app/terminal');
  const t0 = process.hrtime.bigint();
  const terminal = await createTerminal({
    host: 'web',
    appVersion: 'bench',
    dataDir,
    manualProfile: true,
    demoStack: null,
  });
  const createMs = Number(process.hrtime.bigint() - t0) / 1e6;
  let first: { at: bigint; orders: number; bytes: number } | undefined;
  terminal.hub.attach('bench-window', (name, payload) => {
    if (name === 'state.snapshot' && first === undefined) {
      const snap = payload as { orders: unknown[] };
      first = { at: process.hrtime.bigint(), orders: snap.orders.length, bytes: 0 };
      first.bytes = JSON.stringify(payload).length;
    }
  });
  await terminal.stop();
  if (first === undefined) throw new Error('no state.snapshot on attach');
  return { ms: Number(first.at - t0) / 1e6, createMs, orders: first.orders, bytes: first.bytes };
}

const ChildResult = z.object({
  importMs: z.number(),
  ms: z.number(),
  createMs: z.number(),
  orders: z.number().int(),
  bytes: z.number().int(),
});

/** Child mode: one cold core start in this fresh process, reported as one JSON line. */
async function terminalChild(dataDir: string): Promise<void> {
  const t0 = process.hrtime.bigint();
  await import('../../electron/core/app/terminal');
  const importMs = Number(process.hrtime.bigint() - t0) / 1e6;
  const r = await terminalFirstSnapshot(dataDir);
  process.stdout.write(`${JSON.stringify({ importMs, ...r })}\n`);
}

function coldTerminalStart(dataDir: string): z.infer<typeof ChildResult> {
  const self = fileURLToPath(import.meta.url);
  const child = spawnSync(process.execPath, ['--import', 'tsx', self, '--terminal-child', dataDir], {
    cwd: join(self, '..', '..', '..'),
    encoding: 'utf8',
  });
  if (child.status !== 0) throw new Error(`terminal child failed (${child.status}): ${child.stderr}`);
  const line = child.stdout.trim().split('\n').pop() ?? '';
  return ChildResult.parse(JSON.parse(line));
}

export async function run(): Promise<CacheBenchResult> {
  const tmp = tempDir();
  try {
    const file = tmp.file();
    const rows = fill(file);

    // Cold first: fresh processes, before this one has warmed anything up.
    const cold = Array.from({ length: COLD_STARTS }, () => coldTerminalStart(tmp.dir));
    for (const c of cold) if (c.orders !== ORDERS) throw new Error(`cold terminal snapshot has ${c.orders} orders`);

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

    const terminal: number[] = [];
    let snapshotJsonBytes = 0;
    for (let round = 0; round < ROUNDS; round++) {
      const r = await terminalFirstSnapshot(tmp.dir);
      if (r.orders !== ORDERS) throw new Error(`terminal snapshot has ${r.orders} orders`);
      terminal.push(r.ms);
      snapshotJsonBytes = r.bytes;
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
      coldTerminalFirstSnapshotMs: median(cold.map((c) => c.ms)),
      coldTerminalImportMs: median(cold.map((c) => c.importMs)),
      coldTerminalCreateMs: median(cold.map((c) => c.createMs)),
      terminalFirstSnapshotMs: median(terminal),
      snapshotJsonBytes,
    };
    console.log(
      [
        `cache bench (${rows} rows: ${ORDERS} orders, ${POSITIONS} positions, ${WATCHLISTS}×${ITEMS_PER_WATCHLIST} watchlist items, ${INSTRUMENTS} instruments + quotes), median of ${ROUNDS}`,
        `  openCache → loadSnapshot     ${result.snapshotMs.toFixed(1)} ms   (openCache alone ${result.openMs.toFixed(1)} ms; first, cold: ${result.coldSnapshotMs.toFixed(1)} ms)`,
        `  bare SELECT * (open conn)     ${result.bareSelectMs.toFixed(1)} ms   ratio ${result.ratioToBareSelect.toFixed(2)}×`,
        `  bare open + SELECT * + close  ${result.bareOpenSelectMs.toFixed(1)} ms   ratio ${result.ratioToBareOpenSelect.toFixed(2)}×   (first: ${result.coldBareOpenSelectMs.toFixed(1)} ms)`,
        `  core start → first state.snapshot (createTerminal + attached window, ${(snapshotJsonBytes / 1e6).toFixed(1)} MB as JSON)`,
        `    cold, fresh process          ${result.coldTerminalFirstSnapshotMs.toFixed(1)} ms   (median of ${COLD_STARTS}: ${cold.map((c) => c.ms.toFixed(1)).join(', ')}; createTerminal alone ${result.coldTerminalCreateMs.toFixed(1)} ms; module import via tsx ${result.coldTerminalImportMs.toFixed(0)} ms not included)`,
        `    warm, this process           ${result.terminalFirstSnapshotMs.toFixed(1)} ms   (median of ${ROUNDS})`,
        `  upsert batched (1 tx)         ${result.batchedRowsPerSec.toLocaleString('en')} rows/s`,
        `  upsert one tx per row         ${result.perRowTxRowsPerSec.toLocaleString('en')} rows/s   (batch ${result.batchSpeedup.toFixed(1)}× faster)`,
      ].join('\n'),
    );
    return result;
  } finally {
    tmp.cleanup();
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const childAt = process.argv.indexOf('--terminal-child');
  if (childAt !== -1) void terminalChild(process.argv[childAt + 1]!);
  else void run();
}
