import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server, type Namespace, type Socket } from 'socket.io';
import { type PushHub } from '../../../../electron/core/ipc/push-hub';
import type { PushName, PushPayload } from '../../../../src/shared/contract';
import type { ConnectionStatus, Quote } from '../../../../src/shared/domain';

/** Polls `cond` until it holds (generous timeout for a loaded 2-core machine); never sleeps blindly. */
export async function waitFor<T>(
  cond: () => T | undefined | null | false,
  what: string,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = cond();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for: ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

export interface RecordedPush {
  name: PushName;
  payload: unknown;
  at: number;
}

/** A window as the hub sees it: a sink that records every push (the real hub, not a mock). */
export class RecordingWindow {
  readonly pushes: RecordedPush[] = [];
  constructor(
    readonly hub: PushHub,
    readonly id: string,
  ) {
    hub.attach(id, <P extends PushName>(name: P, payload: PushPayload<P>) => {
      this.pushes.push({ name, payload, at: Date.now() });
    });
  }
  tickBatches(from = 0): Quote[][] {
    return this.pushes
      .slice(from)
      .filter((p) => p.name === 'market.ticks')
      .map((p) => (p.payload as PushPayload<'market.ticks'>).quotes);
  }
  /** The last value this window was sent for each token. */
  latest(): Map<number, Quote> {
    const m = new Map<number, Quote>();
    for (const batch of this.tickBatches()) for (const q of batch) m.set(q.token, q);
    return m;
  }
  statuses(): ConnectionStatus[] {
    return this.pushes.filter((p) => p.name === 'connection.status').map((p) => p.payload as ConnectionStatus);
  }
  /** Every issue this window was ever told of (each push is the complete list at that time). */
  issues(): PushPayload<'market.issues'>['issues'] {
    return this.pushes
      .filter((p) => p.name === 'market.issues')
      .flatMap((p) => (p.payload as PushPayload<'market.issues'>).issues);
  }
  /** The issues as the window last heard them (the latest complete list; none before any push). */
  currentIssues(): PushPayload<'market.issues'>['issues'] {
    const last = this.pushes.filter((p) => p.name === 'market.issues').at(-1);
    return last ? (last.payload as PushPayload<'market.issues'>).issues : [];
  }
  close(): void {
    this.hub.detach(this.id);
  }
}

/** A minimal market-data server for fault tests: the test scripts what it answers. */
export interface TinyServer {
  url: string;
  nsp: Namespace;
  sockets: () => Socket[];
  connections: number;
  stop(): Promise<void>;
}

export async function startTinyServer(onSocket: (socket: Socket) => void): Promise<TinyServer> {
  const http: HttpServer = createServer();
  const io = new Server(http, { serveClient: false });
  const nsp = io.of('/market-data');
  const state: TinyServer = {
    url: '',
    nsp,
    sockets: () => [...nsp.sockets.values()],
    connections: 0,
    stop: async () => {
      io.disconnectSockets(true);
      await new Promise<void>((r) => io.close(() => r()));
    },
  };
  nsp.on('connection', (socket) => {
    state.connections++;
    onSocket(socket);
  });
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', () => r()));
  state.url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  return state;
}

/** A well-formed envelope as the service sends it. */
export function envelope(token: number, ltp: number, close = 100): Record<string, unknown> {
  return {
    instrumentToken: token,
    uirId: token + 1_000_000,
    canonical: `NSE:T${token}`,
    data: { instrument_token: token, last_price: ltp, ohlc: { open: close, high: ltp, low: close, close }, volume: 1 },
    timestamp: new Date().toISOString(),
  };
}
