import { describe, expect, it } from 'vitest';
import { isMultipleOf, percentOnGrid, toDecimal } from '../../../../src/shared/trading/decimal';
import {
  allowedProducts,
  blockingPrice,
  checkOrder,
  priceBandOf,
  type OrderRuleInput,
  type RuleInstrument,
} from '../../../../src/shared/trading/order-rules';

const ITC: RuleInstrument = {
  symbol: 'ITC',
  segment: 'NSE',
  instrumentType: 'EQ',
  tickSize: 0.05,
  lotSize: 1,
  priceBand: priceBandOf({ prevClose: 405.3, tickSize: 0.05, percent: null, segment: 'NSE', instrumentType: 'EQ' }),
};
const NIFTYFUT: RuleInstrument = {
  symbol: 'NIFTY25DECFUT',
  segment: 'NFO',
  instrumentType: 'FUT',
  tickSize: 0.1,
  lotSize: 75,
  priceBand: priceBandOf({ prevClose: 26112.5, tickSize: 0.1, percent: null, segment: 'NFO', instrumentType: 'FUT' }),
};
const OPTION: RuleInstrument = {
  symbol: 'NIFTY25DEC26000CE',
  segment: 'NFO',
  instrumentType: 'OPT',
  optionType: 'CE',
  tickSize: 0.05,
  lotSize: 75,
  priceBand: null,
};

const order = (over: Partial<OrderRuleInput>): OrderRuleInput => ({
  instrument: ITC,
  side: 'BUY',
  orderType: 'LIMIT',
  product: 'MIS',
  quantity: 1,
  price: 405,
  triggerPrice: null,
  ltp: 405.3,
  ...over,
});
const codes = (o: Partial<OrderRuleInput>) => checkOrder(order(o)).map((v) => `${v.field}:${v.code}`);

describe('exact decimals', () => {
  it('reads the shortest decimal text, not the binary value', () => {
    expect(toDecimal(1000.03)).toEqual({ units: 100003n, scale: 2 });
    expect(toDecimal('83.2500')).toEqual({ units: 8325n, scale: 2 });
    expect(toDecimal(Number.NaN)).toBeUndefined();
    expect(toDecimal('1e3')).toBeUndefined();
  });
  it('tick grid without float modulo (83.25 on 0.0025 yes, 1,000.03 on 0.05 no)', () => {
    // The float modulo gets both wrong-looking: 83.25 % 0.0025 ≈ 0.0025, 1000.03 % 0.05 ≈ 0.03.
    expect(83.25 % 0.0025).not.toBe(0);
    expect(isMultipleOf(83.25, 0.0025)).toBe(true);
    expect(isMultipleOf(1000.03, 0.05)).toBe(false);
    expect(isMultipleOf(1000.05, 0.05)).toBe(true);
    expect(isMultipleOf(0.3, 0.1)).toBe(true);
    expect(isMultipleOf(26112.3, 0.2)).toBe(false);
    expect(isMultipleOf(5, 0)).toBe(false);
  });
  it('percent bands land on the grid, rounded inwards', () => {
    // 405.3 × 0.8 = 324.24 → up to 324.25; × 1.2 = 486.36 → down to 486.35
    expect(percentOnGrid(405.3, 20, -1, 0.05, 'up')).toBe(324.25);
    expect(percentOnGrid(405.3, 20, 1, 0.05, 'down')).toBe(486.35);
    // exact grid points stay put: 100 × 0.9 = 90
    expect(percentOnGrid(100, 10, -1, 0.05, 'up')).toBe(90);
  });
});

describe('price bands', () => {
  it('equities ±20 %, index futures ±10 %, others only when the instrument says', () => {
    expect(ITC.priceBand).toEqual({ lower: 324.25, upper: 486.35 });
    expect(NIFTYFUT.priceBand).toEqual({ lower: 23501.3, upper: 28723.7 });
    expect(
      priceBandOf({ prevClose: 6512, tickSize: 1, percent: null, segment: 'MCX', instrumentType: 'FUT' }),
    ).toBeNull();
    expect(priceBandOf({ prevClose: 6512, tickSize: 1, percent: 4, segment: 'MCX', instrumentType: 'FUT' })).toEqual({
      lower: 6252,
      upper: 6772,
    });
    expect(
      priceBandOf({ prevClose: null, tickSize: 0.05, percent: 20, segment: 'NSE', instrumentType: 'EQ' }),
    ).toBeNull();
  });
});

describe('checkOrder', () => {
  it('accepts a plain LIMIT inside the band on the grid', () => {
    expect(codes({})).toEqual([]);
  });
  it("refuses the issue's examples: ₹99,999 ITC (band), ₹1,000.03 (tick)", () => {
    const band = checkOrder(order({ price: 99999 }));
    expect(band.map((v) => v.code)).toEqual(['outside_band']);
    expect(band[0]!.message).toBe("Price ₹99,999 is outside today's price band for ITC: ₹324.25 to ₹486.35.");
    const tick = checkOrder(order({ price: 1000.03, instrument: { ...ITC, priceBand: null } }));
    expect(tick[0]).toEqual({
      field: 'price',
      code: 'off_tick',
      message: 'Price ₹1,000.03 is not a multiple of the tick size ₹0.05.',
    });
  });
  it('products by segment', () => {
    expect(allowedProducts(ITC)).toEqual(['MIS', 'CNC']);
    expect(allowedProducts(NIFTYFUT)).toEqual(['MIS', 'NRML']);
    expect(allowedProducts({ segment: 'NSE', instrumentType: 'INDEX' })).toEqual(['MIS']);
    expect(codes({ product: 'NRML' })).toEqual(['product:product_not_allowed']);
    expect(codes({ product: 'DELIVERY' })).toEqual([]);
    expect(codes({ instrument: NIFTYFUT, product: 'CNC', quantity: 75, price: 26112.5, ltp: 26112.5 })).toEqual([
      'product:product_not_allowed',
    ]);
    expect(codes({ instrument: NIFTYFUT, product: 'NRML', quantity: 75, price: 26112.5, ltp: 26112.5 })).toEqual([]);
  });
  it('CNC sells only what is held and not already being sold', () => {
    expect(codes({ side: 'SELL', product: 'CNC', cncSellable: 0 })).toEqual(['quantity:insufficient_holdings']);
    expect(codes({ side: 'SELL', product: 'CNC', quantity: 5, cncSellable: 5 })).toEqual([]);
    expect(codes({ side: 'SELL', product: 'MIS', quantity: 5, cncSellable: 0 })).toEqual([]);
    expect(codes({ side: 'BUY', product: 'CNC', quantity: 5, cncSellable: 0 })).toEqual([]);
  });
  it('SL: trigger on the right side of the last price and of the limit', () => {
    // SELL stop under the market: trigger 400 < ltp 405.3, limit 399.5 ≤ trigger
    expect(codes({ side: 'SELL', orderType: 'SL', triggerPrice: 400, price: 399.5 })).toEqual([]);
    expect(codes({ side: 'SELL', orderType: 'SL', triggerPrice: 410, price: 409 })).toEqual([
      'triggerPrice:invalid_trigger',
    ]);
    expect(codes({ side: 'SELL', orderType: 'SL', triggerPrice: 400, price: 401 })).toEqual([
      'triggerPrice:invalid_trigger',
    ]);
    expect(codes({ side: 'BUY', orderType: 'SL', triggerPrice: 410, price: 411 })).toEqual([]);
    expect(codes({ side: 'BUY', orderType: 'SL', triggerPrice: 410, price: 409 })).toEqual([
      'triggerPrice:invalid_trigger',
    ]);
    expect(codes({ side: 'BUY', orderType: 'SL', triggerPrice: 400, price: 411 })).toEqual([
      'triggerPrice:invalid_trigger',
    ]);
    expect(codes({ orderType: 'SL', triggerPrice: null, price: 411 })).toEqual(['triggerPrice:invalid_trigger']);
    expect(codes({ orderType: 'SL-M', side: 'SELL', triggerPrice: 400.03, price: null })).toEqual([
      'triggerPrice:off_tick',
    ]);
    expect(codes({ orderType: 'SL-M', side: 'SELL', triggerPrice: 300, price: null })).toEqual([
      'triggerPrice:outside_band',
    ]);
  });
  it('SL-M is refused on options, SL is not', () => {
    const opt = { instrument: OPTION, quantity: 75, product: 'NRML', ltp: 120, side: 'SELL' as const };
    expect(codes({ ...opt, orderType: 'SL-M', triggerPrice: 110, price: null })).toEqual([
      'type:order_type_not_allowed',
    ]);
    expect(codes({ ...opt, orderType: 'SL', triggerPrice: 110, price: 105 })).toEqual([]);
  });
  it('lots on derivatives', () => {
    expect(codes({ instrument: NIFTYFUT, product: 'NRML', quantity: 70, price: 26112.5, ltp: 26112.5 })).toEqual([
      'quantity:invalid_quantity',
    ]);
  });
  it('blocks at the limit (LIMIT, SL), the trigger (SL-M) or the last price (MARKET)', () => {
    expect(blockingPrice({ orderType: 'LIMIT', price: 400, triggerPrice: null, ltp: 405 })).toBe(400);
    expect(blockingPrice({ orderType: 'SL', price: 399, triggerPrice: 400, ltp: 405 })).toBe(399);
    expect(blockingPrice({ orderType: 'SL-M', price: null, triggerPrice: 400, ltp: 405 })).toBe(400);
    expect(blockingPrice({ orderType: 'MARKET', price: null, triggerPrice: null, ltp: 405 })).toBe(405);
  });
});
