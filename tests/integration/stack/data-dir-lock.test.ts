import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

// `npm run -s stack -- --data-dir D` twice, as real processes (node + tsx, as the npm script
// runs it): PGlite must never have two owners. Then kill -9 the holder: a new stack starts. A
// stack started by a host over IPC (as the browser host starts its demo backend) whose host dies
// (kill -9 of the host) stops cleanly and leaves the folder free at once.

const dir = mkdtempSync(join(tmpdir(), 'tradedesk-stack-lock-'));
const children: ChildProcess[] = [];

interface Run {
  child: ChildProcess;
  stdout: string;
  stderr: string;
  exit: Promise<number | null>;
}

function stack(opts: { ipc?: boolean } = {}): Run {
  const child = spawn(process.execPath, ['--import', 'tsx', 'electron/stack/cli.ts', '--data-dir', join(dir, 'pg')], {
    cwd: process.cwd(),
    stdio: ['ignore', 'pipe', 'pipe', ...(opts.ipc ? (['ipc'] as const) : [])],
  });
  children.push(child);
  const run: Run = {
    child,
    stdout: '',
    stderr: '',
    exit: new Promise((resolve) => child.on('exit', (code) => resolve(code))),
  };
  child.stdout!.on('data', (b: Buffer) => (run.stdout += b.toString()));
  child.stderr!.on('data', (b: Buffer) => (run.stderr += b.toString()));
  return run;
}

async function ready(run: Run, timeoutMs = 170_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!run.stdout.includes('\n')) {
    if (run.child.exitCode !== null) throw new Error(`the stack exited (${run.child.exitCode}): ${run.stderr}`);
    if (Date.now() > deadline) throw new Error(`no ready line; stderr:\n${run.stderr.slice(-2000)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

afterAll(async () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  await Promise.all(
    children.map(
      (c) => new Promise((r) => (c.exitCode !== null || c.signalCode !== null ? r(null) : c.once('exit', r))),
    ),
  );
  rmSync(dir, { recursive: true, force: true });
});

describe('one stack per data dir', () => {
  it('a second stack on the same --data-dir refuses in one sentence naming the first pid, and exits non-zero', async () => {
    const first = stack();
    await ready(first);
    const second = stack();
    const code = await second.exit;
    expect(code).not.toBe(0);
    expect(second.stdout).toBe('');
    const lines = second.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`in use by process ${first.child.pid} \\(Tradedesk embedded backend`));
    expect(first.child.exitCode).toBeNull(); // the holder is untouched
  }, 240_000);

  it('after kill -9 of the holder, a new stack takes the stale lock over and starts; when its IPC parent goes away it stops cleanly and frees the folder', async () => {
    const holder = children[0]!;
    holder.kill('SIGKILL');
    await new Promise((r) => (holder.signalCode !== null ? r(null) : holder.once('exit', r)));
    const next = stack({ ipc: true });
    await ready(next);
    expect(next.stderr).not.toMatch(/in use by/);
    expect(existsSync(join(dir, 'pg', 'tradedesk.lock'))).toBe(true);
    // What a kill -9 of the host does to its demo backend: the IPC channel closes under it.
    next.child.disconnect();
    expect(await next.exit, next.stderr).toBe(0);
    expect(next.stderr).toMatch(/parent disconnected: stopping/);
    expect(next.stderr).not.toMatch(/ERR_IPC|Error/);
    // Released, not left to turn stale: the next process gets the folder without waiting.
    expect(existsSync(join(dir, 'pg', 'tradedesk.lock'))).toBe(false);
    expect(existsSync(join(dir, 'pg', 'tradedesk.lock.json'))).toBe(false);
  }, 240_000);
});
