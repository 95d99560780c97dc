import { createStore, type StoreApi } from 'zustand/vanilla';
import type { Candle, CandleInterval } from '../../shared/chart';
import type { CandleUpdate, ChartSeries, HistoryStatus } from '../../shared/contract/charts';
import type { MarketDepth } from '../../shared/domain';
import type { PanelInstrument } from '../../shared/layout';

/**
 * The charts slice of the renderer: which chart and depth panels this window shows, the candle
 * series they draw and the latest depth of their instruments. Its own zustand store (not the
 * terminal store): candles change many times a second and no other panel needs to hear of it.
 *
 * The panels themselves live in the layout (the workspace slice: `chart` / `depth` panels of
 * src/shared/layout, detachable and linkable like every kind); `panels` here is their mirror
 * (charts/panels.ts `wireMarketPanels`), the ones with an instrument, which `wireCharts` opens
 * and closes in main.
 */

export interface ChartPanelState {
  id: string;
  kind: 'chart';
  instrument: PanelInstrument;
  interval: CandleInterval;
}
export interface DepthPanelState {
  id: string;
  kind: 'depth';
  instrument: PanelInstrument;
}
export type MarketPanel = ChartPanelState | DepthPanelState;

/**
 * One series as this window holds it. `candles` is replaced (never mutated) on every change;
 * `dirtyFrom` is the first index that differs from the previous revision (0 after a whole
 * series arrived), so a chart can apply the tail with its cheap `update` instead of redrawing.
 */
export interface SeriesState {
  token: number;
  interval: CandleInterval;
  candles: readonly Candle[];
  stale: boolean;
  history: HistoryStatus;
  revision: number;
  /** Index of the first candle changed by the latest revision; -1 when the whole series was replaced. */
  dirtyFrom: number;
}

export interface ChartsState {
  panels: readonly MarketPanel[];
  series: Readonly<Record<string, SeriesState>>;
  depth: Readonly<Record<number, MarketDepth>>;
  /** Candle updates that arrived for a series this window does not hold (yet): counted, dropped. */
  orphanUpdates: number;
}

export interface ChartsActions {
  /**
   * The chart and depth panels this window shows with an instrument (the layout's, mirrored).
   * A list equal to the one held (same ids, instruments and intervals) leaves the state as it is,
   * so nothing is opened again.
   */
  setPanels(panels: readonly MarketPanel[]): void;
  /** A whole series (chart.open's answer, a chart.series push): replaces what was held. */
  seriesLoaded(series: ChartSeries): void;
  /** Changed candles (chart.candles): merged by time. */
  candlesChanged(updates: readonly CandleUpdate[]): void;
  /** Older candles (chart.history): prepended. */
  historyLoaded(token: number, interval: CandleInterval, candles: readonly Candle[], history: HistoryStatus): void;
  depthChanged(depth: readonly MarketDepth[]): void;
}

export type ChartsStore = StoreApi<ChartsState & ChartsActions>;

export const DEFAULT_INTERVAL: CandleInterval = '5m';

export const seriesKey = (token: number, interval: CandleInterval): string => `${token}:${interval}`;

export function initialChartsState(): ChartsState {
  return { panels: [], series: {}, depth: {}, orphanUpdates: 0 };
}

/**
 * `changes` merged into `candles` (both oldest first): a candle of an existing time replaces
 * it, a new one is inserted in order. Returns the new array and the first index that changed,
 * or null when nothing changed (the same candles again).
 */
export function mergeCandles(
  candles: readonly Candle[],
  changes: readonly Candle[],
): { candles: Candle[]; dirtyFrom: number } | null {
  if (changes.length === 0) return null;
  const sorted = [...changes].sort((a, b) => a.time - b.time);
  const out = candles.slice();
  let dirtyFrom = Infinity;
  for (const c of sorted) {
    const i = lowerBound(out, c.time);
    const current = out[i];
    if (current && current.time === c.time) {
      if (sameCandle(current, c)) continue;
      out[i] = c;
    } else out.splice(i, 0, c);
    if (i < dirtyFrom) dirtyFrom = i;
  }
  return dirtyFrom === Infinity ? null : { candles: out, dirtyFrom };
}

/** First index whose candle time is ≥ `time` (candles sorted by time). Searches from the end: updates are at the tail. */
function lowerBound(candles: readonly Candle[], time: number): number {
  const last = candles.length - 1;
  if (last < 0 || candles[last]!.time < time) return candles.length;
  if (candles[last]!.time === time) return last;
  let lo = 0;
  let hi = last;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (candles[mid]!.time < time) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function sameCandle(a: Candle, b: Candle): boolean {
  return (
    a.open === b.open &&
    a.high === b.high &&
    a.low === b.low &&
    a.close === b.close &&
    a.volume === b.volume &&
    a.source === b.source &&
    a.gap === b.gap
  );
}

export function createChartsStore(initial: ChartsState = initialChartsState()): ChartsStore {
  return createStore<ChartsState & ChartsActions>()((set) => {
    return {
      ...initial,
      setPanels: (panels) =>
        set((s) => (marketPanelsKey(s.panels) === marketPanelsKey(panels) ? {} : { panels: [...panels] })),
      seriesLoaded: (series) =>
        set((s) => {
          const key = seriesKey(series.token, series.interval);
          const prev = s.series[key];
          return {
            series: {
              ...s.series,
              [key]: {
                token: series.token,
                interval: series.interval,
                candles: series.candles,
                stale: series.stale,
                history: series.history,
                revision: (prev?.revision ?? 0) + 1,
                dirtyFrom: -1,
              },
            },
          };
        }),
      candlesChanged: (updates) =>
        set((s) => {
          // Series changed by this batch (one revision each, however many updates it carries).
          const next: Record<string, SeriesState> = {};
          let orphans = 0;
          for (const u of updates) {
            const key = seriesKey(u.token, u.interval);
            const already = next[key];
            const prev = already ?? s.series[key];
            if (!prev) {
              orphans++;
              continue;
            }
            const merged = mergeCandles(prev.candles, u.candles);
            if (!merged) continue;
            next[key] = {
              ...prev,
              candles: merged.candles,
              revision: already ? already.revision : prev.revision + 1,
              dirtyFrom: already
                ? already.dirtyFrom < 0
                  ? -1
                  : Math.min(already.dirtyFrom, merged.dirtyFrom)
                : merged.dirtyFrom,
            };
          }
          const changed = Object.keys(next).length > 0;
          if (!changed && orphans === 0) return {};
          return {
            ...(changed ? { series: { ...s.series, ...next } } : {}),
            ...(orphans ? { orphanUpdates: s.orphanUpdates + orphans } : {}),
          };
        }),
      historyLoaded: (token, interval, candles, history) =>
        set((s) => {
          const key = seriesKey(token, interval);
          const prev = s.series[key];
          if (!prev) return {};
          const merged = mergeCandles(prev.candles, candles);
          return {
            series: {
              ...s.series,
              [key]: {
                ...prev,
                history,
                candles: merged?.candles ?? prev.candles,
                revision: prev.revision + 1,
                // Older candles change every index: the chart redraws the whole series.
                dirtyFrom: -1,
              },
            },
          };
        }),
      depthChanged: (depth) =>
        set((s) => {
          const next = { ...s.depth };
          for (const d of depth) {
            const prev = next[d.token];
            if (!prev || prev.receivedAt <= d.receivedAt) next[d.token] = d;
          }
          return { depth: next };
        }),
    };
  });
}

/** What main is asked to open for a panel list (ids, kinds, instruments, intervals), as one string. */
export function marketPanelsKey(panels: readonly MarketPanel[]): string {
  return panels
    .map((p) =>
      p.kind === 'chart'
        ? `${p.id}|chart|${p.instrument.token}|${p.instrument.exchange}|${p.instrument.symbol}|${p.interval}`
        : `${p.id}|depth|${p.instrument.token}|${p.instrument.exchange}|${p.instrument.symbol}`,
    )
    .join('\n');
}
