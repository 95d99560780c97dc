import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

// Two browser hosts (`npm run web` on one data folder) as real processes. The demo backend is
// pointed at an address nothing listens on, so no stack is started: the folder is the subject.

const dir = mkdtempSync(join(tmpdir(), 'tradedesk-web-lock-'));
const children: ChildProcess[] = [];
const env = {
  ...process.env,
  TRADEDESK_DEMO_STACK: JSON.stringify({
    supabaseUrl: 'http://127.0.0.1:9',
    anonKey: 'x'.repeat(20),
    serviceRoleKey: 'x'.repeat(20),
    marketUrl: 'http://127.0.0.1:9',
    marketApiKey: 'unused',
    demo: { email: 'demo@tradedesk.local', password: 'tradedesk-demo' },
  }),
};

function host(): { child: ChildProcess; out: () => string; err: () => string; exit: Promise<number | null> } {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'electron/web/cli.ts', '--data-dir', dir, '--port', '0', '--renderer-dir', dir],
    { cwd: process.cwd(), env, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  children.push(child);
  let out = '';
  let err = '';
  child.stdout!.on('data', (b: Buffer) => (out += b.toString()));
  child.stderr!.on('data', (b: Buffer) => (err += b.toString()));
  return { child, out: () => out, err: () => err, exit: new Promise((r) => child.on('exit', (code) => r(code))) };
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

describe('one browser host per data folder', () => {
  it('the second refuses in one sentence naming the first, and exits non-zero; the first keeps serving', async () => {
    const first = host();
    const deadline = Date.now() + 120_000;
    while (!first.out().includes('Tradedesk ready:')) {
      if (first.child.exitCode !== null || Date.now() > deadline) throw new Error(`first host: ${first.err()}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    const second = host();
    expect(await second.exit).toBe(1);
    expect(second.out()).toBe('');
    const lines = second.err().trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`in use by process ${first.child.pid} \\(Tradedesk browser host`));
    expect(first.child.exitCode).toBeNull();
    first.child.kill('SIGTERM');
    expect(await first.exit).toBe(0);
  }, 180_000);
});
