import { describe, expect, it } from 'vitest';
import {
  defaultLeverage,
  estimateOrder,
  normalizeProduct,
  openingQuantity,
  segmentOfExchange,
  type OrderEstimate,
} from '../../../../src/shared/trading/charges';

// Every expected figure below is worked by hand from the platform's rules (docs/platform.md §2):
// each charge rounded to the paisa, the debited total rounded UP to the rupee.
describe('estimateOrder', () => {
  it('NSE MIS: 10 × 1551.40 (brokerage below the ₹20 cap)', () => {
    // turnover 15514; margin floor(15514/200)=77; brokerage 0.03% = 4.6542 → 4.65;
    // STT 0.025% = 3.8785 → 3.88; txn 0.00325% = 0.504205 → 0.50; GST 18% × 5.15 = 0.927 → 0.93;
    // stamp 0.003% = 0.46542 → 0.47; sum 10.43 → 11.
    expect(estimateOrder({ segment: 'NSE', product: 'MIS', side: 'BUY', quantity: 10, price: 1551.4 })).toEqual({
      orderValue: 15514,
      leverage: 200,
      margin: 77,
      brokerage: 4.65,
      stt: 3.88,
      exchangeTxn: 0.5,
      gst: 0.93,
      stampDuty: 0.47,
      statutory: 5.78,
      chargesRounding: 0.57,
      charges: 11,
      totalRequired: 88,
    });
  });

  it('NSE CNC: 100 × 3152.40 (brokerage capped at ₹20, delivery STT)', () => {
    // turnover 315240; margin floor(315240/50)=6304; brokerage min(20, 94.572)=20; STT 0.1% = 315.24;
    // txn 10.2453 → 10.25; GST 18% × 30.25 = 5.445 → 5.45 (half up); stamp 9.4572 → 9.46; sum 360.40 → 361.
    expect(estimateOrder({ segment: 'NSE', product: 'CNC', side: 'SELL', quantity: 100, price: 3152.4 })).toEqual({
      orderValue: 315240,
      leverage: 50,
      margin: 6304,
      brokerage: 20,
      stt: 315.24,
      exchangeTxn: 10.25,
      gst: 5.45,
      stampDuty: 9.46,
      statutory: 340.4,
      chargesRounding: 0.6,
      charges: 361,
      totalRequired: 6665,
    });
  });

  it('NFO: one lot of 75 × 26188.40', () => {
    // turnover 1964130; margin floor(19641.3)=19641; brokerage ₹20 flat; STT 0.01% = 196.413 → 196.41;
    // txn 63.834225 → 63.83; GST 18% × 83.83 = 15.0894 → 15.09; stamp 58.9239 → 58.92; sum 354.25 → 355.
    expect(estimateOrder({ segment: 'NFO', product: 'NRML', side: 'BUY', quantity: 75, price: 26188.4 })).toEqual({
      orderValue: 1964130,
      leverage: 100,
      margin: 19641,
      brokerage: 20,
      stt: 196.41,
      exchangeTxn: 63.83,
      gst: 15.09,
      stampDuty: 58.92,
      statutory: 334.25,
      chargesRounding: 0.75,
      charges: 355,
      totalRequired: 19996,
    });
  });

  it('MCX: 100 × 5236 (no STT)', () => {
    // turnover 523600; margin 10472; brokerage 20; STT 0; txn 17.017 → 17.02; GST 18% × 37.02 = 6.6636 → 6.66;
    // stamp 15.708 → 15.71; sum 59.39 → 60.
    expect(estimateOrder({ segment: 'MCX', product: 'MIS', side: 'SELL', quantity: 100, price: 5236 })).toEqual({
      orderValue: 523600,
      leverage: 50,
      margin: 10472,
      brokerage: 20,
      stt: 0,
      exchangeTxn: 17.02,
      gst: 6.66,
      stampDuty: 15.71,
      statutory: 39.39,
      chargesRounding: 0.61,
      charges: 60,
      totalRequired: 10532,
    });
  });

  it('a risk_config row overrides leverage and brokerage (rate with cap, then flat)', () => {
    // turnover 100000; margin 100000/5 = 20000; brokerage min(0.05% = 50, cap 15) = 15; STT 25; txn 3.25;
    // GST 18% × 18.25 = 3.285 → 3.29; stamp 3; sum 49.54 → 50.
    const capped = estimateOrder({
      segment: 'NSE',
      product: 'MIS',
      side: 'BUY',
      quantity: 100,
      price: 1000,
      riskConfig: { leverage: 5, brokerageRate: 0.0005, brokerageCap: 15 },
    });
    expect(capped).toMatchObject({
      margin: 20000,
      leverage: 5,
      brokerage: 15,
      gst: 3.29,
      charges: 50,
      totalRequired: 20050,
    });
    // Flat ₹10: GST 18% × 13.25 = 2.385 → 2.39; sum 10 + 25 + 3.25 + 2.39 + 3 = 43.64 → 44.
    const flat = estimateOrder({
      segment: 'NSE',
      product: 'MIS',
      side: 'BUY',
      quantity: 100,
      price: 1000,
      riskConfig: { leverage: 5, brokerageFlat: 10, brokerageRate: 0.0005 },
    });
    expect(flat).toMatchObject({ brokerage: 10, gst: 2.39, charges: 44 });
  });

  it('an unknown segment trades at leverage 1 with ₹20 brokerage and no STT', () => {
    // turnover 1000; margin 1000; txn 0.0325 → 0.03; GST 18% × 20.03 = 3.6054 → 3.61; stamp 0.03; sum 23.67 → 24.
    expect(estimateOrder({ segment: 'BSE', product: 'MIS', side: 'BUY', quantity: 1, price: 1000 })).toMatchObject({
      leverage: 1,
      margin: 1000,
      brokerage: 20,
      stt: 0,
      exchangeTxn: 0.03,
      gst: 3.61,
      stampDuty: 0.03,
      charges: 24,
    });
  });

  it('is side-independent and floors the margin', () => {
    const buy = estimateOrder({ segment: 'NSE', product: 'MIS', side: 'BUY', quantity: 3, price: 99.95 });
    const sell = estimateOrder({ segment: 'NSE', product: 'MIS', side: 'SELL', quantity: 3, price: 99.95 });
    expect(buy).toEqual(sell);
    expect(buy.margin).toBe(1); // floor(299.85 / 200) = floor(1.49925)
  });
});

describe('the breakdown adds up to the total shown', () => {
  it('RELIANCE 1 × 1,538.60 MIS (issue 11): 7.00 + 0.46 + 0.57 + 0.97 rounding = 9.00', () => {
    // turnover 1538.60; margin floor(7.693) = 7; brokerage 0.03% = 0.46158 → 0.46; STT 0.025% =
    // 0.38465 → 0.38; txn 0.0500045 → 0.05; GST 18% × 0.51 = 0.0918 → 0.09; stamp 0.046158 → 0.05;
    // statutory 0.57; charges 1.03 → 2, so the rounding line is 0.97.
    expect(estimateOrder({ segment: 'NSE', product: 'MIS', side: 'BUY', quantity: 1, price: 1538.6 })).toEqual({
      orderValue: 1538.6,
      leverage: 200,
      margin: 7,
      brokerage: 0.46,
      stt: 0.38,
      exchangeTxn: 0.05,
      gst: 0.09,
      stampDuty: 0.05,
      statutory: 0.57,
      chargesRounding: 0.97,
      charges: 2,
      totalRequired: 9,
    });
  });

  const paise = (rupees: number) => Math.round(rupees * 100);
  const linesAddUp = (e: OrderEstimate) => {
    // The ticket shows margin, brokerage, statutory and the rounding line; their sum is the total.
    expect(paise(e.margin) + paise(e.brokerage) + paise(e.statutory) + paise(e.chargesRounding)).toBe(
      paise(e.totalRequired),
    );
    expect(paise(e.stt) + paise(e.exchangeTxn) + paise(e.gst) + paise(e.stampDuty)).toBe(paise(e.statutory));
    expect(e.chargesRounding).toBeGreaterThanOrEqual(0);
    expect(e.chargesRounding).toBeLessThan(1);
  };

  // Every segment × product the ticket offers (and the platform's aliases), over prices and
  // quantities that hit every rounding case: exact paise, half paise, sub-rupee totals, caps.
  const segments = [
    { segment: 'NSE', products: ['MIS', 'CNC', 'DELIVERY', 'INTRADAY'] },
    { segment: 'NFO', products: ['MIS', 'NRML'] },
    { segment: 'MCX', products: ['MIS', 'NRML'] },
    { segment: 'BSE', products: ['MIS'] },
  ];
  const prices = [0.05, 1, 9.95, 99.95, 171.05, 1538.6, 2851.35, 26188.4, 161821, 99_999_999.95];
  const quantities = [1, 3, 7, 75, 100, 1250, 100_000];
  for (const { segment, products } of segments) {
    for (const product of products) {
      it(`${segment} ${product}: margin + brokerage + statutory + rounding = total, to the paisa`, () => {
        for (const price of prices)
          for (const quantity of quantities)
            linesAddUp(estimateOrder({ segment, product, side: 'BUY', quantity, price }));
        linesAddUp(
          estimateOrder({
            segment,
            product,
            side: 'SELL',
            quantity: 100,
            price: 1000,
            riskConfig: { leverage: 12.5, brokerageRate: 0.0005, brokerageCap: 15 },
          }),
        );
      });
    }
  }
});

describe('modify books what it changes (issue 11)', () => {
  it('1 → 1,00,000 shares at ₹300.00 MIS: ₹9,575 charges, ₹9,574 more than the 1-share order paid', () => {
    // 1 × 300.00: brokerage 0.09, STT 0.075 → 0.08, txn 0.00975 → 0.01, GST 18% × 0.10 = 0.018 →
    // 0.02, stamp 0.009 → 0.01; 0.21 → ₹1. Margin floor(1.5) = 1.
    const one = estimateOrder({ segment: 'NSE', product: 'MIS', side: 'BUY', quantity: 1, price: 300 });
    expect(one).toMatchObject({ margin: 1, statutory: 0.12, chargesRounding: 0.79, charges: 1 });
    // 1,00,000 × 300.00 = 3,00,00,000: brokerage min(20, 9,000) = 20; STT 7,500; txn 975; GST 18% ×
    // 995 = 179.10; stamp 900; 9,574.10 → ₹9,575 (the "≈ ₹9,575 skipped" of the issue). Margin 1,50,000.
    const big = estimateOrder({ segment: 'NSE', product: 'MIS', side: 'BUY', quantity: 100_000, price: 300 });
    expect(big).toEqual({
      orderValue: 30_000_000,
      leverage: 200,
      margin: 150_000,
      brokerage: 20,
      stt: 7500,
      exchangeTxn: 975,
      gst: 179.1,
      stampDuty: 900,
      statutory: 9554.1,
      chargesRounding: 0.9,
      charges: 9575,
      totalRequired: 159_575,
    });
    expect(big.charges - one.charges).toBe(9574);
    expect(big.margin - one.margin).toBe(149_999);
  });
});

describe('opening quantity: the part of an order that needs margin', () => {
  it('follows tradedesk_opening_quantity: reducing first, only the flip opens', () => {
    expect(openingQuantity('BUY', 10, 0)).toBe(10);
    expect(openingQuantity('BUY', 10, 5)).toBe(10); // adds to a long
    expect(openingQuantity('SELL', 10, 25)).toBe(0); // reduces a long
    expect(openingQuantity('SELL', 10, 4)).toBe(6); // closes 4, opens 6 short
    expect(openingQuantity('BUY', 10, -10)).toBe(0); // covers a short exactly
  });

  it('margins only the opening part; charges stay on the whole order', () => {
    const whole = estimateOrder({ segment: 'NSE', product: 'MIS', side: 'SELL', quantity: 10, price: 1000 });
    const reducing = estimateOrder({
      segment: 'NSE',
      product: 'MIS',
      side: 'SELL',
      quantity: 10,
      price: 1000,
      openingQuantity: 4,
    });
    expect(whole.margin).toBe(50);
    expect(reducing.margin).toBe(20); // floor(4 × 1000 / 200)
    expect(reducing.charges).toBe(whole.charges);
    expect(reducing.totalRequired).toBe(20 + whole.charges);
  });
});

describe('product and segment helpers', () => {
  it('normalises product types as the platform does', () => {
    expect(normalizeProduct('intraday')).toBe('MIS');
    expect(normalizeProduct('CNC')).toBe('DELIVERY');
    expect(normalizeProduct(' delivery ')).toBe('DELIVERY');
    expect(normalizeProduct('NRML')).toBe('NRML');
  });

  it('maps market-data exchanges to risk segments', () => {
    expect(segmentOfExchange('NSE_EQ')).toBe('NSE');
    expect(segmentOfExchange('NSE_FO')).toBe('NFO');
    expect(segmentOfExchange('MCX_FO')).toBe('MCX');
  });

  it('default leverage table', () => {
    expect(defaultLeverage('NSE', 'MIS')).toBe(200);
    expect(defaultLeverage('NSE', 'CNC')).toBe(50);
    expect(defaultLeverage('NSE', 'DELIVERY')).toBe(50);
    expect(defaultLeverage('NFO', 'NRML')).toBe(100);
    expect(defaultLeverage('MCX', 'MIS')).toBe(50);
    expect(defaultLeverage('CDS', 'MIS')).toBe(1);
  });
});
