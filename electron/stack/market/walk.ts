import { createRng, deriveSeed } from './random';

/**
 * The building blocks of the embedded market's price walk, every one a deterministic function of
 * (seed, stream, time): the walk's past is reproducible, so the historical candles served today
 * are exactly what the live feed printed yesterday, and a restarted simulator continues its walk
 * without a jump.
 *
 * A *component* (the shared market factor, an instrument's own moves, a future's basis) is a
 * log-price offset built top-down:
 * - one value per IST day: a mean-reverting (Ornstein–Uhlenbeck) walk from `WALK_EPOCH_DAY`, so
 *   prices wander like a stock's but never drift away from the catalogue's level over the years;
 * - one value per minute: a Brownian bridge between two days' values (1,441 points per day);
 * - within a minute the instrument's price takes a shape of its own (price-engine.ts).
 * Nothing depends on when or how often anyone asked, only on the seed and the time.
 */

export const MINUTE_MS = 60_000;
export const DAY_MS = 86_400_000;
export const MINUTES_PER_DAY = 1440;
/** IST is UTC+05:30 all year. */
export const IST_OFFSET_MS = 330 * MINUTE_MS;

/** The IST day number (days since 1970-01-01 in IST) an instant falls on. */
export function istDay(t: number): number {
  return Math.floor((t + IST_OFFSET_MS) / DAY_MS);
}

/** Epoch ms of 00:00 IST of an IST day number. */
export function istDayStartMs(day: number): number {
  return day * DAY_MS - IST_OFFSET_MS;
}

/** The walk starts on 2024-01-01 (IST); there is no market before it. */
export const WALK_EPOCH_DAY = istDay(Date.UTC(2024, 0, 1) - IST_OFFSET_MS);

/**
 * A uniform draw in [0, 1) addressed by three integers, with no state: what a time-indexed walk
 * needs (the draw for second 1,764,000,123 of RELIANCE is the same whoever asks, whenever).
 */
export function hashUnit(a: number, b: number, c: number): number {
  return deriveSeed(deriveSeed(a, b), c) / 4294967296;
}

/** A standard normal from two uniforms (Box–Muller, cosine half). */
export function normalOf(u1: number, u2: number): number {
  return Math.sqrt(-2 * Math.log(u1 > 0 ? u1 : 1e-12)) * Math.cos(2 * Math.PI * u2);
}

export interface ComponentSpec {
  /** Standard deviation of one minute's move (log units). */
  perMinuteVol: number;
  /** How far the day-level walk wanders from 0 in the long run (log units). */
  stationaryStd: number;
}

/** One component of the walk (see the file comment). Values are log-price offsets. */
export class WalkComponent {
  readonly #seed: number;
  readonly #perMinute: number;
  /** Day-to-day: X(d+1) = φ·X(d) + innovation·N(0,1). */
  readonly #phi: number;
  readonly #innovation: number;
  readonly #stationary: number;
  /** X(WALK_EPOCH_DAY + i), grown on demand. */
  readonly #days: number[] = [];
  /** Minute paths of the last few days asked for (live asks for today and yesterday). */
  readonly #minutes = new Map<number, Float64Array>();

  constructor(seed: number, stream: number, spec: ComponentSpec) {
    this.#seed = deriveSeed(seed, stream);
    this.#perMinute = spec.perMinuteVol;
    this.#innovation = spec.perMinuteVol * Math.sqrt(MINUTES_PER_DAY);
    this.#stationary = Math.max(spec.stationaryStd, this.#innovation * 1.05);
    const ratio = this.#innovation / this.#stationary;
    this.#phi = Math.sqrt(Math.max(0, 1 - ratio * ratio));
  }

  /** The component's value at 00:00 IST of `day` (days before the epoch read as the epoch). */
  dayValue(day: number): number {
    const i = Math.max(0, day - WALK_EPOCH_DAY);
    const days = this.#days;
    if (days.length === 0) days.push(this.#stationary * normalOf(...this.#units(-1)));
    while (days.length <= i) {
      const d = days.length - 1;
      days.push(this.#phi * days[d]! + this.#innovation * normalOf(...this.#units(d)));
    }
    return days[i]!;
  }

  /**
   * The component at every minute of `day`: 1,441 values, index k = 00:00 IST + k minutes
   * (index 1,440 is the next day's 00:00). A Brownian bridge between the two days' values.
   * Kept for the last few days asked for; `into` computes without keeping (long history scans).
   */
  minutes(day: number, into?: Float64Array): Float64Array {
    if (into === undefined) {
      const kept = this.#minutes.get(day);
      if (kept) return kept;
    }
    const out = into ?? new Float64Array(MINUTES_PER_DAY + 1);
    const a = this.dayValue(day);
    const b = this.dayValue(day + 1);
    const rng = createRng(deriveSeed(this.#seed, 0x40000000 + day));
    out[0] = 0;
    for (let k = 1; k <= MINUTES_PER_DAY; k++) out[k] = out[k - 1]! + this.#perMinute * rng.gaussian();
    const miss = out[MINUTES_PER_DAY]! - (b - a);
    for (let k = 0; k <= MINUTES_PER_DAY; k++) out[k] = a + out[k]! - (k / MINUTES_PER_DAY) * miss;
    out[MINUTES_PER_DAY] = b;
    if (into === undefined) {
      this.#minutes.set(day, out);
      if (this.#minutes.size > 3) this.#minutes.delete(this.#minutes.keys().next().value!);
    }
    return out;
  }

  #units(day: number): [number, number] {
    return [hashUnit(this.#seed, day, 1), hashUnit(this.#seed, day, 2)];
  }
}
