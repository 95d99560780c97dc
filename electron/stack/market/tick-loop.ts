import { createRng, deriveSeed } from './random';

/**
 * Decides which instruments tick on each timer turn. Two regimes:
 * - per-instrument interval (default): each instrument ticks about every `tickIntervalMs`, with
 *   ±25% jitter so ticks do not arrive in lock-step;
 * - total rate (benchmarks): `totalTicksPerSecond` spread round-robin over all instruments.
 * All due ticks of a turn are handed over as one batch, so the emission work is done once per
 * timer turn rather than once per timer.
 */
export interface TickLoopOptions {
  tokens: readonly number[];
  seed: number;
  tickIntervalMs: number;
  totalTicksPerSecond?: number;
  onTicks: (tokens: number[], nowMs: number) => void;
}

export interface TickLoop {
  stop(): void;
}

/** After a stall (GC, loaded machine) catch up at most this much time, not the whole backlog. */
const MAX_CATCH_UP_MS = 250;

export function startTickLoop(opts: TickLoopOptions): TickLoop {
  const { tokens, onTicks } = opts;
  const rng = createRng(deriveSeed(opts.seed, 0x7e57));
  const rate = opts.totalTicksPerSecond;
  let timer: NodeJS.Timeout;

  if (rate && rate > 0) {
    let budget = 0;
    let cursor = 0;
    let last = Date.now();
    const turnMs = 10;
    timer = setInterval(() => {
      const now = Date.now();
      budget += (rate * Math.min(now - last, MAX_CATCH_UP_MS)) / 1000;
      last = now;
      const n = Math.floor(budget);
      if (n <= 0) return;
      budget -= n;
      const batch = new Array<number>(n);
      for (let i = 0; i < n; i++) {
        batch[i] = tokens[cursor]!;
        cursor = (cursor + 1) % tokens.length;
      }
      onTicks(batch, now);
    }, turnMs);
  } else {
    const interval = Math.max(1, opts.tickIntervalMs);
    const jittered = () => interval * (0.75 + 0.5 * rng.next());
    const start = Date.now();
    // Stagger first ticks across one interval so the first second is not one burst.
    const due = tokens.map(() => start + interval * rng.next());
    const turnMs = Math.min(50, Math.max(2, Math.floor(interval / 10)));
    timer = setInterval(() => {
      const now = Date.now();
      const batch: number[] = [];
      for (let i = 0; i < tokens.length; i++) {
        if (now >= due[i]!) {
          batch.push(tokens[i]!);
          due[i] = Math.max(due[i]! + jittered(), now - MAX_CATCH_UP_MS);
        }
      }
      if (batch.length > 0) onTicks(batch, now);
    }, turnMs);
  }
  timer.unref?.();
  return { stop: () => clearInterval(timer) };
}
