import { describe, expect, it } from 'vitest';
import {
  createTerminalStore,
  initialTerminalState,
  TOAST_CAP,
  TOAST_MS,
} from '../../../../../src/renderer/store/store';
import type { AlertTriggeredPush } from '../../../../../src/shared/contract';
import { executedEvent } from '../../fixtures';

function fired(confirmed: boolean): AlertTriggeredPush {
  return {
    alert: {
      id: 'al-1',
      userId: 'u-1',
      watchlistItemId: null,
      token: 2885,
      symbol: 'RELIANCE',
      exchange: 'NSE_EQ',
      condition: 'LTP_ABOVE',
      value: 2500,
      state: 'TRIGGERED',
      note: null,
      armId: 'arm-1',
      armedAt: '2026-12-01T04:00:00.000Z',
      triggeredAt: '2026-12-01T04:05:00.000Z',
      triggeredPrice: 2501,
      triggeredBy: 'term-1',
      createdAt: '2026-12-01T04:00:00.000Z',
      version: 2,
    },
    ltp: 2501,
    changePct: 0.4,
    at: 1,
    text: 'RELIANCE LTP 2,501.00 crossed above 2,500.00',
    confirmed,
    osNotified: false,
  };
}

describe('toasts slice', () => {
  it('derives each toast from what happened: an event, a fired alert, a refused alert', () => {
    const store = createTerminalStore(initialTerminalState(), () => 5_000);
    store.getState().notify({ kind: 'event', event: executedEvent(1) });
    store.getState().notify({ kind: 'alert_triggered', push: fired(false), notice: 'No desktop notification.' });
    store.getState().notify({ kind: 'alert_refused', symbol: 'INFY', message: 'Value must be positive.' });
    store.getState().notify({ kind: 'alert_refused', symbol: null, message: 'Unknown alert.' });
    expect(store.getState().toasts.map((t) => [t.tone, t.title, t.expiresAt])).toEqual([
      ['success', 'Bought RELIANCE', 5_000 + TOAST_MS],
      ['warning', 'Alert: RELIANCE', 5_000 + TOAST_MS],
      ['error', 'Alert not saved: INFY', 5_000 + TOAST_MS],
      ['error', 'Alert not saved', 5_000 + TOAST_MS],
    ]);
    expect(store.getState().toasts[1]?.body).toBe(
      'RELIANCE LTP 2,501.00 crossed above 2,500.00. Not confirmed by the server: another terminal of yours may show it too. No desktop notification.',
    );
    expect(store.getState().toasts[2]?.body).toBe('Value must be positive.');
  });

  it('ids are distinct while toasts come and go, and the oldest leaves past the cap', () => {
    const store = createTerminalStore();
    for (let i = 1; i <= TOAST_CAP + 2; i++) store.getState().notify({ kind: 'refused', what: `T${i}`, message: '' });
    const { toasts } = store.getState();
    expect(toasts.map((t) => t.title)).toEqual(['T3 failed', 'T4 failed', 'T5 failed', 'T6 failed', 'T7 failed']);
    expect(new Set(toasts.map((t) => t.id)).size).toBe(TOAST_CAP);
  });

  it('expiring nothing keeps the toast list as it was (Notifications does not re-render)', () => {
    const store = createTerminalStore(initialTerminalState(), () => 0);
    store.getState().notify({ kind: 'popups_blocked', count: 2 });
    const before = store.getState().toasts;
    store.getState().expireToasts(TOAST_MS - 1);
    expect(store.getState().toasts).toBe(before);
    store.getState().expireToasts(TOAST_MS);
    expect(store.getState().toasts).toEqual([]);
  });

  it('words what components, keys and wires report, so none of them words a toast itself', () => {
    const store = createTerminalStore();
    const { notify } = store.getState();
    notify({ kind: 'refused', what: 'Cancel RELIANCE', message: 'Order is already executed.' });
    notify({ kind: 'order_unconfirmed', symbol: 'INFY' });
    notify({ kind: 'intent_unknown', symbol: 'TCS' });
    notify({ kind: 'popups_blocked', count: 3 });
    notify({ kind: 'key_unused', reason: 'nothing_to_detach' });
    expect(store.getState().toasts.map((t) => [t.tone, t.title, t.body])).toEqual([
      ['error', 'Cancel RELIANCE failed', 'Order is already executed.'],
      ['warning', 'Order unconfirmed: INFY', expect.stringContaining('shown in Orders')],
      ['info', 'TCS: not on the server', 'The server has no order with this id. Place it again or discard it.'],
      ['warning', 'The browser kept 3 windows closed', expect.stringContaining('Allow pop-ups')],
      ['info', 'Nothing to detach', expect.stringContaining('Click in a panel first.')],
    ]);
    notify({ kind: 'popups_blocked', count: 1 });
    expect(store.getState().toasts.at(-1)?.title).toBe('The browser kept the window closed');
  });
});
