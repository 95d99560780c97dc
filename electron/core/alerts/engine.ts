import type { AlertCondition, Quote } from '../../../src/shared/domain';
import { ThresholdIndex } from './threshold-index';

/** One arming of one alert, as the engine evaluates it. */
export interface ArmedAlert {
  readonly id: string;
  readonly armId: string;
  readonly token: number;
  readonly condition: AlertCondition;
  /** Rupees (LTP conditions) or percent (day-change conditions). */
  readonly value: number;
}

/** An alert a tick crossed. */
export interface Crossing {
  alert: ArmedAlert;
  /** The tick's last price, rupees. */
  ltp: number;
  /** The tick's day change %, when known. */
  changePct: number | null;
  /** When main received the tick, epoch ms. */
  at: number;
}

/** The figures a tick carries that alerts watch (a Quote fits). */
export type ObservedQuote = Pick<Quote, 'token' | 'ltp' | 'changePct' | 'close' | 'receivedAt'>;

/**
 * Per instrument, what every tick reads — its baselines and the lowest/highest value of each of
 * its four indexes — is one row of doubles in the engine's Float64Array (columns below), not
 * fields of objects: with hundreds of instruments streaming, an instrument's baselines and its
 * alerts' values had left the CPU caches by its next tick, one miss per boxed number (≈0.3 µs a
 * tick in `bench -- market`'s no-socket case). The indexes are touched only when a tick's move
 * reaches into one.
 */
/** The last price observed on the current connection; NaN: none yet. */
const C_LTP = 0;
/** The last day change % observed; NaN: none yet. */
const C_PCT = 1;
/** The previous close that change % was measured against; NaN: none observed, CLOSE_NULL: a quote without one. */
const C_CLOSE = 2;
/** Lowest and highest value of ltpAbove, ltpBelow, pctAbove, pctBelow (+∞ / −∞ when empty). */
const C_LTP_ABOVE_MIN = 3;
const C_LTP_ABOVE_MAX = 4;
const C_LTP_BELOW_MIN = 5;
const C_LTP_BELOW_MAX = 6;
const C_PCT_ABOVE_MIN = 7;
const C_PCT_ABOVE_MAX = 8;
const C_PCT_BELOW_MIN = 9;
const C_PCT_BELOW_MAX = 10;
const ROW = 11;
/** A quote whose previous close is null (a price is never −∞: the parser refuses infinities). */
const CLOSE_NULL = Number.NEGATIVE_INFINITY;

/** Per instrument with at least one armed alert: its row (baselines, index bounds) and its four indexes. */
interface Instrument {
  /** Its row in the engine's #rows (×ROW doubles); rows of instruments that went are reused. */
  row: number;
  ltpAbove: ThresholdIndex<ArmedAlert>;
  ltpBelow: ThresholdIndex<ArmedAlert>;
  pctAbove: ThresholdIndex<ArmedAlert>;
  pctBelow: ThresholdIndex<ArmedAlert>;
  armed: number;
}

/**
 * Evaluates armed alerts on every tick. Pure (no I/O, no clock): the alert service feeds it the
 * market's quotes and the alerts to arm, and is told what fired.
 *
 * The baseline rule ("no stale crossing"): an alert fires only when two prices observed on the
 * SAME live market connection lie on either side of its value (threshold-index.ts: exactly at
 * the value counts, a gap through it counts). The previous price is the instrument's last
 * observation on this connection — a tick, or the service's snapshot price at subscribe time
 * (`synthetic`: it sets the baseline but never fires) — and, for an alert armed now, the
 * instrument's last live quote at the moment of arming (the price the trader saw). So:
 * - the first tick after a reconnect only sets the baseline (`reset()` forgets every baseline
 *   when a connection ends or begins): a move that happened while disconnected never fires;
 * - an alert armed with no live price known (its instrument was not subscribed, or only a cached
 *   price from an earlier run exists) fires from the second observation on, never the first;
 * - an alert armed while the price already stands beyond its value waits for a real crossing;
 * - day change %: a change of the previous close (a new session) resets that baseline too.
 *
 * An alert fires once: it leaves the index as it fires, and only a new arming (another `armId`)
 * brings it back.
 */
export class AlertEngine {
  readonly #instruments = new Map<number, Instrument>();
  #rows = new Float64Array(64 * ROW);
  /** Rows in use or once used (the next new row), and those free again. */
  #rowsUsed = 0;
  readonly #freeRows: number[] = [];
  readonly #byId = new Map<string, ArmedAlert>();
  readonly #onFire: (crossings: Crossing[]) => void;
  #fired = 0;

  constructor(onFire: (crossings: Crossing[]) => void) {
    this.#onFire = onFire;
  }

  /**
   * Makes the armed set exactly `alerts`: new ones are armed (baseline from `liveQuote`, the
   * market's last quote of the current connection, when it has one), removed ones disarmed, one
   * whose arming, value, condition or instrument changed is re-armed; the others keep their state.
   */
  sync(alerts: readonly ArmedAlert[], liveQuote: (token: number) => ObservedQuote | undefined): void {
    const wanted = new Map(alerts.map((a) => [a.id, a]));
    for (const [id, armed] of this.#byId) {
      const next = wanted.get(id);
      if (next === undefined || !sameArming(armed, next)) this.#disarm(armed);
    }
    for (const alert of alerts) {
      const armed = this.#byId.get(alert.id);
      if (armed !== undefined && sameArming(armed, alert)) continue;
      this.#arm(alert, liveQuote(alert.token));
    }
  }

  /** The connection to the market ended or began: every baseline is forgotten. */
  reset(): void {
    const r = this.#rows;
    for (const s of this.#instruments.values()) {
      const o = s.row * ROW;
      r[o + C_LTP] = Number.NaN;
      r[o + C_PCT] = Number.NaN;
      r[o + C_CLOSE] = Number.NaN;
    }
  }

  /**
   * One applied quote (hot path: one map lookup for an instrument without alerts; for one with
   * them, its row of doubles, and two binary searches only when the move reaches an index's
   * range). `synthetic`: a snapshot or re-sent price, not a trade — it sets the baseline and
   * never fires.
   */
  observe(q: ObservedQuote, synthetic: boolean): void {
    const s = this.#instruments.get(q.token);
    if (s === undefined) return;
    const r = this.#rows;
    const o = s.row * ROW;
    // NaN (no baseline yet) fails every comparison below, so nothing fires from it.
    const prevLtp = r[o + C_LTP]!;
    const ltp = q.ltp;
    r[o + C_LTP] = ltp;
    let prevPct = r[o + C_PCT]!;
    const close = q.close === null ? CLOSE_NULL : q.close;
    if (close !== r[o + C_CLOSE]) {
      prevPct = Number.NaN;
      r[o + C_CLOSE] = close;
    }
    const cur = q.changePct;
    r[o + C_PCT] = cur === null ? Number.NaN : cur;
    if (synthetic) return;
    let fired: ArmedAlert[] | null = null;
    // Each index is asked only when the move reaches its range (prev < v ≤ cur upward, cur ≤ v < prev downward).
    if (ltp > prevLtp) {
      if (r[o + C_LTP_ABOVE_MIN]! <= ltp && r[o + C_LTP_ABOVE_MAX]! > prevLtp) {
        const hit = s.ltpAbove.takeUpward(prevLtp, ltp);
        if (hit.length > 0) fired = [...hit];
      }
    } else if (ltp < prevLtp) {
      if (r[o + C_LTP_BELOW_MIN]! < prevLtp && r[o + C_LTP_BELOW_MAX]! >= ltp) {
        const hit = s.ltpBelow.takeDownward(prevLtp, ltp);
        if (hit.length > 0) fired = [...hit];
      }
    }
    if (cur !== null) {
      let hit: readonly ArmedAlert[] = NO_ALERTS;
      if (cur > prevPct) {
        if (r[o + C_PCT_ABOVE_MIN]! <= cur && r[o + C_PCT_ABOVE_MAX]! > prevPct)
          hit = s.pctAbove.takeUpward(prevPct, cur);
      } else if (cur < prevPct) {
        if (r[o + C_PCT_BELOW_MIN]! < prevPct && r[o + C_PCT_BELOW_MAX]! >= cur)
          hit = s.pctBelow.takeDownward(prevPct, cur);
      }
      if (hit.length > 0) fired = fired === null ? [...hit] : fired.concat(hit);
    }
    if (fired === null) return;
    const crossings: Crossing[] = [];
    for (const alert of fired) {
      this.#byId.delete(alert.id);
      s.armed--;
      crossings.push({ alert, ltp: q.ltp, changePct: q.changePct, at: q.receivedAt });
    }
    if (s.armed === 0) this.#drop(q.token, s);
    else this.#bounds(s);
    this.#fired += crossings.length;
    this.#onFire(crossings);
  }

  /** Instruments with at least one armed alert (they must stay subscribed). */
  tokens(): number[] {
    return [...this.#instruments.keys()].sort((a, b) => a - b);
  }

  isArmed(id: string): boolean {
    return this.#byId.has(id);
  }

  /** The baselines an instrument's alerts are judged from (tests and diagnostics). */
  baseline(token: number): { ltp: number | undefined; changePct: number | undefined } | undefined {
    const s = this.#instruments.get(token);
    if (s === undefined) return undefined;
    const o = s.row * ROW;
    return { ltp: fromRow(this.#rows[o + C_LTP]!), changePct: fromRow(this.#rows[o + C_PCT]!) };
  }

  stats(): { armed: number; instruments: number; fired: number } {
    return { armed: this.#byId.size, instruments: this.#instruments.size, fired: this.#fired };
  }

  #arm(alert: ArmedAlert, live: ObservedQuote | undefined): void {
    let s = this.#instruments.get(alert.token);
    if (s === undefined) {
      s = {
        row: this.#newRow(),
        ltpAbove: new ThresholdIndex(),
        ltpBelow: new ThresholdIndex(),
        pctAbove: new ThresholdIndex(),
        pctBelow: new ThresholdIndex(),
        armed: 0,
      };
      this.#instruments.set(alert.token, s);
      this.#baselineFrom(s, live);
    } else if (this.#rows[s.row * ROW + C_LTP] !== this.#rows[s.row * ROW + C_LTP] && live !== undefined) {
      this.#baselineFrom(s, live); // no price observed yet (NaN): the live quote's is the baseline
    }
    indexOf(s, alert.condition).add(alert);
    s.armed++;
    this.#bounds(s);
    this.#byId.set(alert.id, alert);
  }

  #disarm(alert: ArmedAlert): void {
    this.#byId.delete(alert.id);
    const s = this.#instruments.get(alert.token);
    if (s === undefined) return;
    if (indexOf(s, alert.condition).remove((a) => a.id === alert.id)) s.armed--;
    if (s.armed === 0) this.#drop(alert.token, s);
    else this.#bounds(s);
  }

  /** The baselines of an instrument from a quote (none: no baseline). */
  #baselineFrom(s: Instrument, live: ObservedQuote | undefined): void {
    const o = s.row * ROW;
    const r = this.#rows;
    r[o + C_LTP] = live === undefined ? Number.NaN : live.ltp;
    r[o + C_PCT] = live === undefined || live.changePct === null ? Number.NaN : live.changePct;
    r[o + C_CLOSE] = live === undefined ? Number.NaN : live.close === null ? CLOSE_NULL : live.close;
  }

  /** Copies each index's lowest and highest value into the instrument's row (after any change to an index). */
  #bounds(s: Instrument): void {
    const o = s.row * ROW;
    const r = this.#rows;
    r[o + C_LTP_ABOVE_MIN] = lowest(s.ltpAbove);
    r[o + C_LTP_ABOVE_MAX] = highest(s.ltpAbove);
    r[o + C_LTP_BELOW_MIN] = lowest(s.ltpBelow);
    r[o + C_LTP_BELOW_MAX] = highest(s.ltpBelow);
    r[o + C_PCT_ABOVE_MIN] = lowest(s.pctAbove);
    r[o + C_PCT_ABOVE_MAX] = highest(s.pctAbove);
    r[o + C_PCT_BELOW_MIN] = lowest(s.pctBelow);
    r[o + C_PCT_BELOW_MAX] = highest(s.pctBelow);
  }

  /** The instrument has no armed alert left: it and its row go (the row is reused). */
  #drop(token: number, s: Instrument): void {
    this.#instruments.delete(token);
    this.#freeRows.push(s.row);
  }

  /** A free row (the rows grow by doubling). */
  #newRow(): number {
    const free = this.#freeRows.pop();
    if (free !== undefined) return free;
    const row = this.#rowsUsed++;
    if ((row + 1) * ROW > this.#rows.length) {
      const grown = new Float64Array(this.#rows.length * 2);
      grown.set(this.#rows);
      this.#rows = grown;
    }
    return row;
  }
}

/** Shared empty answer: nothing allocated when nothing fires. */
const NO_ALERTS: readonly ArmedAlert[] = Object.freeze([]);

function lowest(index: ThresholdIndex<ArmedAlert>): number {
  const v = index.values();
  return v.length === 0 ? Number.POSITIVE_INFINITY : v[0]!.value;
}

function highest(index: ThresholdIndex<ArmedAlert>): number {
  const v = index.values();
  return v.length === 0 ? Number.NEGATIVE_INFINITY : v[v.length - 1]!.value;
}

function fromRow(v: number): number | undefined {
  return v !== v ? undefined : v; // NaN
}

function indexOf(s: Instrument, condition: AlertCondition): ThresholdIndex<ArmedAlert> {
  switch (condition) {
    case 'LTP_ABOVE':
      return s.ltpAbove;
    case 'LTP_BELOW':
      return s.ltpBelow;
    case 'CHANGE_PCT_ABOVE':
      return s.pctAbove;
    case 'CHANGE_PCT_BELOW':
      return s.pctBelow;
  }
}

function sameArming(a: ArmedAlert, b: ArmedAlert): boolean {
  return a.armId === b.armId && a.token === b.token && a.condition === b.condition && a.value === b.value;
}
