import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from '@supabase/supabase-js';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StackInfo } from '../../../src/shared/contract/stack-info';
import { connectMarket } from './market/recorder';

// `npm run stack` as a real child process (node + tsx, as the npm script runs it), with an IPC
// channel like the Electron main process will use; then the official clients against it.

// The printed line is the shared StackInfo exactly (no extra keys, the demo login inside).
const StackInfoSchema = StackInfo.extend({ demo: StackInfo.shape.demo.strict() }).strict();

let child: ChildProcess;
let dir: string;
let stdout = '';
let stderr = '';
const ipcMessages: unknown[] = [];
let exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

async function waitFor<T>(check: () => T | undefined | false, what: string, timeoutMs = 170_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = check();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; stderr:\n${stderr.slice(-2000)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'tradedesk-stack-'));
  child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      'electron/stack/cli.ts',
      '--tick-rate',
      '200',
      '--seed',
      '5',
      '--max-rows',
      '25',
      '--data-dir',
      join(dir, 'pg'),
    ],
    {
      cwd: process.cwd(),
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    },
  );
  child.stdout!.on('data', (b: Buffer) => (stdout += b.toString()));
  child.stderr!.on('data', (b: Buffer) => (stderr += b.toString()));
  child.on('message', (m) => ipcMessages.push(m));
  exit = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
});

afterAll(async () => {
  if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await exit;
  rmSync(dir, { recursive: true, force: true });
});

describe('npm run stack', () => {
  let info: StackInfo;

  it('prints exactly one JSON line once ready, and tells an IPC parent', async () => {
    const line = await waitFor(
      () => (stdout.includes('\n') ? stdout.slice(0, stdout.indexOf('\n')) : undefined),
      'the ready line',
    );
    info = StackInfoSchema.parse(JSON.parse(line));
    expect(info.demo).toEqual({ email: 'demo@tradedesk.local', password: 'tradedesk-demo' });
    expect(new URL(info.supabaseUrl).hostname).toBe('127.0.0.1');
    expect(new URL(info.marketUrl).hostname).toBe('127.0.0.1');
    const ready = await waitFor(
      () => ipcMessages.find((m) => (m as { type?: string }).type === 'ready'),
      'the IPC ready message',
    );
    expect(ready).toEqual({ type: 'ready', info });
  }, 180_000); // a cold PGlite start with migrations is slow on a loaded machine

  it('lets the demo user sign in with the official client, and trades end to end', async () => {
    const c = createClient(info.supabaseUrl, info.anonKey, {
      auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
      realtime: { transport: WebSocket as unknown as typeof globalThis.WebSocket },
    });
    const { data, error } = await c.auth.signInWithPassword(info.demo);
    expect(error).toBeNull();
    expect(data.user?.email).toBe('demo@tradedesk.local');

    // The broker inside the stack fills a MARKET order.
    const placed = await c.rpc('place_order', {
      p_client_order_id: randomUUID(),
      p_symbol: 'ITC',
      p_side: 'BUY',
      p_order_type: 'MARKET',
      p_product_type: 'MIS',
      p_quantity: 1,
    });
    expect(placed.error).toBeNull();
    const id = (placed.data as { id: string }).id;
    const deadline = Date.now() + 60_000;
    let status = 'PENDING';
    while (status !== 'EXECUTED' && Date.now() < deadline) {
      const row = await c.from('orders').select('status').eq('id', id).single();
      status = (row.data as { status: string } | null)?.status ?? status;
      if (status !== 'EXECUTED') await new Promise((r) => setTimeout(r, 50));
    }
    expect(status).toBe('EXECUTED');

    // --max-rows 25: a select asking for more gets 25 rows and the true total, as a hosted cap.
    const capped = await c.from('Stock').select('id', { count: 'exact' }).limit(1_000);
    expect(capped.error).toBeNull();
    expect(capped.data).toHaveLength(25);
    expect(capped.count).toBeGreaterThan(25);
    await c.auth.signOut();
  });

  it('serves market data with the printed key', async () => {
    const m = connectMarket(info.marketUrl, info.marketApiKey);
    try {
      await m.waitFor('welcome');
      m.socket.emit('subscribe', { instruments: [26000], mode: 'ohlcv' });
      const tick = await m.waitFor('market_data', (t) => t.instrumentToken === 26000 && !t.syntheticLast);
      expect(tick.data.last_price).toBeGreaterThan(0);
    } finally {
      m.socket.disconnect();
    }
  });

  it('stops cleanly on a {type:"stop"} message (how both hosts stop it), having printed nothing else on stdout', async () => {
    // Not a signal: Windows delivers none to a child, and PGlite must close its files there too.
    child.send({ type: 'nonsense' });
    child.send({ type: 'stop' });
    const { code, signal } = await exit;
    expect(signal).toBeNull();
    expect(code).toBe(0);
    expect(stderr).toContain('stop requested: stopping');
    expect(stdout.trimEnd().split('\n')).toHaveLength(1);
  });
});
