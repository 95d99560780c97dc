import { utilityProcess } from 'electron';
import { StackInfo } from '../core/app/stack-info';

/** Starts the bundled embedded stack as an Electron utility process and waits for its ready message. */
export function launchStackUtility(
  entry: string,
  dataDir: string,
  supabaseDir: string,
): Promise<{ info: StackInfo; stop(): Promise<void> }> {
  return new Promise((resolve, reject) => {
    const child = utilityProcess.fork(entry, ['--data-dir', dataDir], {
      serviceName: 'Tradedesk demo backend',
      stdio: 'inherit',
      // The bundle no longer sits beside supabase/: tell the stack where the migrations ship.
      env: { ...process.env, TRADEDESK_SUPABASE_DIR: supabaseDir },
    });
    const timer = setTimeout(() => reject(new Error('the demo backend did not become ready within 120 s')), 120_000);
    child.once('exit', (code) => reject(new Error(`the demo backend exited (code ${code}) before it was ready`)));
    child.on('message', (message: unknown) => {
      const ready = StackInfo.safeParse((message as { info?: unknown } | null)?.info);
      if (!ready.success) return;
      clearTimeout(timer);
      resolve({
        info: ready.data,
        stop: () =>
          new Promise<void>((done) => {
            child.once('exit', () => done());
            child.kill();
          }),
      });
    });
  });
}
