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

/** Per instrument with at least one armed alert: its baselines and its four indexes. */
interface Instrument {
  /** The last price observed on the current connection (undefined: none yet). */
  ltp: number | undefined;
  /** The last day change % observed, and the previous close it was measured against. */
  changePct: number | undefined;
  close: number | null | undefined;
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
    for (const s of this.#instruments.values()) {
      s.ltp = undefined;
      s.changePct = undefined;
      s.close = undefined;
    }
  }

  /**
   * One applied quote (hot path: one map lookup for an instrument without alerts, two binary
   * searches for one with them). `synthetic`: a snapshot or re-sent price, not a trade — it
   * sets the baseline and never fires.
   */
  observe(q: ObservedQuote, synthetic: boolean): void {
    const s = this.#instruments.get(q.token);
    if (s === undefined) return;
    const prevLtp = s.ltp;
    s.ltp = q.ltp;
    let prevPct = s.changePct;
    if (q.close !== s.close) {
      prevPct = undefined;
      s.close = q.close;
    }
    s.changePct = q.changePct ?? undefined;
    if (synthetic) return;
    let fired: ArmedAlert[] | null = null;
    if (prevLtp !== undefined && q.ltp !== prevLtp) {
      const hit = q.ltp > prevLtp ? s.ltpAbove.takeUpward(prevLtp, q.ltp) : s.ltpBelow.takeDownward(prevLtp, q.ltp);
      if (hit.length > 0) fired = [...hit];
    }
    if (prevPct !== undefined && q.changePct !== null && q.changePct !== prevPct) {
      const cur = q.changePct;
      const hit = cur > prevPct ? s.pctAbove.takeUpward(prevPct, cur) : s.pctBelow.takeDownward(prevPct, cur);
      if (hit.length > 0) fired = fired === null ? [...hit] : fired.concat(hit);
    }
    if (fired === null) return;
    const crossings: Crossing[] = [];
    for (const alert of fired) {
      this.#byId.delete(alert.id);
      s.armed--;
      crossings.push({ alert, ltp: q.ltp, changePct: q.changePct, at: q.receivedAt });
    }
    if (s.armed === 0) this.#instruments.delete(q.token);
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
    return s && { ltp: s.ltp, changePct: s.changePct };
  }

  stats(): { armed: number; instruments: number; fired: number } {
    return { armed: this.#byId.size, instruments: this.#instruments.size, fired: this.#fired };
  }

  #arm(alert: ArmedAlert, live: ObservedQuote | undefined): void {
    let s = this.#instruments.get(alert.token);
    if (s === undefined) {
      s = {
        ltp: live?.ltp,
        changePct: live?.changePct ?? undefined,
        close: live?.close,
        ltpAbove: new ThresholdIndex(),
        ltpBelow: new ThresholdIndex(),
        pctAbove: new ThresholdIndex(),
        pctBelow: new ThresholdIndex(),
        armed: 0,
      };
      this.#instruments.set(alert.token, s);
    } else if (s.ltp === undefined && live !== undefined) {
      s.ltp = live.ltp;
      s.changePct = live.changePct ?? undefined;
      s.close = live.close;
    }
    indexOf(s, alert.condition).add(alert);
    s.armed++;
    this.#byId.set(alert.id, alert);
  }

  #disarm(alert: ArmedAlert): void {
    this.#byId.delete(alert.id);
    const s = this.#instruments.get(alert.token);
    if (s === undefined) return;
    if (indexOf(s, alert.condition).remove((a) => a.id === alert.id)) s.armed--;
    if (s.armed === 0) this.#instruments.delete(alert.token);
  }
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
