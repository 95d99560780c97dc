import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join, resolve } from 'node:path';
import { lock as acquire } from 'proper-lockfile';
import { z } from 'zod';

/**
 * One process per data folder, for the process's whole life.
 *
 * The lock itself is proper-lockfile's: an atomic `mkdir` of `<folder>/tradedesk.lock`, whose
 * mtime the holder refreshes; a lock whose mtime stopped moving (the holder was killed) is stale
 * and taken over. Beside it `tradedesk.lock.json` names the holder (pid, host, what, since, and
 * on Linux its kernel start time) so a second process can say which process holds the folder.
 * Two guards on top of the library:
 *
 * - A holder that is alive on this machine is never taken over, however stale its mtime (a
 *   laptop that slept, a long synchronous PGlite query, a debugger pause): the second process
 *   refuses at once with the holder's pid.
 * - A holder that is gone (kill -9, power loss) is taken over as soon as its mtime is stale
 *   (at most `staleMs`), by waiting for it rather than failing.
 */

export const LOCK_DIR = 'tradedesk.lock';
export const OWNER_FILE = 'tradedesk.lock.json';
/** proper-lockfile's default: a lock not refreshed for 10 s belongs to a dead process. */
export const STALE_MS = 10_000;

/** Folders this process holds (a second lock of one of them in the same process is refused too). */
const heldHere = new Set<string>();

const Owner = z.object({
  pid: z.number().int().positive(),
  host: z.string(),
  what: z.string(),
  since: z.number(),
  /** The holder's start time as the kernel records it (Linux); tells the holder from a recycled pid. */
  started: z.string().optional(),
});
export type FolderOwner = z.infer<typeof Owner>;

/** The folder is held by another process; `message` is the one sentence to show. */
export class FolderInUseError extends Error {
  readonly code = 'folder_in_use';
  constructor(
    readonly folder: string,
    readonly owner: FolderOwner | null,
  ) {
    super(
      owner
        ? `The data folder ${folder} is in use by process ${owner.pid} (${owner.what}${owner.host === hostname() ? '' : ` on ${owner.host}`}, started ${localTime(owner.since)}); close it, or use another data folder.`
        : `The data folder ${folder} is in use by another process; close it, or use another data folder.`,
    );
    this.name = 'FolderInUseError';
  }
}

export interface FolderLock {
  readonly folder: string;
  /** Releases the lock (idempotent); also done by the library when the process exits normally. */
  release(): Promise<void>;
}

export interface LockFolderOptions {
  /** How long a dead holder's lock takes to count as stale (default STALE_MS). */
  staleMs?: number;
  /**
   * Another process took the folder over while we held it (only possible when it judged us
   * dead: another machine on a shared drive). We must stop writing: the default logs and exits 1.
   * Never called once `release()` has begun.
   */
  onLost?: (error: Error) => void;
  /**
   * The file system proper-lockfile works through (default: its graceful-fs). Fault tests pass
   * the real one with a call held back, to reproduce a race at its exact moment.
   */
  fs?: unknown;
}

/**
 * Takes the folder for this process (creating it). Throws FolderInUseError when a live
 * process holds it. `what` names this process in the holder file ("Tradedesk browser host").
 */
export async function lockFolder(folder: string, what: string, opts: LockFolderOptions = {}): Promise<FolderLock> {
  const dir = resolve(folder);
  mkdirSync(dir, { recursive: true });
  const lockPath = join(dir, LOCK_DIR);
  const ownerPath = join(dir, OWNER_FILE);
  const staleMs = Math.max(2_000, opts.staleMs ?? STALE_MS);

  const held = existsSync(lockPath) ? readOwner(ownerPath) : null;
  if (held && isAliveHere(held, dir)) throw new FolderInUseError(dir, held);

  let unlock: () => Promise<void>;
  // proper-lockfile's refresh may have a stat of the lock in flight when we release; it comes
  // back ENOENT (we removed the lock) and the library reports the lock compromised — after a
  // clean release, which the default onLost turns into exit 1. Lost after release means nothing.
  let releasing = false;
  try {
    unlock = await acquire(dir, {
      lockfilePath: lockPath,
      stale: staleMs,
      update: Math.max(1_000, Math.floor(staleMs / 2)),
      // A dead holder's lock turns stale within staleMs: keep asking until then.
      retries: { retries: Math.ceil(staleMs / 500) + 4, factor: 1, minTimeout: 500, maxTimeout: 500 },
      onCompromised: (error) => {
        if (!releasing) (opts.onLost ?? defaultOnLost)(error);
      },
      ...(opts.fs !== undefined ? { fs: opts.fs } : {}),
    });
  } catch (error) {
    if ((error as { code?: string }).code === 'ELOCKED') throw new FolderInUseError(dir, readOwner(ownerPath));
    throw error;
  }
  const started = processStart(process.pid);
  const me: FolderOwner = {
    pid: process.pid,
    host: hostname(),
    what,
    since: Date.now(),
    ...(started !== null ? { started } : {}),
  };
  const temp = `${ownerPath}.${process.pid}.tmp`;
  writeFileSync(temp, JSON.stringify(me));
  renameSync(temp, ownerPath);
  heldHere.add(dir);

  let released: Promise<void> | null = null;
  return {
    folder: dir,
    release() {
      releasing = true;
      released ??= (async () => {
        heldHere.delete(dir);
        const owner = readOwner(ownerPath);
        if (owner?.pid === process.pid && owner.host === me.host) rmSync(ownerPath, { force: true });
        await unlock().catch(() => undefined);
      })();
      return released;
    },
  };
}

/** `YYYY-MM-DD HH:MM:SS` in the machine's zone (what the person reading the sentence lives in). */
function localTime(epochMs: number): string {
  const d = new Date(epochMs);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}

function readOwner(path: string): FolderOwner | null {
  try {
    const parsed = Owner.safeParse(JSON.parse(readFileSync(path, 'utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/**
 * True when the holder is a live process of this machine. Our own pid counts only when this
 * process really holds the folder (a holder file left by an earlier process that had our pid —
 * pid 1 in a container — is a dead holder). A live pid is the holder only if it is the same
 * process: pids are recycled (pid_max is often 32,768, so a busy machine reuses a killed host's
 * pid within minutes, often for another Node process). Where the kernel tells a process's start
 * time (Linux) that decides; otherwise, where /proc tells a command line, a live pid that is not
 * a Node/Electron process is a recycled one.
 */
function isAliveHere(owner: FolderOwner, dir: string): boolean {
  if (owner.host !== hostname()) return false;
  if (owner.pid === process.pid) return heldHere.has(dir);
  try {
    process.kill(owner.pid, 0);
  } catch (error) {
    if ((error as { code?: string }).code !== 'EPERM') return false;
  }
  if (owner.started !== undefined) {
    const started = processStart(owner.pid);
    if (started !== null) return started === owner.started;
  }
  return !isForeignProcess(owner.pid);
}

/**
 * A process's start time in clock ticks after boot (`/proc/<pid>/stat`, field 22), as text: the
 * same process always reads the same value, a later one with the same pid another. null without
 * /proc (macOS, Windows) or when the process is gone.
 */
function processStart(pid: number): string | null {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return null;
  }
  // Field 2 is the command name in parentheses and may itself hold spaces or ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const start = fields[19]; // fields[0] is field 3 (state), so field 22 is fields[19]
  return start !== undefined && /^\d+$/.test(start) ? start : null;
}

function isForeignProcess(pid: number): boolean {
  let cmdline: string;
  try {
    cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
  } catch {
    return false; // no /proc (macOS, Windows) or not readable: trust the pid
  }
  return cmdline !== '' && !/node|electron|tradedesk|tsx/i.test(cmdline);
}

function defaultOnLost(error: Error): void {
  console.error(`[tradedesk] another process took over this data folder (${error.message}); stopping to protect it.`);
  process.exit(1);
}
