/**
 * Simulator benchmark: the highest tick rate the market simulator sustains to one and to three
 * clients (ticks received per second, counted by raw socket.io-client), and the stack's cold
 * start time.
 *
 * The simulator runs in a child process so the server and the clients do not share one event
 * loop. Figures are reported against baselines measured in the same run:
 * - delivery: a bare socket.io server in the same kind of child, emitting pre-built envelopes of
 *   the same size to a room as fast as it can: the transport's ceiling on this machine;
 * - cold start: opening a bare PGlite database (the floor any stack start pays).
 *
 *   npx tsx tests/bench/simulator.ts          (or: npm run bench -- simulator)
 */
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { io, type Socket } from 'socket.io-client';

const SELF = fileURLToPath(import.meta.url);
const WARMUP_MS = 700;
const MEASURE_MS = 2500;
const OFFERED = [2_000, 5_000, 10_000, 20_000, 40_000];

// ---------------------------------------------------------------------------------------------
// Child side: `--serve sim <rate>` runs the simulator, `--serve raw` a bare socket.io flood.

async function serveChild(kind: string, rate: number): Promise<void> {
  if (kind === 'sim') {
    const { startMarketSimulator } = await import('../../electron/stack/market/simulator');
    const sim = await startMarketSimulator({
      totalTicksPerSecond: rate,
      seed: 1,
      apiKeys: ['bench-1', 'bench-2', 'bench-3'],
    });
    process.send?.({ url: sim.url });
    process.on('disconnect', () => void sim.stop().then(() => process.exit(0)));
    return;
  }
  // Bare transport: same namespace and envelope size, no pricing, emitted in 10 ms batches.
  const { createServer } = await import('node:http');
  const { Server } = await import('socket.io');
  const http = createServer();
  const ioServer = new Server(http, { serveClient: false });
  const nsp = ioServer.of('/market-data');
  nsp.on('connection', (s) => void s.join('all'));
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', () => r()));
  const envelope = {
    instrumentToken: 2885,
    uirId: 7000137,
    canonical: 'NSE:RELIANCE',
    identifiers: { vortex: '2885' },
    activeProvider: 'vortex',
    activeProviderToken: '2885',
    data: { instrument_token: 2885, exchange: 'NSE_EQ', last_price: 1551.45, uir_id: 7000137, symbol: 'NSE:RELIANCE' },
    timestamp: new Date().toISOString(),
  };
  let budget = 0;
  let last = Date.now();
  setInterval(() => {
    const now = Date.now();
    budget += (rate * Math.min(now - last, 250)) / 1000;
    last = now;
    for (; budget >= 1; budget--) nsp.to('all').emit('market_data', envelope);
  }, 10);
  const port = (http.address() as { port: number }).port;
  process.send?.({ url: `http://127.0.0.1:${port}` });
  process.on('disconnect', () => process.exit(0));
}

// ---------------------------------------------------------------------------------------------
// Parent side.

function startChild(kind: 'sim' | 'raw', rate: number): Promise<{ child: ChildProcess; url: string }> {
  const child = fork(SELF, ['--serve', kind, String(rate)], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    child.once('message', (m) => resolve({ child, url: (m as { url: string }).url }));
    child.once('exit', (code) => reject(new Error(`bench child exited early (${code})`)));
  });
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.disconnect();
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
}

/** Connect `n` clients, subscribe every instrument, and count ticks received per client per second. */
async function measure(url: string, n: number, subscribeAll: boolean): Promise<number> {
  const { CATALOGUE } = await import('../../electron/stack/market/catalogue');
  const sockets: Socket[] = [];
  const counts = new Array<number>(n).fill(0);
  let counting = false;
  for (let i = 0; i < n; i++) {
    const s = io(`${url}/market-data`, {
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
      query: { api_key: `bench-${i + 1}` },
    });
    s.on('market_data', () => {
      if (counting) counts[i]!++;
    });
    await new Promise<void>((resolve, reject) => {
      s.once('connect', () => resolve());
      s.once('connect_error', reject);
    });
    if (subscribeAll) s.emit('subscribe', { instruments: CATALOGUE.map((c) => c.token), mode: 'ltp' });
    sockets.push(s);
  }
  await new Promise((r) => setTimeout(r, WARMUP_MS));
  counting = true;
  const t0 = performance.now();
  await new Promise((r) => setTimeout(r, MEASURE_MS));
  counting = false;
  const seconds = (performance.now() - t0) / 1000;
  for (const s of sockets) s.disconnect();
  return counts.reduce((a, b) => a + b, 0) / n / seconds;
}

async function deliveryCurve(
  kind: 'sim' | 'raw',
  clients: number,
): Promise<Array<{ offered: number; perClient: number }>> {
  const rows: Array<{ offered: number; perClient: number }> = [];
  for (const offered of OFFERED) {
    const { child, url } = await startChild(kind, offered);
    try {
      rows.push({ offered, perClient: await measure(url, clients, kind === 'sim') });
    } finally {
      await stopChild(child);
    }
    // Once delivery falls well short of the offered rate, higher offers only saturate further.
    if (rows.at(-1)!.perClient < offered * 0.6) break;
  }
  return rows;
}

const sustained = (rows: Array<{ offered: number; perClient: number }>) =>
  rows.filter((r) => r.perClient >= r.offered * 0.95).reduce((m, r) => Math.max(m, r.perClient), 0);
const peak = (rows: Array<{ offered: number; perClient: number }>) =>
  rows.reduce((m, r) => Math.max(m, r.perClient), 0);

async function coldStart(): Promise<{ pgliteMs: number; stackMs: number; warmMs: number }> {
  const { PGlite } = await import('@electric-sql/pglite');
  const { startStack } = await import('../../electron/stack/index');
  const dir = mkdtempSync(join(tmpdir(), 'tradedesk-bench-'));
  try {
    // Compile the WASM once first, so the baseline is not charged for what every start shares.
    const warmup = new PGlite();
    await warmup.waitReady;
    await warmup.close();
    let t = performance.now();
    const pg = new PGlite(join(dir, 'bare'));
    await pg.waitReady;
    const pgliteMs = performance.now() - t;
    await pg.close();

    t = performance.now();
    const cold = await startStack({ dataDir: join(dir, 'stack') });
    const stackMs = performance.now() - t;
    await cold.stop();

    t = performance.now();
    const warm = await startStack({ dataDir: join(dir, 'stack') });
    const warmMs = performance.now() - t;
    await warm.stop();
    return { pgliteMs, stackMs, warmMs };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

export async function run(): Promise<void> {
  const results: Array<{ label: string; rows: Array<{ offered: number; perClient: number }> }> = [];
  for (const [kind, clients] of [
    ['raw', 1],
    ['sim', 1],
    ['raw', 3],
    ['sim', 3],
  ] as const) {
    results.push({
      label: `${kind === 'raw' ? 'bare socket.io' : 'simulator'} → ${clients} client(s)`,
      rows: await deliveryCurve(kind, clients),
    });
  }
  console.log('\nTicks received per client per second (offered = total ticks/s the server generates)');
  console.log('| server → clients | offered/s | received/s per client | received/offered |');
  console.log('|---|---:|---:|---:|');
  for (const r of results) {
    for (const row of r.rows)
      console.log(
        `| ${r.label} | ${fmt(row.offered)} | ${fmt(row.perClient)} | ${(row.perClient / row.offered).toFixed(2)} |`,
      );
  }
  console.log(
    '\n| clients | simulator sustained (≥95% of offered) | simulator peak | bare socket.io peak | simulator / bare |',
  );
  console.log('|---:|---:|---:|---:|---:|');
  for (const clients of [1, 3]) {
    const sim = results.find((r) => r.label === `simulator → ${clients} client(s)`)!.rows;
    const raw = results.find((r) => r.label === `bare socket.io → ${clients} client(s)`)!.rows;
    console.log(
      `| ${clients} | ${fmt(sustained(sim))} | ${fmt(peak(sim))} | ${fmt(peak(raw))} | ${(peak(sim) / peak(raw)).toFixed(2)} |`,
    );
  }

  const cs = await coldStart();
  console.log('\n| start | ms | × bare PGlite open |');
  console.log('|---|---:|---:|');
  console.log(`| bare PGlite open (baseline) | ${fmt(cs.pgliteMs)} | 1.00 |`);
  console.log(
    `| startStack, new data dir (migrations + seed) | ${fmt(cs.stackMs)} | ${(cs.stackMs / cs.pgliteMs).toFixed(2)} |`,
  );
  console.log(`| startStack, existing data dir | ${fmt(cs.warmMs)} | ${(cs.warmMs / cs.pgliteMs).toFixed(2)} |`);
}

const serveAt = process.argv.indexOf('--serve');
if (serveAt >= 0) {
  void serveChild(process.argv[serveAt + 1]!, Number(process.argv[serveAt + 2]));
} else if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  run().then(
    () => process.exit(0),
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
}
