import { FUTURE_UNDERLYINGS, INDEX_BASKETS, type Basket } from './baskets';
import { CATALOGUE, instrumentBySymbol, priceBandOfInstrument, type CatalogueInstrument } from './catalogue';
import { deriveSeed } from './random';
import { hashUnit, istDay, istDayStartMs, MINUTE_MS, MINUTES_PER_DAY, WALK_EPOCH_DAY, WalkComponent } from './walk';

/**
 * The embedded market's prices: a deterministic function of the seed and the time (walk.ts), so
 * the past is reproducible — the historical candles served for yesterday are what the live feed
 * printed yesterday, and today's continue them without a jump, across simulator restarts.
 *
 * Every price is `level × exp(offset)`, the catalogue's price being the level the walk wanders
 * around (`CatalogueInstrument.prevClose`):
 * - equities: `level × exp(M + x)`, M one market factor shared by all (stocks co-move), x the
 *   stock's own moves;
 * - indices: the weighted basket of their constituents, exactly, at every whole minute;
 * - index futures: their level scaled by the underlying index's move, times a small basis walk;
 * - MCX futures: `level × exp(x)`.
 * Within a minute each instrument draws its own high and low (beyond the minute's two ends) and
 * the seconds at which it reaches them; the path runs through those points with jitter that
 * never leaves the minute's range. So a minute's open, high, low and close are known without
 * walking its seconds (history is cheap), and are exactly what the live ticks print.
 *
 * Exchange time has whole seconds (`last_trade_time`): each second either trades or is quiet
 * (about 8 %: the service re-sends the last tick, `syntheticLast`); the minute's first and last
 * seconds and its high and low always trade. The market never closes (so the demo works at any
 * hour); a terminal buckets trades outside the exchange's session as buckets.ts says.
 *
 * Cumulative volume restarts at 00:00 IST; each minute's volume is drawn per minute and accrues
 * evenly over its seconds. `prevClose` (the feed's `ohlc.close`) is the previous IST day's last
 * price.
 *
 * `setPrice` (a test hook) forces a trade: the instrument walks on from the forced price (the
 * offset is kept while this engine runs, and history after it shows it). Futures of a forced
 * index follow it; a forced constituent does not move its index.
 */

/** Trading-year length in minutes (252 sessions of 6.25 h): annual vol → per-minute vol. */
const TRADING_YEAR_MINUTES = 252 * 6.25 * 60;
/** Annual vol of the shared market factor (equity beta 1). */
const MARKET_VOL = 0.12;
/** Annual vol of a future's basis against its index. */
const BASIS_VOL = 0.01;
/** Share of seconds that carry no trade: the service re-sends the last tick (`syntheticLast`). */
const QUIET_SECOND_PROBABILITY = 0.08;
/** A minute's high and low lie this many per-minute standard deviations beyond its ends (scale). */
const EXCURSION_SCALE = 0.5;
/** Jitter within a minute, as a share of the minute's range. */
const JITTER = 0.25;
const perMinute = (annualVol: number) => annualVol / Math.sqrt(TRADING_YEAR_MINUTES);

export interface InstrumentQuote {
  token: number;
  last: number;
  open: number;
  high: number;
  low: number;
  /** Previous IST day's last price: the service sends it as `ohlc.close`. */
  prevClose: number;
  volume: number;
  /** Volume-weighted average traded price of the day. */
  averagePrice: number;
  lastTradeQty: number;
  lastTradeTimeMs: number;
  /** When this quote last changed or was re-sent, ms. */
  updatedAtMs: number;
  totalBuyQty: number;
  totalSellQty: number;
  openInterest: number;
  /**
   * The day's price band (circuit limits) around `prevClose`, the rule the database checks orders
   * with (`priceBandOf` in src/shared/trading: the instrument's own percent, else equities ±20 %,
   * index futures ±10 %), both ends on the tick grid; null for indices. The stack writes
   * `prevClose` into `"Stock"."close"` (instrument-prices.ts), so both sides use one band. The
   * walk is not held to it (a day's move rarely reaches it), nor is a forced trade (`setPrice`), and the
   * database refuses a fill outside its band (the order keeps resting).
   */
  lowerCircuit: number | null;
  upperCircuit: number | null;
}

export interface TickResult {
  quote: InstrumentQuote;
  /** False for a quiet tick: nothing traded since the last one, the last tick is re-sent. */
  traded: boolean;
}

/** One bar, rounded to the instrument's tick size; `time` is its start (epoch ms). */
export interface Bar {
  time: number;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
}

/** A minute's unforced shape: its two ends, its high and low, and the seconds it reaches them. */
interface Shape {
  p0: number;
  p1: number;
  sHi: number;
  sLo: number;
  hi: number;
  lo: number;
}

/** Every minute of one IST day, unrounded, forced trades included. */
interface DayBars {
  day: number;
  open: Float64Array;
  high: Float64Array;
  low: Float64Array;
  close: Float64Array;
  volume: Float64Array;
}

/** Today's bars and running sums, for live quotes. */
interface Today {
  bars: DayBars;
  /** Over minutes [0, k): highest high, lowest low, volume, Σ typical price × volume. */
  highBefore: Float64Array;
  lowBefore: Float64Array;
  volumeBefore: Float64Array;
  valueBefore: Float64Array;
  prevClose: number;
}

/** The current minute as far as live ticks have walked it. */
interface Run {
  /** Epoch minute number. */
  minute: number;
  shape: Shape;
  /** Last epoch second walked. */
  upTo: number;
  high: number;
  low: number;
  last: number;
  lastSecond: number;
  previousSecond: number;
}

interface Model {
  inst: CatalogueInstrument;
  /** Per-instrument seed for within-minute draws. */
  key: number;
  kind: 'EQ' | 'INDEX' | 'FUT' | 'MCX';
  own: WalkComponent | null;
  members: Array<{ model: Model; weight: number }> | null;
  index: Model | null;
  /** 10^decimals of the tick size, and the tick size in those units (0.05 → 100 and 5). */
  scale: number;
  tickUnits: number;
  /** Log-scale of a minute's excursion beyond its ends. */
  excursion: number;
  /** Mean traded quantity per minute (0 for indices). */
  volumePerMinute: number;
  baseBuy: number;
  baseSell: number;
  baseOi: number;
  /** Forced trades: from `at` (ms, whole second) on, prices carry `logOffset` (absolute). */
  overrides: Array<{ at: number; logOffset: number }>;
  /** Unforced minute points of the last two days asked for live. */
  points: Map<number, Float64Array>;
  today: Today | null;
  todayDay: number;
  run: Run | null;
  /** Day bars of past days, summarised (1D history). */
  daySummaries: Map<number, Bar>;
  /** The second of the last tick that reported a trade. */
  lastEmittedSecond: number;
  quote: InstrumentQuote;
  /** The previous close `quote`'s circuit limits were computed from (NaN: not yet). */
  bandFor: number;
}

export class PriceEngine {
  readonly #models = new Map<number, Model>();
  readonly #market: WalkComponent;
  readonly #scratch = Array.from({ length: 6 }, () => new Float64Array(MINUTES_PER_DAY + 1));

  constructor(seed: number, startMs: number = Date.now()) {
    this.#market = new WalkComponent(seed, 0, { perMinuteVol: perMinute(MARKET_VOL), stationaryStd: 0.1 });
    for (const inst of CATALOGUE) {
      const kind: Model['kind'] =
        inst.instrumentType === 'EQ'
          ? 'EQ'
          : inst.instrumentType === 'INDEX'
            ? 'INDEX'
            : inst.exchange === 'NSE_FO'
              ? 'FUT'
              : 'MCX';
      const ownVol =
        kind === 'EQ'
          ? Math.sqrt(Math.max(inst.annualVol ** 2 - MARKET_VOL ** 2, 0.01 ** 2))
          : kind === 'FUT'
            ? BASIS_VOL
            : kind === 'MCX'
              ? inst.annualVol
              : 0;
      const own =
        ownVol > 0
          ? new WalkComponent(seed, inst.token, {
              perMinuteVol: perMinute(ownVol),
              stationaryStd: kind === 'FUT' ? 0.005 : kind === 'MCX' ? 0.2 : 0.15,
            })
          : null;
      const key = deriveSeed(seed ^ 0x5eed, inst.token);
      const lot = inst.lotSize;
      const meanTrade = kind === 'EQ' ? Math.max(1, Math.round(100_000 / inst.prevClose)) : 10 * lot;
      const units = (c: number, from: number, span: number) => from + Math.floor(hashUnit(key, 1, c) * span);
      this.#models.set(inst.token, {
        inst,
        key,
        kind,
        own,
        members: null,
        index: null,
        scale: 10 ** decimalsOf(inst.tickSize),
        tickUnits: Math.round(inst.tickSize * 10 ** decimalsOf(inst.tickSize)),
        excursion: perMinute(inst.annualVol) * EXCURSION_SCALE,
        volumePerMinute: kind === 'INDEX' ? 0 : meanTrade * 55,
        baseBuy: kind === 'INDEX' ? 0 : units(1, 50_000, 450_000) * lot,
        baseSell: kind === 'INDEX' ? 0 : units(2, 50_000, 450_000) * lot,
        baseOi: kind === 'FUT' || kind === 'MCX' ? units(3, 20_000, 180_000) * lot : 0,
        overrides: [],
        points: new Map(),
        today: null,
        todayDay: -1,
        run: null,
        daySummaries: new Map(),
        lastEmittedSecond: -1,
        quote: emptyQuote(inst),
        bandFor: Number.NaN,
      });
    }
    for (const [symbol, basket] of Object.entries(INDEX_BASKETS)) {
      const index = instrumentBySymbol(symbol);
      if (index) this.#models.get(index.token)!.members = this.#resolve(basket);
    }
    for (const [symbol, u] of Object.entries(FUTURE_UNDERLYINGS)) {
      const fut = instrumentBySymbol(symbol);
      if (!fut) continue;
      const model = this.#models.get(fut.token)!;
      const index = u.indexSymbol ? instrumentBySymbol(u.indexSymbol) : undefined;
      model.index = index ? (this.#models.get(index.token) ?? null) : null;
      if (!model.index) model.members = this.#resolve(u.basket);
    }
    // Opening prints: every quote as of the engine's start.
    const startSecond = Math.floor(startMs / 1000);
    for (const m of this.#models.values()) {
      this.#refresh(m, startMs);
      m.lastEmittedSecond = startSecond;
    }
  }

  /** The current quote (as of the last tick), or undefined for a token outside the catalogue. */
  quote(token: number): InstrumentQuote | undefined {
    return this.#models.get(token)?.quote;
  }

  /** The previous IST day's last price of `token` as of `nowMs`, on the tick grid: today's band is around it. */
  previousClose(token: number, nowMs: number): number | undefined {
    const m = this.#models.get(token);
    return m ? this.#round(m, this.#today(m, istDay(nowMs)).prevClose) : undefined;
  }

  /** The quote at `nowMs`; `traded` when a trade printed since this instrument's last tick. */
  tick(token: number, nowMs: number): TickResult | undefined {
    const m = this.#models.get(token);
    if (!m) return undefined;
    const tradedSecond = this.#refresh(m, nowMs);
    const traded = tradedSecond > m.lastEmittedSecond;
    if (traded) m.lastEmittedSecond = tradedSecond;
    return { quote: m.quote, traded };
  }

  /**
   * Forces the last traded price (a test hook to make orders cross): a trade at `price` (rounded
   * to the tick) now; the instrument keeps walking from it, and an index's futures follow it.
   */
  setPrice(token: number, price: number, nowMs: number): InstrumentQuote | undefined {
    const m = this.#models.get(token);
    if (!m || !(price > 0)) return undefined;
    const second = Math.floor(nowMs / 1000);
    const at = second * 1000;
    const p = this.#round(m, price);
    const day = istDay(at);
    const k = Math.floor((at - istDayStartMs(day)) / MINUTE_MS);
    const shape = this.#shape(m, day, k, this.#pointsFor(m, day));
    const unforced = this.#shapeAt(m, shape, second % 60, second);
    const logOffset = Math.log(p / unforced) - (m.index ? offsetAt(m.index.overrides, at) : 0);
    m.overrides = m.overrides.filter((o) => o.at < at);
    m.overrides.push({ at, logOffset });
    for (const other of this.#models.values()) {
      if (other !== m && other.index !== m) continue;
      other.today = null;
      other.todayDay = -1;
      other.run = null;
    }
    this.#refresh(m, nowMs);
    m.lastEmittedSecond = second;
    return m.quote;
  }

  /**
   * One-minute bars of `token` for minutes starting in [fromMs, toMs), never beyond `nowMs` (the
   * minute holding it covers its seconds up to then), rounded to the tick size. Nothing before
   * the walk's epoch (2024-01-01 IST).
   */
  minuteBars(token: number, fromMs: number, toMs: number, nowMs: number): Bar[] {
    const m = this.#models.get(token);
    if (!m) return [];
    const out: Bar[] = [];
    const first = Math.max(Math.ceil(fromMs / MINUTE_MS) * MINUTE_MS, istDayStartMs(WALK_EPOCH_DAY));
    const end = Math.min(toMs, nowMs + 1);
    const nowMinute = Math.floor(nowMs / MINUTE_MS) * MINUTE_MS;
    for (let day = istDay(first); istDayStartMs(day) < end; day++) {
      const dayStart = istDayStartMs(day);
      const from = Math.max(0, Math.floor((first - dayStart) / MINUTE_MS));
      const to = Math.min(MINUTES_PER_DAY, Math.ceil((end - dayStart) / MINUTE_MS));
      if (from >= to) continue;
      const bars = this.#barsOf(m, day);
      for (let k = from; k < to; k++) {
        const time = dayStart + k * MINUTE_MS;
        if (time === nowMinute) {
          out.push(this.#partialBar(m, time, Math.floor(nowMs / 1000)));
          break;
        }
        out.push(this.#bar(m, time, bars.open[k]!, bars.high[k]!, bars.low[k]!, bars.close[k]!, bars.volume[k]!));
      }
    }
    return out;
  }

  /** Day bars (00:00 IST of each day) for days starting in [fromMs, toMs), today's up to `nowMs`. */
  dayBars(token: number, fromMs: number, toMs: number, nowMs: number): Bar[] {
    const m = this.#models.get(token);
    if (!m) return [];
    const out: Bar[] = [];
    const today = istDay(nowMs);
    const firstDay = Math.max(WALK_EPOCH_DAY, istDay(fromMs - 1) + 1);
    for (let day = firstDay; istDayStartMs(day) < toMs && day <= today; day++) {
      if (day === today) {
        const bars = this.minuteBars(token, istDayStartMs(day), nowMs + 1, nowMs);
        if (bars.length > 0) out.push(summarise(bars, istDayStartMs(day)));
        continue;
      }
      let bar = m.daySummaries.get(day);
      if (!bar) {
        const b = this.#barsOf(m, day);
        let high = -Infinity;
        let low = Infinity;
        let volume = 0;
        for (let k = 0; k < MINUTES_PER_DAY; k++) {
          if (b.high[k]! > high) high = b.high[k]!;
          if (b.low[k]! < low) low = b.low[k]!;
          volume += b.volume[k]!;
        }
        bar = this.#bar(m, istDayStartMs(day), b.open[0]!, high, low, b.close[MINUTES_PER_DAY - 1]!, volume);
        if (!this.#forcedOn(m, day)) m.daySummaries.set(day, bar);
      }
      out.push(bar);
    }
    return out;
  }

  // -------------------------------------------------------------------------------------------
  // The walk

  #resolve(basket: Basket): Array<{ model: Model; weight: number }> {
    const members: Array<{ model: Model; weight: number }> = [];
    for (const [symbol, weight] of basket) {
      const inst = instrumentBySymbol(symbol);
      const model = inst ? this.#models.get(inst.token) : undefined;
      if (model) members.push({ model, weight });
    }
    const total = members.reduce((a, x) => a + x.weight, 0);
    for (const x of members) x.weight /= total;
    return members;
  }

  /** Unforced minute points of `day` for live use (kept for the two most recent days). */
  #pointsFor(m: Model, day: number): Float64Array {
    const kept = m.points.get(day);
    if (kept) return kept;
    const out = new Float64Array(MINUTES_PER_DAY + 1);
    this.#computePoints(m, day, out, 0);
    m.points.set(day, out);
    if (m.points.size > 2) m.points.delete(Math.min(...m.points.keys()));
    return out;
  }

  /**
   * Unforced price at every minute start of `day` (1,441 points) into `out`. Scratch buffers from
   * `scratchFrom` on are used for intermediate paths (an index future needs its index's).
   */
  #computePoints(m: Model, day: number, out: Float64Array, scratchFrom: number): void {
    const level = m.inst.prevClose;
    const n = MINUTES_PER_DAY + 1;
    if (m.kind === 'EQ' || m.kind === 'MCX') {
      const x = m.own!.minutes(day, this.#scratch[scratchFrom]);
      const market = m.kind === 'EQ' ? this.#market.minutes(day) : null;
      for (let k = 0; k < n; k++) out[k] = level * Math.exp(x[k]! + (market ? market[k]! : 0));
      return;
    }
    if (m.index) {
      // An index future: its index's move, times its basis.
      const idx = this.#scratch[scratchFrom + 2]!;
      this.#computePoints(m.index, day, idx, scratchFrom);
      const basis = m.own!.minutes(day, this.#scratch[scratchFrom + 3]);
      const scale = level / m.index.inst.prevClose;
      for (let k = 0; k < n; k++) out[k] = scale * idx[k]! * Math.exp(basis[k]!);
      return;
    }
    // An index, or a future on a basket: Σ wⱼ·Pⱼ/levelⱼ = exp(M)·Σ wⱼ·exp(xⱼ).
    out.fill(0);
    const x = this.#scratch[scratchFrom]!;
    for (const { model, weight } of m.members ?? []) {
      model.own!.minutes(day, x);
      for (let k = 0; k < n; k++) out[k] = out[k]! + weight * Math.exp(x[k]!);
    }
    const market = this.#market.minutes(day);
    const basis = m.own ? m.own.minutes(day, this.#scratch[scratchFrom + 1]) : null;
    for (let k = 0; k < n; k++) out[k] = level * out[k]! * Math.exp(market[k]! + (basis ? basis[k]! : 0));
  }

  /** The shape of minute `k` of `day` (unforced), from its points. */
  #shape(m: Model, day: number, k: number, points: Float64Array): Shape {
    const p0 = points[k]!;
    const p1 = points[k + 1]!;
    const g = (day * MINUTES_PER_DAY + k) | 0;
    const sHi = 1 + Math.floor(hashUnit(m.key, g, 1) * 58);
    let sLo = 1 + Math.floor(hashUnit(m.key, g, 2) * 57);
    if (sLo >= sHi) sLo++;
    const r = Math.sqrt(-2 * Math.log(Math.max(hashUnit(m.key, g, 3), 1e-12)));
    const angle = 2 * Math.PI * hashUnit(m.key, g, 4);
    const hi = (p0 > p1 ? p0 : p1) * Math.exp(Math.abs(r * Math.cos(angle)) * m.excursion);
    const lo = (p0 < p1 ? p0 : p1) * Math.exp(-Math.abs(r * Math.sin(angle)) * m.excursion);
    return { p0, p1, sHi, sLo, hi, lo };
  }

  /** Unforced price at second `s` (0–59) of a minute with this shape; `second`: its epoch second. */
  #shapeAt(m: Model, sh: Shape, s: number, second: number): number {
    if (s === 0) return sh.p0;
    if (s === sh.sHi) return sh.hi;
    if (s === sh.sLo) return sh.lo;
    const hiFirst = sh.sHi < sh.sLo;
    const sA = hiFirst ? sh.sHi : sh.sLo;
    const vA = hiFirst ? sh.hi : sh.lo;
    const sB = hiFirst ? sh.sLo : sh.sHi;
    const vB = hiFirst ? sh.lo : sh.hi;
    let v: number;
    if (s < sA) v = sh.p0 + ((vA - sh.p0) * s) / sA;
    else if (s < sB) v = vA + ((vB - vA) * (s - sA)) / (sB - sA);
    else v = vB + ((sh.p1 - vB) * (s - sB)) / (60 - sB);
    v += (hashUnit(m.key, second | 0, 7) - 0.5) * 2 * JITTER * (sh.hi - sh.lo);
    return v > sh.hi ? sh.hi : v < sh.lo ? sh.lo : v;
  }

  /** The price factor of forced trades in effect at `t` (an index's too, for its futures). */
  #factor(m: Model, t: number): number {
    if (m.overrides.length === 0 && (m.index === null || m.index.overrides.length === 0)) return 1;
    return Math.exp(offsetAt(m.overrides, t) + (m.index ? offsetAt(m.index.overrides, t) : 0));
  }

  /** Does this epoch second trade? A minute's first and last seconds and its extremes always do. */
  #trades(m: Model, second: number, sh: Shape): boolean {
    if (m.kind === 'INDEX') return true;
    const s = second % 60;
    if (s === 0 || s === 59 || s === sh.sHi || s === sh.sLo) return true;
    for (const o of m.overrides) if (o.at === second * 1000) return true;
    return hashUnit(m.key, second | 0, 11) >= QUIET_SECOND_PROBABILITY;
  }

  /** Volume of minute `k` of `day` (whole lots). */
  #minuteVolume(m: Model, day: number, k: number): number {
    if (m.volumePerMinute === 0) return 0;
    const lot = m.inst.lotSize;
    const v = m.volumePerMinute * (0.4 + 1.2 * hashUnit(m.key, (day * MINUTES_PER_DAY + k) | 0, 21));
    return Math.max(1, Math.round(v / lot)) * lot;
  }

  /** Cumulative volume of a minute after its second `s` (evenly accrued, whole lots). */
  #accrued(m: Model, minuteVolume: number, s: number): number {
    const lot = m.inst.lotSize;
    return Math.floor((minuteVolume * (s + 1)) / 60 / lot) * lot;
  }

  /** Every minute of `day`: today's from the live state, others computed into scratch buffers. */
  #barsOf(m: Model, day: number): DayBars {
    if (m.todayDay === day && m.today) return m.today.bars;
    const points = this.#scratch[5]!;
    this.#computePoints(m, day, points, 0);
    return this.#dayBars(m, day, points, this.#scanBars);
  }

  readonly #scanBars: DayBars = {
    day: -1,
    open: new Float64Array(MINUTES_PER_DAY),
    high: new Float64Array(MINUTES_PER_DAY),
    low: new Float64Array(MINUTES_PER_DAY),
    close: new Float64Array(MINUTES_PER_DAY),
    volume: new Float64Array(MINUTES_PER_DAY),
  };

  /** Fills `out` with every minute of `day` from its points (forced trades included). */
  #dayBars(m: Model, day: number, points: Float64Array, out: DayBars): DayBars {
    out.day = day;
    const dayStart = istDayStartMs(day);
    const forced = this.#forcedOn(m, day);
    for (let k = 0; k < MINUTES_PER_DAY; k++) {
      const t = dayStart + k * MINUTE_MS;
      const sh = this.#shape(m, day, k, points);
      const volume = this.#minuteVolume(m, day, k);
      out.volume[k] = volume;
      if (forced && this.#forcedWithin(m, t)) {
        const b = this.#walkMinute(m, t, sh, Math.floor(t / 1000) + 59);
        out.open[k] = b.open;
        out.high[k] = b.high;
        out.low[k] = b.low;
        out.close[k] = b.close;
        continue;
      }
      const f = forced ? this.#factor(m, t) : 1;
      out.open[k] = sh.p0 * f;
      out.high[k] = sh.hi * f;
      out.low[k] = sh.lo * f;
      out.close[k] = this.#shapeAt(m, sh, 59, Math.floor(t / 1000) + 59) * f;
    }
    return out;
  }

  /** Any forced trade (own, or its index's) on or before the end of `day`. */
  #forcedOn(m: Model, day: number): boolean {
    const end = istDayStartMs(day + 1);
    if (m.overrides.length > 0 && m.overrides[0]!.at < end) return true;
    return m.index !== null && m.index.overrides.length > 0 && m.index.overrides[0]!.at < end;
  }

  /** True when a forced trade starts strictly inside the minute starting at `t`. */
  #forcedWithin(m: Model, t: number): boolean {
    for (const o of m.overrides) if (o.at > t && o.at < t + MINUTE_MS) return true;
    if (m.index) for (const o of m.index.overrides) if (o.at > t && o.at < t + MINUTE_MS) return true;
    return false;
  }

  /** Walks a minute's traded seconds up to `lastSecond`: its open, high, low, close (unrounded). */
  #walkMinute(m: Model, t: number, sh: Shape, lastSecond: number) {
    const first = Math.floor(t / 1000);
    const upTo = Math.min(first + 59, lastSecond);
    let open = 0;
    let high = -Infinity;
    let low = Infinity;
    let close = 0;
    let lastTraded = first;
    for (let sec = first; sec <= upTo; sec++) {
      if (!this.#trades(m, sec, sh)) continue;
      const v = this.#shapeAt(m, sh, sec - first, sec) * this.#factor(m, sec * 1000);
      if (sec === first) open = v;
      if (v > high) high = v;
      if (v < low) low = v;
      close = v;
      lastTraded = sec;
    }
    return { open, high, low, close, lastTraded };
  }

  /** The minute starting at `t` over its seconds up to `lastSecond` (the minute now forming), rounded. */
  #partialBar(m: Model, t: number, lastSecond: number): Bar {
    const day = istDay(t);
    const k = Math.floor((t - istDayStartMs(day)) / MINUTE_MS);
    const sh = this.#shape(m, day, k, this.#pointsFor(m, day));
    const b = this.#walkMinute(m, t, sh, lastSecond);
    const volume = this.#accrued(m, this.#minuteVolume(m, day, k), b.lastTraded - Math.floor(t / 1000));
    return this.#bar(m, t, b.open, b.high, b.low, b.close, volume);
  }

  #bar(m: Model, time: number, open: number, high: number, low: number, close: number, volume: number): Bar {
    return {
      time,
      open: this.#round(m, open),
      high: this.#round(m, high),
      low: this.#round(m, low),
      close: this.#round(m, close),
      volume,
    };
  }

  /** Today's bars and running sums (built once a day, and again after a forced trade). */
  #today(m: Model, day: number): Today {
    if (m.todayDay === day && m.today) return m.today;
    const points = this.#pointsFor(m, day);
    const bars = this.#dayBars(m, day, points, {
      day,
      open: new Float64Array(MINUTES_PER_DAY),
      high: new Float64Array(MINUTES_PER_DAY),
      low: new Float64Array(MINUTES_PER_DAY),
      close: new Float64Array(MINUTES_PER_DAY),
      volume: new Float64Array(MINUTES_PER_DAY),
    });
    const n = MINUTES_PER_DAY + 1;
    const highBefore = new Float64Array(n);
    const lowBefore = new Float64Array(n);
    const volumeBefore = new Float64Array(n);
    const valueBefore = new Float64Array(n);
    highBefore[0] = -Infinity;
    lowBefore[0] = Infinity;
    for (let k = 0; k < MINUTES_PER_DAY; k++) {
      highBefore[k + 1] = Math.max(highBefore[k]!, bars.high[k]!);
      lowBefore[k + 1] = Math.min(lowBefore[k]!, bars.low[k]!);
      volumeBefore[k + 1] = volumeBefore[k]! + bars.volume[k]!;
      const typical = this.#round(m, (bars.open[k]! + bars.high[k]! + bars.low[k]! + bars.close[k]!) / 4);
      valueBefore[k + 1] = valueBefore[k]! + typical * bars.volume[k]!;
    }
    // The previous day's last price: the close of its minute 23:59.
    let prevClose = bars.open[0]!;
    if (day > WALK_EPOCH_DAY) {
      const yesterday = this.#pointsFor(m, day - 1);
      const lastMinute = istDayStartMs(day) - MINUTE_MS;
      const sh = this.#shape(m, day - 1, MINUTES_PER_DAY - 1, yesterday);
      prevClose = this.#shapeAt(m, sh, 59, Math.floor(lastMinute / 1000) + 59) * this.#factor(m, lastMinute + 59_000);
    }
    m.today = { bars, highBefore, lowBefore, volumeBefore, valueBefore, prevClose };
    m.todayDay = day;
    m.run = null;
    return m.today;
  }

  /** Brings `m.quote` to `nowMs`; returns the epoch second of its last trade. */
  #refresh(m: Model, nowMs: number): number {
    const nowSecond = Math.floor(nowMs / 1000);
    const minute = Math.floor(nowSecond / 60);
    const t = minute * MINUTE_MS;
    const day = istDay(t);
    const state = this.#today(m, day);
    const k = Math.floor((t - istDayStartMs(day)) / MINUTE_MS);
    let run = m.run;
    if (run === null || run.minute !== minute) {
      run = {
        minute,
        shape: this.#shape(m, day, k, this.#pointsFor(m, day)),
        upTo: minute * 60 - 1,
        high: state.highBefore[k]!,
        low: state.lowBefore[k]!,
        last: 0,
        lastSecond: minute * 60,
        previousSecond: -1,
      };
      m.run = run;
    }
    // Walk the seconds of this minute not walked yet (one or two per tick).
    for (let sec = run.upTo + 1; sec <= nowSecond; sec++) {
      if (!this.#trades(m, sec, run.shape)) continue;
      const v = this.#shapeAt(m, run.shape, sec - minute * 60, sec) * this.#factor(m, sec * 1000);
      if (v > run.high) run.high = v;
      if (v < run.low) run.low = v;
      run.last = v;
      run.previousSecond = sec === minute * 60 ? -1 : run.lastSecond;
      run.lastSecond = sec;
    }
    if (nowSecond > run.upTo) run.upTo = nowSecond;
    const lot = m.inst.lotSize;
    const firstSecond = minute * 60;
    const minuteVolume = state.bars.volume[k]!;
    const accrued = this.#accrued(m, minuteVolume, run.lastSecond - firstSecond);
    const volume = state.volumeBefore[k]! + accrued;
    const price = this.#round(m, run.last);
    const q = m.quote;
    q.last = price;
    q.open = this.#round(m, state.bars.open[0]!);
    q.high = this.#round(m, run.high);
    q.low = this.#round(m, run.low);
    q.prevClose = this.#round(m, state.prevClose);
    q.volume = volume;
    q.averagePrice = volume > 0 ? this.#round(m, (state.valueBefore[k]! + price * accrued) / volume) : price;
    const before = run.previousSecond >= 0 ? this.#accrued(m, minuteVolume, run.previousSecond - firstSecond) : 0;
    q.lastTradeQty = m.kind === 'INDEX' ? 0 : Math.max(lot, accrued - before);
    q.lastTradeTimeMs = run.lastSecond * 1000;
    q.updatedAtMs = nowMs;
    if (m.kind !== 'INDEX') {
      q.totalBuyQty = Math.round((m.baseBuy * (0.7 + 0.6 * hashUnit(m.key, nowSecond | 0, 31))) / lot) * lot;
      q.totalSellQty = Math.round((m.baseSell * (0.7 + 0.6 * hashUnit(m.key, nowSecond | 0, 32))) / lot) * lot;
      if (m.bandFor !== q.prevClose) {
        const band = priceBandOfInstrument(m.inst, q.prevClose);
        m.bandFor = q.prevClose;
        q.lowerCircuit = band?.lower ?? null;
        q.upperCircuit = band?.upper ?? null;
      }
    }
    if (m.baseOi > 0) {
      const drift = Math.round((hashUnit(m.key, minute | 0, 41) - 0.5) * 2_000);
      q.openInterest = Math.max(0, m.baseOi + drift * lot);
    }
    return run.lastSecond;
  }

  /** To the tick size: an integer number of ticks over a power of ten (no float tails, no strings). */
  #round(m: Model, price: number): number {
    const ticks = Math.max(1, Math.round(price / m.inst.tickSize));
    return (ticks * m.tickUnits) / m.scale;
  }
}

/** The bar of a day from its minutes (all of them, or today's so far). */
function summarise(bars: readonly Bar[], time: number): Bar {
  let high = -Infinity;
  let low = Infinity;
  let volume = 0;
  for (const b of bars) {
    if (b.high > high) high = b.high;
    if (b.low < low) low = b.low;
    volume += b.volume;
  }
  return { time, open: bars[0]!.open, high, low, close: bars[bars.length - 1]!.close, volume };
}

/** The absolute log-offset of the last override at or before `t` (0 when none). */
function offsetAt(list: ReadonlyArray<{ at: number; logOffset: number }>, t: number): number {
  let off = 0;
  for (const o of list) {
    if (o.at > t) break;
    off = o.logOffset;
  }
  return off;
}

function emptyQuote(inst: CatalogueInstrument): InstrumentQuote {
  return {
    token: inst.token,
    last: inst.prevClose,
    open: inst.prevClose,
    high: inst.prevClose,
    low: inst.prevClose,
    prevClose: inst.prevClose,
    volume: 0,
    averagePrice: inst.prevClose,
    lastTradeQty: 0,
    lastTradeTimeMs: 0,
    updatedAtMs: 0,
    totalBuyQty: 0,
    totalSellQty: 0,
    openInterest: 0,
    lowerCircuit: null,
    upperCircuit: null,
  };
}

function decimalsOf(tickSize: number): number {
  return Math.max(0, Math.ceil(-Math.log10(tickSize) - 1e-9));
}

/** Round to the instrument's tick size without binary-float tails (1551.4500000001). */
export function roundToTick(price: number, tickSize: number): number {
  const decimals = decimalsOf(tickSize);
  const rounded = Math.max(tickSize, Math.round(price / tickSize) * tickSize);
  return Number(rounded.toFixed(decimals));
}
