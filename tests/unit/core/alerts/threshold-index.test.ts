import { describe, expect, it } from 'vitest';
import { ThresholdIndex } from '../../../../electron/core/alerts/threshold-index';

type T = { id: string; value: number };
function index(values: number[]): ThresholdIndex<T> {
  const ix = new ThresholdIndex<T>();
  values.forEach((value, i) => ix.add({ id: `t${i}`, value }));
  return ix;
}
const ids = (xs: T[]) => xs.map((x) => x.value);

describe('sorted thresholds', () => {
  it('stay sorted whatever the insertion order (equal values keep their order)', () => {
    const ix = index([105, 100, 110, 100, 95]);
    expect(ix.values().map((x) => x.value)).toEqual([95, 100, 100, 105, 110]);
    expect(
      ix
        .values()
        .filter((x) => x.value === 100)
        .map((x) => x.id),
    ).toEqual(['t1', 't3']);
  });

  it('an upward move takes prev < v ≤ cur: exactly at the value counts, a gap takes all it jumped', () => {
    expect(ids(index([100]).takeUpward(99.95, 100))).toEqual([100]);
    expect(ids(index([100]).takeUpward(100, 100.05))).toEqual([]); // was already there
    expect(ids(index([100]).takeUpward(99, 99.95))).toEqual([]);
    const gap = index([101, 100, 110, 104, 120]);
    expect(ids(gap.takeUpward(99, 110))).toEqual([100, 101, 104, 110]);
    expect(ids(gap.values() as T[])).toEqual([120]); // taken ones are gone: they fire once
    expect(ids(gap.takeUpward(99, 110))).toEqual([]);
  });

  it('a downward move takes cur ≤ v < prev, highest first', () => {
    expect(ids(index([100]).takeDownward(100.05, 100))).toEqual([100]);
    expect(ids(index([100]).takeDownward(100, 99.95))).toEqual([]);
    expect(ids(index([90, 95, 99, 100, 101]).takeDownward(100.5, 95))).toEqual([100, 99, 95]);
    // Asking the wrong way takes nothing.
    expect(ids(index([100]).takeDownward(99, 101))).toEqual([]);
    expect(ids(index([100]).takeUpward(101, 99))).toEqual([]);
    expect(ids(index([]).takeUpward(1, 2))).toEqual([]);
  });

  it('removes by identity', () => {
    const ix = index([100, 100, 101]);
    expect(ix.remove((x) => x.id === 't1')).toBe(true);
    expect(ix.remove((x) => x.id === 't1')).toBe(false);
    expect(ix.values().map((x) => x.id)).toEqual(['t0', 't2']);
  });

  it('matches a full scan on random moves (2,000 cases)', () => {
    let seed = 7;
    const rnd = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let round = 0; round < 2_000; round++) {
      const values = Array.from({ length: 1 + Math.floor(rnd() * 20) }, () => Math.round(rnd() * 40) / 2);
      const prev = Math.round(rnd() * 40) / 2;
      const cur = Math.round(rnd() * 40) / 2;
      const up = index(values)
        .takeUpward(prev, cur)
        .map((x) => x.value);
      const down = index(values)
        .takeDownward(prev, cur)
        .map((x) => x.value);
      const scanUp = cur > prev ? values.filter((v) => prev < v && v <= cur).sort((a, b) => a - b) : [];
      const scanDown = cur < prev ? values.filter((v) => cur <= v && v < prev).sort((a, b) => b - a) : [];
      expect(up).toEqual(scanUp);
      expect(down).toEqual(scanDown);
    }
  });
});
