import { describe, expect, it } from 'vitest';
import { parseDepth } from '../../../../electron/core/market/depth';

/** A `full`-mode tick's data as Kite-style feeds send it. */
function full(over: Record<string, unknown> = {}): Record<string, unknown> {
  const level = (price: number, quantity: number, orders: number) => ({ price, quantity, orders });
  return {
    instrument_token: 2885,
    last_price: 1402.5,
    last_trade_quantity: 25,
    last_trade_time: 1_764_560_700, // epoch seconds
    average_trade_price: 1399.85,
    total_buy_quantity: 120_000,
    total_sell_quantity: 98_500,
    volume: 1_500_000,
    depth: {
      buy: [
        level(1402.45, 300, 4),
        level(1402.4, 150, 2),
        level(1402.35, 75, 1),
        level(1402.3, 600, 9),
        level(1402.25, 20, 1),
      ],
      sell: [
        level(1402.5, 80, 1),
        level(1402.55, 400, 6),
        level(1402.6, 90, 3),
        level(1402.65, 10, 1),
        level(1402.7, 500, 7),
      ],
    },
    lower_circuit_limit: 1262.25,
    upper_circuit_limit: 1542.75,
    ...over,
  };
}

describe('parseDepth', () => {
  it('reads five levels a side, the totals, ATP, LTQ and LTT (seconds → ms), circuit limits', () => {
    const d = parseDepth(2885, full(), 1_000)!;
    expect(d.buy).toHaveLength(5);
    expect(d.sell).toHaveLength(5);
    expect(d.buy[0]).toEqual({ price: 1402.45, quantity: 300, orders: 4 });
    expect(d.sell[4]).toEqual({ price: 1402.7, quantity: 500, orders: 7 });
    expect(d).toMatchObject({
      token: 2885,
      ltp: 1402.5,
      totalBuyQuantity: 120_000,
      totalSellQuantity: 98_500,
      averagePrice: 1399.85,
      lastTradeQuantity: 25,
      lastTradeTime: 1_764_560_700_000,
      lowerCircuit: 1262.25,
      upperCircuit: 1542.75,
      openInterest: null,
      receivedAt: 1_000,
    });
  });

  it('drops Kite’s empty padding levels and leaves absent fields null', () => {
    const d = parseDepth(
      7,
      {
        last_price: 10,
        depth: {
          buy: [
            { price: 9.95, quantity: 10, orders: 1 },
            { price: 0, quantity: 0, orders: 0 },
          ],
          sell: [],
        },
      },
      5,
    )!;
    expect(d.buy).toEqual([{ price: 9.95, quantity: 10, orders: 1 }]);
    expect(d.sell).toEqual([]);
    expect(d.totalBuyQuantity).toBeNull();
    expect(d.averagePrice).toBeNull();
    expect(d.lastTradeTime).toBeNull();
    expect(d.lowerCircuit).toBeNull();
  });

  it('refuses data that is not a depth-carrying tick (null: the caller counts it malformed)', () => {
    expect(parseDepth(1, null, 0)).toBeNull();
    expect(parseDepth(1, { last_price: 10 }, 0)).toBeNull(); // no depth: ltp/ohlcv mode
    expect(parseDepth(1, full({ last_price: -1 }), 0)).toBeNull();
    expect(parseDepth(1, full({ depth: { buy: [{ price: 'x', quantity: 1 }], sell: [] } }), 0)).toBeNull();
    expect(parseDepth(1, full({ total_buy_quantity: -5 }), 0)).toBeNull();
  });
});
