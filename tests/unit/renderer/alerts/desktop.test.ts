import { describe, expect, it } from 'vitest';
import type { AlertTriggeredPush } from '../../../../src/shared/contract';
import { notifyDesktop, type NotificationApi } from '../../../../src/renderer/alerts/desktop';
import { toastForAlert } from '../../../../src/renderer/store/toasts';
import { suggestedValue } from '../../../../src/renderer/alerts/suggest';

function push(over: Partial<AlertTriggeredPush> = {}): AlertTriggeredPush {
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
      triggeredPrice: 2500.05,
      triggeredBy: 'inst-1',
      createdAt: '2026-12-01T04:00:00.000Z',
      version: 2,
    },
    ltp: 2500.05,
    changePct: 0.4,
    at: 1,
    text: 'RELIANCE crossed above ₹2,500.00 — LTP ₹2,500.05',
    confirmed: true,
    osNotified: false,
    ...over,
  };
}

/** A Web Notifications API double that records what the page showed. */
function fakeApi(permission: NotificationPermission) {
  const shown: Array<{ title: string; body: string | undefined; click(): void }> = [];
  class Fake {
    static permission = permission;
    static requestPermission = () => Promise.resolve(permission);
    onclick: ((this: unknown, ev: Event) => unknown) | null = null;
    constructor(title: string, options?: NotificationOptions) {
      shown.push({ title, body: options?.body, click: () => this.onclick?.call(this, new Event('click')) });
    }
  }
  return { api: Fake as unknown as NotificationApi, shown };
}

describe('telling the trader in the browser host', () => {
  it('shows one Web notification once allowed; its click focuses the instrument', () => {
    const { api, shown } = fakeApi('granted');
    let clicked = 0;
    expect(notifyDesktop(push(), () => clicked++, api)).toBeNull();
    expect(shown).toHaveLength(1);
    expect(shown[0]).toMatchObject({ title: 'Tradedesk alert: RELIANCE', body: push().text });
    shown[0]!.click();
    expect(clicked).toBe(1);
  });

  it('shows none when the host already did (Electron), and says nothing', () => {
    const { api, shown } = fakeApi('granted');
    expect(notifyDesktop(push({ osNotified: true }), () => {}, api)).toBeNull();
    expect(shown).toHaveLength(0);
  });

  it('not allowed yet, blocked, or no API: the toast says so in words', () => {
    expect(notifyDesktop(push(), () => {}, fakeApi('default').api)).toMatch(/Allow desktop notifications/);
    expect(notifyDesktop(push(), () => {}, fakeApi('denied').api)).toMatch(/blocks them/);
    expect(notifyDesktop(push(), () => {}, null)).toMatch(/cannot show them/);
  });

  it('the toast carries the alert, and says when the server could not confirm it', () => {
    expect(toastForAlert(push(), null)).toMatchObject({
      tone: 'warning',
      title: 'Alert: RELIANCE',
      body: `${push().text}.`,
    });
    expect(toastForAlert(push({ confirmed: false }), 'No desktop notification.').body).toBe(
      `${push().text}. Not confirmed by the server: another terminal of yours may show it too. No desktop notification.`,
    );
  });
});

describe('a new alert starts one tick beyond the price', () => {
  it('on the tick grid, above for an ABOVE alert and below for a BELOW one', () => {
    expect(suggestedValue(2500, 0.05, 'LTP_ABOVE')).toBe('2500.05');
    expect(suggestedValue(2500, 0.05, 'LTP_BELOW')).toBe('2499.95');
    expect(suggestedValue(101, 1, 'LTP_ABOVE')).toBe('102');
    expect(suggestedValue(null, 0.05, 'LTP_ABOVE')).toBe('');
    expect(suggestedValue(2500, 0.05, 'CHANGE_PCT_BELOW')).toBe('-2');
  });
});
