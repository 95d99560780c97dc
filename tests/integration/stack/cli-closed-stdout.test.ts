import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';

// `npm run stack` whose parent stopped reading before the stack was ready — a test runner
// killed on its timeout while the stack was still starting. The ready line then meets a closed
// pipe (EPIPE). The stack must stop cleanly (exit 0, saying why), not crash on an unhandled
// 'error' event with its database open. In memory: no folder to remove.

describe('npm run stack with a closed stdout', () => {
  it('stops cleanly when its ready line cannot be written', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'electron/stack/cli.ts', '--seed', '3'], {
      cwd: process.cwd(),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      child.on('exit', (code, signal) => resolve({ code, signal })),
    );
    // The parent goes away from the pipe: our end is closed before the stack has started.
    child.stdout.destroy();
    const limit = setTimeout(() => child.kill('SIGKILL'), 170_000);
    const { code, signal } = await exit;
    clearTimeout(limit);
    expect(stderr).toContain('[stack] stdout closed: stopping');
    expect(stderr).not.toContain('EPIPE');
    expect({ code, signal }).toEqual({ code: 0, signal: null });
  }, 180_000); // a cold PGlite start is slow on a loaded machine
});
