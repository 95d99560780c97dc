import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createClient } from '@supabase/supabase-js';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { clusterUrl, createServerDatabase, dropServerDatabase, withAdmin } from '../engines';
import { startPostgresCluster, type PostgresCluster } from '../postgres-cluster';

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

function runCli(args: string[], env: Record<string, string> = {}): Run {
  const child = spawn(process.execPath, ['--import', 'tsx', 'electron/stack/cli.ts', ...args], {
    cwd: process.cwd(),
    env: { ...process.env, ...env },
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
    // stderr's ready line comes right after stdout's (two pipes: either may be read first).
    const ready = await waitFor(() => /ready in .*/.exec(run!.stderr)?.[0], "stderr's ready line", run);
    expect(ready).toMatch(
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

  it('refuses a non-postgres URL, --data-dir together with --database-url, and a database that does not exist, saying why', async () => {
    const bad = runCli(['--database-url', 'mysql://somewhere/db']);
    expect(await bad.exit).toBe(1);
    expect(bad.stderr).toMatch(/must start with postgres:\/\/ or postgresql:\/\//);
    const both = runCli(['--database-url', clusterUrl(name), '--data-dir', '/tmp/nowhere']);
    expect(await both.exit).toBe(1);
    expect(both.stderr).toMatch(/--data-dir is for PGlite/);
    // A database that is not there: one sentence with the fix, no stack trace.
    const missing = runCli(['--database-url', clusterUrl(`${name}_absent`)]);
    expect(await missing.exit).toBe(1);
    expect(missing.stderr.trim()).toMatch(
      /^\[stack\] cannot use the PostgreSQL database at 127\.0\.0\.1:\d+\/tdt_\w+_absent: database "tdt_\w+_absent" does not exist — create it first \(createdb\)$/,
    );
  }, 120_000);
});

// initdb takes the machine's zone (PGlite is always UTC). A session's zone decides what
// `DEFAULT CURRENT_TIMESTAMP` and `clock_timestamp()` store in a `timestamp(3)` column: its wall
// time. The platform's timestamps are UTC without a zone, so every gateway session runs in UTC.
describe('npm run stack -- --database-url on a machine in IST (TZ=Asia/Kolkata: cluster and gateway)', () => {
  let ist: PostgresCluster | undefined;
  let istRun: Run | undefined;

  beforeAll(async () => {
    ist = await startPostgresCluster({ env: { TZ: 'Asia/Kolkata' } });
    await withAdmin((c) => c.query('CREATE DATABASE tz_ist'), ist.url());
  }, 120_000);

  afterAll(async () => {
    if (istRun && istRun.child.exitCode === null) {
      istRun.child.kill('SIGKILL');
      await istRun.exit;
    }
    await ist?.stop();
  });

  it('stores and serves UTC (column defaults, the updatedAt trigger, executedAt) although the cluster default zone is IST', async () => {
    const cluster = ist!;
    // The control: a plain session on this cluster is in IST and would store UTC+5:30 wall time.
    const plain = await withAdmin(
      (c) =>
        c.query<{ tz: string; offset: number }>(
          "SELECT current_setting('TimeZone') AS tz, extract(epoch FROM CURRENT_TIMESTAMP::timestamp - (CURRENT_TIMESTAMP AT TIME ZONE 'UTC'))::int AS offset",
        ),
      cluster.url('tz_ist'),
    );
    expect(plain.rows[0]).toEqual({ tz: 'Asia/Kolkata', offset: 19_800 });

    const r = runCli(['--database-url', cluster.url('tz_ist'), '--tick-rate', '200'], { TZ: 'Asia/Kolkata' });
    istRun = r;
    const line = await waitFor(
      () => (r.stdout.includes('\n') ? r.stdout.split('\n')[0] : undefined),
      'the ready line',
      r,
    );
    const info = StackInfo.parse(JSON.parse(line!));
    const trader = createClient(info.supabaseUrl, info.anonKey, {
      auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
      realtime: { transport: WebSocket as unknown as typeof globalThis.WebSocket },
    });
    const Times = z.object({
      status: z.string(),
      createdAt: z.string(),
      updatedAt: z.string(),
      executedAt: z.string().nullable(),
    });
    const live: z.infer<typeof Times>[] = [];
    try {
      expect((await trader.auth.signInWithPassword(info.demo)).error).toBeNull();
      trader
        .channel(`tz-${randomUUID()}`)
        .on('postgres_changes', { event: '*', schema: 'public', table: 'orders' }, (p) => live.push(Times.parse(p.new)))
        .subscribe();
      await waitFor(() => trader.realtime.channels[0]?.state === 'joined', 'the channel to join', r);
      const before = Date.now();
      const placed = await trader.rpc('place_order', {
        p_client_order_id: randomUUID(),
        p_symbol: 'INFY',
        p_side: 'BUY',
        p_order_type: 'MARKET',
        p_product_type: 'MIS',
        p_quantity: 1,
      });
      expect(placed.error).toBeNull();
      const id = z.object({ id: z.string() }).parse(placed.data).id;
      const filled = await waitFor(() => live.find((o) => o.status === 'EXECUTED'), 'the fill over Realtime', r);
      const after = Date.now();
      const rest = await trader.from('orders').select('status,createdAt,updatedAt,executedAt').eq('id', id).single();
      expect(rest.error).toBeNull();
      const stored = Times.parse(rest.data);

      // Zone-less UTC (the platform's form); read as UTC they fall inside the test's own window,
      // not 5 h 30 min after it. A second either side covers timestamp(3) rounding.
      const asUtc = (v: string | null): number => {
        expect(v).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?$/);
        return Date.parse(`${v!}Z`);
      };
      for (const row of [stored, filled]) {
        for (const t of [row.createdAt, row.updatedAt, row.executedAt]) {
          expect(asUtc(t)).toBeGreaterThanOrEqual(before - 1_000);
          expect(asUtc(t)).toBeLessThanOrEqual(after + 1_000);
        }
      }
      expect(filled).toEqual(stored);
    } finally {
      await trader.removeAllChannels();
    }
    r.child.kill('SIGTERM');
    expect(await r.exit).toBe(0);
  }, 240_000);
});
