import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import WebSocket from 'ws';
import { createTerminal } from '../../electron/core/app/terminal';
import { startWebHost } from '../../electron/web/server';
import { CONTRACT_VERSION, type PushPayload } from '../../src/shared/contract';

/**
 * The browser host's transport: request round trips through router + WebSocket, and push
 * throughput of `market.ticks` batches of 1 vs 50 quotes (why main coalesces ticks per window).
 * Baseline: a bare `ws` echo on the same machine in the same run.
 */
function quote(token: number, ltp: number): PushPayload<'market.ticks'>['quotes'][number] {
  return {
    token,
    ltp,
    open: ltp,
    high: ltp,
    low: ltp,
    close: ltp,
    volume: 1000,
    change: 0,
    changePct: 0,
    bid: null,
    ask: null,
    direction: 'flat',
    ts: Date.now(),
    receivedAt: Date.now(),
  };
}

async function open(url: string): Promise<WebSocket> {
  const ws = new WebSocket(url);
  await new Promise((r, j) => {
    ws.once('open', r);
    ws.once('error', j);
  });
  return ws;
}

export async function run(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'tradedesk-bench-ipc-'));
  const rendererDir = mkdtempSync(join(tmpdir(), 'tradedesk-bench-r-'));
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html>');
  const terminal = await createTerminal({ host: 'web', appVersion: 'bench', dataDir, manualProfile: true });
  const host = await startWebHost({ router: terminal.router, hub: terminal.hub, rendererDir });
  const ws = await open(`ws://127.0.0.1:${host.port}/ipc?token=${host.token}`);

  // Baseline: a bare echo server.
  const { WebSocketServer } = await import('ws');
  const echo = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise((r) => echo.once('listening', r));
  echo.on('connection', (c) => c.on('message', (m) => c.send(m)));
  const echoPort = (echo.address() as { port: number }).port;
  const echoWs = await open(`ws://127.0.0.1:${echoPort}`);

  const N = 5_000;
  const roundTrips = async (
    socket: WebSocket,
    frame: (i: number) => string,
    isAnswer: (m: string) => boolean = () => true,
  ) => {
    let done = 0;
    const started = process.hrtime.bigint();
    await new Promise<void>((resolve) => {
      socket.on('message', (m) => {
        if (!isAnswer(String(m))) return;
        if (++done === N) resolve();
        else socket.send(frame(done));
      });
      socket.send(frame(0));
    });
    socket.removeAllListeners('message');
    return Number(process.hrtime.bigint() - started) / 1e6;
  };
  const echoMs = await roundTrips(echoWs, (i) => JSON.stringify({ t: 'req', id: i, method: 'app.info', args: {} }));
  const routerMs = await roundTrips(
    ws,
    (i) => JSON.stringify({ t: 'req', id: i, method: 'app.info', args: {} }),
    (m) => m.startsWith('{"t":"res"'),
  );

  // Push throughput: 50,000 quotes as single-quote pushes vs 50-quote batches.
  const hello = await new Promise<string>((resolve) => {
    const onHello = (m: unknown) => {
      const frame = JSON.parse(String(m)) as { t: string; id?: number; result?: { value: { windowId: string } } };
      if (frame.t !== 'res' || frame.id !== 1 || !frame.result) return;
      ws.off('message', onHello);
      resolve(frame.result.value.windowId);
    };
    ws.on('message', onHello);
    ws.send(JSON.stringify({ t: 'req', id: 1, method: 'app.hello', args: { contractVersion: CONTRACT_VERSION } }));
  });
  const pushQuotes = async (perBatch: number) => {
    const total = 50_000;
    let received = 0;
    const started = process.hrtime.bigint();
    const done = new Promise<void>((resolve) => {
      ws.on('message', (m) => {
        // Other pushes (the greeting a window gets on attach) are not part of this measure.
        const frame = JSON.parse(String(m)) as { t: string; name?: string; payload?: { quotes?: unknown[] } };
        if (frame.t === 'push' && frame.name === 'market.ticks') received += frame.payload?.quotes?.length ?? 0;
        if (received >= total) resolve();
      });
    });
    for (let sent = 0; sent < total; sent += perBatch) {
      const quotes = Array.from({ length: perBatch }, (_, i) => quote(sent + i, 100 + i));
      terminal.hub.toWindow(hello, 'market.ticks', { quotes });
      if (sent % 5_000 === 0) await new Promise((r) => setImmediate(r));
    }
    await done;
    ws.removeAllListeners('message');
    return Number(process.hrtime.bigint() - started) / 1e6;
  };
  const singleMs = await pushQuotes(1);
  const batchMs = await pushQuotes(50);

  console.table([
    {
      measure: 'request round trip (bare ws echo, baseline)',
      'µs/op': ((echoMs * 1000) / N).toFixed(1),
      ratio: '1.00',
    },
    {
      measure: 'request round trip (router + browser host)',
      'µs/op': ((routerMs * 1000) / N).toFixed(1),
      ratio: (routerMs / echoMs).toFixed(2),
    },
    {
      measure: 'quotes/s pushed one per frame',
      'µs/op': ((singleMs * 1000) / 50_000).toFixed(2),
      ratio: '1.00',
      'quotes/s': Math.round(50_000 / (singleMs / 1000)),
    },
    {
      measure: 'quotes/s pushed 50 per frame (coalesced)',
      'µs/op': ((batchMs * 1000) / 50_000).toFixed(2),
      ratio: (singleMs / batchMs).toFixed(2) + '× faster',
      'quotes/s': Math.round(50_000 / (batchMs / 1000)),
    },
  ]);
  ws.close();
  echoWs.close();
  echo.close();
  await host.close();
  await terminal.stop();
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) void run().then(() => process.exit(0));
