import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { promisify } from 'node:util';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A throwaway PostgreSQL cluster for tests and benchmarks: `initdb` in a temp dir, `pg_ctl start`
 * on 127.0.0.1 and a free port, trust auth for the `postgres` superuser, `wal_level = logical`
 * (Realtime reads the WAL), and everything removed again by `stop()`.
 *
 * initdb and postgres refuse to run as root. As root the fixture runs them as the `postgres`
 * user the Debian package creates (or a `tradedesk-pg` system user it creates when absent), via
 * `runuser`; as anyone else, as that user. Binaries: `TRADEDESK_PG_BINDIR`, else the newest
 * `/usr/lib/postgresql/<v>/bin`, else `initdb` on PATH. Clusters left behind by a killed run
 * (their owner process is gone) are stopped and removed by the next start.
 */

export interface PostgresCluster {
  /** `postgres://postgres@127.0.0.1:<port>/<database>` */
  url(database?: string): string;
  port: number;
  dir: string;
  /** Server version, e.g. `15.18`. */
  version: string;
  /**
   * Stop (`fast`: sessions are ended cleanly; `immediate`: like a crash, recovery on start) and
   * start again on the same port. Asynchronous: everything else keeps running meanwhile.
   */
  restart(mode?: 'fast' | 'immediate'): Promise<void>;
  stopServer(mode?: 'fast' | 'immediate'): Promise<void>;
  startServer(): Promise<void>;
  /** Stops the server and removes the directory. */
  stop(): Promise<void>;
}

const PREFIX = 'tradedesk-pg-';
const SERVICE_USER = 'tradedesk-pg';

export class PostgresUnavailableError extends Error {}

/** Where initdb/pg_ctl live, or an explanation of how to get them. */
export function findPgBinDir(): string {
  const fromEnv = process.env.TRADEDESK_PG_BINDIR;
  if (fromEnv) {
    if (!existsSync(join(fromEnv, 'initdb'))) throw new PostgresUnavailableError(`no initdb in ${fromEnv}`);
    return fromEnv;
  }
  const root = '/usr/lib/postgresql';
  if (existsSync(root)) {
    const versions = readdirSync(root)
      .filter((v) => existsSync(join(root, v, 'bin', 'initdb')))
      .sort((a, b) => Number(b) - Number(a));
    if (versions[0]) return join(root, versions[0], 'bin');
  }
  const which = spawnSync('sh', ['-c', 'command -v initdb'], { encoding: 'utf8' });
  const onPath = which.stdout.trim();
  if (which.status === 0 && onPath) return join(onPath, '..');
  throw new PostgresUnavailableError(
    'PostgreSQL server binaries (initdb, pg_ctl) were not found: install them (Debian: apt-get install postgresql; ' +
      '.ci/run does this) or point TRADEDESK_PG_BINDIR at their folder',
  );
}

interface RunAs {
  /** Prefix for commands that must not run as root. */
  wrap(cmd: string, args: string[]): [string, string[]];
  uid: number | null;
  gid: number | null;
  /** Environment of initdb/pg_ctl/postgres (this process's plus StartClusterOptions.env). */
  env?: NodeJS.ProcessEnv;
}

function unprivileged(): RunAs {
  if (process.getuid?.() !== 0) return { wrap: (cmd, args) => [cmd, args], uid: null, gid: null };
  let user = 'postgres';
  if (spawnSync('id', ['-u', user]).status !== 0) {
    user = SERVICE_USER;
    if (spawnSync('id', ['-u', user]).status !== 0) {
      execFileSync('useradd', ['--system', '--no-create-home', '--shell', '/usr/sbin/nologin', user]);
    }
  }
  const uid = Number(execFileSync('id', ['-u', user], { encoding: 'utf8' }).trim());
  const gid = Number(execFileSync('id', ['-g', user], { encoding: 'utf8' }).trim());
  return { wrap: (cmd, args) => ['runuser', ['-u', user, '--', cmd, ...args]], uid, gid };
}

function run(runAs: RunAs, cmd: string, args: string[]): string {
  const [c, a] = runAs.wrap(cmd, args);
  const r = spawnSync(c, a, { encoding: 'utf8', env: runAs.env });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}): ${r.stderr || r.stdout}`);
  return r.stdout;
}

async function runAsync(runAs: RunAs, cmd: string, args: string[]): Promise<void> {
  const [c, a] = runAs.wrap(cmd, args);
  try {
    await promisify(execFile)(c, a, { encoding: 'utf8', env: runAs.env });
  } catch (err) {
    const e = err as { code?: number; stderr?: string; stdout?: string };
    throw new Error(`${cmd} ${args.join(' ')} failed (${String(e.code)}): ${e.stderr || e.stdout || ''}`, {
      cause: err,
    });
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Stops and removes clusters whose creating process is gone (a killed test run). */
function sweepOrphans(bin: string, runAs: RunAs): void {
  for (const name of readdirSync(tmpdir())) {
    if (!name.startsWith(PREFIX)) continue;
    const dir = join(tmpdir(), name);
    const ownerFile = join(dir, 'owner.pid');
    if (!existsSync(ownerFile)) continue;
    const owner = Number(readFileSync(ownerFile, 'utf8'));
    if (!Number.isFinite(owner) || alive(owner)) continue;
    const data = join(dir, 'data');
    if (existsSync(join(data, 'postmaster.pid'))) {
      const [c, a] = runAs.wrap(join(bin, 'pg_ctl'), ['stop', '-D', data, '-m', 'immediate', '-w']);
      spawnSync(c, a);
    }
    rmSync(dir, { recursive: true, force: true });
  }
}

const SETTINGS = [
  `listen_addresses = '127.0.0.1'`,
  'wal_level = logical',
  'max_wal_senders = 64',
  'max_replication_slots = 64',
  'max_connections = 300',
  'shared_buffers = 64MB',
  // Throwaway data: no crash safety needed (a restart in the fault test is a clean or
  // immediate stop, which keeps committed data either way with fsync off and no OS crash).
  'fsync = off',
  'full_page_writes = off',
  "log_min_messages = 'warning'",
];

export interface StartClusterOptions {
  /** Extra postgresql.conf lines (e.g. `synchronous_commit = on`). */
  settings?: string[];
  /**
   * Extra environment for initdb and the server, e.g. `{ TZ: 'Asia/Kolkata' }`: initdb takes the
   * cluster's default `timezone` from it, as on a machine set to that zone.
   */
  env?: Record<string, string>;
}

export async function startPostgresCluster(opts: StartClusterOptions = {}): Promise<PostgresCluster> {
  const bin = findPgBinDir();
  const runAs: RunAs = { ...unprivileged(), env: { ...process.env, ...opts.env } };
  sweepOrphans(bin, runAs);
  const dir = mkdtempSync(join(tmpdir(), PREFIX));
  writeFileSync(join(dir, 'owner.pid'), String(process.pid));
  const data = join(dir, 'data');
  const logFile = join(dir, 'server.log');
  try {
    if (runAs.uid !== null) chownSync(dir, runAs.uid, runAs.gid!);
    run(runAs, join(bin, 'initdb'), [
      '-D',
      data,
      '-U',
      'postgres',
      '--auth=trust',
      '-E',
      'UTF8',
      '--no-locale',
      '--no-sync',
    ]);
    const conf = join(data, 'postgresql.conf');
    const extra = [...SETTINGS, `unix_socket_directories = '${dir}'`, ...(opts.settings ?? [])];
    writeFileSync(conf, `${readFileSync(conf, 'utf8')}\n# tradedesk test cluster\n${extra.join('\n')}\n`);
    if (runAs.uid !== null) chownSync(conf, runAs.uid, runAs.gid!);

    let port = 0;
    const startServer = (): Promise<void> =>
      runAsync(runAs, join(bin, 'pg_ctl'), ['start', '-D', data, '-l', logFile, '-w', '-t', '120', '-o', `-p ${port}`]);
    // The port is free when picked but another process may take it before postgres binds.
    for (let attempt = 1; ; attempt++) {
      port = await freePort();
      try {
        await startServer();
        break;
      } catch (err) {
        if (attempt >= 3) {
          const tail = existsSync(logFile) ? readFileSync(logFile, 'utf8').slice(-2000) : '';
          throw new Error(`${(err as Error).message}\n${tail}`, { cause: err });
        }
      }
    }
    const stopServer = (mode: 'fast' | 'immediate' = 'fast'): Promise<void> =>
      runAsync(runAs, join(bin, 'pg_ctl'), ['stop', '-D', data, '-m', mode, '-w', '-t', '120']);
    const version = /\d+(\.\d+)+/.exec(run(runAs, join(bin, 'postgres'), ['--version']))?.[0] ?? 'unknown';
    let stopped = false;
    return {
      url: (database = 'postgres') => `postgres://postgres@127.0.0.1:${port}/${database}`,
      port,
      dir,
      version,
      stopServer,
      startServer,
      async restart(mode = 'fast') {
        await stopServer(mode);
        await startServer();
      },
      async stop() {
        if (stopped) return;
        stopped = true;
        try {
          if (existsSync(join(data, 'postmaster.pid'))) await stopServer('immediate');
        } finally {
          rmSync(dir, { recursive: true, force: true });
        }
      },
    };
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
}
