import { describe, expect, it } from 'vitest';
import { instantMs, isCanonicalInstant, istTradingDay, toUtcInstant } from '../../../../src/shared/domain/instant';
import { Order, Timestamp } from '../../../../src/shared/domain';

describe('platform timestamps are UTC instants', () => {
  it('reads a zone-less timestamp(3) as UTC: 04:35 is 04:35Z, whatever the machine zone', () => {
    expect(toUtcInstant('2026-11-30T04:35:00.000')).toBe('2026-11-30T04:35:00.000Z');
    expect(toUtcInstant('2026-11-30 04:35:00')).toBe('2026-11-30T04:35:00.000Z');
    expect(toUtcInstant('2026-11-30T04:35')).toBe('2026-11-30T04:35:00.000Z');
    expect(toUtcInstant('2026-11-30T04:35:00.123456')).toBe('2026-11-30T04:35:00.123Z');
    expect(toUtcInstant('2026-11-30T04:35:00.5')).toBe('2026-11-30T04:35:00.500Z');
    expect(toUtcInstant('2026-11-30')).toBe('2026-11-30T00:00:00.000Z');
  });

  it('honours an explicit zone in any of its spellings', () => {
    expect(toUtcInstant('2026-11-30T10:05:00+05:30')).toBe('2026-11-30T04:35:00.000Z');
    expect(toUtcInstant('2026-11-30T10:05:00.000+0530')).toBe('2026-11-30T04:35:00.000Z');
    expect(toUtcInstant('2026-11-30 04:35:00+00')).toBe('2026-11-30T04:35:00.000Z');
    expect(toUtcInstant('2026-11-29T23:35:00-05:00')).toBe('2026-11-30T04:35:00.000Z');
    expect(toUtcInstant('2026-11-30T04:35:00.000Z')).toBe('2026-11-30T04:35:00.000Z');
  });

  it('refuses what is not a date and time', () => {
    for (const bad of [
      '',
      'x',
      '2026-11-2',
      '2026-13-01T00:00:00',
      '2026-02-29T00:00:00',
      '2026-11-30T24:00:00',
      '2026-11-30T04:60:00',
      '2026-11-30T04:35:00+16:00',
      '30/11/2026 04:35',
      '0099-01-01T00:00:00',
    ]) {
      expect(toUtcInstant(bad), bad).toBeNull();
    }
    expect(toUtcInstant('2028-02-29T00:00:00')).toBe('2028-02-29T00:00:00.000Z');
  });

  it('the canonical check agrees with the conversion exactly', () => {
    const samples = [
      '2026-11-30T04:35:00.000Z',
      '2026-11-30T04:35:00.000',
      '2026-02-29T00:00:00.000Z',
      '2028-02-29T00:00:00.000Z',
      '2026-11-30T23:59:59.999Z',
      '2026-11-30T24:00:00.000Z',
      '2026-11-31T00:00:00.000Z',
      '0999-11-30T04:35:00.000Z',
      '2026-11-30t04:35:00.000Z',
      '2026-11-30T04:35:00.000z',
    ];
    for (const s of samples) expect(isCanonicalInstant(s), s).toBe(toUtcInstant(s) === s);
  });

  it('the row schemas normalise at the boundary: an order of 10:05 IST is the instant 04:35Z', () => {
    expect(Timestamp.parse('2026-11-30T04:35:00.000')).toBe('2026-11-30T04:35:00.000Z');
    expect(Timestamp.safeParse('yesterday').success).toBe(false);
    const order = Order.parse({
      id: 'o1',
      tradingAccountId: 'a1',
      symbol: 'RELIANCE',
      quantity: 1,
      orderType: 'MARKET',
      orderSide: 'BUY',
      price: null,
      status: 'EXECUTED',
      createdAt: '2026-11-30T04:35:00.000',
      executedAt: '2026-11-30 04:35:01.250',
      version: 1,
    });
    expect(order.createdAt).toBe('2026-11-30T04:35:00.000Z');
    expect(order.executedAt).toBe('2026-11-30T04:35:01.250Z');
    expect(instantMs(order.createdAt)).toBe(Date.UTC(2026, 10, 30, 4, 35));
    expect(instantMs('2026-11-30T04:35:00')).toBe(Date.UTC(2026, 10, 30, 4, 35));
  });

  it('trading days are Indian days: 18:29:59Z is still the same IST day, 18:30Z the next', () => {
    const d = istTradingDay(Date.UTC(2026, 10, 30, 3, 45));
    expect(istTradingDay(Date.UTC(2026, 10, 30, 18, 29, 59))).toBe(d);
    expect(istTradingDay(Date.UTC(2026, 10, 30, 18, 30))).toBe(d + 1);
    expect(istTradingDay(Date.UTC(2026, 10, 29, 18, 30))).toBe(d);
  });
});
