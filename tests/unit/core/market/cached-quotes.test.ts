import { describe, expect, it } from 'vitest';
import { openCache } from '../../../../electron/core/cache';
import { CachedQuotes } from '../../../../electron/core/market/cached-quotes';
import { quote, tempDir } from '../cache/fixtures';

describe('CachedQuotes: last prices on this machine', () => {
  it('saves only what changed since the last save (latest per token) and reads it back from a real cache', () => {
    const t = tempDir();
    try {
      const { cache } = openCache(t.file());
      const writes: number[] = [];
      const store = {
        loadQuotes: () => cache.loadQuotes(),
        saveQuotes: (q: Parameters<typeof cache.saveQuotes>[0]) => {
          writes.push(q.length);
          cache.saveQuotes(q);
        },
      };
      const cached = new CachedQuotes(store);
      expect(cached.load()).toEqual([]);
      cached.changed(quote({ token: 2885, ltp: 2500 }));
      cached.changed(quote({ token: 2885, ltp: 2501 }));
      cached.changed(quote({ token: 1594, ltp: 1500 }));
      cached.save();
      cached.save(); // nothing changed since: no write
      expect(writes).toEqual([2]);
      const back = new CachedQuotes(store).load();
      expect(back.map((q) => [q.token, q.ltp]).sort()).toEqual([
        [1594, 1500],
        [2885, 2501],
      ]);
      cache.close();
    } finally {
      t.cleanup();
    }
  });

  it('a failing store is logged, never thrown; no store does nothing', () => {
    const broken = new CachedQuotes({
      loadQuotes: () => {
        throw new Error('disk gone');
      },
      saveQuotes: () => {
        throw new Error('disk gone');
      },
    });
    const errors = console.error;
    console.error = () => {};
    try {
      expect(broken.load()).toEqual([]);
      broken.changed(quote({ token: 1 }));
      expect(() => broken.save()).not.toThrow();
    } finally {
      console.error = errors;
    }
    const none = new CachedQuotes(undefined);
    none.changed(quote({ token: 1 }));
    expect(none.load()).toEqual([]);
    expect(() => none.save()).not.toThrow();
  });
});
