import { describe, expect, it } from 'vitest';
import { InterestRegistry } from '../../../../electron/core/market/interest-registry';

describe('InterestRegistry', () => {
  it('ref-counts tokens across owners', () => {
    const r = new InterestRegistry();
    expect(r.set('window:a', [1, 2, 3])).toEqual({ added: [1, 2, 3], removed: [] });
    expect(r.set('window:b', [3, 4])).toEqual({ added: [4], removed: [] });
    expect(r.set('system:positions', [1])).toEqual({ added: [], removed: [] });
    // a closes: 2 is no longer needed; 1 is held by positions, 3 by b
    expect(r.clear('window:a')).toEqual({ added: [], removed: [2] });
    expect([...r.wanted()].sort()).toEqual([1, 3, 4]);
    expect(r.clear('window:b')).toEqual({ added: [], removed: [3, 4] });
    expect(r.set('system:positions', [])).toEqual({ added: [], removed: [1] });
    expect(r.wantedCount()).toBe(0);
    expect(r.owners()).toEqual([]);
  });

  it('diffs a replaced set and ignores duplicates', () => {
    const r = new InterestRegistry();
    r.set('w', [1, 1, 2]);
    expect(r.set('w', [2, 3, 3])).toEqual({ added: [3], removed: [1] });
    expect(r.set('w', [3, 2])).toEqual({ added: [], removed: [] });
    expect([...r.tokensOf('w')].sort()).toEqual([2, 3]);
  });
});
