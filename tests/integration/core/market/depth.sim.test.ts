import { afterEach, describe, expect, it } from 'vitest';
import { openCache } from '../../../../electron/core/cache';
import { ChartService, registerChartMethods } from '../../../../electron/core/chart';
import { IpcRouter } from '../../../../electron/core/ipc/router';
import { PushHub } from '../../../../electron/core/ipc/push-hub';
import { createMarketService, type MarketService } from '../../../../electron/core/market';
import { instrumentBySymbol } from '../../../../electron/stack/market/catalogue';
import { startMarketSimulator } from '../../../../electron/stack/market/simulator';
import type { MarketDepth } from '../../../../src/shared/domain';
import type { PushPayload } from '../../../../src/shared/contract';
import { tempDir } from '../../../unit/core/cache/fixtures';
import { RecordingWindow, waitFor } from './helpers';

/**
 * Depth through the contract (`depth.open` / `depth.close`) against the real simulator: only the
 * instruments a depth panel shows stream in `full` mode, their five levels reach only the windows
 * that show them, the mode goes back when no panel needs it, and comes back after a restart.
 */

const RELIANCE = instrumentBySymbol('RELIANCE')!.token;
const TCS = instrumentBySymbol('TCS')!.token;
const inst = (token: number, symbol: string) => ({ token, exchange: 'NSE_EQ', symbol });

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function depthPushes(w: RecordingWindow, from = 0): MarketDepth[] {
  return w.pushes
    .slice(from)
    .filter((p) => p.name === 'market.depth')
    .flatMap((p) => (p.payload as PushPayload<'market.depth'>).depth);
}

function setup(hub: PushHub): { market: MarketService; router: IpcRouter } {
  const market = createMarketService({ hub, backoff: { initialDelayMs: 100, maxDelayMs: 500 } });
  cleanups.push(() => market.stop());
  const tmp = tempDir();
  const { cache } = openCache(tmp.file());
  const charts = new ChartService({ hub, market, cache });
  cleanups.push(() => tmp.cleanup());
  cleanups.push(() => cache.close());
  cleanups.push(() => charts.stop());
  const router = new IpcRouter();
  registerChartMethods(router, { hub, charts, market });
  return { market, router };
}

const settled = (m: MarketService) => m.stats().inFlight === 0;

describe('depth in full mode, only where a panel shows it', () => {
  it('five levels a side arrive only for the depth panel’s instrument, and stop when no panel needs it', async () => {
    const s = await startMarketSimulator({ seed: 5, tickIntervalMs: 50 });
    const port = s.port;
    let sim = s;
    cleanups.push(() => sim.stop());
    const hub = new PushHub();
    const { market, router } = setup(hub);
    const w1 = new RecordingWindow(hub, 'w1');
    const w2 = new RecordingWindow(hub, 'w2');
    market.configure({ url: s.url, apiKey: s.apiKey });
    market.setWindowInterest('w1', [RELIANCE, TCS]);
    await waitFor(() => settled(market) && market.stats().subscribed.includes(TCS), 'watchlist subscribed');
    expect(market.stats().full).toEqual([]);
    await waitFor(() => market.quote(TCS), 'TCS ticks');
    expect(market.quote(TCS)!.bid).toBeNull(); // the base mode carries no depth

    const opened = await router.dispatch({ windowId: 'w1' }, 'depth.open', {
      panelId: 'd1',
      instrument: inst(RELIANCE, 'RELIANCE'),
    });
    expect(opened.ok).toBe(true);
    await waitFor(() => settled(market) && market.stats().full.includes(RELIANCE), 'RELIANCE in full mode');
    expect(market.stats().full).toEqual([RELIANCE]);
    expect(market.stats().setModeCalls).toBe(1); // switched in place, not re-subscribed
    await waitFor(() => depthPushes(w1).length >= 3, 'depth pushes');
    for (const d of depthPushes(w1)) {
      expect(d.token).toBe(RELIANCE);
      expect(d.buy).toHaveLength(5);
      expect(d.sell).toHaveLength(5);
      // Bids descend, offers ascend, the touch does not cross.
      for (let i = 1; i < 5; i++) expect(d.buy[i]!.price).toBeLessThan(d.buy[i - 1]!.price);
      for (let i = 1; i < 5; i++) expect(d.sell[i]!.price).toBeGreaterThan(d.sell[i - 1]!.price);
      expect(d.sell[0]!.price).toBeGreaterThan(d.buy[0]!.price);
      expect(d.totalBuyQuantity).toBeGreaterThan(0);
      expect(d.totalSellQuantity).toBeGreaterThan(0);
    }
    expect(depthPushes(w2)).toEqual([]); // w2 shows no depth
    expect(market.depth(TCS)).toBeNull();
    expect(market.depth(RELIANCE)?.buy).toHaveLength(5);

    // A second window's panel on the same instrument: it stays full until both are gone.
    const again = await router.dispatch({ windowId: 'w2' }, 'depth.open', {
      panelId: 'd9',
      instrument: inst(RELIANCE, 'RELIANCE'),
    });
    // Known depth is answered at once.
    expect((again as { ok: true; value: { depth: MarketDepth | null } }).value.depth?.token).toBe(RELIANCE);
    await router.dispatch({ windowId: 'w1' }, 'depth.close', { panelId: 'd1' });
    await new Promise((r) => setTimeout(r, 300));
    expect(market.stats().full).toEqual([RELIANCE]);

    // A restart of the service: the mode is restored on the new connection.
    await sim.stop();
    await waitFor(() => market.status().state !== 'live', 'feed notices the loss');
    sim = await startMarketSimulator({ seed: 5, tickIntervalMs: 50, port });
    await waitFor(() => market.status().state === 'live', 'live again');
    await waitFor(() => settled(market) && market.stats().full.includes(RELIANCE), 'full restored');
    const mark = w2.pushes.length;
    await waitFor(() => depthPushes(w2, mark).some((d) => d.buy.length === 5), 'depth again after the restart');

    // The last panel goes with its window: back to the base mode, no more depth, still subscribed for w1.
    w2.close();
    await waitFor(() => settled(market) && market.stats().full.length === 0, 'full mode released');
    expect(market.stats().subscribed).toContain(RELIANCE);
    await waitFor(() => market.depth(RELIANCE) === null, 'depth forgotten');
    const after = w1.pushes.length;
    await waitFor(() => (market.quote(RELIANCE)?.receivedAt ?? 0) > Date.now() - 200, 'ticks go on');
    await new Promise((r) => setTimeout(r, 300));
    expect(depthPushes(w1, after)).toEqual([]);
  }, 90_000);
});
