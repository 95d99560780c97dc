import { describe, expect, it } from 'vitest';
import { createChartsStore, mergeCandles, seriesKey } from '../../../../src/renderer/charts/store';
import type { Candle } from '../../../../src/shared/chart';
import type { MarketDepth } from '../../../../src/shared/domain';

/** 2026-12-01 09:15 IST. */
const OPEN = Date.UTC(2026, 11, 1, 3, 45);
const MIN = 60_000;

function candle(i: number, close: number, over: Partial<Candle> = {}): Candle {
  return {
    time: OPEN + i * MIN,
    open: close,
    high: close + 1,
    low: close - 1,
    close,
    volume: 100,
    source: 'history',
    gap: false,
    ...over,
  };
}

const RELIANCE = { token: 2885, exchange: 'NSE_EQ', symbol: 'RELIANCE' };
const TCS = { token: 11536, exchange: 'NSE_EQ', symbol: 'TCS' };

function depth(token: number, receivedAt: number, ltp = 100): MarketDepth {
  return {
    token,
    buy: [{ price: ltp - 0.05, quantity: 10, orders: 1 }],
    sell: [{ price: ltp + 0.05, quantity: 12, orders: 2 }],
    totalBuyQuantity: 1000,
    totalSellQuantity: 900,
    averagePrice: ltp,
    ltp,
    lastTradeQuantity: 5,
    lastTradeTime: receivedAt,
    lowerCircuit: null,
    upperCircuit: null,
    openInterest: null,
    receivedAt,
  };
}

describe('mergeCandles', () => {
  const base = [candle(0, 100), candle(1, 101), candle(2, 102)];
  it('replaces the forming candle and reports its index', () => {
    const r = mergeCandles(base, [candle(2, 103, { source: 'live' })]);
    expect(r?.dirtyFrom).toBe(2);
    expect(r?.candles.map((c) => c.close)).toEqual([100, 101, 103]);
    expect(base[2]!.close).toBe(102); // never mutated
  });
  it('appends a new candle after the last', () => {
    const r = mergeCandles(base, [candle(3, 104), candle(2, 103)]);
    expect(r?.dirtyFrom).toBe(2);
    expect(r?.candles.map((c) => c.time)).toEqual([0, 1, 2, 3].map((i) => OPEN + i * MIN));
  });
  it('inserts an older candle in order (a refilled gap)', () => {
    const gappy = [candle(0, 100), candle(3, 103)];
    const r = mergeCandles(gappy, [candle(1, 101), candle(2, 102)]);
    expect(r?.dirtyFrom).toBe(1);
    expect(r?.candles.map((c) => c.close)).toEqual([100, 101, 102, 103]);
  });
  it('answers null when nothing changed', () => {
    expect(mergeCandles(base, [candle(1, 101)])).toBeNull();
    expect(mergeCandles(base, [])).toBeNull();
  });
});

describe('charts slice', () => {
  it('mirrors the layout’s panels; an equal list leaves the state as it was (nothing is reopened)', () => {
    const store = createChartsStore();
    const chart = { id: 'chart-1', kind: 'chart' as const, instrument: RELIANCE, interval: '5m' as const };
    store.getState().setPanels([chart]);
    const held = store.getState().panels;
    expect(held).toEqual([chart]);
    store.getState().setPanels([{ ...chart, instrument: { ...RELIANCE } }]);
    expect(store.getState().panels).toBe(held);
    store.getState().setPanels([
      { ...chart, instrument: TCS },
      { id: 'depth-1', kind: 'depth', instrument: TCS },
    ]);
    expect(store.getState().panels.map((p) => [p.kind, p.instrument.symbol])).toEqual([
      ['chart', 'TCS'],
      ['depth', 'TCS'],
    ]);
    store.getState().setPanels([{ ...chart, instrument: TCS, interval: '1D' }]);
    expect(store.getState().panels).toEqual([{ ...chart, instrument: TCS, interval: '1D' }]);
  });

  it('a whole series replaces what was held (dirtyFrom -1); candle pushes merge at the tail', () => {
    const store = createChartsStore();
    store.getState().seriesLoaded({
      token: 2885,
      interval: '1m',
      candles: [candle(0, 100), candle(1, 101)],
      stale: false,
      history: 'loaded',
    });
    const key = seriesKey(2885, '1m');
    expect(store.getState().series[key]).toMatchObject({ revision: 1, dirtyFrom: -1 });
    store.getState().candlesChanged([
      { token: 2885, interval: '1m', candles: [candle(1, 101.5, { source: 'live' })] },
      { token: 2885, interval: '1m', candles: [candle(2, 102, { source: 'live' })] },
    ]);
    const s = store.getState().series[key]!;
    // Two updates in one push: one revision, dirty from the earlier index.
    expect(s).toMatchObject({ revision: 2, dirtyFrom: 1 });
    expect(s.candles.map((c) => c.close)).toEqual([100, 101.5, 102]);
  });

  it('counts candle updates for a series it does not hold, and changes nothing else', () => {
    const store = createChartsStore();
    const before = store.getState().series;
    store.getState().candlesChanged([{ token: 1, interval: '1m', candles: [candle(0, 1)] }]);
    expect(store.getState().orphanUpdates).toBe(1);
    expect(store.getState().series).toBe(before);
  });

  it('older history is merged in front and redraws the series', () => {
    const store = createChartsStore();
    store.getState().seriesLoaded({
      token: 2885,
      interval: '1m',
      candles: [candle(5, 105)],
      stale: false,
      history: 'loaded',
    });
    store.getState().historyLoaded(2885, '1m', [candle(3, 103), candle(4, 104)], 'loaded');
    const s = store.getState().series[seriesKey(2885, '1m')]!;
    expect(s.candles.map((c) => c.close)).toEqual([103, 104, 105]);
    expect(s.dirtyFrom).toBe(-1);
  });

  it('keeps the latest depth per instrument by main’s receive time', () => {
    const store = createChartsStore();
    store.getState().depthChanged([depth(1, 2_000, 101), depth(2, 1_000)]);
    store.getState().depthChanged([depth(1, 1_500, 99)]);
    expect(store.getState().depth[1]?.ltp).toBe(101);
    expect(store.getState().depth[2]?.ltp).toBe(100);
  });
});
