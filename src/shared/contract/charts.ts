import { z } from 'zod';
import { Candle, CandleInterval } from '../chart';
import { EpochMs } from '../domain/primitives';
import { MarketDepth } from '../domain/market';
import { PanelId, PanelInstrument } from '../layout';

/**
 * Shapes of the charts-and-depth half of the contract; methods.ts and pushes.ts list them. See
 * docs/ARCHITECTURE.md "Charts and depth".
 */

/**
 * Where a chart's history came from: `loaded` (the service's historical candles are in),
 * `pending` (asked, not answered yet: a `chart.series` push follows), `unavailable` (the service
 * has no candles endpoint: the chart is the cache plus live ticks), `failed` (asked and failed:
 * asked again when the feed is back).
 */
export const HistoryStatus = z.enum(['loaded', 'pending', 'unavailable', 'failed']);
export type HistoryStatus = z.infer<typeof HistoryStatus>;

/** A chart's candles: history joined with the candles built here from ticks, oldest first. */
export const ChartSeries = z
  .object({
    token: z.number().int().nonnegative(),
    interval: CandleInterval,
    candles: z.array(Candle).max(20_000),
    /** The market feed is not live: the last candle may be old (show it, marked stale). */
    stale: z.boolean(),
    history: HistoryStatus,
  })
  .strict();
export type ChartSeries = z.infer<typeof ChartSeries>;

/** Changed candles of one series (the forming one, and one that just closed). */
export const CandleUpdate = z
  .object({ token: z.number().int().nonnegative(), interval: CandleInterval, candles: z.array(Candle).min(1) })
  .strict();
export type CandleUpdate = z.infer<typeof CandleUpdate>;

export const chartMethods = {
  /**
   * The calling window shows `instrument` at `interval` in panel `panelId` (a panel shows one
   * series; opening again replaces it): answers with what is known now (history when loaded, the
   * cache's candles at once, offline too) and sends `chart.candles` as ticks change it and
   * `chart.series` when history arrives. The instrument joins the market interest.
   */
  'chart.open': {
    args: z.object({ panelId: PanelId, instrument: PanelInstrument, interval: CandleInterval }).strict(),
    result: ChartSeries,
  },
  'chart.close': { args: z.object({ panelId: PanelId }).strict(), result: z.object({ ok: z.literal(true) }) },
  /** Older candles of a series, before `before` (a candle time, epoch ms), for scrolling back. */
  'chart.history': {
    args: z
      .object({
        token: z.number().int().nonnegative(),
        interval: CandleInterval,
        before: EpochMs,
        limit: z.number().int().min(1).max(5_000).optional(),
      })
      .strict(),
    result: z.object({ candles: z.array(Candle).max(5_000), history: HistoryStatus }).strict(),
  },
  /**
   * The calling window shows `instrument`'s depth in panel `panelId`: the instrument streams in
   * `full` mode while any depth panel shows it, and the window is sent `market.depth`.
   */
  'depth.open': {
    args: z.object({ panelId: PanelId, instrument: PanelInstrument }).strict(),
    result: z.object({ depth: MarketDepth.nullable() }).strict(),
  },
  'depth.close': { args: z.object({ panelId: PanelId }).strict(), result: z.object({ ok: z.literal(true) }) },
} as const;

export const chartPushes = {
  /** Candles that changed, for the series this window's charts show: at most one push per frame. */
  'chart.candles': z.object({ updates: z.array(CandleUpdate).min(1) }).strict(),
  /** A whole series again (history arrived, a gap was filled, the feed changed): replace it. */
  'chart.series': ChartSeries,
  /** Depth of the instruments this window's depth panels show, latest each: at most one push per frame. */
  'market.depth': z.object({ depth: z.array(MarketDepth).min(1) }).strict(),
} as const;
