/**
 * Market-data ingest benchmark. Run: `npx tsx tests/bench/market.ts` (or `npm run bench -- market`).
 *
 * A socket.io server in a child process (so its CPU is not ours) streams `market_data`
 * envelopes in the service's `full` shape for 500 instruments. In the same run we measure:
 *  1. ingest throughput of the market service (parse → QuoteBook → 3 windows' TickBatchers →
 *     PushHub) against a bare socket.io-client that only counts the same messages (ratio), per
 *     second of wall time (the goal's figure) and per second of this process's CPU time (steadier
 *     on a shared machine). Both clients count with a closure: the service's count is a quote
 *     listener (as a chart is), checked against `stats().ticks` after each run — polling
 *     `stats()` itself (≈0.2 ms: it lists every subscription) every 2 ms cost the service ≈10 %
 *     of its throughput in earlier versions of this benchmark; and the service with the alert
 *     engine observing its quotes (1,000 quiet alerts on the 500 instruments) against the same;
 *  2. CPU % (process.cpuUsage) and RSS of this process at a steady 3,000 ticks/s, service vs
 *     bare client;
 *  3. latency from the server's send (envelope `timestamp`) to the window push, p50/p99
 *     (includes the up-to-50 ms batching interval by design);
 *  4. the tick parser's hand-written fast path against the zod-only path;
 *  5. without a socket (tests/bench/tick-path.ts, CPU time): the same packets decoded as
 *     socket.io-client decodes them, alone and followed by the service's own stages (printed
 *     under the table), so the stages' cost per tick reads beside the ingest ratio; and with the
 *     alert engine holding 1,000 alerts on the 500 instruments (issue 16), what it adds per tick.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { writeFileSync, rmSync, mkdtempSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { io } from 'socket.io-client';
import { PushHub } from '../../electron/core/ipc/push-hub';
import { createMarketService } from '../../electron/core/market';
import { parseTick, parseTickWithSchema } from '../../electron/core/market/tick-parser';
import { AlertEngine } from '../../electron/core/alerts/engine';
import { alertCheckCost, makeAlerts } from './alerts';
import { STAGES } from './tick-path';

const INSTRUMENTS = 500;
const FIRST_TOKEN = 100_000;
const BLAST_COUNT = 150_000;
const ROUNDS = 3;
const STEADY_RATE = 3_000;
const STEADY_SECONDS = 5;

// The server, as plain CommonJS so the child needs no TypeScript loader.
const SERVER_SOURCE = String.raw`
const { createServer } = require('node:http');
const { Server } = require(process.env.SOCKET_IO_PATH);
const http = createServer();
const io = new Server(http, { serveClient: false, maxHttpBufferSize: 1e7 });
const nsp = io.of('/market-data');
const N = Number(process.env.INSTRUMENTS), FIRST = Number(process.env.FIRST_TOKEN);
// One packet template per instrument: only price and timestamp change per message.
const templates = [];
for (let i = 0; i < N; i++) {
  const token = FIRST + i;
  const level = (p, q) => ({ price: p, quantity: q, orders: 3 });
  const env = {
    instrumentToken: token, uirId: 5000000 + token, canonical: 'NSE:SYM' + token,
    identifiers: { vortex: String(token) }, activeProvider: 'vortex', activeProviderToken: String(token),
    data: {
      instrument_token: token, exchange: 'NSE_EQ', last_price: '__P__', uir_id: 5000000 + token, symbol: 'NSE:SYM' + token,
      last_trade_time: 1764150000, volume: 123456, ohlc: { open: 1000, high: 1010, low: 990, close: 1000 },
      last_update_time: 1764150000, last_trade_quantity: 5, average_trade_price: 1001.2,
      total_buy_quantity: 5000, total_sell_quantity: 4000, open_interest: 0,
      depth: { buy: [level(999.95, 10), level(999.9, 20), level(999.85, 30), level(999.8, 40), level(999.75, 50)],
               sell: [level(1000.05, 10), level(1000.1, 20), level(1000.15, 30), level(1000.2, 40), level(1000.25, 50)] },
    },
    timestamp: '__TS__',
  };
  const packet = '2/market-data,' + JSON.stringify(['market_data', env]);
  const [a, rest] = packet.split('"__P__"');
  const [b, c] = rest.split('__TS__');
  templates.push([a, b, c]);
}
nsp.on('connection', (s) => {
  s.on('subscribe', (p) => s.emit('subscription_confirmed', { included: p.instruments, resolved: [], unresolved: [], forbidden: [], snapshot: {} }));
  s.on('unsubscribe', (p) => s.emit('unsubscription_confirmed', { removed: p.instruments }));
});
let seq = 0;
// Frames are written straight to each client's TCP socket, whole frames per write, so the
// server outruns any client and the benchmark measures the client, not the server.
// (engine.io message packet "4" + socket.io packet; unmasked text frames; no compression.)
function frame(text) {
  const body = Buffer.from('4' + text);
  const len = body.length;
  let head;
  if (len < 126) head = Buffer.from([0x81, len]);
  else if (len < 65536) { head = Buffer.alloc(4); head[0] = 0x81; head[1] = 126; head.writeUInt16BE(len, 2); }
  else { head = Buffer.alloc(10); head[0] = 0x81; head[1] = 127; head.writeBigUInt64BE(BigInt(len), 2); }
  return [head, body];
}
function rawSockets() {
  return [...nsp.sockets.values()].map((s) => s.conn.transport?.socket?._socket).filter(Boolean);
}
function sendMany(n) {
  const ts = new Date().toISOString();
  const parts = [];
  for (let k = 0; k < n; k++) {
    const t = templates[seq % N];
    const price = (1000 + ((seq * 7) % 400) / 20).toFixed(2);
    seq++;
    parts.push(...frame(t[0] + price + t[1] + ts + t[2]));
  }
  const buf = Buffer.concat(parts);
  for (const r of rawSockets()) r.write(buf);
}
function buffered() {
  let max = 0;
  for (const r of rawSockets()) max = Math.max(max, r.writableLength);
  return max;
}
function blast(count) {
  let left = count;
  let waits = 0;
  const t0 = Date.now();
  const step = () => {
    if (left <= 0) return process.send({ done: 'blast', serverMs: Date.now() - t0, waits });
    if (buffered() > 8e6) { waits++; return setTimeout(step, 1); } // backpressure: do not buffer the whole run
    const n = Math.min(1000, left);
    sendMany(n);
    left -= n;
    setImmediate(step);
  };
  step();
}
function steady(perSecond, seconds) {
  const started = Date.now();
  let sent = 0;
  const timer = setInterval(() => {
    const due = Math.floor(((Date.now() - started) / 1000) * perSecond) - sent;
    if (due > 0) { sendMany(due); sent += due; }
    if (Date.now() - started >= seconds * 1000) { clearInterval(timer); process.send({ done: 'steady', sent }); }
  }, 5);
}
process.on('message', (m) => {
  if (m.cmd === 'blast') blast(m.count);
  else if (m.cmd === 'steady') steady(m.perSecond, m.seconds);
  else if (m.cmd === 'stop') io.close(() => process.exit(0));
});
http.listen(0, '127.0.0.1', () => process.send({ port: http.address().port }));
`;

interface ServerHandle {
  url: string;
  child: ChildProcess;
  command(cmd: Record<string, unknown>, until: string): Promise<Record<string, unknown>>;
  stop(): Promise<void>;
}

async function startServer(): Promise<ServerHandle> {
  const dir = mkdtempSync(join(tmpdir(), 'market-bench-'));
  const file = join(dir, 'server.cjs');
  writeFileSync(file, SERVER_SOURCE);
  const require = createRequire(import.meta.url);
  const child = fork(file, [], {
    execArgv: [],
    env: {
      ...process.env,
      SOCKET_IO_PATH: require.resolve('socket.io'),
      INSTRUMENTS: String(INSTRUMENTS),
      FIRST_TOKEN: String(FIRST_TOKEN),
    },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const port = await new Promise<number>((resolve) => child.once('message', (m: { port: number }) => resolve(m.port)));
  return {
    url: `http://127.0.0.1:${port}`,
    child,
    command(cmd, until) {
      return new Promise((resolve) => {
        const on = (m: Record<string, unknown>) => {
          if (m.done === until) {
            child.off('message', on);
            resolve(m);
          }
        };
        child.on('message', on);
        child.send(cmd);
      });
    },
    async stop() {
      child.send({ cmd: 'stop' });
      await new Promise((r) => child.once('exit', r));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

const tokens = Array.from({ length: INSTRUMENTS }, (_, i) => FIRST_TOKEN + i);

async function until(cond: () => boolean, timeoutMs = 120_000, pollMs = 2): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error('benchmark condition timed out');
    await new Promise((r) => setTimeout(r, pollMs));
  }
  return performance.now();
}

/** A bare socket.io-client that only counts the same messages: the baseline. */
async function rawClient(url: string) {
  const socket = io(`${url}/market-data`, {
    query: { api_key: 'bench' },
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
  });
  let count = 0;
  socket.on('market_data', () => {
    count++;
  });
  await new Promise<void>((r) => socket.once('connect', () => r()));
  socket.emit('subscribe', { instruments: tokens, mode: 'full' });
  return { count: () => count, check: () => undefined, close: () => socket.disconnect() };
}

/** The market service with three windows (recording sinks on a real PushHub). */
/**
 * The market service with three windows (recording sinks on a real PushHub). `withAlerts`: the
 * alert engine observes its quotes as the alert service wires it (`observeQuotes`), holding 1,000
 * quiet alerts on the 500 instruments (issue 16: ingest stays ≥ 0.8 × the bare client with them).
 */
async function serviceClient(url: string, onQuote?: (lagMs: number) => void, withAlerts = false) {
  const hub = new PushHub();
  let pushed = 0;
  for (const id of ['w1', 'w2', 'w3']) {
    hub.attach(id, (name, payload) => {
      if (name !== 'market.ticks') return;
      const quotes = (payload as { quotes: Array<{ ts: number }> }).quotes;
      pushed += quotes.length;
      if (onQuote) {
        const now = Date.now();
        for (const q of quotes) onQuote(now - q.ts);
      }
    });
  }
  const market = createMarketService({ hub, flushIntervalMs: 50, mode: 'full' });
  const engine = new AlertEngine(() => undefined);
  if (withAlerts) {
    engine.sync(makeAlerts(false), () => undefined);
    market.observeQuotes({ quote: (q, synthetic) => engine.observe(q, synthetic), reset: () => engine.reset() });
  }
  market.setWindowInterest('w1', tokens.slice(0, 200));
  market.setWindowInterest('w2', tokens.slice(150, 350));
  market.setWindowInterest('w3', tokens.slice(300));
  market.configure({ url, apiKey: 'bench' });
  await until(
    () => {
      const s = market.stats();
      return market.status().state === 'live' && s.inFlight === 0 && s.subscribed.length === s.wanted.length;
    },
    60_000,
    20,
  );
  // Counted as the bare client counts (a closure per message), not by polling stats().
  let applied = market.stats().ticks;
  market.listen({
    quote: () => {
      applied++;
    },
  });
  return {
    count: () => applied,
    /** The listener saw every tick the service applied, and none was malformed. */
    check: () => {
      const s = market.stats();
      if (s.ticks !== applied) throw new Error(`service applied ${s.ticks} ticks, its listener saw ${applied}`);
      if (s.malformed !== 0) throw new Error('benchmark ticks were counted as malformed');
      if (withAlerts && (engine.stats().armed !== 1_000 || engine.stats().fired !== 0)) {
        throw new Error(`benchmark alerts: ${JSON.stringify(engine.stats())}, expected 1,000 armed, none fired`);
      }
    },
    pushed: () => pushed,
    stats: () => market.stats(),
    close: () => market.stop(),
  };
}

/** Ticks per second of wall time and per second of this process's CPU time (user + system). */
async function measureBlast(
  server: ServerHandle,
  client: { count: () => number; check: () => void },
): Promise<{ wall: number; cpu: number }> {
  const start = client.count();
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const done = server.command({ cmd: 'blast', count: BLAST_COUNT }, 'blast');
  const t1 = await until(() => client.count() - start >= BLAST_COUNT);
  const cpu = process.cpuUsage(c0);
  const { serverMs, waits } = (await done) as { serverMs: number; waits: number };
  client.check();
  if (process.env.BENCH_DEBUG)
    console.log(`server ${serverMs} ms (${waits} backpressure waits), client ${Math.round(t1 - t0)} ms`);
  return { wall: BLAST_COUNT / ((t1 - t0) / 1000), cpu: BLAST_COUNT / ((cpu.user + cpu.system) / 1e6) };
}

async function measureSteady(server: ServerHandle, client: { count: () => number }) {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const start = client.count();
  const { sent } = (await server.command(
    { cmd: 'steady', perSecond: STEADY_RATE, seconds: STEADY_SECONDS },
    'steady',
  )) as { sent: number };
  await until(() => client.count() - start >= sent, 30_000, 5);
  const wallMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  return {
    cpuPct: ((cpu.user + cpu.system) / 1000 / wallMs) * 100,
    rssMb: process.memoryUsage().rss / 1e6,
    received: client.count() - start,
  };
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function parserMicro(): { fastPerSec: number; zodPerSec: number } {
  const env = {
    instrumentToken: 2885,
    uirId: 5002885,
    canonical: 'NSE:RELIANCE',
    data: {
      instrument_token: 2885,
      last_price: 1402.5,
      last_trade_time: 1764150000,
      volume: 123456,
      ohlc: { open: 1390, high: 1410, low: 1385, close: 1395 },
      depth: { buy: [{ price: 1402.45, quantity: 1, orders: 1 }], sell: [{ price: 1402.55, quantity: 1, orders: 1 }] },
    },
    timestamp: '2025-11-26T10:00:00.000Z',
  };
  const none = () => undefined;
  const n = 200_000;
  const time = (fn: () => unknown) => {
    const t0 = performance.now();
    for (let i = 0; i < n; i++) fn();
    return n / ((performance.now() - t0) / 1000);
  };
  time(() => parseTick(env, none)); // warm up
  time(() => parseTickWithSchema(env, none));
  return { fastPerSec: time(() => parseTick(env, none)), zodPerSec: time(() => parseTickWithSchema(env, none)) };
}

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

export async function run(): Promise<void> {
  const server = await startServer();
  try {
    // 1. Throughput, alternating baseline and service so background load hits both alike.
    const rawRates: number[] = [];
    const svcRates: number[] = [];
    const rawCpuRates: number[] = [];
    const svcCpuRates: number[] = [];
    const alertRates: number[] = [];
    const alertCpuRates: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const raw = await rawClient(server.url);
      const r = await measureBlast(server, raw);
      rawRates.push(r.wall);
      rawCpuRates.push(r.cpu);
      raw.close();
      const svc = await serviceClient(server.url);
      const s = await measureBlast(server, svc);
      svcRates.push(s.wall);
      svcCpuRates.push(s.cpu);
      await svc.close();
      const withAlerts = await serviceClient(server.url, undefined, true);
      const a = await measureBlast(server, withAlerts);
      alertRates.push(a.wall);
      alertCpuRates.push(a.cpu);
      await withAlerts.close();
    }
    const rawRate = median(rawRates);
    const svcRate = median(svcRates);
    const rawCpuRate = median(rawCpuRates);
    const svcCpuRate = median(svcCpuRates);

    // 2 + 3. Steady 3,000 ticks/s: CPU, RSS, latency.
    const raw = await rawClient(server.url);
    const rawSteady = await measureSteady(server, raw);
    raw.close();
    const lags: number[] = [];
    const svc = await serviceClient(server.url, (lag) => lags.push(lag));
    const svcSteady = await measureSteady(server, svc);
    await svc.close();
    lags.sort((a, b) => a - b);

    const micro = parserMicro();
    // Issue 16: the service's stages without the socket, and what the alert engine adds to each
    // tick, beside the ingest ratio (tests/bench/tick-path.ts, tests/bench/alerts.ts).
    const alerts = await alertCheckCost();
    const stagesNs = 1e9 / alerts.serviceRate - 1e9 / alerts.decodeRate;

    const rows: Array<[string, string]> = [
      ['instruments / windows', `${INSTRUMENTS} / 3`],
      ['bare socket.io-client ingest (ticks/s, median of 3)', fmt(rawRate)],
      ['market service ingest (ticks/s, median of 3)', fmt(svcRate)],
      ['service / bare ratio (goal ≥ 80%)', `${((svcRate / rawRate) * 100).toFixed(1)}%`],
      ['bare client ingest per CPU second of this process (median of 3)', fmt(rawCpuRate)],
      ['service ingest per CPU second of this process (median of 3)', fmt(svcCpuRate)],
      ['service / bare ratio, CPU time', `${((svcCpuRate / rawCpuRate) * 100).toFixed(1)}%`],
      ['service + 1,000 alerts ingest (ticks/s, median of 3)', fmt(median(alertRates))],
      ['service + 1,000 alerts / bare ratio (goal ≥ 80%)', `${((median(alertRates) / rawRate) * 100).toFixed(1)}%`],
      ['service + 1,000 alerts / bare ratio, CPU time', `${((median(alertCpuRates) / rawCpuRate) * 100).toFixed(1)}%`],
      ['service ≥ 50,000 ticks/s', svcRate >= 50_000 ? 'yes' : 'NO'],
      [`CPU % at ${fmt(STEADY_RATE)} ticks/s: bare client`, rawSteady.cpuPct.toFixed(1)],
      [`CPU % at ${fmt(STEADY_RATE)} ticks/s: service + 3 windows`, svcSteady.cpuPct.toFixed(1)],
      ['RSS after steady phase (MB)', svcSteady.rssMb.toFixed(0)],
      ['send → window push latency p50 (ms)', String(percentile(lags, 50))],
      ['send → window push latency p99 (ms)', String(percentile(lags, 99))],
      ['quotes pushed in steady phase', fmt(lags.length)],
      ['no socket, packet decode only (ticks per CPU s)', fmt(alerts.decodeRate)],
      ['no socket, decode + service stages (ticks per CPU s)', fmt(alerts.serviceRate)],
      ['service stages per tick (ns, CPU time; see the stages below)', stagesNs.toFixed(0)],
      ['decode + stages + alert check, 1,000 alerts on 500 instruments (ticks per CPU s)', fmt(alerts.alertRate)],
      ['with alerts / without (decode + stages)', `${((alerts.alertRate / alerts.serviceRate) * 100).toFixed(1)}%`],
      // A difference of two medians: below the run's noise it can read near or under 0.
      ['alert check added per tick (ns, CPU time, with − without)', alerts.addedNs.toFixed(0)],
      ['alert check / service stages', `${((alerts.addedNs / stagesNs) * 100).toFixed(1)}%`],
      ['alert engine alone, quiet alerts: observe() per tick (ns, CPU time)', alerts.engineNs.toFixed(0)],
      ['alert engine alone / service stages', `${((alerts.engineNs / stagesNs) * 100).toFixed(1)}%`],
      ['parseTick fast path (ops/s)', fmt(micro.fastPerSec)],
      ['parseTick zod-only path (ops/s)', fmt(micro.zodPerSec)],
      ['fast path speed-up', `${(micro.fastPerSec / micro.zodPerSec).toFixed(1)}×`],
    ];
    const width = Math.max(...rows.map(([k]) => k.length));
    console.log('| metric'.padEnd(width + 2) + ' | value |');
    console.log('|' + '-'.repeat(width + 2) + '|-------|');
    for (const [k, v] of rows) console.log(`| ${k.padEnd(width)} | ${v} |`);
    console.log(`service stages (no socket): ${STAGES}`);
  } finally {
    await server.stop();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  run().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
