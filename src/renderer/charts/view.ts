import type { Candle, CandleInterval } from '../../shared/chart';
import type { DepthLevel, MarketDepth, Order } from '../../shared/domain';
import { formatCount, formatPrice } from '../format/numbers';

/**
 * Pure pieces of the chart and depth panels (no canvas, no React): what the chart library is
 * given, what the readout says, how the ladder is laid out. Unit-tested in Node.
 */

/** IST is UTC+05:30 all year (no daylight saving). */
export const IST_OFFSET_S = 19_800;

/**
 * The chart library has no time zones: it draws every time as UTC. A candle's time shifted by
 * IST's offset therefore reads as IST wall-clock time on the axis and in the crosshair, wherever
 * the machine is (a 09:15 IST candle is drawn at "09:15"; a day candle, stamped 00:00 IST, on
 * its own date).
 */
export function chartTime(epochMs: number): number {
  return Math.floor(epochMs / 1000) + IST_OFFSET_S;
}

/** The inverse: a chart time back to epoch ms. */
export function epochOfChartTime(time: number): number {
  return (time - IST_OFFSET_S) * 1000;
}

export interface Bar {
  time: number;
  open: number;
  high: number;
  low: number;
  close: number;
}
export interface VolumeBar {
  time: number;
  value: number;
  color: string;
}

export interface BarColours {
  up: string;
  down: string;
  upVolume: string;
  downVolume: string;
  /** A candle in which the stream resumed after a break (its first ticks are missing). */
  gap: string;
}

export function barOf(
  c: Candle,
  colours: BarColours,
): Bar & { color?: string; wickColor?: string; borderColor?: string } {
  const bar: Bar & { color?: string; wickColor?: string; borderColor?: string } = {
    time: chartTime(c.time),
    open: c.open,
    high: c.high,
    low: c.low,
    close: c.close,
  };
  if (c.gap) {
    bar.color = colours.gap;
    bar.wickColor = colours.gap;
    bar.borderColor = colours.gap;
  }
  return bar;
}

export function volumeOf(c: Candle, colours: BarColours): VolumeBar {
  return { time: chartTime(c.time), value: c.volume, color: c.close >= c.open ? colours.upVolume : colours.downVolume };
}

const pad = (n: number) => String(n).padStart(2, '0');

/** A candle's time as the readout shows it, in IST: `01 Dec 10:25` (intraday) or `01 Dec 2026` (a day candle). */
export function candleTimeText(epochMs: number, interval: CandleInterval): string {
  const d = new Date(epochMs + IST_OFFSET_S * 1000);
  const month = MONTHS[d.getUTCMonth()]!;
  const day = `${pad(d.getUTCDate())} ${month}`;
  return interval === '1D'
    ? `${day} ${d.getUTCFullYear()}`
    : `${day} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())} IST`;
}
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** The axis label of a chart time (already shifted to IST): `09:15` within a day, `01 Dec` at a day's start. */
export function axisLabel(time: number, withTime: boolean): string {
  const d = new Date(time * 1000);
  return withTime
    ? `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`
    : `${pad(d.getUTCDate())} ${MONTHS[d.getUTCMonth()]!}`;
}

export interface Readout {
  time: string;
  open: string;
  high: string;
  low: string;
  close: string;
  volume: string;
  /** Close against open, for the readout's colour. */
  tone: 'up' | 'down' | 'flat';
  /** How the candle was made, when a trader should know: "forming", "gap in the feed". */
  note: string | null;
}

/** What the crosshair readout says about a candle (`last`: the forming candle, when no crosshair). */
export function readoutOf(c: Candle, interval: CandleInterval, last: boolean): Readout {
  const notes: string[] = [];
  if (last && c.source === 'live') notes.push('forming');
  if (c.gap) notes.push('gap in the feed: some ticks missing');
  return {
    time: candleTimeText(c.time, interval),
    open: formatPrice(c.open),
    high: formatPrice(c.high),
    low: formatPrice(c.low),
    close: formatPrice(c.close),
    volume: formatCount(c.volume),
    tone: c.close > c.open ? 'up' : c.close < c.open ? 'down' : 'flat',
    note: notes.length ? notes.join('; ') : null,
  };
}

/** Spoken and shown names of the intervals (the switcher's buttons). */
export const INTERVAL_NAMES: Readonly<Record<CandleInterval, { short: string; long: string }>> = {
  '1m': { short: '1m', long: '1 minute' },
  '3m': { short: '3m', long: '3 minutes' },
  '5m': { short: '5m', long: '5 minutes' },
  '15m': { short: '15m', long: '15 minutes' },
  '30m': { short: '30m', long: '30 minutes' },
  '1h': { short: '1h', long: '1 hour' },
  '1D': { short: '1D', long: '1 day' },
};

/** A working order of this instrument at a price (LIMIT, pending, not fully filled). */
export interface WorkingOrder {
  id: string;
  side: 'BUY' | 'SELL';
  price: number;
  quantity: number;
}

export function workingOrdersOf(orders: Iterable<Order>, symbol: string): WorkingOrder[] {
  const out: WorkingOrder[] = [];
  for (const o of orders) {
    if (o.symbol !== symbol || o.status !== 'PENDING' || o.price === null || o.price === undefined) continue;
    const price = Number(o.price);
    if (!Number.isFinite(price) || price <= 0) continue;
    out.push({ id: o.id, side: o.orderSide, price, quantity: o.quantity - (o.filledQuantity ?? 0) });
  }
  return out.sort((a, b) => b.price - a.price);
}

export interface LadderRow {
  bid: DepthLevel | null;
  ask: DepthLevel | null;
  /** Quantity of the trader's own working orders at this bid / ask price. */
  ownBid: number;
  ownAsk: number;
  /** Bar widths, 0–1 of the largest quantity on either side. */
  bidShare: number;
  askShare: number;
}

export interface Ladder {
  rows: LadderRow[];
  totalBid: number | null;
  totalAsk: number | null;
  spread: number | null;
  /** Own orders priced where the five levels do not reach (shown under the ladder). */
  ownElsewhere: WorkingOrder[];
}

const samePrice = (a: number, b: number) => Math.round(a * 100) === Math.round(b * 100);

/**
 * The ladder: five rows, best bid beside best offer (Kite's layout), each side's levels as the
 * feed ordered them; own working orders marked at their price (a BUY sits on the bid side).
 */
export function ladderOf(depth: MarketDepth | null | undefined, own: readonly WorkingOrder[], levels = 5): Ladder {
  const buy = depth?.buy ?? [];
  const sell = depth?.sell ?? [];
  const max = Math.max(
    1,
    ...buy.slice(0, levels).map((l) => l.quantity),
    ...sell.slice(0, levels).map((l) => l.quantity),
  );
  const placed = new Set<string>();
  const ownAt = (side: 'BUY' | 'SELL', price: number | undefined) => {
    if (price === undefined) return 0;
    let q = 0;
    for (const o of own)
      if (o.side === side && samePrice(o.price, price)) {
        q += o.quantity;
        placed.add(o.id);
      }
    return q;
  };
  const rows: LadderRow[] = [];
  for (let i = 0; i < levels; i++) {
    const bid = buy[i] ?? null;
    const ask = sell[i] ?? null;
    rows.push({
      bid,
      ask,
      ownBid: ownAt('BUY', bid?.price),
      ownAsk: ownAt('SELL', ask?.price),
      bidShare: bid ? bid.quantity / max : 0,
      askShare: ask ? ask.quantity / max : 0,
    });
  }
  const bestBid = buy[0]?.price;
  const bestAsk = sell[0]?.price;
  return {
    rows,
    totalBid: depth?.totalBuyQuantity ?? null,
    totalAsk: depth?.totalSellQuantity ?? null,
    spread: bestBid !== undefined && bestAsk !== undefined ? Math.round((bestAsk - bestBid) * 100) / 100 : null,
    ownElsewhere: own.filter((o) => !placed.has(o.id)),
  };
}
