import {
  CandlestickSeries,
  ColorType,
  createChart,
  CrosshairMode,
  HistogramSeries,
  LineStyle,
  TickMarkType,
  type IChartApi,
  type IPriceLine,
  type ISeriesApi,
  type MouseEventParams,
  type CandlestickData,
  type HistogramData,
  type Time,
  type UTCTimestamp,
} from 'lightweight-charts';
import { memo, useEffect, useLayoutEffect, useRef, useState, type MutableRefObject } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { CandleInterval, type Candle } from '../../shared/chart';
import { useActions, useCharts, useChartsStore, useClient, usePanel, useTerminal } from '../app/context';
import {
  axisLabel,
  barOf,
  epochOfChartTime,
  INTERVAL_NAMES,
  readoutOf,
  volumeOf,
  workingOrdersOf,
  type BarColours,
  type Readout,
} from '../charts/view';
import { seriesKey, type ChartPanelState, type SeriesState } from '../charts/store';
import { formatPrice } from '../format/numbers';
import { useKeyTarget } from '../keys/targets';
import { PanelControls } from './PanelHead';

/** A candle as the library takes it (its time type is branded). */
function candleBar(c: Candle, colours: BarColours): CandlestickData {
  const bar = barOf(c, colours);
  return { ...bar, time: bar.time as UTCTimestamp };
}
function volumeBar(c: Candle, colours: BarColours): HistogramData {
  const bar = volumeOf(c, colours);
  return { ...bar, time: bar.time as UTCTimestamp };
}

/** Shortest gap between two draws of the chart (the watchlist applies ticks as often: TICK_APPLY_MS). */
const DRAW_MS = 100;

/** Older candles are asked for when fewer than this many are left of the view's left edge. */
const LOAD_OLDER_MARGIN = 20;

interface Palette extends BarColours {
  text: string;
  line: string;
  panel: string;
  accent: string;
  warn: string;
}

/** The stylesheet's colours (canvas cannot read CSS variables), for the current theme. */
function paletteOf(el: HTMLElement): Palette {
  const css = getComputedStyle(el);
  const v = (name: string, fallback: string) => css.getPropertyValue(name).trim() || fallback;
  const up = v('--up', '#27c281');
  const down = v('--down', '#ff5c5c');
  return {
    up,
    down,
    upVolume: v('--up-bg', 'rgba(39, 194, 129, 0.28)'),
    downVolume: v('--down-bg', 'rgba(255, 92, 92, 0.28)'),
    gap: v('--muted', '#7d8a9a'),
    text: v('--text', '#d7dee8'),
    line: v('--line', '#263140'),
    panel: v('--panel', '#141a22'),
    accent: v('--accent', '#4ea1ff'),
    warn: v('--warn', '#f0b43c'),
  };
}

function ReadoutText({ readout }: { readout: Readout | null }) {
  if (!readout) return <p className="chart-readout muted">No candles yet</p>;
  return (
    <p className={`chart-readout tone-${readout.tone}`} data-testid="chart-readout">
      <span className="muted">{readout.time}</span> <span>O {readout.open}</span> <span>H {readout.high}</span>{' '}
      <span>L {readout.low}</span> <span>C {readout.close}</span> <span>V {readout.volume}</span>
      {readout.note && <span className="muted"> · {readout.note}</span>}
    </p>
  );
}

/** The readout re-renders alone (every frame while candles move), not the whole panel. */
function LiveReadout({ sinkRef }: { sinkRef: MutableRefObject<((r: Readout | null) => void) | null> }) {
  const [readout, setReadout] = useState<Readout | null>(null);
  useLayoutEffect(() => {
    sinkRef.current = setReadout;
    return () => {
      sinkRef.current = null;
    };
  }, [sinkRef]);
  return <ReadoutText readout={readout} />;
}

function statusText(history: string | undefined, stale: boolean | undefined): string | null {
  if (stale) return 'Stale: the market feed is not live';
  if (history === 'pending') return 'Loading history…';
  if (history === 'unavailable') return 'No history from this service: candles from this terminal’s ticks';
  if (history === 'failed') return 'History could not be loaded: candles from this terminal’s ticks';
  return null;
}

/**
 * A candlestick chart with volume beneath (TradingView's lightweight-charts, its attribution
 * logo kept as its licence asks), IST time axis, interval switcher, crosshair readout, previous
 * close / position / working-order price lines and Buy/Sell. Candles reach the canvas outside
 * React: the panel listens to the charts store and applies what changed once per animation
 * frame, however many candle pushes arrive in between.
 */
export interface ChartPanelProps {
  panel: Pick<ChartPanelState, 'id' | 'instrument' | 'interval'>;
  /** The layout keeps the interval (workspace.updatePanel). */
  onInterval: (interval: CandleInterval) => void;
  /** Removes the panel from its window (workspace.removePanel). */
  onClose: () => void;
}

export const ChartPanel = memo(function ChartPanel({ panel, onInterval, onClose }: ChartPanelProps) {
  const { instrument, interval } = panel;
  const symbol = instrument.symbol;
  const key = seriesKey(instrument.token, interval);
  const charts = useChartsStore();
  const actions = useActions();
  const client = useClient();
  const host = useRef<HTMLDivElement>(null);
  const readoutSink = useRef<((r: Readout | null) => void) | null>(null);
  /** The price under the crosshair (₹, anywhere on the price scale), null while the pointer is off the chart. */
  const crosshairPrice = useRef<number | null>(null);
  const sectionRef = useRef<HTMLElement>(null);
  const status = useCharts(useShallow((s) => ({ history: s.series[key]?.history, stale: s.series[key]?.stale })));
  const theme = useTerminal((s) => s.ui.theme);
  const prevClose = useTerminal((s) => s.market.quotes[instrument.token]?.close ?? null);
  const position = useTerminal(
    useShallow((s) => {
      const p = Object.values(s.trading.positions).find((x) => x.symbol === symbol && x.quantity !== 0);
      return p ? { quantity: p.quantity, averagePrice: p.averagePrice } : null;
    }),
  );
  const working = useTerminal(
    useShallow((s) =>
      workingOrdersOf(Object.values(s.trading.orders), symbol).map((o) => `${o.id}|${o.side}|${o.price}|${o.quantity}`),
    ),
  );

  const api = useRef<{
    chart: IChartApi;
    candles: ISeriesApi<'Candlestick'>;
    volume: ISeriesApi<'Histogram'>;
    palette: Palette;
    lines: IPriceLine[];
  } | null>(null);

  // The chart itself: created once per panel, its data replaced when the series changes.
  useEffect(() => {
    const el = host.current;
    if (!el) return;
    const palette = paletteOf(el);
    const chart = createChart(el, {
      autoSize: true,
      layout: {
        background: { type: ColorType.Solid, color: palette.panel },
        textColor: palette.text,
        fontSize: 11,
        attributionLogo: true,
      },
      grid: { vertLines: { color: palette.line }, horzLines: { color: palette.line } },
      crosshair: { mode: CrosshairMode.Normal },
      rightPriceScale: { borderColor: palette.line },
      timeScale: {
        borderColor: palette.line,
        timeVisible: true,
        secondsVisible: false,
        tickMarkFormatter: (time: Time, type: TickMarkType) =>
          axisLabel(time as number, type === TickMarkType.Time || type === TickMarkType.TimeWithSeconds),
      },
      localization: {
        locale: 'en-IN',
        priceFormatter: (p: number) => formatPrice(p),
        timeFormatter: (time: Time) => {
          const d = new Date((time as number) * 1000);
          return `${d.toISOString().slice(0, 10)} ${d.toISOString().slice(11, 16)} IST`;
        },
      },
    });
    const candles = chart.addSeries(CandlestickSeries, {
      upColor: palette.up,
      downColor: palette.down,
      wickUpColor: palette.up,
      wickDownColor: palette.down,
      borderVisible: false,
      priceFormat: { type: 'price', precision: 2, minMove: 0.05 },
    });
    candles.priceScale().applyOptions({ scaleMargins: { top: 0.08, bottom: 0.26 } });
    const volume = chart.addSeries(HistogramSeries, {
      priceFormat: { type: 'volume' },
      priceScaleId: '',
      lastValueVisible: false,
      priceLineVisible: false,
    });
    volume.priceScale().applyOptions({ scaleMargins: { top: 0.8, bottom: 0 } });
    api.current = { chart, candles, volume, palette, lines: [] };
    return () => {
      api.current = null;
      chart.remove();
    };
  }, []);

  // Theme: the canvas takes colours, not CSS variables.
  useEffect(() => {
    const a = api.current;
    const el = host.current;
    if (!a || !el) return;
    const palette = paletteOf(el);
    a.palette = palette;
    a.chart.applyOptions({
      layout: { background: { type: ColorType.Solid, color: palette.panel }, textColor: palette.text },
      grid: { vertLines: { color: palette.line }, horzLines: { color: palette.line } },
      rightPriceScale: { borderColor: palette.line },
      timeScale: { borderColor: palette.line },
    });
    a.candles.applyOptions({
      upColor: palette.up,
      downColor: palette.down,
      wickUpColor: palette.up,
      wickDownColor: palette.down,
    });
  }, [theme]);

  // Candles: follow the store, draw at most once per animation frame.
  useEffect(() => {
    const a = api.current;
    if (!a) return;
    let applied: readonly Candle[] = [];
    let appliedRevision = -1;
    /** Index from which candles must be re-applied; -1: the whole series. */
    let pendingFrom: number | null = -1;
    let frame = 0;
    let wait: ReturnType<typeof setTimeout> | null = null;
    let lastDraw = 0;
    let hovering = false;
    let loadingOlder = false;
    const byTime = new Map<number, Candle>();
    const setReadout = (r: Readout | null) => readoutSink.current?.(r);
    // A new series (another instrument or interval) says nothing until its candles are drawn.
    setReadout(null);

    const showLast = () => {
      const last = applied[applied.length - 1];
      setReadout(last ? readoutOf(last, interval, true) : null);
    };
    const draw = () => {
      frame = 0;
      lastDraw = performance.now();
      const entry = charts.getState().series[key];
      const from = pendingFrom;
      pendingFrom = null;
      if (!entry || from === null) return;
      const next = entry.candles;
      const p = a.palette;
      if (from >= 0 && applied.length > 0 && from >= applied.length - 1) {
        for (let i = from; i < next.length; i++) {
          const c = next[i]!;
          a.candles.update(candleBar(c, p));
          a.volume.update(volumeBar(c, p));
          byTime.set(c.time, c);
        }
      } else {
        a.candles.setData(next.map((c) => candleBar(c, p)));
        a.volume.setData(next.map((c) => volumeBar(c, p)));
        byTime.clear();
        for (const c of next) byTime.set(c.time, c);
      }
      applied = next;
      appliedRevision = entry.revision;
      if (!hovering) showLast();
    };
    // At most one draw per animation frame and per DRAW_MS: the forming candle moving 10 times a
    // second is as much as the eye reads, and halves the canvas work of main's 50 ms pushes.
    const schedule = () => {
      if (frame !== 0 || wait !== null) return;
      wait = setTimeout(
        () => {
          wait = null;
          frame = requestAnimationFrame(draw);
        },
        Math.max(0, lastDraw + DRAW_MS - performance.now()),
      );
    };
    const take = (entry: SeriesState | undefined) => {
      if (!entry || entry.revision === appliedRevision) return;
      const from = entry.dirtyFrom;
      pendingFrom = pendingFrom === null ? from : from < 0 || pendingFrom < 0 ? -1 : Math.min(pendingFrom, from);
      schedule();
    };
    // Whatever the store holds now (the series may already be there: an interval seen before).
    take(charts.getState().series[key]);
    const unsubscribe = charts.subscribe((next, prev) => {
      const entry = next.series[key];
      if (entry !== prev.series[key]) take(entry);
    });

    const onCrosshair = (param: MouseEventParams) => {
      crosshairPrice.current = param.point === undefined ? null : a.candles.coordinateToPrice(param.point.y);
      if (param.time === undefined || param.point === undefined) {
        hovering = false;
        showLast();
        return;
      }
      const c = byTime.get(epochOfChartTime(param.time as number));
      if (!c) return;
      hovering = true;
      setReadout(readoutOf(c, interval, c === applied[applied.length - 1]));
    };
    a.chart.subscribeCrosshairMove(onCrosshair);

    // Scrolling back past the first candles asks main for older ones (chart.history).
    const onRange = (range: { from: number; to: number } | null) => {
      if (!range || loadingOlder || range.from > LOAD_OLDER_MARGIN || applied.length === 0) return;
      const entry = charts.getState().series[key];
      if (!entry || entry.history !== 'loaded') return;
      loadingOlder = true;
      const before = applied[0]!.time;
      void client.call('chart.history', { token: instrument.token, interval, before, limit: 1_000 }).then((r) => {
        if (r.ok && r.value.candles.length > 0) {
          charts.getState().historyLoaded(instrument.token, interval, r.value.candles, r.value.history);
          loadingOlder = false;
        }
        // Nothing older (or a failure): stop asking for this series.
      });
    };
    a.chart.timeScale().subscribeVisibleLogicalRangeChange(onRange);
    return () => {
      if (frame) cancelAnimationFrame(frame);
      if (wait !== null) clearTimeout(wait);
      unsubscribe();
      a.chart.unsubscribeCrosshairMove(onCrosshair);
      a.chart.timeScale().unsubscribeVisibleLogicalRangeChange(onRange);
      // The next series starts from an empty chart.
      a.candles.setData([]);
      a.volume.setData([]);
    };
  }, [charts, client, instrument.token, interval, key]);

  // Price lines: previous close, the open position's average price, working orders.
  useEffect(() => {
    const a = api.current;
    if (!a) return;
    for (const l of a.lines) a.candles.removePriceLine(l);
    a.lines = [];
    const p = a.palette;
    if (prevClose !== null && prevClose > 0)
      a.lines.push(
        a.candles.createPriceLine({
          price: prevClose,
          color: p.gap,
          lineWidth: 1,
          lineStyle: LineStyle.Dotted,
          axisLabelVisible: false,
          title: 'Prev close',
        }),
      );
    if (position)
      a.lines.push(
        a.candles.createPriceLine({
          price: position.averagePrice,
          color: p.accent,
          lineWidth: 1,
          lineStyle: LineStyle.Dashed,
          axisLabelVisible: true,
          title: `Avg ${position.quantity > 0 ? '+' : ''}${position.quantity}`,
        }),
      );
    for (const w of working) {
      const [, side, price, quantity] = w.split('|');
      a.lines.push(
        a.candles.createPriceLine({
          price: Number(price),
          color: side === 'BUY' ? p.up : p.down,
          lineWidth: 1,
          lineStyle: LineStyle.LargeDashed,
          axisLabelVisible: true,
          title: `${side} ${quantity}`,
        }),
      );
    }
  }, [prevClose, position, working, theme]);

  const chooseInterval = onInterval;
  const close = onClose;
  // Drawn as a workspace panel: its Link colour and Detach controls (absent in a bare render).
  const layoutPanel = usePanel();
  const trade = (side: 'BUY' | 'SELL') =>
    actions.setUi({ dialog: { kind: 'ticket', request: { token: instrument.token, symbol, side } } });
  /** A new alert on this chart's instrument: at `price` (₹, the crosshair's), else one tick above the last price. */
  const setAlert = (price: number | null) =>
    actions.setUi({
      dialog: { kind: 'alert', token: instrument.token, alertId: null, ...(price !== null ? { price } : {}) },
    });
  // The keymap's alert key sets an alert at the price under the crosshair while the pointer is
  // on the chart (pointing at a price is the point), or at the last price when the chart has
  // focus; buy and sell trade the chart's instrument when it has focus (keys/targets.ts).
  useKeyTarget(sectionRef, ({ action, focused }) => {
    const pointed = crosshairPrice.current;
    if (action === 'alert.create' && (focused || pointed !== null)) setAlert(pointed);
    else if ((action === 'order.buy' || action === 'order.sell') && focused)
      trade(action === 'order.buy' ? 'BUY' : 'SELL');
    else return false;
    return true;
  });
  const note = statusText(status.history, status.stale);

  return (
    // Focusable (not in the tab order) so a click on the canvas puts the focus in the chart.
    <section ref={sectionRef} tabIndex={-1} className="panel chart-panel" aria-label={`Chart ${symbol}`}>
      <div className="panel-title chart-title">
        <h2 className="chart-symbol">
          {symbol} <span className="muted">{instrument.exchange.replace(/_(EQ|INDEX)$/, '')}</span>
        </h2>
        <div
          role="radiogroup"
          aria-label={`Interval of the ${symbol} chart`}
          className="intervals"
          onKeyDown={(e) => {
            // A radio group moves its choice with the arrow keys; one stop in the tab order.
            const step =
              e.key === 'ArrowRight' || e.key === 'ArrowDown'
                ? 1
                : e.key === 'ArrowLeft' || e.key === 'ArrowUp'
                  ? -1
                  : 0;
            if (step === 0) return;
            e.preventDefault();
            const options = CandleInterval.options;
            const next = options[(options.indexOf(interval) + step + options.length) % options.length]!;
            chooseInterval(next);
            const group = e.currentTarget;
            requestAnimationFrame(() => group.querySelector<HTMLElement>('[aria-checked="true"]')?.focus());
          }}
        >
          {CandleInterval.options.map((i) => (
            <button
              key={i}
              type="button"
              role="radio"
              aria-checked={i === interval}
              aria-label={INTERVAL_NAMES[i].long}
              title={INTERVAL_NAMES[i].long}
              tabIndex={i === interval ? 0 : -1}
              className={i === interval ? 'tab active' : 'tab'}
              onClick={() => chooseInterval(i)}
            >
              {INTERVAL_NAMES[i].short}
            </button>
          ))}
        </div>
        <span className="toolbar-buttons">
          <button
            type="button"
            className="btn btn-buy btn-small"
            aria-label={`Buy ${symbol}`}
            onClick={() => trade('BUY')}
          >
            Buy
          </button>
          <button
            type="button"
            className="btn btn-sell btn-small"
            aria-label={`Sell ${symbol}`}
            onClick={() => trade('SELL')}
          >
            Sell
          </button>
          <button
            type="button"
            className="btn btn-small"
            aria-label={`Alert ${symbol}`}
            title="Set a price alert (the alert key with the pointer on the chart: at that price)"
            onClick={() => setAlert(null)}
          >
            Alert
          </button>
          {layoutPanel && <PanelControls panel={layoutPanel} name={`chart ${symbol}`} />}
          <button
            type="button"
            className="btn btn-icon"
            aria-label={`Close chart ${symbol}`}
            title="Close chart"
            onClick={close}
          >
            ×
          </button>
        </span>
      </div>
      <LiveReadout sinkRef={readoutSink} />
      {note && (
        <p className={status.stale ? 'chart-note stale' : 'chart-note'} role="status">
          {note}
        </p>
      )}
      <div className="chart-canvas" ref={host} />
      {/* The licence's attribution notice (its NOTICE file); the logo on the chart is its link. */}
      <p className="chart-attribution">TradingView Lightweight Charts™ © 2023 TradingView, Inc.</p>
    </section>
  );
});
