import { describe, expect, it } from 'vitest';
import { AUTO_RESEND_WINDOW_MS, intentFate } from '../../../../electron/core/trading/actions';
import type { OrderIntent } from '../../../../src/shared/domain';

const NOW = Date.UTC(2026, 10, 30, 4, 35);

function intent(ageMs: number, state: OrderIntent['state'] = 'unconfirmed'): OrderIntent {
  return {
    clientOrderId: '1b7f4c9e-2d3a-4f5b-8c6d-7e8f9a0b1c2d',
    symbol: 'RELIANCE',
    token: 2885,
    side: 'BUY',
    type: 'MARKET',
    product: 'MIS',
    quantity: 10,
    price: null,
    state,
    error: null,
    createdAt: NOW - ageMs,
  };
}

describe('which unconfirmed orders are re-sent by themselves', () => {
  it('the window is a named 30 s', () => {
    expect(AUTO_RESEND_WINDOW_MS).toBe(30_000);
  });

  it('re-sends an intent of this run younger than the window (the same client order id books once)', () => {
    expect(intentFate(intent(0), { fromThisRun: true, now: NOW })).toBe('resend');
    expect(intentFate(intent(AUTO_RESEND_WINDOW_MS), { fromThisRun: true, now: NOW })).toBe('resend');
    expect(intentFate(intent(5_000, 'sending'), { fromThisRun: true, now: NOW })).toBe('resend');
  });

  it('asks the trader about an intent older than the window, even from this run', () => {
    expect(intentFate(intent(AUTO_RESEND_WINDOW_MS + 1), { fromThisRun: true, now: NOW })).toBe('ask_trader');
  });

  it('asks the trader about any intent of an earlier run, however young (a crash, a restart)', () => {
    expect(intentFate(intent(2_000, 'sending'), { fromThisRun: false, now: NOW })).toBe('ask_trader');
    expect(intentFate(intent(26 * 3_600_000), { fromThisRun: false, now: NOW })).toBe('ask_trader');
  });

  it('does not trust a stamp from the future (the clock was set back): the trader decides', () => {
    expect(intentFate(intent(-60_000), { fromThisRun: true, now: NOW })).toBe('ask_trader');
  });

  it('leaves a failed intent alone', () => {
    expect(intentFate(intent(0, 'failed'), { fromThisRun: true, now: NOW })).toBe('leave');
  });
});
