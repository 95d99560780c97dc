import { parseArgs } from 'node:util';
import { z } from 'zod';
import { FolderInUseError } from '../lib/folder-lock';
import { DatabaseSetupError } from './db';
import { stackInfo, startStack, type Stack } from './index';

/**
 * `npm run stack`: starts the embedded backend and prints, once ready, exactly one JSON line on
 * stdout (`StackInfo`); everything else goes to stderr so the line can be read by a script.
 * Started as a child with an IPC channel it also sends `{type:'ready', info}` to the parent, and
 * it shuts down when the parent goes away. SIGINT/SIGTERM stop it cleanly.
 *
 *   --port <n>             Supabase gateway port (market takes n+1 unless --market-port); default: a free one
 *   --market-port <n>      market-data simulator port; default: n+1 with --port, else a free one
 *   --data-dir <p>         PGlite: persist the database in this folder; default: in memory
 *   --database-url <url>   run on this PostgreSQL server instead of PGlite (postgres://…; leave
 *                          the password out and node-postgres takes it from PGPASSWORD or
 *                          ~/.pgpass, keeping it out of the process list)
 *   --pool-size <n>        server: pool connections; default 10
 *   --slot-name <name>     server: Realtime's replication slot; default tradedesk_realtime_<db>
 *                          (one per gateway: give each gateway on one database its own)
 *   --drop-slot            server: drop the gateway's replication slot and exit (retire it)
 *   --tick-rate <ms>       mean ms between two ticks of one instrument; default 1000
 *   --seed <n>             price-walk seed; default 1
 *   --max-rows <n>         rows one REST read may return (PostgREST max-rows); default 1000, as hosted
 *   --test-controls        tests only: the market serves POST /api/test/price {symbol, price}
 */

const DatabaseUrl = z
  .string()
  .refine((u) => /^postgres(ql)?:\/\//.test(u), 'the database URL must start with postgres:// or postgresql://');

const CliOptions = z.object({
  port: z.coerce.number().int().min(0).max(65534).optional(),
  marketPort: z.coerce.number().int().min(0).max(65535).optional(),
  dataDir: z.string().min(1).optional(),
  databaseUrl: DatabaseUrl.optional(),
  poolSize: z.coerce.number().int().min(1).max(1000).optional(),
  slotName: z
    .string()
    .regex(/^[a-z0-9_]{1,63}$/, 'a slot name is 1-63 of a-z, 0-9 and _')
    .optional(),
  dropSlot: z.boolean().optional(),
  tickIntervalMs: z.coerce.number().int().min(1).max(3_600_000).optional(),
  seed: z.coerce.number().int().optional(),
  maxRows: z.coerce.number().int().min(1).max(1_000_000).optional(),
  testControls: z.boolean().optional(),
});

const log = (line: string) => process.stderr.write(`[stack] ${line}\n`);

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      'market-port': { type: 'string' },
      'data-dir': { type: 'string' },
      'database-url': { type: 'string' },
      'pool-size': { type: 'string' },
      'slot-name': { type: 'string' },
      'drop-slot': { type: 'boolean' },
      'tick-rate': { type: 'string' },
      seed: { type: 'string' },
      'max-rows': { type: 'string' },
      'test-controls': { type: 'boolean' },
    },
    strict: true,
  });
  const opts = CliOptions.parse({
    port: values.port,
    marketPort: values['market-port'],
    dataDir: values['data-dir'],
    databaseUrl: values['database-url'],
    poolSize: values['pool-size'],
    slotName: values['slot-name'],
    dropSlot: values['drop-slot'],
    tickIntervalMs: values['tick-rate'],
    seed: values.seed,
    maxRows: values['max-rows'],
    testControls: values['test-controls'],
  });

  if (opts.databaseUrl && opts.dataDir) throw new Error('--data-dir is for PGlite; give either it or --database-url');
  if (opts.dropSlot) {
    if (!opts.databaseUrl) throw new Error('--drop-slot needs --database-url');
    const { dropRealtimeSlot } = await import('./db/server');
    log(`dropped replication slot ${await dropRealtimeSlot(opts.databaseUrl, opts.slotName)}`);
    return;
  }

  const started = Date.now();
  const stack: Stack = await startStack(opts);
  const info = stackInfo(stack);

  let stopping = false;
  const shutdown = (why: string) => {
    if (stopping) return;
    stopping = true;
    log(`${why}: stopping`);
    stack.stop().then(
      () => {
        // Let go of a parent still connected; one that went away (kill -9 of the host) already
        // closed the channel, and disconnecting twice throws ERR_IPC_DISCONNECTED.
        if (process.connected) process.disconnect?.();
        process.exit(0);
      },
      (err: unknown) => {
        log(`stop failed: ${err instanceof Error ? err.message : String(err)}`);
        process.exit(1);
      },
    );
  };
  // The parent reads the ready line from our stdout. A parent that died while we started (a
  // test runner killed on its timeout) has closed that pipe, and the write fails with EPIPE:
  // stop cleanly instead of crashing on an unhandled 'error' with the database open.
  process.stdout.on('error', () => shutdown('stdout closed'));
  process.stdout.write(`${JSON.stringify(info)}\n`);
  process.send?.({ type: 'ready', info });
  // As an Electron utility process the parent listens on parentPort instead of process.send.
  parentPort()?.postMessage({ type: 'ready', info });
  log(
    `ready in ${Date.now() - started} ms on ${stack.supabase.db.description} (Realtime: ${stack.supabase.capture}): ` +
      `supabase ${info.supabaseUrl}, market ${info.marketUrl}`,
  );

  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  // A parent that started us over IPC and went away will not stop us: do it ourselves.
  process.on('disconnect', () => shutdown('parent disconnected'));
  // The clean way to stop us on every OS (Windows delivers no SIGTERM; a utility process has
  // no 'disconnect'): a {type:'stop'} message over the IPC channel or Electron's parentPort.
  process.on('message', (message: unknown) => {
    if (isStopMessage(message)) shutdown('stop requested');
  });
  parentPort()?.on('message', (event: { data?: unknown }) => {
    if (isStopMessage(event.data)) shutdown('stop requested');
  });
}

const isStopMessage = (message: unknown): boolean => StopMessage.safeParse(message).success;
const StopMessage = z.object({ type: z.literal('stop') });

/** Electron's utility-process port to main; absent under plain Node. */
function parentPort():
  | { postMessage(message: unknown): void; on(event: 'message', listener: (event: { data?: unknown }) => void): void }
  | undefined {
  return (process as NodeJS.Process & { parentPort?: ReturnType<typeof parentPort> }).parentPort;
}

main().catch((err: unknown) => {
  // A held data folder or an unusable database is not a crash: one sentence saying what to do.
  if (err instanceof FolderInUseError || err instanceof DatabaseSetupError) log(err.message);
  else log(`failed to start: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  process.exit(1);
});
