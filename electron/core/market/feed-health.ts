import type { ConnectionState, ConnectionStatus } from '../../../src/shared/domain';
import type { FeedState } from './feed';

export type HealthInput = FeedState | { state: 'not_configured'; detail: null };

/**
 * The market feed's `connection.status`: published at once when the state changes and at most
 * once a second otherwise (tick rate and data age move constantly; the header needs neither
 * faster than that).
 */
export class FeedHealth {
  readonly #now: () => number;
  readonly #publish: (s: ConnectionStatus) => void;
  #status: ConnectionStatus;
  /** Ticks counted since the last one-second sample. */
  #ticksInWindow = 0;
  #windowStartedAt: number;
  #lastDataAt: number | null = null;
  #lastPublished: ConnectionStatus | null = null;

  constructor(opts: { now: () => number; publish: (s: ConnectionStatus) => void }) {
    this.#now = opts.now;
    this.#publish = opts.publish;
    this.#windowStartedAt = opts.now();
    this.#status = {
      feed: 'market',
      state: 'not_configured',
      since: opts.now(),
      detail: null,
      attempt: null,
      nextRetryAt: null,
      lastDataAt: null,
      ticksPerSecond: null,
      staleSince: null,
    };
  }

  /** Hot path: one tick arrived at `at`. */
  recordData(at: number): void {
    this.#ticksInWindow++;
    this.#lastDataAt = at;
  }

  /** Prices known before any tick (cached quotes) make their age the data age. */
  seedLastDataAt(at: number | null): void {
    if (at !== null && (this.#lastDataAt === null || at > this.#lastDataAt)) this.#lastDataAt = at;
  }

  setState(input: HealthInput): void {
    if (input.state === 'stopped') return;
    const now = this.#now();
    const prev = this.#status;
    const state: ConnectionState = input.state;
    const changed = state !== prev.state;
    let staleSince = prev.staleSince;
    if (state === 'live' || state === 'not_configured') staleSince = null;
    else if (prev.state === 'live') staleSince = now;
    else if (staleSince === null) staleSince = this.#lastDataAt;
    this.#status = {
      ...prev,
      state,
      since: changed ? now : prev.since,
      detail: input.detail,
      attempt: 'attempt' in input ? input.attempt : null,
      nextRetryAt: 'nextRetryAt' in input ? input.nextRetryAt : null,
      lastDataAt: this.#lastDataAt,
      ticksPerSecond: state === 'live' ? (prev.ticksPerSecond ?? 0) : null,
      staleSince,
    };
    this.#emit();
  }

  /** Called once a second: refresh the rate and age, publish if anything moved. */
  sample(): void {
    const now = this.#now();
    const elapsed = Math.max(1, now - this.#windowStartedAt);
    const tps = Math.round((this.#ticksInWindow * 1000) / elapsed);
    this.#ticksInWindow = 0;
    this.#windowStartedAt = now;
    this.#status = {
      ...this.#status,
      lastDataAt: this.#lastDataAt,
      ticksPerSecond: this.#status.state === 'live' ? tps : null,
    };
    const p = this.#lastPublished;
    if (p && p.lastDataAt === this.#status.lastDataAt && p.ticksPerSecond === this.#status.ticksPerSecond) return;
    this.#emit();
  }

  current(): ConnectionStatus {
    return { ...this.#status, lastDataAt: this.#lastDataAt };
  }

  #emit(): void {
    this.#lastPublished = this.#status;
    this.#publish(this.#status);
  }
}
