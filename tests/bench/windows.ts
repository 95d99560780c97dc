import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { createTerminal } from '../../electron/core/app/terminal';
import { openCache } from '../../electron/core/cache';
import { startWebHost } from '../../electron/web/server';
import type { LayoutState } from '../../src/shared/contract';
import type { Panel } from '../../src/shared/layout';
import { order, watchlist, watchlistItem } from '../unit/core/cache/fixtures';

/**
 * The core half of "detach → the new window shows live prices" (the renderer half comes with
 * the panels): how long a window waits for its first `state.snapshot` over the browser host,
 * and how big it is, with 5,000 orders and a 200-instrument watchlist in the cache.
 * Baseline (same run): the main window, which receives everything. Measured: a detached
 * watchlist window, which receives only its panels' topics. Also: one layout save (flush).
 */
const ORDERS = 5_000;
const ITEMS = 200;
const ROUNDS = 30;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

export async function run(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'tradedesk-bench-windows-'));
  const rendererDir = mkdtempSync(join(tmpdir(), 'tradedesk-bench-r-'));
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html>');
  const { cache } = openCache(join(dataDir, 'cache.sqlite'));
  cache.upsert(
    'order',
    Array.from({ length: ORDERS }, (_, i) => order({ id: `ord-${i}` })),
  );
  cache.upsert('watchlist', [watchlist({ id: 'wl-1', name: 'NIFTY 200' })]);
  cache.upsert(
    'watchlistItem',
    Array.from({ length: ITEMS }, (_, i) => watchlistItem({ id: `item-${i}`, watchlistId: 'wl-1', token: 1000 + i })),
  );
  cache.close();

  const terminal = await createTerminal({ host: 'web', appVersion: 'bench', dataDir, manualProfile: true });
  const host = await startWebHost({
    router: terminal.router,
    hub: terminal.hub,
    rendererDir,
    bindWindow: (windowId, key) => terminal.workspace.bindWindow(windowId, key),
  });
  const url = (key: string) => `ws://127.0.0.1:${host.port}/ipc?token=${host.token}&window=${key}`;

  /** Opens a window socket; resolves with the time to its first snapshot and that frame's size. */
  const greet = (key: string) =>
    new Promise<{ ms: number; bytes: number; ws: WebSocket }>((resolve, reject) => {
      const started = process.hrtime.bigint();
      const ws = new WebSocket(url(key));
      ws.on('message', (data) => {
        const text = String(data);
        if (!text.includes('"name":"state.snapshot"')) return;
        resolve({ ms: Number(process.hrtime.bigint() - started) / 1e6, bytes: Buffer.byteLength(text), ws });
      });
      ws.once('error', reject);
    });
  const call = (ws: WebSocket, method: string, args: unknown) =>
    new Promise<unknown>((resolve) => {
      const id = Math.floor(Math.random() * 1e9);
      const onMessage = (data: WebSocket.RawData) => {
        const frame = JSON.parse(String(data)) as { t: string; id?: number; result?: { value: unknown } };
        if (frame.t !== 'res' || frame.id !== id) return;
        ws.off('message', onMessage);
        resolve(frame.result?.value);
      };
      ws.on('message', onMessage);
      ws.send(JSON.stringify({ t: 'req', id, method, args }));
    });

  // Main shows the list; its watchlist is detached into a window of its own.
  const main = await greet('main');
  const state = (await call(main.ws, 'layout.get', {})) as LayoutState;
  const panels = state.windows[0]!.panels.map((p): Panel =>
    p.kind === 'watchlist' ? { ...p, watchlistId: 'wl-1' } : p,
  );
  await call(main.ws, 'window.setPanels', { panels });
  const { key } = (await call(main.ws, 'window.detach', { panelId: 'watchlist-1' })) as { key: string };

  const measure = async (k: string) => {
    const times: number[] = [];
    let bytes = 0;
    for (let i = 0; i < ROUNDS; i++) {
      const g = await greet(k);
      times.push(g.ms);
      bytes = g.bytes;
      g.ws.close();
      await new Promise((r) => g.ws.once('close', r));
    }
    return { ms: median(times), bytes };
  };
  // Interleaved warm-up, then the measured rounds.
  await measure('main');
  await measure(key);
  const full = await measure('main');
  const detached = await measure(key);

  const saves: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    terminal.workspace.windowMoved(key, {
      bounds: { x: i, y: 0, width: 600, height: 800 },
      mode: 'normal',
      display: null,
    });
    const started = process.hrtime.bigint();
    terminal.workspace.flush();
    saves.push(Number(process.hrtime.bigint() - started) / 1e6);
  }

  console.table([
    {
      measure: `main window greeting (${ORDERS} orders, everything; baseline)`,
      'ms (median)': full.ms.toFixed(1),
      KB: (full.bytes / 1024).toFixed(0),
      ratio: '1.00',
    },
    {
      measure: 'detached watchlist window greeting (its topics only)',
      'ms (median)': detached.ms.toFixed(1),
      KB: (detached.bytes / 1024).toFixed(0),
      ratio: (detached.ms / full.ms).toFixed(2),
    },
    {
      measure: 'one layout save (flush, 2 windows)',
      'ms (median)': median(saves).toFixed(2),
      KB: '',
      ratio: (median(saves) / full.ms).toFixed(3),
    },
  ]);

  main.ws.close();
  await host.close();
  await terminal.stop();
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(rendererDir, { recursive: true, force: true });
}
