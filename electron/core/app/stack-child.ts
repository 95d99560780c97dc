import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { stopChild } from './child-stop';
import { StackInfo, type DemoStackLauncher } from './stack-info';

/**
 * Runs the embedded stack (`electron/stack/cli.ts`) as a child Node process, so the database
 * never runs on the host's event loop, and resolves with the JSON line it prints when ready.
 * The Electron host uses a utility process instead; both read the same announcement.
 */
export function childProcessStackLauncher(cliPath: string, extraArgs: string[] = []): DemoStackLauncher {
  return (dataDir) =>
    new Promise((resolve, reject) => {
      const child = spawn(process.execPath, ['--import', 'tsx', cliPath, '--data-dir', dataDir, ...extraArgs], {
        // An IPC channel lets the stack notice when this process dies and stop with it.
        stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
      });
      const lines = createInterface({ input: child.stdout! });
      let settled = false;
      const fail = (error: Error) => {
        if (settled) return;
        settled = true;
        child.kill('SIGTERM');
        reject(error);
      };
      const timer = setTimeout(() => fail(new Error('the demo backend did not become ready within 120 s')), 120_000);
      child.once('exit', (code) => fail(new Error(`the demo backend exited (code ${code}) before it was ready`)));
      lines.on('line', (line) => {
        if (settled) return;
        let json: unknown;
        try {
          json = JSON.parse(line);
        } catch {
          return; // not the announcement
        }
        const info = StackInfo.safeParse(json);
        if (!info.success) return;
        settled = true;
        clearTimeout(timer);
        resolve({
          info: info.data,
          stop: async () => {
            await stopChild({
              hasExited: () => child.exitCode !== null || child.signalCode !== null,
              onceExit: (listener) => child.once('exit', listener),
              requestStop: () => {
                if (!child.connected) throw new Error('the IPC channel is closed');
                child.send({ type: 'stop' }, () => {});
              },
              kill: () => child.kill('SIGKILL'),
            });
          },
          onExit: (listener) => child.once('exit', (code) => listener(code)),
        });
      });
    });
}
