import { utilityProcess } from 'electron';
import { stopChild } from '../core/app/child-stop';
import { StackInfo, type RunningStack } from '../core/app/stack-info';

/**
 * Starts the bundled embedded stack as an Electron utility process and waits for its ready
 * message. Stopping asks it over parentPort (PGlite closes cleanly on every OS) and forces it
 * only after a grace period; a process that already exited is not waited on (core/app/child-stop).
 */
export function launchStackUtility(entry: string, dataDir: string, supabaseDir: string): Promise<RunningStack> {
  return new Promise((resolve, reject) => {
    const child = utilityProcess.fork(entry, ['--data-dir', dataDir], {
      serviceName: 'Tradedesk demo backend',
      stdio: 'inherit',
      // The bundle no longer sits beside supabase/: tell the stack where the migrations ship.
      env: { ...process.env, TRADEDESK_SUPABASE_DIR: supabaseDir },
    });
    let exited = false;
    let exitCode: number | null = null;
    const exitListeners: Array<(code: number | null) => void> = [];
    child.on('exit', (code) => {
      exited = true;
      exitCode = code;
      for (const listener of exitListeners.splice(0)) listener(code);
    });
    const timer = setTimeout(() => reject(new Error('the demo backend did not become ready within 120 s')), 120_000);
    child.once('exit', (code) => reject(new Error(`the demo backend exited (code ${code}) before it was ready`)));
    child.on('message', (message: unknown) => {
      const ready = StackInfo.safeParse((message as { info?: unknown } | null)?.info);
      if (!ready.success) return;
      clearTimeout(timer);
      resolve({
        info: ready.data,
        stop: async () => {
          await stopChild({
            hasExited: () => exited,
            onceExit: (listener) => exitListeners.push(() => listener()),
            requestStop: () => child.postMessage({ type: 'stop' }),
            kill: () => child.kill(),
          });
        },
        onExit: (listener) => {
          if (exited) listener(exitCode);
          else exitListeners.push(listener);
        },
      });
    });
  });
}
