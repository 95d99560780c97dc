/**
 * Stopping the demo backend's process, whichever host started it (a utility process in
 * Electron, a child Node process in the browser host). Quitting must never wait on a process
 * that is already gone — its 'exit' event fired long ago, and a kill() then does nothing — and
 * a clean stop (PGlite closing its files) must not depend on a signal Windows never delivers.
 */
export interface StoppableChild {
  /** True once the process has exited, however long ago (tracked from its 'exit' event). */
  hasExited(): boolean;
  onceExit(listener: () => void): void;
  /** Ask it to shut down cleanly: a `{type:'stop'}` message, which `electron/stack/cli.ts` obeys. */
  requestStop(): void;
  /** Force it: `utilityProcess.kill()` (SIGTERM on POSIX, TerminateProcess on Windows) or SIGKILL. */
  kill(): void;
}

export interface StopTimings {
  /** How long a clean stop may take before the process is forced, ms. */
  graceMs?: number;
  /** How long to wait for a forced process to go before giving up on it, ms. */
  killWaitMs?: number;
}

/** `already-exited`: it had died before; `stopped`: it stopped when asked; `killed`: forced; `gave-up`: still there. */
export type StopOutcome = 'already-exited' | 'stopped' | 'killed' | 'gave-up';

export function stopChild(child: StoppableChild, timings: StopTimings = {}): Promise<StopOutcome> {
  const graceMs = timings.graceMs ?? 8_000;
  const killWaitMs = timings.killWaitMs ?? 2_000;
  if (child.hasExited()) return Promise.resolve('already-exited');
  return new Promise((resolve) => {
    let phase: 'asked' | 'forced' = 'asked';
    let settled = false;
    const timers: ReturnType<typeof setTimeout>[] = [];
    const settle = (outcome: StopOutcome) => {
      if (settled) return;
      settled = true;
      for (const timer of timers) clearTimeout(timer);
      resolve(outcome);
    };
    child.onceExit(() => settle(phase === 'asked' ? 'stopped' : 'killed'));
    try {
      child.requestStop();
    } catch {
      // The channel is already closed: go straight to forcing it.
    }
    timers.push(
      setTimeout(() => {
        phase = 'forced';
        try {
          child.kill();
        } catch {
          /* already gone: the exit listener settles */
        }
        timers.push(setTimeout(() => settle('gave-up'), killWaitMs));
      }, graceMs),
    );
    // The exit may have happened between hasExited() and onceExit(): check once more.
    if (child.hasExited()) settle('already-exited');
  });
}

/**
 * Runs `stop` but never lets it hold up quitting for more than `ms`: a stop that hangs (a socket
 * that never closes, a process that never exits) is abandoned so the app still quits.
 */
export async function stopWithin(stop: () => Promise<void>, ms: number): Promise<'stopped' | 'timed-out' | 'failed'> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<'timed-out'>((resolve) => {
    timer = setTimeout(() => resolve('timed-out'), ms);
  });
  try {
    return await Promise.race([stop().then(() => 'stopped' as const), deadline]);
  } catch {
    return 'failed';
  } finally {
    clearTimeout(timer);
  }
}
