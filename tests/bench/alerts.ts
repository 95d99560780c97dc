/**
 * Price-alert benchmark. Run: `npm run bench -- alerts` (or `npx tsx tests/bench/alerts.ts`).
 *
 * What the alert engine adds to every tick main receives, with 1,000 armed alerts on 500
 * instruments (two per instrument, all four conditions), measured in the same run against the
 * tick path it rides on (tick-path.ts: the market packets decoded as socket.io-client decodes
 * them, then the market service's own stages — parse → FeedHealth → QuoteBook → observers →
 * 3 windows' WindowStreams → CachedQuotes → listeners — without the socket). Rounds alternate
 * decode only / service stages / service stages + engine so background load hits all alike;
 * figures are medians. Rates are per second of this process's CPU time (process.cpuUsage), not
 * wall time: on a shared machine, time spent descheduled is nobody's cost.
 *  1. ticks/s of decode alone, of decode + the service's stages, and of those + the engine
 *     (through the same QuoteObserver call the market service makes); the engine's cost per
 *     tick in ns and as a share of the service's stages;
 *  2. the engine alone: observe() per tick, quiet (no alert near the price) and with crossings
 *     (every alert fires and is armed again in batches);
 *  3. arming: one `sync()` of all 1,000 alerts (what every change to the alerts costs main).
 */
import { pathToFileURL } from 'node:url';
import { AlertEngine, type ArmedAlert } from '../../electron/core/alerts/engine';
import { QuoteBook } from '../../electron/core/market/quote-book';
import { parseTick } from '../../electron/core/market/tick-parser';
import type { AlertCondition, Quote } from '../../src/shared/domain';
import { marketPackets, tickPathRate } from './tick-path';

const INSTRUMENTS = 500;
const ALERTS = 1_000;
const FIRST_TOKEN = 100_000;
const TICKS = 400_000;
const ROUNDS = 5;
const CLOSE = 1000;

const tokens = Array.from({ length: INSTRUMENTS }, (_, i) => FIRST_TOKEN + i);
const CONDITIONS: AlertCondition[] = ['LTP_ABOVE', 'LTP_BELOW', 'CHANGE_PCT_ABOVE', 'CHANGE_PCT_BELOW'];

/** Prices walk in ₹1,000.00–1,019.95 (day change 0–2%): the sequence the market bench's server sends. */
const priceAt = (seq: number) => CLOSE + ((seq * 7) % 400) / 20;

/**
 * 1,000 alerts, two per instrument. `near`: values inside the walk (they fire); otherwise far
 * outside it (the common case: most alerts sit well away from the price).
 */
export function makeAlerts(near: boolean, arming = 'a'): ArmedAlert[] {
  return Array.from({ length: ALERTS }, (_, i) => {
    const condition = CONDITIONS[i % 4]!;
    const ltp = condition === 'LTP_ABOVE' || condition === 'LTP_BELOW';
    const value = near
      ? ltp
        ? CLOSE + 5 + (i % 200) / 20
        : 0.5 + (i % 100) / 100
      : condition === 'LTP_ABOVE'
        ? 1500 + i
        : condition === 'LTP_BELOW'
          ? 500 - (i % 400)
          : condition === 'CHANGE_PCT_ABOVE'
            ? 8 + (i % 10)
            : -8 - (i % 10);
    return { id: `alert-${i}`, armId: `${arming}-${i}`, token: tokens[i % INSTRUMENTS]!, condition, value };
  });
}

/** The envelopes the parser sees (one per instrument, its price set per tick). */
function envelopes() {
  return tokens.map((t) => ({
    instrumentToken: t,
    uirId: 5_000_000 + t,
    data: {
      instrument_token: t,
      last_price: CLOSE,
      last_trade_time: 1_764_150_000,
      volume: 1,
      ohlc: { open: CLOSE, high: 1020, low: 990, close: CLOSE },
      depth: { buy: [{ price: 999.95, quantity: 1, orders: 1 }], sell: [{ price: 1000.05, quantity: 1, orders: 1 }] },
    },
    timestamp: new Date().toISOString(),
  }));
}

/** Quotes as the book makes them, precomputed so the engine alone is timed. */
function quotes(n: number): Quote[] {
  const book = new QuoteBook();
  const env = envelopes();
  const out: Quote[] = [];
  for (let i = 0; i < n; i++) {
    const e = env[i % INSTRUMENTS]!;
    e.data.last_price = priceAt(i);
    out.push({
      ...book.apply(
        parseTick(e, () => undefined)!,
        Date.now(),
      )!,
    });
  }
  return out;
}

function engineAlone(near: boolean, qs: Quote[]): { perSec: number; fired: number } {
  let round = 0;
  let pendingRearm = false;
  const engine = new AlertEngine(() => {
    pendingRearm = true;
  });
  engine.sync(makeAlerts(near), () => undefined);
  const t0 = process.cpuUsage();
  for (let i = 0; i < qs.length; i++) {
    engine.observe(qs[i]!, false);
    // With crossings: arm everything again every 50,000 ticks (new armings), as re-arms would.
    if (pendingRearm && i % 50_000 === 0) {
      pendingRearm = false;
      engine.sync(makeAlerts(near, `r${++round}`), () => undefined);
    }
  }
  const perSec = qs.length / (cpuMs(t0) / 1000);
  return { perSec, fired: engine.stats().fired };
}

function syncCost(): number {
  const samples: number[] = [];
  for (let r = 0; r < 20; r++) {
    const engine = new AlertEngine(() => {});
    const alerts = makeAlerts(false, `s${r}`);
    const t0 = performance.now();
    engine.sync(alerts, () => undefined);
    samples.push(performance.now() - t0);
  }
  return median(samples);
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/** CPU ms (user + system) of this process since `since`. */
function cpuMs(since: NodeJS.CpuUsage): number {
  const u = process.cpuUsage(since);
  return (u.user + u.system) / 1000;
}

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

/**
 * The alert check's cost on the tick path, as `bench -- market` reports it: the market packets
 * decoded and run through the service's stages (tick-path.ts: the real QuoteBook, WindowStreams
 * …) without and with the engine holding 1,000 quiet alerts, plus the decode alone (so the
 * service's stages' own cost is known), rounds alternating, CPU-time rates, medians.
 */
export async function alertCheckCost(): Promise<{
  decodeRate: number;
  serviceRate: number;
  alertRate: number;
  addedNs: number;
  /** The engine alone, quiet alerts: ns per observe() (CPU time), measured directly, not as a difference. */
  engineNs: number;
}> {
  const packets = marketPackets();
  const decode: number[] = [];
  const service: number[] = [];
  const withAlerts: number[] = [];
  let engineFired = 0;
  for (let round = 0; round < ROUNDS + 1; round++) {
    const d = await tickPathRate(packets, TICKS / 2, 'decode');
    const s = await tickPathRate(packets, TICKS / 2, 'service');
    const engine = new AlertEngine(() => {});
    engine.sync(makeAlerts(false), () => undefined);
    const w = await tickPathRate(packets, TICKS / 2, 'service', {
      quote: (q, synthetic) => engine.observe(q, synthetic),
      reset: () => engine.reset(),
    });
    if (engine.stats().armed !== ALERTS || engine.stats().instruments !== INSTRUMENTS) {
      throw new Error('benchmark alerts were not all armed');
    }
    engineFired += engine.stats().fired;
    if (round === 0) continue; // warm-up
    decode.push(d);
    service.push(s);
    withAlerts.push(w);
  }
  if (engineFired !== 0) throw new Error('quiet benchmark alerts fired');
  const serviceRate = median(service);
  const alertRate = median(withAlerts);
  const qs = quotes(TICKS);
  engineAlone(false, qs); // warm-up
  const engineNs = 1e9 / engineAlone(false, qs).perSec;
  return {
    decodeRate: median(decode),
    serviceRate,
    alertRate,
    addedNs: (1 / alertRate - 1 / serviceRate) * 1e9,
    engineNs,
  };
}

export async function run(): Promise<void> {
  const { decodeRate, serviceRate, alertRate, addedNs } = await alertCheckCost();
  const stagesNs = 1e9 / serviceRate - 1e9 / decodeRate;

  const qs = quotes(TICKS);
  engineAlone(false, qs); // warm-up
  const quiet = engineAlone(false, qs);
  const busy = engineAlone(true, qs);
  if (busy.fired === 0) throw new Error('busy benchmark alerts never fired');

  const rows: Array<[string, string]> = [
    ['instruments / armed alerts / windows', `${INSTRUMENTS} / ${fmt(ALERTS)} / 3`],
    [`packet decode only (ticks per CPU s, median of ${ROUNDS})`, fmt(decodeRate)],
    [`decode + service stages (ticks per CPU s, median of ${ROUNDS})`, fmt(serviceRate)],
    [`decode + service stages + alert engine (ticks per CPU s, median of ${ROUNDS})`, fmt(alertRate)],
    ['with alerts / without ratio', `${((alertRate / serviceRate) * 100).toFixed(1)}%`],
    ['service stages per tick (ns)', stagesNs.toFixed(0)],
    ['alert check added per tick (ns)', addedNs.toFixed(0)],
    ['alert check / service stages', `${((addedNs / stagesNs) * 100).toFixed(1)}%`],
    ['engine alone, quiet: observe() per s', fmt(quiet.perSec)],
    ['engine alone, quiet: ns per tick', (1e9 / quiet.perSec).toFixed(0)],
    ['engine alone, crossings: observe() per s', fmt(busy.perSec)],
    ['engine alone, crossings: alerts fired', fmt(busy.fired)],
    [`arming all ${fmt(ALERTS)} alerts, one sync() (ms, median of 20)`, syncCost().toFixed(2)],
  ];
  const width = Math.max(...rows.map(([k]) => k.length));
  console.log('| metric'.padEnd(width + 2) + ' | value |');
  console.log('|' + '-'.repeat(width + 2) + '|-------|');
  for (const [k, v] of rows) console.log(`| ${k.padEnd(width)} | ${v} |`);
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
