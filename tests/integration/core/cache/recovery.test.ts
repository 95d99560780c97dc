import Database from 'better-sqlite3';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LATEST_SCHEMA_VERSION, openCache } from '../../../../electron/core/cache';
import { order, position, tempDir } from '../../../unit/core/cache/fixtures';

const NOW = Date.UTC(2026, 10, 26, 12, 0, 0, 0);
const STAMP = '2026-11-26T12-00-00-000Z';

let tmp: ReturnType<typeof tempDir>;
beforeEach(() => {
  tmp = tempDir();
});
afterEach(() => tmp.cleanup());

/** Opens the bad file, checks it was moved aside intact and that the fresh cache works. */
function expectRecovered(reason: RegExp): string {
  const file = tmp.file();
  const { cache, recovered } = openCache(file, { now: () => NOW });
  try {
    expect(recovered).not.toBeNull();
    expect(recovered!.movedTo).toBe(`${file}.corrupt-${STAMP}`);
    expect(recovered!.reason).toMatch(reason);
    expect(existsSync(recovered!.movedTo)).toBe(true);
    // The fresh cache is empty, fully migrated and writable.
    expect(cache.all('order')).toEqual([]);
    cache.upsert('order', [order()]);
    expect(cache.get('order', 'ord-1')).toEqual(order());
  } finally {
    cache.close();
  }
  const db = new Database(file, { readonly: true });
  expect(db.pragma('user_version', { simple: true })).toBe(LATEST_SCHEMA_VERSION);
  db.close();
  return recovered!.movedTo;
}

describe('openCache on a bad file', () => {
  it('garbage bytes: moves the file and its -wal/-shm aside byte for byte', () => {
    const garbage = randomBytes(64 * 1024);
    writeFileSync(tmp.file(), garbage);
    writeFileSync(tmp.file() + '-wal', 'wal junk');
    writeFileSync(tmp.file() + '-shm', 'shm junk');
    const movedTo = expectRecovered(/not a database/);
    expect(readFileSync(movedTo).equals(garbage)).toBe(true);
    expect(readFileSync(movedTo + '-wal', 'utf8')).toBe('wal junk');
    expect(readFileSync(movedTo + '-shm', 'utf8')).toBe('shm junk');
  });

  it('a truncated database: found by the integrity check at open, not on a later read', () => {
    const { cache } = openCache(tmp.file());
    const rows = Array.from({ length: 2000 }, (_, i) => order({ id: `o-${i}`, symbol: `SYM${i}`.padEnd(40, 'x') }));
    cache.upsert('order', rows);
    cache.upsert('position', [position()]);
    cache.close();
    const size = statSync(tmp.file()).size;
    expect(size).toBeGreaterThan(100 * 1024);
    truncateSync(tmp.file(), Math.floor(size / 2));
    const movedTo = expectRecovered(/malformed|integrity|corrupt/i);
    expect(statSync(movedTo).size).toBe(Math.floor(size / 2));
  });

  it('a directory where the file should be', () => {
    mkdirSync(tmp.file());
    writeFileSync(`${tmp.file()}/keep.txt`, 'still here');
    const movedTo = expectRecovered(/not a regular file/);
    expect(readFileSync(`${movedTo}/keep.txt`, 'utf8')).toBe('still here');
  });

  it('a schema version from the future', () => {
    const db = new Database(tmp.file());
    db.exec('CREATE TABLE orders (id TEXT PRIMARY KEY, future_column BLOB)');
    db.pragma(`user_version = ${LATEST_SCHEMA_VERSION + 5}`);
    db.close();
    const movedTo = expectRecovered(/newer than this build/);
    const kept = new Database(movedTo, { readonly: true });
    expect(kept.pragma('user_version', { simple: true })).toBe(LATEST_SCHEMA_VERSION + 5);
    kept.close();
  });

  it('a SQLite header followed by garbage', () => {
    writeFileSync(tmp.file(), Buffer.concat([Buffer.from('SQLite format 3\0', 'latin1'), randomBytes(8192)]));
    expectRecovered(/.+/);
  });

  it('a future-version file left by a crash with unmerged WAL frames: its rows survive in the kept copy', () => {
    // Copy the file pair while the writer still holds it open: exactly what a crash leaves behind.
    const live = new Database(tmp.file('writer.sqlite'));
    live.pragma('journal_mode = WAL');
    live.exec("CREATE TABLE future_orders (id TEXT); INSERT INTO future_orders VALUES ('kept')");
    live.pragma(`user_version = ${LATEST_SCHEMA_VERSION + 1}`);
    writeFileSync(tmp.file(), readFileSync(tmp.file('writer.sqlite')));
    writeFileSync(tmp.file() + '-wal', readFileSync(tmp.file('writer.sqlite') + '-wal'));
    live.close();
    const movedTo = expectRecovered(/newer than this build/);
    const kept = new Database(movedTo, { readonly: true });
    expect(kept.prepare('SELECT id FROM future_orders').all()).toEqual([{ id: 'kept' }]);
    kept.close();
  });

  it('a foreign SQLite file whose tables clash with ours', () => {
    const db = new Database(tmp.file());
    db.exec('CREATE TABLE accounts (name TEXT)');
    db.close();
    expectRecovered(/already exists/);
  });

  it('an empty (0-byte) file is simply a new database, nothing moved', () => {
    writeFileSync(tmp.file(), '');
    const { cache, recovered } = openCache(tmp.file());
    expect(recovered).toBeNull();
    cache.close();
  });

  it('never overwrites an earlier moved-aside copy with the same timestamp', () => {
    writeFileSync(
      tmp.file(),
      'first garbage, long enough to not be a header........................................................',
    );
    const first = openCache(tmp.file(), { now: () => NOW });
    first.cache.close();
    writeFileSync(
      tmp.file(),
      'second garbage, long enough to not be a header.......................................................',
    );
    const second = openCache(tmp.file(), { now: () => NOW });
    second.cache.close();
    expect(first.recovered!.movedTo).toBe(`${tmp.file()}.corrupt-${STAMP}`);
    expect(second.recovered!.movedTo).toBe(`${tmp.file()}.corrupt-${STAMP}-1`);
    expect(readFileSync(first.recovered!.movedTo, 'utf8')).toMatch(/^first/);
    expect(readFileSync(second.recovered!.movedTo, 'utf8')).toMatch(/^second/);
  });

  it('creates missing parent directories and leaves a healthy file in place', () => {
    const nested = `${tmp.dir}/a/b/cache.sqlite`;
    const one = openCache(nested);
    one.cache.upsert('order', [order()]);
    one.cache.close();
    const two = openCache(nested);
    expect(two.recovered).toBeNull();
    expect(two.cache.get('order', 'ord-1')).toEqual(order());
    two.cache.close();
    expect(readdirSync(`${tmp.dir}/a/b`).filter((n) => n.includes('corrupt'))).toEqual([]);
  });
});
