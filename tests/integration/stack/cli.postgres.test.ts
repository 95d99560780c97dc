import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createClient } from '@supabase/supabase-js';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { clusterUrl, createServerDatabase, dropServerDatabase, withAdmin } from '../engines';

// `npm run stack -- --database-url …` as a new user runs it: a real child process against a
// brand-new empty database on a PostgreSQL server (server only: this is the flag's whole job).

const StackInfo = z.object({
  supabaseUrl: z.string().url(),
  anonKey: z.string().min(20),
  serviceRoleKey: z.string().min(20),
  marketUrl: z.string().url(),
  marketApiKey: z.string().min(1),
  demo: z.object({ email: z.string(), password: z.string() }),
});

interface Run {
  child: ChildProcess;
  stdout: string;
  stderr: string;
  exit: Promise<number | null>;
}

function runCli(args: string[]): Run {
  const child = spawn(process.execPath, ['--import', 'tsx', 'electron/stack/cli.ts', ...args], {
    cwd: process.cwd(),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const run: Run = { child, stdout: '', stderr: '', exit: new Promise((r) => child.on('exit', (code) => r(code))) };
  child.stdout!.on('data', (b: Buffer) => (run.stdout += b.toString()));
  child.stderr!.on('data', (b: Buffer) => (run.stderr += b.toString()));
  return run;
}

async function waitFor<T>(
  check: () => T | undefined | false | Promise<T | undefined | false>,
  what: string,
  run?: Run,
): Promise<T> {
  const deadline = Date.now() + 120_000;
  for (;;) {
    const v = await check();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${what}; stderr:\n${run?.stderr.slice(-2000) ?? ''}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

let name: string;
let run: Run | undefined;

beforeAll(async () => {
  name = await createServerDatabase('empty');
});

afterAll(async () => {
  if (run && run.child.exitCode === null) {
    run.child.kill('SIGKILL');
    await run.exit;
  }
  await dropServerDatabase(name);
});

describe('npm run stack -- --database-url', () => {
  it('migrates and seeds a new database, serves the demo trader through the paper broker, and stops cleanly keeping its slot', async () => {
    run = runCli(['--database-url', clusterUrl(name), '--tick-rate', '200']);
    const line = await waitFor(
      () => (run!.stdout.includes('\n') ? run!.stdout.split('\n')[0] : undefined),
      'the ready line',
      run,
    );
    const info = StackInfo.parse(JSON.parse(line!));
    expect(run.stderr).toMatch(
      /ready in \d+ ms on PostgreSQL [\d.]+ at 127\.0\.0\.1:\d+\/tdt_\w+ \(Realtime: logical-replication\)/,
    );
    expect(run.stderr).not.toMatch(/password/i);

    const trader = createClient(info.supabaseUrl, info.anonKey, {
      auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
      realtime: { transport: WebSocket as unknown as typeof globalThis.WebSocket },
    });
    try {
      const signIn = await trader.auth.signInWithPassword(info.demo);
      expect(signIn.error).toBeNull();
      const statuses: string[] = [];
      trader
        .channel(`cli-${randomUUID()}`)
        .on('postgres_changes', { event: 'UPDATE', schema: 'public', table: 'orders' }, (p) =>
          statuses.push((p.new as { status: string }).status),
        )
        .subscribe();
      await waitFor(() => trader.realtime.channels[0]?.state === 'joined', 'the channel to join', run);
      const placed = await trader.rpc('place_order', {
        p_client_order_id: randomUUID(),
        p_symbol: 'INFY',
        p_side: 'BUY',
        p_order_type: 'MARKET',
        p_product_type: 'MIS',
        p_quantity: 1,
      });
      expect(placed.error).toBeNull();
      // The broker fills it at the market; the trader hears it over Realtime.
      await waitFor(() => statuses.includes('EXECUTED'), 'the fill over Realtime', run);
    } finally {
      await trader.removeAllChannels();
    }

    run.child.kill('SIGTERM');
    expect(await run.exit).toBe(0);
    const slots = await withAdmin((c) =>
      c.query<{ slot_name: string }>('SELECT slot_name FROM pg_replication_slots WHERE database = $1', [name]),
    );
    expect(slots.rows.map((r) => r.slot_name)).toEqual([`tradedesk_realtime_${name}`]);
  }, 240_000);

  it('--drop-slot retires the gateway: drops its slot and exits', async () => {
    const drop = runCli(['--database-url', clusterUrl(name), '--drop-slot']);
    expect(await drop.exit).toBe(0);
    expect(drop.stdout).toBe('');
    expect(drop.stderr).toContain(`dropped replication slot tradedesk_realtime_${name}`);
    const slots = await withAdmin((c) => c.query('SELECT 1 FROM pg_replication_slots WHERE database = $1', [name]));
    expect(slots.rows).toHaveLength(0);
  }, 120_000);

  it('refuses a non-postgres URL and --data-dir together with --database-url, saying why', async () => {
    const bad = runCli(['--database-url', 'mysql://somewhere/db']);
    expect(await bad.exit).toBe(1);
    expect(bad.stderr).toMatch(/must start with postgres:\/\/ or postgresql:\/\//);
    const both = runCli(['--database-url', clusterUrl(name), '--data-dir', '/tmp/nowhere']);
    expect(await both.exit).toBe(1);
    expect(both.stderr).toMatch(/--data-dir is for PGlite/);
  }, 120_000);
});
