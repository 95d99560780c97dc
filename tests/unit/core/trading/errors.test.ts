import { describe, expect, it } from 'vitest';
import { isAmbiguous, toTradedeskError } from '../../../../electron/core/trading/errors';

describe('RPC error mapping', () => {
  it('maps insufficient_margin with the shortfall in message and details', () => {
    const err = toTradedeskError(
      {
        status: 400,
        error: {
          code: 'P0001',
          message: 'Insufficient margin',
          hint: 'insufficient_margin',
          details: '{"required":5000,"available":1200,"shortfall":3800}',
        },
      },
      'Placing the order',
    );
    expect(err.code).toBe('insufficient_margin');
    expect(err.details).toEqual({ required: 5000, available: 1200, shortfall: 3800, field: null });
    expect(err.message).toBe('Insufficient margin: this order needs ₹5,000, ₹1,200 is available (short by ₹3,800).');
  });

  it('maps the other stable hint codes', () => {
    for (const [hint, code] of [
      ['invalid_quantity', 'invalid_quantity'],
      ['unknown_symbol', 'unknown_symbol'],
      ['order_not_pending', 'order_not_pending'],
      ['not_found', 'not_found'],
      ['forbidden', 'unauthorized'],
    ] as const) {
      expect(
        toTradedeskError({ status: 400, error: { code: 'P0001', message: 'm', hint, details: null } }, 'x').code,
      ).toBe(code);
    }
  });

  it('treats no response and gateway failures as ambiguous, domain errors as definite', () => {
    expect(isAmbiguous({ status: 0, error: { message: 'TypeError: fetch failed' } })).toBe(true);
    expect(isAmbiguous({ status: 502, error: { message: 'bad gateway' } })).toBe(true);
    expect(isAmbiguous({ status: 400, error: { code: 'P0001', hint: 'invalid_quantity' } })).toBe(false);
    expect(toTradedeskError({ status: 0, error: { message: 'x' } }, 'x').code).toBe('offline');
    expect(toTradedeskError({ status: 409, error: { code: '23505', message: 'dup' } }, 'x').code).toBe('conflict');
    expect(toTradedeskError({ status: 401, error: { code: 'PGRST301', message: 'jwt' } }, 'x').code).toBe(
      'unauthorized',
    );
  });
});
