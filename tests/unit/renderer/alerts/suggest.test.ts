import { describe, expect, it } from 'vitest';
import { alertAtPrice, suggestedValue } from '../../../../src/renderer/alerts/suggest';

describe('alert values', () => {
  it('suggests one tick beyond the last price, on the grid', () => {
    expect(suggestedValue(1000, 0.05, 'LTP_ABOVE')).toBe('1000.05');
    expect(suggestedValue(1000, 0.05, 'LTP_BELOW')).toBe('999.95');
    expect(suggestedValue(null, 0.05, 'LTP_ABOVE')).toBe('');
  });

  it('a price picked on a chart goes to the nearest grid price, crossing towards it from the price now', () => {
    expect(alertAtPrice(1012.337, 0.05, 1000)).toEqual({ value: '1012.35', condition: 'LTP_ABOVE' });
    expect(alertAtPrice(987.61, 0.05, 1000)).toEqual({ value: '987.60', condition: 'LTP_BELOW' });
    expect(alertAtPrice(2043.4, 1, 2000)).toEqual({ value: '2043', condition: 'LTP_ABOVE' });
    // No price yet: "above" (the dialog's default), the value as picked.
    expect(alertAtPrice(55.5, 0.05, null)).toEqual({ value: '55.50', condition: 'LTP_ABOVE' });
    // At the price itself: a crossing above is the one still to come.
    expect(alertAtPrice(1000.01, 0.05, 1000)).toEqual({ value: '1000.00', condition: 'LTP_ABOVE' });
  });

  it('refuses a price that is not above ₹0 (below the chart’s lowest line), and never rounds to 0', () => {
    expect(alertAtPrice(-3, 0.05, 10)).toBeNull();
    expect(alertAtPrice(0, 0.05, 10)).toBeNull();
    expect(alertAtPrice(Number.NaN, 0.05, 10)).toBeNull();
    expect(alertAtPrice(0.01, 0.05, 10)).toEqual({ value: '0.05', condition: 'LTP_BELOW' });
  });
});
