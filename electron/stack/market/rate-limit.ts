/**
 * Sliding one-second window per (API key, event): the service allows 10 subscribe, 10
 * unsubscribe and 10 set_mode calls per second per key, across all of that key's connections.
 */
export class RateLimiter {
  private readonly hits = new Map<string, number[]>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number = 1000,
    private readonly now: () => number = Date.now,
  ) {}

  /** Records a call; returns undefined if allowed, else how long until one would be. */
  check(key: string): { retryAfterMs: number } | undefined {
    const t = this.now();
    const list = (this.hits.get(key) ?? []).filter((h) => t - h < this.windowMs);
    if (list.length >= this.limit) {
      this.hits.set(key, list);
      return { retryAfterMs: Math.max(1, list[0]! + this.windowMs - t) };
    }
    list.push(t);
    this.hits.set(key, list);
    return undefined;
  }
}
