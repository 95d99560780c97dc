import { describe, expect, it } from 'vitest';
import {
  inMarketHours,
  istClock,
  mayRestartOnItsOwn,
  updatesEnabled,
} from '../../../../electron/core/app/update-policy';

const utc = (iso: string) => Date.parse(`${iso}Z`);
// 2026-11-30 is a Monday; 2026-12-04 a Friday; 2026-12-05 a Saturday; 2026-12-06 a Sunday.

describe('the market-hours window (09:00–15:45 IST, Monday–Friday)', () => {
  const cases: Array<[string, boolean, string]> = [
    ['2026-11-30T03:29:59.999', false, 'Mon 08:59:59.999 IST'],
    ['2026-11-30T03:30:00.000', true, 'Mon 09:00 IST = 03:30 UTC'],
    ['2026-11-30T06:00:00.000', true, 'Mon 11:30 IST'],
    ['2026-11-30T10:15:00.000', true, 'Mon 15:45:00.000 IST, the last blocked instant'],
    ['2026-11-30T10:15:00.001', false, 'Mon 15:45:00.001 IST'],
    ['2026-11-29T21:00:00.000', false, 'Sun 21:00 UTC is Mon 02:30 IST: a weekday, but before the open'],
    ['2026-11-30T23:00:00.000', false, 'Mon 23:00 UTC is Tue 04:30 IST'],
    ['2026-12-01T03:30:00.000', true, 'Tue 09:00 IST although UTC still says 03:30'],
    ['2026-12-04T05:00:00.000', true, 'Fri 10:30 IST'],
    ['2026-12-04T20:00:00.000', false, 'Fri 20:00 UTC is Sat 01:30 IST'],
    ['2026-12-05T05:00:00.000', false, 'Sat 10:30 IST: weekend'],
    ['2026-12-06T05:00:00.000', false, 'Sun 10:30 IST: weekend'],
    ['2026-12-05T22:00:00.000', false, 'Sat 22:00 UTC is Sun 03:30 IST'],
  ];
  for (const [iso, blocked, why] of cases) {
    it(`${why}: ${blocked ? 'market hours' : 'outside'}`, () => {
      expect(inMarketHours(utc(iso))).toBe(blocked);
    });
  }

  it('reads IST from the instant, not from the process time zone', () => {
    expect(istClock(utc('2026-11-30T18:30:00.000'))).toEqual({ weekday: 2, msOfDay: 0 }); // Tue 00:00 IST
    expect(istClock(utc('2026-11-30T18:29:59.999'))).toEqual({ weekday: 1, msOfDay: 86_399_999 });
  });
});

describe('mayRestartOnItsOwn', () => {
  it('never while positions are open, at any hour', () => {
    for (const iso of ['2026-11-30T06:00:00.000', '2026-12-05T05:00:00.000', '2026-11-30T20:00:00.000']) {
      expect(mayRestartOnItsOwn({ nowMs: utc(iso), openPositions: 1 })).toEqual({
        allowed: false,
        reason: 'positions_open',
      });
    }
  });

  it('never in market hours even when flat; otherwise yes', () => {
    expect(mayRestartOnItsOwn({ nowMs: utc('2026-11-30T06:00:00.000'), openPositions: 0 })).toEqual({
      allowed: false,
      reason: 'market_hours',
    });
    expect(mayRestartOnItsOwn({ nowMs: utc('2026-11-30T12:00:00.000'), openPositions: 0 })).toEqual({ allowed: true });
    expect(mayRestartOnItsOwn({ nowMs: utc('2026-12-05T05:00:00.000'), openPositions: 0 })).toEqual({ allowed: true });
  });
});

describe('updatesEnabled', () => {
  const base = { isPackaged: true, hasFeedConfig: true, packageUpdates: undefined, env: undefined };
  it('a packaged build with a feed checks', () => {
    expect(updatesEnabled(base)).toEqual({ enabled: true });
  });
  it('off: unpackaged, demo-only build, TRADEDESK_UPDATES=off, or no feed in the build', () => {
    expect(updatesEnabled({ ...base, isPackaged: false })).toMatchObject({ enabled: false });
    expect(updatesEnabled({ ...base, packageUpdates: false })).toMatchObject({ enabled: false, reason: /demo-only/ });
    expect(updatesEnabled({ ...base, env: 'off' })).toMatchObject({ enabled: false });
    expect(updatesEnabled({ ...base, hasFeedConfig: false })).toMatchObject({
      enabled: false,
      reason: /app-update.yml/,
    });
  });
});
