import { describe, expect, it } from 'vitest';
import {
  axisLabel,
  barOf,
  candleTimeText,
  chartTime,
  epochOfChartTime,
  ladderOf,
  readoutOf,
  workingOrdersOf,
} from '../../../../src/renderer/charts/view';
import type { Candle } from '../../../../src/shared/chart';
import type { MarketDepth } from '../../../../src/shared/domain';
import { order } from '../fixtures';

const colours = { up: 'g', down: 'r', upVolume: 'gv', downVolume: 'rv', gap: 'grey' };
/** 2026-12-01 09:15 IST = 03:45 UTC. */
const OPEN = Date.UTC(2026, 11, 1, 3, 45);

const candle = (over: Partial<Candle> = {}): Candle => ({
  time: OPEN,
  open: 2870.4,
  high: 2874,
  low: 2869.1,
  close: 2872.35,
  volume: 12_345,
  source: 'live',
  gap: false,
  ...over,
});

describe('chart time (IST on the axis, whatever the machine zone)', () => {
  it('draws a 09:15 IST candle at 09:15 and round-trips', () => {
    const t = chartTime(OPEN);
    expect(axisLabel(t, true)).toBe('09:15');
    expect(axisLabel(t, false)).toBe('01 Dec');
    expect(epochOfChartTime(t)).toBe(OPEN);
  });
  it('a day candle (stamped 00:00 IST) sits on its own date', () => {
    const dayStart = Date.UTC(2026, 10, 30, 18, 30); // 2026-12-01 00:00 IST
    expect(axisLabel(chartTime(dayStart), false)).toBe('01 Dec');
    expect(candleTimeText(dayStart, '1D')).toBe('01 Dec 2026');
    expect(candleTimeText(OPEN + 10 * 60_000, '5m')).toBe('01 Dec 09:25 IST');
  });
});

describe('bars and readout', () => {
  it('colours a gap candle so the break is visible', () => {
    expect(barOf(candle(), colours)).toEqual({
      time: chartTime(OPEN),
      open: 2870.4,
      high: 2874,
      low: 2869.1,
      close: 2872.35,
    });
    expect(barOf(candle({ gap: true }), colours)).toMatchObject({ color: 'grey', wickColor: 'grey' });
  });
  it('reads O H L C V in Indian grouping and says when the candle is forming or gapped', () => {
    const r = readoutOf(candle(), '1m', true);
    expect(r).toMatchObject({
      time: '01 Dec 09:15 IST',
      open: '2,870.40',
      high: '2,874.00',
      low: '2,869.10',
      close: '2,872.35',
      volume: '12,345',
      tone: 'up',
      note: 'forming',
    });
    expect(readoutOf(candle({ source: 'history' }), '1m', true).note).toBeNull();
    expect(readoutOf(candle({ gap: true, close: 2860 }), '1m', false)).toMatchObject({
      tone: 'down',
      note: 'gap in the feed: some ticks missing',
    });
  });
});

describe('depth ladder', () => {
  const depth: MarketDepth = {
    token: 2885,
    buy: [
      { price: 2872.3, quantity: 40, orders: 3 },
      { price: 2872.25, quantity: 100, orders: 5 },
    ],
    sell: [
      { price: 2872.4, quantity: 25, orders: 1 },
      { price: 2872.45, quantity: 60, orders: 2 },
    ],
    totalBuyQuantity: 50_000,
    totalSellQuantity: 48_000,
    averagePrice: 2871.9,
    ltp: 2872.35,
    lastTradeQuantity: 5,
    lastTradeTime: OPEN,
    lowerCircuit: 2585.1,
    upperCircuit: 3159.6,
    openInterest: null,
    receivedAt: OPEN,
  };
  it('puts best bid beside best offer, five rows, with totals and spread', () => {
    const l = ladderOf(depth, []);
    expect(l.rows).toHaveLength(5);
    expect(l.rows[0]).toMatchObject({ bid: depth.buy[0], ask: depth.sell[0], bidShare: 0.4, askShare: 0.25 });
    expect(l.rows[2]).toMatchObject({ bid: null, ask: null });
    expect(l).toMatchObject({ totalBid: 50_000, totalAsk: 48_000, spread: 0.1 });
  });
  it('marks own working orders at their price and side; the rest are listed apart', () => {
    const orders = workingOrdersOf(
      [
        order({ id: 'a', orderType: 'LIMIT', price: 2872.25, quantity: 10, filledQuantity: 4 }),
        order({ id: 'b', orderType: 'LIMIT', orderSide: 'SELL', price: 2872.4, quantity: 5 }),
        order({ id: 'c', orderType: 'LIMIT', price: 2800, quantity: 1 }),
        order({ id: 'd', orderType: 'LIMIT', price: 2872.3, status: 'EXECUTED' }),
        order({ id: 'e', symbol: 'TCS', orderType: 'LIMIT', price: 2872.3 }),
      ],
      'RELIANCE',
    );
    expect(orders.map((o) => o.id)).toEqual(['b', 'a', 'c']);
    const l = ladderOf(depth, orders);
    expect(l.rows[1]!.ownBid).toBe(6);
    expect(l.rows[0]!.ownAsk).toBe(5);
    expect(l.rows[0]!.ownBid).toBe(0);
    expect(l.ownElsewhere.map((o) => o.id)).toEqual(['c']);
  });
  it('an empty book still has five rows and no spread', () => {
    const l = ladderOf(null, []);
    expect(l.rows).toHaveLength(5);
    expect(l.spread).toBeNull();
    expect(l.totalBid).toBeNull();
  });
});
