import { bucketOf, type Candle } from '../../../src/shared/chart';
import { istTradingDay } from '../../../src/shared/domain';

/** What one tick brings to a candle, taken from a tick the QuoteBook applied. */
export interface CandleTick {
  /** The FEED's exchange time (`last_trade_time`, else the envelope's `timestamp`), epoch ms. */
  time: number;
  /** Last traded price, rupees. */
  price: number;
  /** The day's cumulative traded volume (the feed's `volume`), or null when the mode carries none. */
  cumVolume: number | null;
  /** A re-sent last tick (`syntheticLast`): not a trade. */
  synthetic: boolean;
}

export interface MinuteSeriesStats {
  /** Trades applied to a candle. */
  applied: number;
  /** Synthetic re-sends: they never make or change a candle. */
  synthetic: number;
  /** Ticks whose bucket is older than the last candle: they never change a closed candle. */
  stale: number;
}

/**
 * The 1-minute candles of one instrument, built from its ticks as they arrive (every other
 * interval is aggregated from these: buckets.ts makes each coarser bucket a union of minutes).
 *
 * - Bucketing uses the tick's exchange time and the exchange's session (buckets.ts), never the
 *   machine's clock.
 * - Only ticks the QuoteBook applied reach a series (it orders each instrument's ticks by
 *   exchange time); on top of that a series never reopens a candle older than its last one.
 * - Synthetic re-sends never make or change a candle (they may set the volume baseline).
 * - Volume is the increase of the day's cumulative volume, attributed to the bucket of the tick
 *   that shows it — within one *run* only. A run is an unbroken stream of this instrument's
 *   ticks (one subscription on one connection); `newRun()` ends it (reconnect, restart,
 *   re-subscription). The first tick of a run only sets the baseline: volume traded while we were
 *   not listening is never piled into one candle.
 * - The candle in which a run starts is marked `gap` when the series already had a candle of the
 *   same IST day: buckets in between are missing and this one misses its first ticks.
 *
 * Hot path: a cached bucket range (two comparisons per tick), one candle mutated in place.
 */
export class MinuteSeries {
  readonly exchange: string;
  /** Sorted by time; the last one may be forming. Mutated in place: copy before handing out. */
  readonly candles: Candle[] = [];
  readonly #maxCandles: number;
  readonly #stats: MinuteSeriesStats = { applied: 0, synthetic: 0, stale: 0 };
  /** The cached bucket: exchange times in [from, end) belong to the candle at `start`. */
  #bFrom = Number.NaN;
  #bEnd = Number.NaN;
  #bStart = Number.NaN;
  #bDay = 0;
  /** Cumulative volume at the last tick of this run, and its IST day; null: no baseline yet. */
  #baseline: number | null = null;
  #baselineDay = 0;
  /** Ticks applied in the current run (0: the next trade starts the run). */
  #runTrades = 0;

  /** `maxCandles`: how many minutes are kept in memory (older ones are dropped first). */
  constructor(exchange: string, maxCandles = 7 * 1440) {
    this.exchange = exchange;
    this.#maxCandles = maxCandles;
  }

  stats(): MinuteSeriesStats {
    return { ...this.#stats };
  }

  /** The stream broke (reconnect, restart, re-subscription): the next tick starts a new run. */
  newRun(): void {
    this.#baseline = null;
    this.#runTrades = 0;
  }

  /**
   * Seeds candles kept from an earlier run (the cache); they must be older than anything live.
   * The next tick starts a new run.
   */
  load(candles: readonly Candle[]): void {
    const first = this.candles[0]?.time ?? Infinity;
    const older = candles.filter((c) => c.time < first).map((c) => ({ ...c }));
    older.sort((a, b) => a.time - b.time);
    this.candles.unshift(...older);
    this.#trim();
    this.newRun();
  }

  /** Applies one tick; returns the candle it made or changed (live, mutable), or null. */
  ingest(tick: CandleTick): Candle | null {
    const t = tick.time;
    if (!(t >= this.#bFrom && t < this.#bEnd)) {
      const b = bucketOf(t, '1m', this.exchange);
      this.#bFrom = b.from;
      this.#bEnd = b.end;
      this.#bStart = b.start;
      this.#bDay = istTradingDay(b.start);
    }
    const day = this.#bDay;
    const cum = tick.cumVolume;
    if (tick.synthetic) {
      this.#stats.synthetic++;
      // A re-send carries the current cumulative volume: a baseline for the run's first trade.
      if (this.#baseline === null && cum !== null) {
        this.#baseline = cum;
        this.#baselineDay = day;
      }
      return null;
    }
    const candles = this.candles;
    const last = candles.length > 0 ? candles[candles.length - 1]! : undefined;
    const start = this.#bStart;
    if (last !== undefined && start < last.time) {
      this.#stats.stale++;
      return null;
    }
    let volume = 0;
    if (cum !== null) {
      const base = this.#baseline;
      if (base === null || day > this.#baselineDay) {
        // Same run across midnight: all of the new day's volume so far traded since the last tick.
        if (base !== null) volume = cum;
        this.#baseline = cum;
        this.#baselineDay = day;
      } else if (day === this.#baselineDay && cum > base) {
        volume = cum - base;
        this.#baseline = cum;
      }
    }
    const startsRun = this.#runTrades === 0;
    this.#runTrades++;
    this.#stats.applied++;
    const price = tick.price;
    if (last !== undefined && last.time === start) {
      if (price > last.high) last.high = price;
      if (price < last.low) last.low = price;
      last.close = price;
      last.volume += volume;
      last.source = 'live';
      if (startsRun) last.gap = true;
      return last;
    }
    const gap = startsRun && last !== undefined && istTradingDay(last.time) === day;
    const candle: Candle = {
      time: start,
      open: price,
      high: price,
      low: price,
      close: price,
      volume,
      source: 'live',
      gap,
    };
    candles.push(candle);
    if (candles.length > this.#maxCandles + 256) this.#trim();
    return candle;
  }

  #trim(): void {
    const excess = this.candles.length - this.#maxCandles;
    if (excess > 0) this.candles.splice(0, excess);
  }
}

/**
 * The candle input of a tick the QuoteBook applied (`quote` is what it made of it: volume never
 * goes backwards within a day there). null when the tick carries no exchange time at all: a
 * candle is never placed by the machine's clock.
 */
export function candleTickOf(
  tick: { tradeTime: number | null; ts: number | null; synthetic: boolean },
  quote: { ltp: number; volume: number | null },
): CandleTick | null {
  const time = tick.tradeTime ?? tick.ts;
  if (time === null) return null;
  return { time, price: quote.ltp, cumVolume: quote.volume, synthetic: tick.synthetic };
}
