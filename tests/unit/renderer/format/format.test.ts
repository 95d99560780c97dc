import { describe, expect, it } from 'vitest';
import {
  formatCount,
  formatPercent,
  formatPrice,
  formatRupees,
  formatSigned,
  formatSignedRupees,
  displayed,
  formatSignedWholeRupees,
  formatWholeRupees,
  signedMoney,
  toneOf,
} from '../../../../src/renderer/format/numbers';
import { formatAge, formatClock, formatExchangeClock, formatOrderTime } from '../../../../src/renderer/format/time';
import { isSameTradingDay } from '../../../../src/renderer/trading/pnl';
import { feedLabel, feedView } from '../../../../src/renderer/format/connection';
import { ConnectionStatus } from '../../../../src/shared/domain';

describe('Indian number formatting', () => {
  it('groups lakhs and crores', () => {
    expect(formatRupees(1_000_000)).toBe('₹10,00,000.00');
    expect(formatRupees(123_456_789.5)).toBe('₹12,34,56,789.50');
    expect(formatPrice(2500)).toBe('2,500.00');
    expect(formatCount(12_345_678)).toBe('1,23,45,678');
  });
  it('signs P&L and changes explicitly', () => {
    expect(formatSignedRupees(1250)).toBe('+₹1,250.00');
    expect(formatSignedRupees(-80)).toBe('-₹80.00');
    expect(formatSignedRupees(0)).toBe('₹0.00');
    expect(formatRupees(-1234.5)).toBe('-₹1,234.50');
    expect(formatSigned(-12.345)).toBe('-12.35');
    expect(formatPercent(1.5)).toBe('+1.50%');
  });
  it('shows whole-rupee money without paise (balance, margins, charges)', () => {
    expect(formatWholeRupees(999_991)).toBe('₹9,99,991');
    expect(formatWholeRupees(-2)).toBe('-₹2');
    expect(formatSignedWholeRupees(-2)).toBe('-₹2');
    expect(formatSignedWholeRupees(3)).toBe('+₹3');
    expect(formatWholeRupees(null)).toBe('—');
  });
  it('shows a dash for missing or non-finite values', () => {
    for (const v of [null, undefined, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(formatRupees(v)).toBe('—');
      expect(formatPrice(v)).toBe('—');
      expect(formatPercent(v)).toBe('—');
    }
  });
  it('tones by sign', () => {
    expect(toneOf(1)).toBe('up');
    expect(toneOf(-1)).toBe('down');
    expect(toneOf(0)).toBe('flat');
    expect(toneOf(null)).toBe('flat');
  });
});

describe('sign and colour come from the value as displayed', () => {
  const noise = 0.1 + 0.2 - 0.3; // 5.55e-17: float noise, shown as zero
  it('a P&L of 0.1 + 0.2 − 0.3 shows ₹0.00, neither green nor red', () => {
    expect(noise).toBeGreaterThan(0);
    expect(formatSignedRupees(noise)).toBe('₹0.00');
    expect(formatSignedRupees(-noise)).toBe('₹0.00');
    expect(toneOf(noise)).toBe('flat');
    expect(toneOf(-noise)).toBe('flat');
    expect(signedMoney(noise)).toEqual({ text: '₹0.00', tone: 'flat' });
  });
  it('never shows a signed or negative zero in any money, price or change format', () => {
    for (const v of [noise, -noise, -0, 0.004, -0.004, -0.0049999]) {
      expect(formatRupees(v)).toBe('₹0.00');
      expect(formatPrice(v)).toBe('0.00');
      expect(formatSigned(v)).toBe('0.00');
      expect(formatPercent(v)).toBe('0.00%');
    }
  });
  it('rounds half away from zero, like the text, so sign, digits and tone agree', () => {
    expect(signedMoney(0.005)).toEqual({ text: '+₹0.01', tone: 'up' });
    expect(signedMoney(-0.005)).toEqual({ text: '-₹0.01', tone: 'down' });
    expect(signedMoney(-1234.567)).toEqual({ text: '-₹1,234.57', tone: 'down' });
    expect(displayed(-0.001)).toBe(0);
    expect(Object.is(displayed(-0.001), -0)).toBe(false);
  });
});

describe('times and ages', () => {
  it('formats ages compactly', () => {
    expect(formatAge(0)).toBe('0s');
    expect(formatAge(42_900)).toBe('42s');
    expect(formatAge(185_000)).toBe('3m 05s');
    expect(formatAge(7_800_000)).toBe('2h 10m');
    expect(formatAge(-5)).toBe('0s');
  });
  it('formats a wall clock as HH:MM:SS', () => {
    const t = new Date(2026, 10, 26, 9, 5, 7).getTime();
    expect(formatClock(t)).toBe('09:05:07');
  });
});

/** Runs `fn` with the machine's zone set to `zone` (Node applies a runtime TZ change to Date). */
function inZone<T>(zone: string, fn: () => T): T {
  const before = process.env.TZ;
  process.env.TZ = zone;
  try {
    return fn();
  } finally {
    if (before === undefined) delete process.env.TZ;
    else process.env.TZ = before;
  }
}

describe('times are shown in the machine zone, from instants', () => {
  const placed = '2026-11-30T04:35:00.000Z'; // 10:05:00 IST
  const sameMorning = Date.UTC(2026, 10, 30, 6, 0, 0);

  it('04:35:00Z shows 10:05:00 in Asia/Kolkata and 04:35:00 in UTC', () => {
    inZone('Asia/Kolkata', () => {
      expect(new Date(sameMorning).getTimezoneOffset()).toBe(-330);
      expect(formatOrderTime(placed, sameMorning)).toBe('10:05:00');
      expect(formatClock(Date.parse(placed))).toBe('10:05:00');
    });
    inZone('UTC', () => {
      expect(formatOrderTime(placed, sameMorning)).toBe('04:35:00');
      expect(formatClock(Date.parse(placed))).toBe('04:35:00');
    });
  });

  it('an exchange time (the depth ladder’s last trade) reads IST in every zone, as the chart axis does', () => {
    for (const zone of ['Asia/Kolkata', 'UTC', 'America/New_York'])
      inZone(zone, () => expect(formatExchangeClock(Date.parse(placed))).toBe('10:05:00 IST'));
    // Past 18:30 UTC it is already the next morning in India.
    expect(formatExchangeClock(Date.UTC(2026, 10, 30, 18, 45, 9))).toBe('00:15:09 IST');
  });

  it('a zone-less platform string is UTC, never local: the same 10:05:00 in Kolkata', () => {
    inZone('Asia/Kolkata', () => {
      expect(formatOrderTime('2026-11-30T04:35:00.000', sameMorning)).toBe('10:05:00');
      expect(formatOrderTime('2026-11-30 04:35:00', sameMorning)).toBe('10:05:00');
    });
  });

  it('an order from another local day shows its local date: 19:00Z is 01-12 00:30 in Kolkata', () => {
    inZone('Asia/Kolkata', () => {
      expect(formatOrderTime('2026-11-30T19:00:00.000Z', sameMorning)).toBe('01-12 00:30');
      expect(formatOrderTime('2026-11-29T18:00:00.000Z', sameMorning)).toBe('29-11 23:30');
    });
    inZone('UTC', () => {
      expect(formatOrderTime('2026-11-29T18:00:00.000Z', sameMorning)).toBe('29-11 18:00');
    });
  });

  it('the header says "stale since" in the machine zone', () => {
    const staleSince = Date.parse(placed);
    const status = ConnectionStatus.parse({
      feed: 'trading',
      state: 'offline',
      since: staleSince,
      detail: null,
      staleSince,
    });
    inZone('Asia/Kolkata', () => expect(feedLabel(status, sameMorning).text).toBe('Offline — stale since 10:05:00'));
    inZone('UTC', () => expect(feedLabel(status, sameMorning).text).toBe('Offline — stale since 04:35:00'));
  });

  it('"opened today" follows the Indian trading day, whatever the machine zone', () => {
    const opened = '2026-11-30T03:50:00.000Z'; // 09:20 IST, Monday
    const close = Date.UTC(2026, 10, 30, 9, 55); // 15:25 IST the same day
    const nextMorning = Date.UTC(2026, 11, 1, 3, 50);
    for (const zone of ['Asia/Kolkata', 'UTC', 'America/New_York', 'Pacific/Auckland']) {
      inZone(zone, () => {
        expect(isSameTradingDay(opened, close), zone).toBe(true);
        expect(isSameTradingDay(opened, nextMorning), zone).toBe(false);
      });
    }
  });
});

describe('feed health labels', () => {
  const base = (over: Record<string, unknown>) =>
    ConnectionStatus.parse({ feed: 'market', state: 'live', since: 0, detail: null, ...over });
  const now = new Date(2026, 10, 26, 10, 0, 0).getTime();
  it('says Live with the age of the last data', () => {
    expect(feedLabel(base({ lastDataAt: now - 3_000 }), now)).toEqual({
      text: 'Live',
      tone: 'live',
      age: 'last data 3s ago',
    });
  });
  it('counts reconnect attempts', () => {
    expect(feedLabel(base({ state: 'reconnecting', attempt: 4 }), now).text).toBe('Reconnecting 4');
  });
  it('says Offline with the stale-since clock time', () => {
    const staleSince = new Date(2026, 10, 26, 9, 58, 30).getTime();
    const l = feedLabel(base({ state: 'offline', since: staleSince + 5_000, staleSince }), now);
    expect(l.text).toBe('Offline — stale since 09:58:30');
    expect(l.tone).toBe('down');
  });
  it('names signed-out and unconfigured feeds', () => {
    expect(feedLabel(base({ state: 'unauthorized' }), now).text).toBe('Signed out');
    expect(feedLabel(base({ state: 'not_configured' }), now).text).toBe('Not configured');
    expect(feedLabel(undefined, now).text).toBe('Connecting');
  });
});

describe('one source of status: the link to the host first (issue 7)', () => {
  const now = new Date(2026, 10, 26, 10, 0, 0).getTime();
  const live = (feed: 'market' | 'trading') =>
    ConnectionStatus.parse({ feed, state: 'live', since: 0, detail: null, lastDataAt: now - 12_000 });
  const session = {
    state: 'signed_in' as const,
    profile: { kind: 'demo' as const, name: 'Demo' },
    user: null,
    error: null,
  };
  it('both feeds read "Unknown — host lost" with their age once the host is gone, never Live', () => {
    for (const feed of ['market', 'trading'] as const) {
      expect(feedView(live(feed), { link: { state: 'reconnecting', attempt: 2 }, session }, now)).toEqual({
        text: 'Unknown — host lost',
        tone: 'down',
        age: 'last data 12s ago',
      });
    }
  });
  it('a feed that never delivered data is as old as the last word from the host', () => {
    const quiet = ConnectionStatus.parse({ feed: 'trading', state: 'live', since: 0, detail: null });
    expect(feedView(quiet, { link: { state: 'reconnecting', attempt: 1, lostAt: now - 7_000 }, session }, now)).toEqual(
      { text: 'Unknown — host lost', tone: 'down', age: 'status as of 7s ago' },
    );
  });
  it('passes the feed status through while the host link is open', () => {
    expect(feedView(live('market'), { link: { state: 'open', attempt: 0 }, session }, now).text).toBe('Live');
  });
  it('says Starting while the profile backend starts, not "Not configured"', () => {
    const idle = ConnectionStatus.parse({ feed: 'market', state: 'not_configured', since: 0, detail: null });
    const starting = { ...session, state: 'starting' as const };
    expect(feedView(idle, { link: { state: 'open', attempt: 0 }, session: starting }, now).text).toBe('Starting');
  });
});
