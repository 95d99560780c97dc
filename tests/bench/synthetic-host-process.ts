import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { PushHubStats } from '../../electron/core/ipc/push-hub';
import { startSyntheticHost, type SyntheticHost } from './renderer';

/**
 * The renderer bench's synthetic browser host (`startSyntheticHost`) in a process of its own, so
 * that its CPU is the host's alone. In the bench's own process Playwright's client runs too, and
 * it parses every WebSocket frame each page receives (CDP `Network.webSocketFrameReceived`): with
 * the host there, each extra window cost that process ~1.8 % of a core against ~0.2 % for the host
 * itself (measured 2026-12-01 with trivial pages), which is not the host's cost at all.
 *
 * Parent → child messages: `{t:'ticks', perSecond}`, `{t:'usage', id}`, `{t:'close'}`;
 * child → parent: `{t:'ready', url}`, `{t:'usage', id, usage}`, `{t:'error', message}`.
 */
export interface HostUsage {
  /** `process.cpuUsage()` of the host process, µs since it started. */
  cpuMicros: number;
  /** Ticks generated so far. */
  sent: number;
  /** The host's PushHub counters (pushes delivered to windows, wire frames encoded). */
  hub: PushHubStats;
}

export interface SyntheticHostProcess {
  /** The page URL with its token (`&window=<key>` opens a detached window). */
  url: string;
  pid: number;
  /** Starts the tick source at `perSecond` (resolves once asked; ticks stop with close). */
  startTicks(perSecond: number): void;
  usage(): Promise<HostUsage>;
  close(): Promise<void>;
}

type ToChild = { t: 'ticks'; perSecond: number } | { t: 'usage'; id: number } | { t: 'close' };
type FromChild =
  { t: 'ready'; url: string } | { t: 'usage'; id: number; usage: HostUsage } | { t: 'error'; message: string };

const self = fileURLToPath(import.meta.url);

/**
 * Forks this file (under the same tsx loader: fork passes process.execArgv on) running
 * `startSyntheticHost(rendererDir, rows, detached)`. Rejects if the child fails to start.
 */
export function forkSyntheticHost(
  rendererDir: string,
  rows: number,
  detached: readonly string[],
): Promise<SyntheticHostProcess> {
  const child: ChildProcess = fork(self, ['--synthetic-host-child', JSON.stringify({ rendererDir, rows, detached })], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const send = (m: ToChild) => child.send(m);
  let nextId = 1;
  const waiting = new Map<number, (u: HostUsage) => void>();
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`synthetic host exited (${code}) before it was ready`)));
    child.on('message', (raw) => {
      const m = raw as FromChild;
      if (m.t === 'error') reject(new Error(m.message));
      else if (m.t === 'usage') {
        waiting.get(m.id)?.(m.usage);
        waiting.delete(m.id);
      } else if (m.t === 'ready')
        resolve({
          url: m.url,
          pid: child.pid!,
          startTicks: (perSecond) => send({ t: 'ticks', perSecond }),
          usage: () =>
            new Promise((r) => {
              const id = nextId++;
              waiting.set(id, r);
              send({ t: 'usage', id });
            }),
          close: () =>
            new Promise((r) => {
              child.removeAllListeners('exit');
              child.once('exit', () => r());
              send({ t: 'close' });
            }),
        });
    });
  });
}

async function childMain(arg: string): Promise<void> {
  const reply = (m: FromChild) => process.send!(m);
  const { rendererDir, rows, detached } = JSON.parse(arg) as { rendererDir: string; rows: number; detached: string[] };
  let host: SyntheticHost;
  try {
    host = await startSyntheticHost(rendererDir, rows, detached);
  } catch (error) {
    reply({ t: 'error', message: String(error) });
    process.exit(1);
  }
  let ticks: { stop(): void; sent(): number } | null = null;
  process.on('message', (raw) => {
    const m = raw as ToChild;
    if (m.t === 'ticks') {
      ticks?.stop();
      ticks = host.startTicks(m.perSecond);
    } else if (m.t === 'usage') {
      const cpu = process.cpuUsage();
      reply({
        t: 'usage',
        id: m.id,
        usage: { cpuMicros: cpu.user + cpu.system, sent: ticks?.sent() ?? 0, hub: host.hub.stats() },
      });
    } else if (m.t === 'close') {
      ticks?.stop();
      void host.close().then(() => process.exit(0));
    }
  });
  // The bench died without closing us: do not linger holding a port.
  process.on('disconnect', () => process.exit(0));
  reply({ t: 'ready', url: host.host.url });
}

if (process.argv[2] === '--synthetic-host-child' && process.send) void childMain(process.argv[3]!);
