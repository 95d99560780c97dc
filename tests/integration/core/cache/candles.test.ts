import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openCache, type Cache } from '../../../../electron/core/cache';
import type { Candle } from '../../../../src/shared/chart';
import { tempDir } from '../../../unit/core/cache/fixtures';

let tmp: ReturnType<typeof tempDir>;
let cache: Cache;

beforeEach(() => {
  tmp = tempDir();
  cache = openCache(tmp.file()).cache;
});
afterEach(() => {
  cache.close();
  tmp.cleanup();
});

const T0 = 1_764_561_600_000; // 2025-12-01 09:30 IST
const minute = (i: number, price: number, volume: number, gap = false): Candle => ({
  time: T0 + i * 60_000,
  open: price,
  high: price + 1,
  low: price - 1,
  close: price + 0.5,
  volume,
  source: 'live',
  gap,
});

describe('cache: live candles', () => {
  it('keeps 1-minute candles per feed and instrument across a reopen; a later save of a minute overwrites it', () => {
    cache.saveCandles('demo', 2885, [minute(0, 100, 10), minute(1, 101, 20, true), minute(2, 102, 30)]);
    cache.saveCandles('demo', 1594, [minute(0, 50, 1)]);
    cache.saveCandles('https://market.example', 2885, [minute(0, 900, 9)]);
    // The forming minute saved again later with more ticks.
    cache.saveCandles('demo', 2885, [{ ...minute(2, 102, 45), close: 103, high: 103.5 }]);
    cache.close();
    cache = openCache(tmp.file()).cache;

    const reloaded = cache.loadCandles('demo', 2885, 0);
    expect(reloaded).toEqual([
      minute(0, 100, 10),
      minute(1, 101, 20, true),
      { ...minute(2, 102, 45), close: 103, high: 103.5 },
    ]);
    expect(cache.loadCandles('demo', 2885, T0 + 60_000).map((c) => c.time)).toEqual([T0 + 60_000, T0 + 120_000]);
    expect(cache.loadCandles('https://market.example', 2885, 0)).toEqual([minute(0, 900, 9)]);
    expect(cache.loadCandles('demo', 9999, 0)).toEqual([]);
  });

  it('survives sign-out (market data, not account data) and prunes by age', () => {
    cache.saveCandles('demo', 2885, [minute(0, 100, 10), minute(10, 101, 20), minute(20, 102, 30)]);
    cache.clearAccountData();
    expect(cache.loadCandles('demo', 2885, 0)).toHaveLength(3);
    expect(cache.pruneCandles(T0 + 10 * 60_000)).toBe(1);
    expect(cache.loadCandles('demo', 2885, 0).map((c) => c.volume)).toEqual([20, 30]);
  });

  it('skips and counts a row that does not read as a candle, keeping the rest', () => {
    cache.saveCandles('demo', 2885, [minute(0, 100, 10), minute(1, 101, 20)]);
    cache.close();
    const raw = new Database(tmp.file());
    raw.prepare('UPDATE candles SET low = 500 WHERE time = ?').run(T0); // low above high
    raw.close();
    cache = openCache(tmp.file()).cache;
    expect(cache.loadCandles('demo', 2885, 0)).toEqual([minute(1, 101, 20)]);
    expect(cache.stats().invalidRows).toBe(1);
  });
});
