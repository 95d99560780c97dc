/**
 * One instrument's thresholds for one figure (LTP, or day change %), kept sorted by value so a
 * tick finds the alerts it crosses by binary search: O(log n + fired), never a scan of every
 * alert. Crossing semantics (the "a tick exactly at the value counts", "a gap through it
 * fires"):
 *
 *   upward move prev → cur (prev < cur):   fires every threshold v with prev < v ≤ cur
 *   downward move prev → cur (cur < prev): fires every threshold v with cur ≤ v < prev
 *
 * `ABOVE` alerts live in an index only ever asked about upward moves, `BELOW` alerts in one only
 * asked about downward moves. A price that merely touches the value from the far side (prev = v)
 * is not a new crossing: it reached the value on an earlier tick (which fired) or was already
 * there when the alert was armed.
 */
export class ThresholdIndex<T extends { readonly value: number }> {
  /** Ascending by value; equal values in insertion order. */
  readonly #items: T[] = [];

  get size(): number {
    return this.#items.length;
  }

  values(): readonly T[] {
    return this.#items;
  }

  add(item: T): void {
    this.#items.splice(this.#upperBound(item.value), 0, item);
  }

  /** Removes the first item `match` accepts; true when one was removed. */
  remove(match: (item: T) => boolean): boolean {
    const i = this.#items.findIndex(match);
    if (i < 0) return false;
    this.#items.splice(i, 1);
    return true;
  }

  /** Takes out and returns the thresholds an upward move prev → cur crosses (prev < v ≤ cur), lowest first. */
  takeUpward(prev: number, cur: number): T[] {
    const items = this.#items;
    // O(1) for the common tick: every threshold lies beyond the move (sorted: ends are min and max).
    if (!(cur > prev) || items.length === 0 || items[0]!.value > cur || items[items.length - 1]!.value <= prev) {
      return NONE as unknown as T[];
    }
    const from = this.#upperBound(prev);
    const to = this.#upperBound(cur);
    return to > from ? this.#items.splice(from, to - from) : (NONE as unknown as T[]);
  }

  /** Takes out and returns the thresholds a downward move prev → cur crosses (cur ≤ v < prev), highest first. */
  takeDownward(prev: number, cur: number): T[] {
    const items = this.#items;
    if (!(cur < prev) || items.length === 0 || items[0]!.value >= prev || items[items.length - 1]!.value < cur) {
      return NONE as unknown as T[];
    }
    const from = this.#lowerBound(cur);
    const to = this.#lowerBound(prev);
    return to > from ? this.#items.splice(from, to - from).reverse() : (NONE as unknown as T[]);
  }

  /** First index whose value is > x. */
  #upperBound(x: number): number {
    let lo = 0;
    let hi = this.#items.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.#items[mid]!.value <= x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** First index whose value is ≥ x. */
  #lowerBound(x: number): number {
    let lo = 0;
    let hi = this.#items.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.#items[mid]!.value < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

/** Shared empty answer: the hot path allocates nothing when nothing fires. */
const NONE: readonly never[] = Object.freeze([]);
