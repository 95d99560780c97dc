import { spawn, type ChildProcess } from 'node:child_process';
import * as realFs from 'node:fs';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterEach, describe, expect, it } from 'vitest';
import { FolderInUseError, LOCK_DIR, lockFolder, OWNER_FILE } from '../../../electron/lib/folder-lock';

const cleanups: Array<() => void | Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function tempFolder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'tradedesk-lock-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Starts lock-holder.ts on `folder`; resolves once it holds the lock. */
function holder(folder: string, ...args: string[]): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(__dirname, 'lock-holder.ts'), folder, ...args], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    cleanups.push(() => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    });
    child.once('exit', (code) => reject(new Error(`lock holder exited (${code}) before locking`)));
    createInterface({ input: child.stdout! }).on('line', (line) => {
      if (line.startsWith('locked ')) resolve(child);
    });
  });
}

function readOwner(folder: string): { pid: number; what: string; started?: string } {
  return JSON.parse(readFileSync(join(folder, OWNER_FILE), 'utf8')) as { pid: number; what: string; started?: string };
}

function exited(child: ChildProcess): Promise<void> {
  return new Promise((r) =>
    child.exitCode !== null || child.signalCode !== null ? r() : child.once('exit', () => r()),
  );
}

describe('one process per data folder', () => {
  // "At once": the refusals below use a staleMs of 10 minutes, so a call that waited for the lock
  // to turn stale instead of refusing would run into the test's timeout.
  it('a second lock in the same process is refused at once, naming this pid; released, it can be taken again', async () => {
    const folder = tempFolder();
    const first = await lockFolder(folder, 'first');
    const refusal = await lockFolder(folder, 'second', { staleMs: 600_000 }).catch((e: unknown) => e);
    expect(refusal).toBeInstanceOf(FolderInUseError);
    expect((refusal as FolderInUseError).owner).toMatchObject({ pid: process.pid, what: 'first' });
    expect((refusal as Error).message).toContain(`in use by process ${process.pid} (first`);
    await first.release();
    expect(existsSync(join(folder, LOCK_DIR))).toBe(false);
    const again = await lockFolder(folder, 'again');
    await again.release();
  });

  it('another live process holding it is named, and refused at once', async () => {
    const folder = tempFolder();
    const child = await holder(folder);
    const refusal = await lockFolder(folder, 'me', { staleMs: 600_000 }).catch((e: unknown) => e);
    expect(refusal).toBeInstanceOf(FolderInUseError);
    expect((refusal as FolderInUseError).owner?.pid).toBe(child.pid);
  }, 30_000);

  it('a live holder whose lock went stale (its event loop stalled) is never taken over', async () => {
    const folder = tempFolder();
    // The holder refreshes every second (staleMs 2 s) and then stalls for 8 s.
    const child = await holder(folder, 'stall', '8000');
    await new Promise((r) => setTimeout(r, 4_000)); // its lock is now stale by mtime
    const refusal = await lockFolder(folder, 'me', { staleMs: 2_000 }).catch((e: unknown) => e);
    expect(refusal).toBeInstanceOf(FolderInUseError);
    expect((refusal as FolderInUseError).owner?.pid).toBe(child.pid);
    expect(child.exitCode).toBeNull(); // still alive, still the holder
  }, 30_000);

  it('a lock left by a killed process (kill -9) is taken over once stale', async () => {
    const folder = tempFolder();
    const child = await holder(folder);
    child.kill('SIGKILL');
    await exited(child);
    expect(existsSync(join(folder, LOCK_DIR))).toBe(true); // left behind
    const t0 = Date.now();
    const lock = await lockFolder(folder, 'successor', { staleMs: 2_000 });
    console.log(`[lock] took over a killed holder's lock after ${Date.now() - t0} ms`);
    expect(readOwner(folder)).toMatchObject({ pid: process.pid, what: 'successor' });
    await lock.release();
  }, 30_000);

  it('a holder file is told from a recycled pid by the start time: same start refused, another taken over', async (ctx) => {
    if (!existsSync('/proc/self/stat')) {
      console.log('recycled-pid test skipped: no /proc here to tell a process start time');
      ctx.skip();
    }
    const folder = tempFolder();
    // What a kill -9'd host leaves once the kernel hands its pid to someone else: a stale lock and
    // a holder file naming a live Node process. `other` stands for that pid's current process.
    const other = spawn(process.execPath, ['-e', 'setInterval(() => {}, 60000)'], { stdio: 'ignore' });
    cleanups.push(() => {
      other.kill('SIGKILL');
    });
    await new Promise((r) => other.once('spawn', r));
    const stat = readFileSync(`/proc/${other.pid}/stat`, 'utf8');
    const otherStarted = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
    expect(otherStarted).toMatch(/^\d+$/);
    mkdirSync(join(folder, LOCK_DIR));
    const old = new Date(Date.now() - 60_000);
    utimesSync(join(folder, LOCK_DIR), old, old);
    const leave = (started: string) =>
      writeFileSync(
        join(folder, OWNER_FILE),
        JSON.stringify({ pid: other.pid, host: hostname(), what: 'a host', since: Date.now() - 60_000, started }),
      );

    // The same pid with the same start time is the holder itself: refused at once, however stale.
    leave(otherStarted!);
    const refusal = await lockFolder(folder, 'me', { staleMs: 2_000 }).catch((e: unknown) => e);
    expect(refusal).toBeInstanceOf(FolderInUseError);
    expect((refusal as FolderInUseError).owner?.pid).toBe(other.pid);

    // The same pid with another start time is a later process that got the pid: a dead holder.
    leave(String(Number(otherStarted) - 1));
    const lock = await lockFolder(folder, 'successor', { staleMs: 2_000 });
    expect(readOwner(folder)).toMatchObject({ pid: process.pid, what: 'successor' });
    expect(other.exitCode).toBeNull(); // the unrelated process is left alone
    await lock.release();
  }, 30_000);

  it('a live holder is recognised by its recorded start time, not just by a live pid', async () => {
    const folder = tempFolder();
    const child = await holder(folder);
    const owner = readOwner(folder);
    expect(owner.pid).toBe(child.pid);
    if (existsSync('/proc/self/stat')) expect(owner.started).toMatch(/^\d+$/);
    const refusal = await lockFolder(folder, 'me', { staleMs: 600_000 }).catch((e: unknown) => e);
    expect(refusal).toBeInstanceOf(FolderInUseError);
  }, 30_000);

  it('a release while the lock is being refreshed is a clean release, never "lost" (a stopping host exited 1)', async () => {
    const folder = tempFolder();
    // The real file system, with the refresh's stat of the lock held until the test lets it go.
    let holding = false;
    let held: (() => void) | null = null;
    let statHeld!: () => void;
    const inFlight = new Promise<void>((r) => (statHeld = r));
    const fs = {
      ...realFs,
      stat: (path: string, cb: (err: NodeJS.ErrnoException | null, stats?: realFs.Stats) => void) => {
        if (!holding) return realFs.stat(path, cb);
        held = () => realFs.stat(path, cb);
        statHeld();
      },
    };
    const lost: Error[] = [];
    const lock = await lockFolder(folder, 'me', { staleMs: 2_000, fs, onLost: (e) => lost.push(e) });
    holding = true;
    await inFlight; // the refresh (every second here) has asked for the lock's mtime
    await lock.release(); // ...and the lock goes away under it
    expect(existsSync(join(folder, LOCK_DIR))).toBe(false);
    holding = false;
    held!(); // the stat now answers ENOENT
    await new Promise((r) => setTimeout(r, 200));
    expect(lost).toEqual([]);
  });

  it('a holder file naming our own pid from an earlier process (pid 1 in a container) is not us', async () => {
    const folder = tempFolder();
    mkdirSync(join(folder, LOCK_DIR));
    const old = new Date(Date.now() - 60_000);
    utimesSync(join(folder, LOCK_DIR), old, old);
    writeFileSync(
      join(folder, OWNER_FILE),
      JSON.stringify({ pid: process.pid, host: hostname(), what: 'an earlier run', since: 0 }),
    );
    const lock = await lockFolder(folder, 'this run');
    await lock.release();
  });
});
