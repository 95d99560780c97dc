import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CacheEngineError, openCache } from '../../../../electron/core/cache';
import { order, position, tempDir } from '../../../unit/core/cache/fixtures';

/**
 * A SQLite engine that cannot be loaded (an addon built for another ABI, or none at all) is not
 * a corrupt cache: openCache must fail with CacheEngineError and leave the healthy file, its
 * -wal and its -shm exactly as they were. The failures here are real loader failures, through
 * better-sqlite3's `nativeBinding` option — the same door Electron uses for its own build.
 */
let tmp: ReturnType<typeof tempDir>;
beforeEach(() => {
  tmp = tempDir();
});
afterEach(() => tmp.cleanup());

/** A healthy cache with rows, left open-and-closed so its files are on disk; returns their bytes. */
function healthyCache(): Map<string, Buffer> {
  const { cache } = openCache(tmp.file());
  cache.upsert('order', [order()]);
  cache.upsert('position', [position()]);
  cache.close();
  const files = new Map<string, Buffer>();
  for (const name of readdirSync(tmp.dir)) files.set(name, readFileSync(join(tmp.dir, name)));
  return files;
}

function expectUntouched(before: Map<string, Buffer>): void {
  expect(readdirSync(tmp.dir).filter((n) => n.includes('.corrupt-'))).toEqual([]);
  for (const [name, bytes] of before) {
    expect(existsSync(join(tmp.dir, name)), name).toBe(true);
    expect(readFileSync(join(tmp.dir, name)).equals(bytes), name).toBe(true);
  }
  // And the cache still opens with a working engine, rows intact.
  const { cache, recovered } = openCache(tmp.file());
  try {
    expect(recovered).toBeNull();
    expect(cache.get('order', 'ord-1')).toEqual(order());
    expect(cache.all('position')).toHaveLength(1);
  } finally {
    cache.close();
  }
}

describe('openCache when the SQLite engine cannot be loaded', () => {
  it('an addon that is not a loadable library (ERR_DLOPEN_FAILED): typed error, cache left alone', () => {
    const before = healthyCache();
    const badAddon = join(tmp.dir, 'better_sqlite3.node');
    writeFileSync(badAddon, randomBytes(4096));
    before.set('better_sqlite3.node', readFileSync(badAddon));

    let thrown: unknown;
    try {
      openCache(tmp.file(), { nativeBinding: badAddon });
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(CacheEngineError);
    const error = thrown as CacheEngineError;
    expect(error.code).toBe('cache_engine_unavailable');
    expect(error.loaderCode).toBe('ERR_DLOPEN_FAILED');
    expect(error.message).toContain(badAddon);
    expectUntouched(before);
  });

  it('an addon that is missing (MODULE_NOT_FOUND): typed error, cache left alone', () => {
    const before = healthyCache();
    const missing = join(tmp.dir, 'nowhere', 'better_sqlite3.node');
    expect(() => openCache(tmp.file(), { nativeBinding: missing })).toThrow(
      expect.objectContaining({ name: 'CacheEngineError', loaderCode: 'MODULE_NOT_FOUND' }),
    );
    expectUntouched(before);
  });

  it('a corrupt file with a broken engine is still not touched: the engine is checked first', () => {
    const garbage = randomBytes(8192);
    writeFileSync(tmp.file(), garbage);
    const missing = join(tmp.dir, 'nowhere', 'better_sqlite3.node');
    expect(() => openCache(tmp.file(), { nativeBinding: missing })).toThrow(CacheEngineError);
    expect(readdirSync(tmp.dir)).toEqual(['cache.sqlite']);
    expect(readFileSync(tmp.file()).equals(garbage)).toBe(true);
  });
});
