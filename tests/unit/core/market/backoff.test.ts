import { describe, expect, it } from 'vitest';
import { backoffDelay } from '../../../../electron/core/market/backoff';

describe('backoffDelay', () => {
  const opts = { initialDelayMs: 500, maxDelayMs: 30_000 };
  it('doubles per attempt within [step/2, step] and caps at the maximum', () => {
    expect(backoffDelay(1, opts, () => 0)).toBe(250);
    expect(backoffDelay(1, opts, () => 1)).toBe(500);
    expect(backoffDelay(3, opts, () => 1)).toBe(2_000);
    expect(backoffDelay(20, opts, () => 1)).toBe(30_000);
    expect(backoffDelay(20, opts, () => 0)).toBe(15_000);
  });
  it('jitters between clients', () => {
    const seen = new Set<number>();
    for (let i = 0; i < 50; i++) seen.add(backoffDelay(4, opts));
    expect(seen.size).toBeGreaterThan(5);
  });
});
