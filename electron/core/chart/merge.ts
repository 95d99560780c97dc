import { bucketOf, type Candle, type CandleInterval } from '../../../src/shared/chart';

/**
 * How a chart joins the service's history with the candles built here from ticks, per bucket:
 * - history alone, or live alone: that candle;
 * - both, and history covered the whole bucket (its end ≤ `coveredTo`, when the history was
 *   asked for): history — it is the exchange's record (tick-built candles approximate it: ticks
 *   are snapshots), and it fills a bucket live ticks missed (a gap);
 * - both, and the bucket was forming when history was asked for: joined — open from history
 *   (it saw the bucket's start), high and low over both, close from live (it is newer), volume
 *   the larger of the two (each saw part of the bucket; their overlap is unknown).
 * Pure; sorted in, sorted out.
 */
export function mergeSeries(
  history: readonly Candle[],
  live: readonly Candle[],
  coveredTo: number,
  interval: CandleInterval,
  exchange: string,
): Candle[] {
  const out: Candle[] = [];
  let i = 0;
  let j = 0;
  while (i < history.length || j < live.length) {
    const h = history[i];
    const l = live[j];
    if (l === undefined || (h !== undefined && h.time < l.time)) {
      out.push(h!);
      i++;
    } else if (h === undefined || l.time < h.time) {
      out.push(l);
      j++;
    } else {
      out.push(joinBucket(h, l, bucketOf(h.time, interval, exchange).end <= coveredTo));
      i++;
      j++;
    }
  }
  return out;
}

/** One bucket both sources have (see mergeSeries). */
export function joinBucket(history: Candle, live: Candle, historyComplete: boolean): Candle {
  if (historyComplete) return history;
  return {
    time: history.time,
    open: history.open,
    high: Math.max(history.high, live.high),
    low: Math.min(history.low, live.low),
    close: live.close,
    volume: Math.max(history.volume, live.volume),
    source: 'live',
    gap: live.gap,
  };
}

/** Index of the first candle with `time >= t` in a sorted list (binary search). */
export function lowerBound(candles: readonly Candle[], t: number): number {
  let lo = 0;
  let hi = candles.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (candles[mid]!.time < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * `target` (sorted) with the stretch `incoming` covers (sorted, from its first to its last time)
 * replaced by `incoming`: a re-fetched stretch of history replaces what an earlier fetch said of it.
 */
export function replaceStretch(target: readonly Candle[], incoming: readonly Candle[]): Candle[] {
  if (incoming.length === 0) return [...target];
  const from = lowerBound(target, incoming[0]!.time);
  const to = lowerBound(target, incoming[incoming.length - 1]!.time + 1);
  return target.slice(0, from).concat(incoming, target.slice(to));
}
