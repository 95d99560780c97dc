/**
 * Charts benchmark. Run: `npm run bench -- charts` (or `npx tsx tests/bench/charts.ts`).
 *
 * In-process, no socket (the socket side is `bench -- market`): 500 instruments' envelopes in
 * the feed's `full` shape, exchange times advancing so minutes roll over. In the same run,
 * alternating, median of 9 rounds, timed in this process's CPU time (the machine is shared):
 *  1. the bare tick pipeline — parseTick → QuoteBook.apply → a window's TickBatcher.offer (what
 *     the market service does per tick);
 *  2. the same plus candle building as ChartService's market listener does it (series lookup,
 *     candleTickOf, MinuteSeries.ingest, the unsaved-minute set) for 20 charted instruments,
 *     and for all 500 (the worst case);
 * reported as ratios to (1) (the order of the three rotates every round). Then the per-call cost of what runs per push frame or per open
 * rather than per tick: parseDepth (one depth panel's frame) against parseTick, and joining five
 * days of 1-minute history with live minutes at 1m and 5m (`chart.open`, `chart.series`).
 */
import { pathToFileURL } from 'node:url';
import { candleTickOf, MinuteSeries } from '../../electron/core/chart/minute-series';
import { mergeSeries } from '../../electron/core/chart/merge';
import { parseDepth } from '../../electron/core/market/depth';
import { QuoteBook } from '../../electron/core/market/quote-book';
import { TickBatcher } from '../../electron/core/market/tick-batcher';
import { parseTick } from '../../electron/core/market/tick-parser';
import { aggregateCandles, type Candle } from '../../src/shared/chart';

const INSTRUMENTS = 500;
const FIRST_TOKEN = 100_000;
const TICKS = 200_000;
const ROUNDS = 9;
/** 2026-12-01 09:15 IST. */
const OPEN = Date.UTC(2026, 11, 1, 3, 45);

const level = (price: number, quantity: number) => ({ price, quantity, orders: 3 });

/** Envelopes as socket.io hands them over (objects), every instrument ticking about 4 times a second. */
function envelopes(): unknown[] {
  const out: unknown[] = [];
  const price = new Float64Array(INSTRUMENTS).fill(1000);
  const volume = new Float64Array(INSTRUMENTS).fill(100_000);
  for (let i = 0; i < TICKS; i++) {
    const k = i % INSTRUMENTS;
    const token = FIRST_TOKEN + k;
    price[k] = Math.max(1, Math.round((price[k]! + (((i * 7919) % 11) - 5) * 0.05) * 20) / 20);
    volume[k] = volume[k]! + ((i * 31) % 50);
    const at = OPEN + Math.floor(i / INSTRUMENTS) * 250; // 250 ms per round of instruments
    const p = price[k]!;
    out.push({
      instrumentToken: token,
      uirId: 5_000_000 + token,
      canonical: `NSE:SYM${token}`,
      data: {
        instrument_token: token,
        exchange: 'NSE_EQ',
        last_price: p,
        last_trade_time: Math.floor(at / 1000),
        volume: volume[k],
        ohlc: { open: 1000, high: 1010, low: 990, close: 1000 },
        last_trade_quantity: 5,
        average_trade_price: 1001.2,
        total_buy_quantity: 5000,
        total_sell_quantity: 4000,
        depth: {
          buy: [level(p - 0.05, 10), level(p - 0.1, 20), level(p - 0.15, 30), level(p - 0.2, 40), level(p - 0.25, 50)],
          sell: [level(p + 0.05, 10), level(p + 0.1, 20), level(p + 0.15, 30), level(p + 0.2, 40), level(p + 0.25, 50)],
        },
      },
      timestamp: new Date(at + 20).toISOString(),
    });
  }
  return out;
}

const noUir = () => undefined;

interface Series {
  minutes: MinuteSeries;
  unsaved: Set<number>;
}

/** One pass over the envelopes; `charted` instruments build candles. Returns ticks per second. */
function pass(input: readonly unknown[], charted: number): { perSec: number; candles: number } {
  const book = new QuoteBook();
  const batcher = new TickBatcher({ intervalMs: 1e9, deliver: () => {}, now: () => 0 });
  batcher.setInterest(new Set(Array.from({ length: INSTRUMENTS }, (_, i) => FIRST_TOKEN + i)));
  const series = new Map<number, Series>();
  for (let i = 0; i < charted; i++)
    series.set(FIRST_TOKEN + i, { minutes: new MinuteSeries('NSE_EQ'), unsaved: new Set() });
  let candles = 0;
  const started = cpuMs();
  for (let i = 0; i < input.length; i++) {
    const tick = parseTick(input[i], noUir);
    if (tick === null) continue;
    const quote = book.apply(tick, 0);
    if (quote === null) continue;
    batcher.offer(quote);
    // ChartService's listener: one map lookup for an uncharted instrument.
    const s = series.get(tick.token);
    if (s === undefined) continue;
    const input2 = candleTickOf(tick, quote);
    if (input2 === null) continue;
    const candle = s.minutes.ingest(input2);
    if (candle !== null) s.unsaved.add(candle.time);
  }
  const seconds = (cpuMs() - started) / 1000;
  for (const s of series.values()) candles += s.minutes.candles.length;
  batcher.dispose();
  return { perSec: input.length / seconds, candles };
}

/**
 * CPU time of this process (user + system), ms: on a machine shared with other work, wall time
 * counts their slices too; CPU time counts ours.
 */
function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/** CPU ms per call of `fn`, over at least `minMs` of CPU time. */
function timeOps(fn: () => void, minMs = 300): number {
  let n = 0;
  const started = cpuMs();
  while (cpuMs() - started < minMs) {
    for (let i = 0; i < 100; i++) fn();
    n += 100;
  }
  return (cpuMs() - started) / n;
}

/** Five NSE days of 1-minute candles (375 a day), the last day formed live from 12:00. */
function fiveDays(): { history: Candle[]; live: Candle[]; coveredTo: number } {
  const history: Candle[] = [];
  let p = 1000;
  for (let d = 4; d >= 0; d--) {
    const dayOpen = OPEN - d * 86_400_000;
    for (let m = 0; m < 375; m++) {
      const o = p;
      p = Math.max(1, p + (((m * 37 + d) % 9) - 4) * 0.05);
      history.push({
        time: dayOpen + m * 60_000,
        open: o,
        high: Math.max(o, p) + 0.1,
        low: Math.min(o, p) - 0.1,
        close: p,
        volume: 1000 + m,
        source: 'history',
        gap: false,
      });
    }
  }
  const coveredTo = OPEN + 165 * 60_000; // history asked at 12:00
  const live = history.filter((c) => c.time >= coveredTo - 60_000).map((c) => ({ ...c, source: 'live' as const }));
  return { history: history.filter((c) => c.time < coveredTo), live, coveredTo };
}

export async function run(): Promise<void> {
  const input = envelopes();
  // Warm up every path before measuring.
  pass(input, 0);
  pass(input, 20);
  pass(input, INSTRUMENTS);
  const bare: number[] = [];
  const twenty: number[] = [];
  const all: number[] = [];
  const built = { twenty: 0, all: 0 };
  // The order rotates every round, so a slow moment of a shared machine does not always hit one.
  const passes = [
    () => bare.push(pass(input, 0).perSec),
    () => {
      const t = pass(input, 20);
      twenty.push(t.perSec);
      built.twenty = t.candles;
    },
    () => {
      const a = pass(input, INSTRUMENTS);
      all.push(a.perSec);
      built.all = a.candles;
    },
  ];
  for (let r = 0; r < ROUNDS; r++) for (let k = 0; k < passes.length; k++) passes[(r + k) % passes.length]!();
  const bareRate = median(bare);
  const twentyRate = median(twenty);
  const allRate = median(all);
  // Ratios within each round (neighbours in time share the machine's load), median and range.
  const ratios = (xs: number[]) => xs.map((x, i) => x / bare[i]!);
  const pct = (xs: number[]) =>
    `${(median(xs) * 100).toFixed(1)}% (rounds: ${(Math.min(...xs) * 100).toFixed(0)}–${(Math.max(...xs) * 100).toFixed(0)}%)`;

  const sample = input[123]!;
  const data = (sample as { data: Record<string, unknown> }).data;
  // Warmed, then alternated; the lower of three each.
  timeOps(() => parseTick(sample, noUir));
  timeOps(() => parseDepth(FIRST_TOKEN, data, 0));
  const tickRuns: number[] = [];
  const depthRuns: number[] = [];
  for (let r = 0; r < 3; r++) {
    tickRuns.push(timeOps(() => parseTick(sample, noUir), 200));
    depthRuns.push(timeOps(() => parseDepth(FIRST_TOKEN, data, 0), 200));
  }
  const parseTickMs = Math.min(...tickRuns);
  const parseDepthMs = Math.min(...depthRuns);

  const { history, live, coveredTo } = fiveDays();
  const merge1m = timeOps(() =>
    mergeSeries(history, aggregateCandles(live, '1m', 'NSE_EQ'), coveredTo, '1m', 'NSE_EQ'),
  );
  const merge5m = timeOps(() =>
    mergeSeries(
      aggregateCandles(history, '5m', 'NSE_EQ'),
      aggregateCandles(live, '5m', 'NSE_EQ'),
      coveredTo,
      '5m',
      'NSE_EQ',
    ),
  );

  const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
  const rows: Array<[string, string]> = [
    ['ticks per pass / instruments', `${fmt(TICKS)} / ${INSTRUMENTS}`],
    ['bare tick pipeline (ticks per CPU-second, median of 9)', fmt(bareRate)],
    ['+ candles for 20 charted instruments (ticks/s)', fmt(twentyRate)],
    ['  ratio to bare, per round: median (range)', pct(ratios(twenty))],
    ['+ candles for all 500 instruments (ticks/s)', fmt(allRate)],
    ['  ratio to bare, per round: median (range)', pct(ratios(all))],
    ['1-minute candles built per pass (20 / 500 charted)', `${fmt(built.twenty)} / ${fmt(built.all)}`],
    ['parseDepth per call (µs), once per instrument per push frame', (parseDepthMs * 1000).toFixed(2)],
    ['parseTick per call (µs), every tick', (parseTickMs * 1000).toFixed(2)],
    ['  parseDepth / parseTick', `${(parseDepthMs / parseTickMs).toFixed(1)}×`],
    [`join 5 days of 1m history (${fmt(history.length)} bars) + live, 1m (ms)`, merge1m.toFixed(3)],
    ['the same at 5m, aggregating both (ms)', merge5m.toFixed(3)],
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
