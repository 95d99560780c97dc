import { describe, expect, it } from 'vitest';
import {
  alertValueRefusal,
  changesArm,
  describeAlert,
  describeTrigger,
  effectiveAlerts,
} from '../../../../src/shared/alerts';
import type { AlertIntent, PriceAlert } from '../../../../src/shared/domain';

const T0 = Date.parse('2026-11-30T04:00:00.000Z');

function row(over: Partial<PriceAlert> = {}): PriceAlert {
  return {
    id: 'a1',
    userId: 'u1',
    watchlistItemId: null,
    token: 2885,
    symbol: 'RELIANCE',
    exchange: 'NSE_EQ',
    condition: 'LTP_ABOVE',
    value: 2500,
    state: 'ACTIVE',
    note: null,
    armId: 'arm-1',
    armedAt: '2026-11-30T03:00:00.000Z',
    triggeredAt: null,
    triggeredPrice: null,
    triggeredBy: null,
    createdAt: '2026-11-30T03:00:00.000Z',
    version: 10,
    ...over,
  };
}
let n = 0;
const op = (o: Record<string, unknown>): AlertIntent =>
  ({ opId: `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`, createdAt: T0 + n, ...o }) as AlertIntent;

describe('the alerts a trader sees (server rows + queued writes)', () => {
  it('a queued create shows as a new alert, pending create, armed from when it was made', () => {
    const [view] = effectiveAlerts(
      [],
      [
        op({
          op: 'create',
          alertId: 'new-1',
          alert: {
            userId: 'u1',
            token: 1594,
            symbol: 'INFY',
            exchange: 'NSE_EQ',
            condition: 'LTP_BELOW',
            value: 1400,
            note: null,
            state: 'ACTIVE',
            armId: 'arm-x',
          },
        }),
      ],
    );
    expect(view).toMatchObject({ id: 'new-1', state: 'ACTIVE', armId: 'arm-x', pending: 'create', version: 0 });
    expect(view!.armedAt).toBe(new Date(view!.createdAt).toISOString());
  });

  it('a create the server already has is the server row (the confirmation is on its way)', () => {
    const views = effectiveAlerts(
      [row({ id: 'new-1' })],
      [op({ op: 'create', alertId: 'new-1', alert: { ...row(), note: null, state: 'ACTIVE' } })],
    );
    expect(views).toEqual([{ ...row({ id: 'new-1' }), pending: null }]);
  });

  it('updates follow the server arming rules; deletes hide the alert', () => {
    const fired = row({
      state: 'TRIGGERED',
      triggeredAt: '2026-11-30T03:30:00.000Z',
      triggeredPrice: 2501,
      triggeredBy: 't',
    });
    const [moved] = effectiveAlerts(
      [fired],
      [op({ op: 'update', alertId: 'a1', changes: { value: 2600, armId: 'arm-2' } })],
    );
    expect(moved).toMatchObject({ state: 'ACTIVE', value: 2600, armId: 'arm-2', triggeredAt: null, pending: 'update' });
    const [note] = effectiveAlerts([fired], [op({ op: 'update', alertId: 'a1', changes: { note: 'hi' } })]);
    expect(note).toMatchObject({ state: 'TRIGGERED', note: 'hi', armId: 'arm-1' });
    const [off] = effectiveAlerts(
      [row()],
      [op({ op: 'update', alertId: 'a1', changes: { state: 'DISABLED', value: 1 } })],
    );
    expect(off).toMatchObject({ state: 'DISABLED', value: 1, armId: 'arm-1' });
    expect(effectiveAlerts([row()], [op({ op: 'delete', alertId: 'a1' })])).toEqual([]);
  });

  it('a queued fire shows the arming it names as triggered; a re-armed alert is not fired by an older crossing', () => {
    const fire = op({
      op: 'fire',
      alertId: 'a1',
      armId: 'arm-1',
      price: 2500.05,
      changePct: 1.2,
      firedAt: T0,
      notified: true,
    });
    const [hit] = effectiveAlerts([row()], [fire]);
    expect(hit).toMatchObject({ state: 'TRIGGERED', triggeredPrice: 2500.05, pending: 'fire' });
    expect(hit!.triggeredAt).toBe(new Date(T0).toISOString());
    const [rearmed] = effectiveAlerts([row({ armId: 'arm-9' })], [fire]);
    expect(rearmed).toMatchObject({ state: 'ACTIVE', pending: null });
  });

  it('which changes arm', () => {
    const active = { state: 'ACTIVE' as const, value: 10, condition: 'LTP_ABOVE' as const };
    expect(changesArm(active, { note: 'x' })).toBe(false);
    expect(changesArm(active, { value: 10 })).toBe(false);
    expect(changesArm(active, { value: 11 })).toBe(true);
    expect(changesArm({ ...active, state: 'TRIGGERED' }, { state: 'ACTIVE' })).toBe(true);
    expect(changesArm({ ...active, state: 'TRIGGERED' }, { condition: 'LTP_BELOW' })).toBe(true);
    expect(changesArm({ ...active, state: 'DISABLED' }, { value: 11 })).toBe(false);
    expect(changesArm(active, { state: 'DISABLED', value: 12 })).toBe(false);
  });
});

describe('alert values', () => {
  const tick = { tickSize: 0.05 };
  it('field errors: not a number, not above 0, off the tick grid', () => {
    expect(alertValueRefusal('LTP_ABOVE', Number.NaN, tick)).toEqual({ field: 'value', message: 'Enter a number.' });
    expect(alertValueRefusal('LTP_ABOVE', '2500' as unknown as number, tick)).toMatchObject({ field: 'value' });
    expect(alertValueRefusal('LTP_BELOW', 0, tick)).toEqual({ field: 'value', message: 'Price must be above ₹0.' });
    expect(alertValueRefusal('LTP_BELOW', -1, tick)).toMatchObject({ field: 'value' });
    expect(alertValueRefusal('LTP_ABOVE', 2500.03, tick)).toEqual({
      field: 'value',
      message: 'Price must be a multiple of the tick size ₹0.05 (for example ₹2,500.00 or ₹2,500.05).',
    });
    expect(alertValueRefusal('LTP_ABOVE', 2500.05, tick)).toBeNull();
    // 0.1 + 0.2-style binary fractions are on the grid.
    expect(alertValueRefusal('LTP_ABOVE', 0.1 + 0.2, { tickSize: 0.05 })).toBeNull();
    expect(alertValueRefusal('LTP_ABOVE', 83.0025, { tickSize: 0.0025 })).toBeNull();
  });
  it('day change: between -100 % and 1,000 %, two decimals, may be negative', () => {
    expect(alertValueRefusal('CHANGE_PCT_BELOW', -2.5, null)).toBeNull();
    expect(alertValueRefusal('CHANGE_PCT_BELOW', -100, null)).toMatchObject({ field: 'value' });
    expect(alertValueRefusal('CHANGE_PCT_ABOVE', 1000, null)).toMatchObject({ field: 'value' });
    expect(alertValueRefusal('CHANGE_PCT_ABOVE', 1.234, null)).toMatchObject({ field: 'value' });
  });
  it('reads as a sentence', () => {
    expect(describeAlert(row())).toBe('RELIANCE LTP crosses above ₹2,500.00');
    expect(describeAlert(row({ condition: 'CHANGE_PCT_BELOW', value: -2.5 }))).toBe(
      'RELIANCE day change crosses below -2.5%',
    );
    expect(describeTrigger(row(), 2500.05)).toBe('RELIANCE crossed above ₹2,500.00 — LTP ₹2,500.05');
    expect(describeTrigger(row({ condition: 'CHANGE_PCT_BELOW', value: -2 }), 1960, -2.02)).toBe(
      'RELIANCE day change crossed below -2% — -2.02% · LTP ₹1,960.00',
    );
  });
});
