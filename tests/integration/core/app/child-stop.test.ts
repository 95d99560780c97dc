import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { stopChild, stopWithin, type StoppableChild } from '../../../../electron/core/app/child-stop';

/**
 * Quitting after the demo backend crashed, and stopping one that behaves well or badly — with
 * real child processes. The adapter is what electron/main/stack-process.ts does with a
 * utilityProcess: track 'exit', ask with a {type:'stop'} message, force with kill() (SIGTERM).
 */
let dir: string;
const children: ChildProcess[] = [];

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'tradedesk-child-stop-'));
  // Behaviours chosen by argv[2]; every one says 'up' once its handlers are installed.
  writeFileSync(
    join(dir, 'child.cjs'),
    `
    const mode = process.argv[2];
    if (mode === 'crash') process.exit(7);
    process.on('message', (m) => {
      if (m && m.type === 'stop' && mode === 'polite') setTimeout(() => process.exit(0), 50); // a clean stop takes a moment
    });
    if (mode === 'stubborn') process.on('SIGTERM', () => {}); // ignores the message and the signal
    process.send({ up: true });
    setInterval(() => {}, 1000);
    `,
  );
});
afterEach(() => {
  for (const child of children.splice(0))
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function start(mode: string): { child: ChildProcess; adapter: StoppableChild; stopRequests: () => number } {
  const child = fork(join(dir, 'child.cjs'), [mode], { stdio: ['ignore', 'ignore', 'ignore', 'ipc'] });
  children.push(child);
  let exited = false;
  let requests = 0;
  child.on('exit', () => {
    exited = true;
  });
  const adapter: StoppableChild = {
    hasExited: () => exited,
    onceExit: (listener) => child.once('exit', listener),
    requestStop: () => {
      requests++;
      if (!child.connected) throw new Error('the IPC channel is closed');
      child.send({ type: 'stop' }, () => {});
    },
    kill: () => child.kill('SIGTERM'),
  };
  return { child, adapter, stopRequests: () => requests };
}

const up = (child: ChildProcess) => once(child, 'message');

describe('stopChild', () => {
  it('a backend that already crashed: resolves at once, asks nothing of a dead process', async () => {
    const { child, adapter, stopRequests } = start('crash');
    const [code] = (await once(child, 'exit')) as [number];
    expect(code).toBe(7);
    // What used to hang: the exit event is in the past and kill() returns false.
    expect(child.kill()).toBe(false);
    let kills = 0;
    const counted: StoppableChild = { ...adapter, kill: () => void kills++ };
    // Grace and kill waits far beyond the test's timeout: only the no-wait path can settle it,
    // and 'already-exited' is the outcome of that path alone (no clock is read).
    expect(await stopChild(counted, { graceMs: 3_600_000, killWaitMs: 3_600_000 })).toBe('already-exited');
    expect(stopRequests()).toBe(0);
    expect(kills).toBe(0);
  });

  it('a healthy backend: stops when asked, before any signal', async () => {
    const { child, adapter } = start('polite');
    await up(child);
    expect(await stopChild(adapter, { graceMs: 30_000 })).toBe('stopped');
    expect(child.exitCode).toBe(0);
    expect(child.signalCode).toBeNull();
  });

  it('a backend that ignores the request: forced after the grace period', async () => {
    const { child, adapter } = start('deaf');
    await up(child);
    expect(await stopChild(adapter, { graceMs: 200, killWaitMs: 30_000 })).toBe('killed');
    expect(child.signalCode).toBe('SIGTERM');
  });

  it('a backend that ignores the signal too: given up on, so quitting still finishes', async () => {
    const { child, adapter } = start('stubborn');
    await up(child);
    expect(await stopChild(adapter, { graceMs: 100, killWaitMs: 200 })).toBe('gave-up');
    expect(child.exitCode).toBeNull(); // still running; afterEach kills it
  });

  it('the request channel already closed: forced straight away', async () => {
    const { child, adapter } = start('deaf');
    await up(child);
    child.disconnect(); // send() now throws
    expect(await stopChild(adapter, { graceMs: 100, killWaitMs: 30_000 })).toBe('killed');
  });
});

describe('stopWithin', () => {
  it('a stop that hangs is abandoned at the deadline; one that finishes or fails is reported', async () => {
    expect(await stopWithin(() => new Promise<void>(() => {}), 100)).toBe('timed-out');
    expect(await stopWithin(async () => {}, 10_000)).toBe('stopped');
    expect(await stopWithin(() => Promise.reject(new Error('boom')), 10_000)).toBe('failed');
  });
});
