import { describe, expect, it } from 'vitest';
import { IpcRouter, PushHub } from '../../../../electron/core/ipc';
import { TradedeskClient } from '../../../../src/renderer/bridge/client';
import type { LinkStatus } from '../../../../src/renderer/bridge/socketBridge';
import { createChartsStore, seriesKey } from '../../../../src/renderer/charts/store';
import { wireCharts } from '../../../../src/renderer/charts/wire';
import type { Candle } from '../../../../src/shared/chart';
import type { TradedeskBridge } from '../../../../src/shared/contract';

/** Poll until `check` passes (no fixed sleeps). */
async function until(check: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

const OPEN = Date.UTC(2026, 11, 1, 3, 45);
const candle = (i: number, close: number): Candle => ({
  time: OPEN + i * 300_000,
  open: close,
  high: close,
  low: close,
  close,
  volume: 1,
  source: 'history',
  gap: false,
});
const RELIANCE = { token: 2885, exchange: 'NSE_EQ', symbol: 'RELIANCE' };

/**
 * The real core router and push hub (JSON across, as between processes), with chart and depth
 * handlers that record what the window asked for; a link whose status the test drives.
 */
function setup() {
  const router = new IpcRouter({ onInternalError: () => {} });
  const hub = new PushHub();
  const calls: string[] = [];
  router.handle('chart.open', ({ panelId, instrument, interval }) => {
    calls.push(`chart.open ${panelId} ${instrument.symbol} ${interval}`);
    return {
      token: instrument.token,
      interval,
      candles: [candle(0, 100), candle(1, 101)],
      stale: false,
      history: 'pending',
    };
  });
  router.handle('chart.close', ({ panelId }) => {
    calls.push(`chart.close ${panelId}`);
    return { ok: true };
  });
  router.handle('depth.open', ({ panelId, instrument }) => {
    calls.push(`depth.open ${panelId} ${instrument.symbol}`);
    return { depth: null };
  });
  router.handle('depth.close', ({ panelId }) => {
    calls.push(`depth.close ${panelId}`);
    return { ok: true };
  });
  const listeners = new Map<string, Set<(p: unknown) => void>>();
  hub.attach('w', (name, payload) => {
    const copy: unknown = JSON.parse(JSON.stringify(payload));
    for (const l of listeners.get(name) ?? []) l(copy);
  });
  const bridge: TradedeskBridge = {
    invoke: (method, args) => router.dispatch({ windowId: 'w' }, method, JSON.parse(JSON.stringify(args))) as never,
    on: (name, listener) => {
      let set = listeners.get(name);
      if (!set) listeners.set(name, (set = new Set()));
      set.add(listener as (p: unknown) => void);
      return () => set.delete(listener as (p: unknown) => void);
    },
  };
  const linkListeners = new Set<(s: LinkStatus) => void>();
  const link = {
    onLinkStatus: (l: (s: LinkStatus) => void) => {
      linkListeners.add(l);
      l({ state: 'open', attempt: 0 });
      return () => linkListeners.delete(l);
    },
  };
  const setLink = (s: LinkStatus) => {
    for (const l of linkListeners) l(s);
  };
  const store = createChartsStore();
  const errors: string[] = [];
  const stop = wireCharts(store, new TradedeskClient(bridge), link, (what, message) =>
    errors.push(`${what}: ${message}`),
  );
  return { store, hub, calls, setLink, errors, stop };
}

describe('charts wiring against the real IPC router', () => {
  it('opens what the slice shows, follows pushes, closes what goes, and reopens after a new link', async () => {
    const { store, hub, calls, setLink, stop } = setup();
    const chartId = 'chart-1';
    const chart = { id: chartId, kind: 'chart' as const, instrument: RELIANCE, interval: '5m' as const };
    store.getState().setPanels([chart]);
    const key = seriesKey(2885, '5m');
    await until(() => store.getState().series[key] !== undefined, 'the series from chart.open');
    expect(store.getState().series[key]).toMatchObject({ history: 'pending', revision: 1 });

    // History arrives later as a chart.series push; then a live candle.
    hub.toWindow('w', 'chart.series', {
      token: 2885,
      interval: '5m',
      candles: [candle(0, 100), candle(1, 101), candle(2, 102)],
      stale: false,
      history: 'loaded',
    });
    hub.toWindow('w', 'chart.candles', {
      updates: [{ token: 2885, interval: '5m', candles: [{ ...candle(2, 103), source: 'live' }] }],
    });
    const s = store.getState().series[key]!;
    expect(s.history).toBe('loaded');
    expect(s.candles.map((c) => c.close)).toEqual([100, 101, 103]);
    expect(s.dirtyFrom).toBe(2);

    // A bad push never reaches the slice.
    hub.toWindow('w', 'chart.candles', { updates: [{ token: 2885, interval: '5m', candles: [] }] } as never);
    expect(store.getState().series[key]!.candles).toHaveLength(3);

    const depthId = 'depth-1';
    const depth = { id: depthId, kind: 'depth' as const, instrument: RELIANCE };
    store.getState().setPanels([chart, depth]);
    store.getState().setPanels([{ ...chart, interval: '1m' }, depth]);
    await until(() => calls.length >= 3, 'depth.open and the re-open at 1m');
    expect(calls).toEqual([
      `chart.open ${chartId} RELIANCE 5m`,
      `depth.open ${depthId} RELIANCE`,
      `chart.open ${chartId} RELIANCE 1m`,
    ]);

    // The link drops and comes back: main forgot this window, so both panels are opened again.
    setLink({ state: 'reconnecting', attempt: 1 });
    setLink({ state: 'open', attempt: 0 });
    await until(() => calls.length >= 5, 'the re-opens');
    expect(calls.slice(3).sort()).toEqual([`chart.open ${chartId} RELIANCE 1m`, `depth.open ${depthId} RELIANCE`]);

    store.getState().setPanels([]);
    await until(() => calls.length >= 7, 'the closes');
    expect(calls.slice(5).sort()).toEqual([`chart.close ${chartId}`, `depth.close ${depthId}`]);
    stop();
  });

  it('depth pushes keep the latest book per instrument', async () => {
    const { store, hub, stop } = setup();
    store.getState().setPanels([{ id: 'depth-1', kind: 'depth', instrument: RELIANCE }]);
    const book = (ltp: number, receivedAt: number) => ({
      token: 2885,
      buy: [{ price: ltp - 0.05, quantity: 10, orders: 1 }],
      sell: [{ price: ltp + 0.05, quantity: 5, orders: 1 }],
      totalBuyQuantity: 100,
      totalSellQuantity: 90,
      averagePrice: ltp,
      ltp,
      lastTradeQuantity: 1,
      lastTradeTime: receivedAt,
      lowerCircuit: null,
      upperCircuit: null,
      openInterest: null,
      receivedAt,
    });
    hub.toWindow('w', 'market.depth', { depth: [book(100, 2)] });
    hub.toWindow('w', 'market.depth', { depth: [book(99, 1)] });
    // Merged before they reach the slice (at most every DEPTH_APPLY_MS): one update, the newer book.
    await until(() => store.getState().depth[2885] !== undefined, 'the depth');
    expect(store.getState().depth[2885]?.ltp).toBe(100);
    hub.toWindow('w', 'market.depth', { depth: [book(101, 3)] });
    await until(() => store.getState().depth[2885]?.ltp === 101, 'the next book');
    stop();
  });
});
