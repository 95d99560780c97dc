import Database from 'better-sqlite3';
import { closeSync, existsSync, mkdirSync, openSync, readSync, renameSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { migrate, type Db } from './migrations';
import { SqliteCache } from './sqlite-cache';
import type { OpenedCache } from './types';

/** Errors that say "someone else holds the file", not "the file is bad": never move a healthy file aside for these. */
const TRANSIENT_CODES = new Set(['SQLITE_BUSY', 'SQLITE_LOCKED', 'SQLITE_BUSY_SNAPSHOT', 'SQLITE_LOCKED_SHAREDCACHE']);

export interface OpenCacheOptions {
  /** Clock for the timestamp suffix of a file moved aside (tests pin it). */
  now?: () => number;
  /**
   * Path of the better-sqlite3 addon to load instead of the one in node_modules. Electron needs
   * a copy built for its own ABI (see `electron/core/app/native-binding.ts`); Node uses the default.
   */
  nativeBinding?: string;
}

/**
 * The SQLite engine itself could not be loaded (the addon is missing, or was built for another
 * Node/Electron ABI: `ERR_DLOPEN_FAILED`, `MODULE_NOT_FOUND`). Nothing is wrong with the cache
 * file, so it is left exactly where it is; the host reports this and exits.
 */
export class CacheEngineError extends Error {
  readonly code = 'cache_engine_unavailable';
  constructor(
    message: string,
    /** The loader's own code (`ERR_DLOPEN_FAILED`, `MODULE_NOT_FOUND`, …), when it gave one. */
    readonly loaderCode: string | undefined,
    options: { cause: unknown },
  ) {
    super(message, options);
    this.name = 'CacheEngineError';
  }
}

/**
 * Opens (creating and migrating as needed) the cache at `file`. A file that is unreadable,
 * corrupt, not a database, not a regular file, or from a newer schema is moved aside (with its
 * -wal/-shm/-journal; kept, never deleted), reported in `recovered`, and a fresh cache is made.
 * Throws only when even a fresh file cannot be created (the directory itself is unusable),
 * another process holds the file locked (SQLITE_BUSY/LOCKED: the file is fine, so it stays), or
 * the SQLite engine cannot be loaded at all (`CacheEngineError`: the file is not even looked at).
 */
export function openCache(file: string, opts: OpenCacheOptions = {}): OpenedCache {
  // A load error is not corruption: prove the engine loads before judging any file with it.
  loadEngine(opts.nativeBinding);
  mkdirSync(dirname(file), { recursive: true });
  try {
    return { cache: openOrThrow(file, opts.nativeBinding), recovered: null };
  } catch (err) {
    if (isTransient(err)) throw err;
    const reason = describe(err);
    const movedTo = moveAside(file, (opts.now ?? Date.now)());
    return { cache: openOrThrow(file, opts.nativeBinding), recovered: { movedTo, reason } };
  }
}

/** Loads the addon (better-sqlite3 loads it lazily, in the first `new Database`) on a throwaway in-memory database. */
function loadEngine(nativeBinding: string | undefined): void {
  let probe: Db;
  try {
    probe = new Database(':memory:', nativeBinding === undefined ? {} : { nativeBinding });
  } catch (err) {
    const code = errorCode(err);
    throw new CacheEngineError(
      `the SQLite engine (better-sqlite3) could not be loaded${nativeBinding ? ` from ${nativeBinding}` : ''}: ${describe(err)}`,
      code,
      { cause: err },
    );
  }
  probe.close();
}

const SQLITE_HEADER = Buffer.from('SQLite format 3\0', 'latin1');

/**
 * Rejects what is plainly not a database before SQLite sees it: opening such a file and
 * closing it again makes SQLite discard its -wal, which we want to keep with the moved file.
 */
function assertLooksLikeDatabase(file: string): void {
  if (!existsSync(file)) return;
  const st = statSync(file);
  if (!st.isFile()) throw new Error(`not a regular file: ${file}`);
  if (st.size === 0) return; // SQLite treats an empty file as a new database
  const head = Buffer.alloc(SQLITE_HEADER.length);
  const fd = openSync(file, 'r');
  try {
    readSync(fd, head, 0, head.length, 0);
  } finally {
    closeSync(fd);
  }
  if (!head.equals(SQLITE_HEADER)) throw new Error('file is not a database (no SQLite header)');
}

function openOrThrow(file: string, nativeBinding: string | undefined): SqliteCache {
  assertLooksLikeDatabase(file);
  const db: Db = new Database(file, nativeBinding === undefined ? {} : { nativeBinding });
  try {
    // The first statement is what reads the header: garbage fails here with SQLITE_NOTADB.
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    // A truncated or damaged file can open cleanly and fail only on the page it lost; check the
    // whole b-tree structure once now so a read later never finds it.
    const check = db.pragma('quick_check', { simple: true });
    if (check !== 'ok') throw new Error(`integrity check failed: ${String(check)}`);
    migrate(db);
    return new SqliteCache(db, file);
  } catch (err) {
    db.close();
    throw err;
  }
}

function errorCode(err: unknown): string | undefined {
  return typeof err === 'object' && err !== null && 'code' in err && typeof err.code === 'string'
    ? err.code
    : undefined;
}

function isTransient(err: unknown): boolean {
  const code = errorCode(err);
  return code !== undefined && TRANSIENT_CODES.has(code);
}

function describe(err: unknown): string {
  if (err instanceof Error) {
    const code = 'code' in err && typeof err.code === 'string' ? ` (${err.code})` : '';
    return `${err.message}${code}`;
  }
  return String(err);
}

/** Renames the file and its sidecars to `<file>.corrupt-<timestamp>[-n]` so SQLite can still open the pair. */
function moveAside(file: string, now: number): string {
  const stamp = new Date(now).toISOString().replace(/[:.]/g, '-');
  let target = `${file}.corrupt-${stamp}`;
  for (let n = 1; existsSync(target); n++) target = `${file}.corrupt-${stamp}-${n}`;
  if (existsSync(file)) renameSync(file, target);
  for (const suffix of ['-wal', '-shm', '-journal']) {
    if (existsSync(file + suffix)) renameSync(file + suffix, target + suffix);
  }
  return target;
}
