import { beforeEach, describe, expect, it } from 'vitest';
import {
  AlertEngine,
  type ArmedAlert,
  type Crossing,
  type ObservedQuote,
} from '../../../../electron/core/alerts/engine';

const TOKEN = 2885;
let fired: Crossing[];
let engine: AlertEngine;
let at = 1_000;

function alert(
  id: string,
  condition: ArmedAlert['condition'],
  value: number,
  over: Partial<ArmedAlert> = {},
): ArmedAlert {
  return { id, armId: `${id}-arm`, token: TOKEN, condition, value, ...over };
}
function quote(ltp: number, over: Partial<ObservedQuote> = {}): ObservedQuote {
  const close = over.close === undefined ? 2000 : over.close;
  return {
    token: TOKEN,
    ltp,
    close,
    changePct: close ? Math.round(((ltp - close) / close) * 1e6) / 1e4 : null,
    receivedAt: ++at,
    ...over,
  };
}
const tick = (ltp: number, over: Partial<ObservedQuote> = {}) => engine.observe(quote(ltp, over), false);
const firedIds = () => fired.map((c) => c.alert.id);
const none = () => undefined;

beforeEach(() => {
  fired = [];
  engine = new AlertEngine((c) => fired.push(...c));
});

describe('alert crossing semantics', () => {
  it('a tick exactly at the value fires (from below for ABOVE, from above for BELOW)', () => {
    engine.sync([alert('up', 'LTP_ABOVE', 2500), alert('down', 'LTP_BELOW', 2400)], () => quote(2450));
    tick(2500);
    expect(firedIds()).toEqual(['up']);
    expect(fired[0]).toMatchObject({ ltp: 2500 });
    tick(2400);
    expect(firedIds()).toEqual(['up', 'down']);
  });

  it('a gap through the value fires, once, with the tick that crossed', () => {
    engine.sync([alert('a', 'LTP_ABOVE', 2500), alert('b', 'LTP_ABOVE', 2510)], () => quote(2490));
    tick(2530); // opening gap over both
    expect(firedIds().sort()).toEqual(['a', 'b']);
    expect(fired.every((c) => c.ltp === 2530)).toBe(true);
    tick(2480);
    tick(2540); // crosses again: already fired, stays off until re-armed
    expect(fired).toHaveLength(2);
    expect(engine.isArmed('a')).toBe(false);
  });

  it('moving away or staying at the value does not fire; touching it from the far side does not either', () => {
    engine.sync([alert('a', 'LTP_ABOVE', 2500)], () => quote(2500)); // armed while exactly at the value
    tick(2500);
    tick(2505);
    expect(fired).toEqual([]);
    tick(2499.95);
    tick(2500); // a real crossing from below
    expect(firedIds()).toEqual(['a']);
  });

  it('armed while the price already stands beyond the value: waits for a real crossing', () => {
    engine.sync([alert('a', 'LTP_ABOVE', 2500)], () => quote(2600));
    tick(2610);
    tick(2550);
    expect(fired).toEqual([]);
    tick(2490);
    tick(2501);
    expect(firedIds()).toEqual(['a']);
  });

  it('armed with no live price: the first observation only sets the baseline (no stale crossing)', () => {
    engine.sync([alert('a', 'LTP_ABOVE', 2500)], none);
    tick(2600); // the cached price was 2,400 yesterday; this is not a crossing we saw
    expect(fired).toEqual([]);
    expect(engine.baseline(TOKEN)).toMatchObject({ ltp: 2600 });
    tick(2450);
    tick(2500);
    expect(firedIds()).toEqual(['a']);
  });

  it('the first tick after a reconnect never fires: reset() forgets every baseline', () => {
    engine.sync([alert('a', 'LTP_ABOVE', 2500)], () => quote(2450));
    tick(2460);
    engine.reset(); // disconnected; the price moved while we were away
    tick(2550);
    expect(fired).toEqual([]);
    tick(2450);
    tick(2505);
    expect(firedIds()).toEqual(['a']);
  });

  it('a snapshot (synthetic) price sets the baseline but never fires', () => {
    engine.sync([alert('a', 'LTP_ABOVE', 2500)], none);
    engine.observe(quote(2450), true);
    engine.observe(quote(2550), true);
    expect(fired).toEqual([]);
    tick(2450);
    tick(2500);
    expect(firedIds()).toEqual(['a']);
  });

  it('day change %: crossing semantics on the change; a new previous close resets its baseline', () => {
    engine.sync(
      [alert('drop', 'CHANGE_PCT_BELOW', -2), alert('pop', 'CHANGE_PCT_ABOVE', 3)],
      () => quote(1990), // -0.5 %
    );
    tick(1960); // -2 % exactly
    expect(firedIds()).toEqual(['drop']);
    tick(2060); // +3 %
    expect(firedIds()).toEqual(['drop', 'pop']);

    engine.sync([alert('pop2', 'CHANGE_PCT_ABOVE', 3)], () => quote(2000));
    // Next session: previous close 1,900, first tick already +4 %: a different day's change.
    tick(1976, { close: 1900 });
    expect(firedIds()).toEqual(['drop', 'pop']);
    tick(1900, { close: 1900 });
    tick(1960, { close: 1900 }); // +3.16 % from 0 %
    expect(firedIds()).toEqual(['drop', 'pop', 'pop2']);
  });

  it('a new arming re-arms (from the baseline); the same arming is left alone', () => {
    engine.sync([alert('a', 'LTP_ABOVE', 2500)], () => quote(2450));
    tick(2510);
    expect(firedIds()).toEqual(['a']);
    // The row comes back TRIGGERED and leaves the armed set; then the trader re-arms it.
    engine.sync([], none);
    engine.sync([alert('a', 'LTP_ABOVE', 2500, { armId: 'second' })], () => quote(2510));
    tick(2520);
    expect(fired).toHaveLength(1);
    tick(2490);
    tick(2500);
    expect(fired.map((c) => c.alert.armId)).toEqual(['a-arm', 'second']);
    // Same arming synced again: nothing changes (no double arming).
    engine.sync([alert('b', 'LTP_BELOW', 2400)], () => quote(2500));
    engine.sync([alert('b', 'LTP_BELOW', 2400)], () => quote(9999));
    tick(2400);
    expect(fired).toHaveLength(3);
  });

  it('disarms what is no longer armed and tracks only instruments with alerts', () => {
    engine.sync([alert('a', 'LTP_ABOVE', 2500), alert('z', 'LTP_BELOW', 100, { token: 1594 })], () => quote(2450));
    expect(engine.tokens()).toEqual([1594, 2885]);
    engine.sync([alert('z', 'LTP_BELOW', 100, { token: 1594 })], none);
    expect(engine.tokens()).toEqual([1594]);
    tick(2600);
    expect(fired).toEqual([]);
    expect(engine.stats()).toEqual({ armed: 1, instruments: 1, fired: 0 });
  });
});

describe('per-instrument state across many instruments', () => {
  it('each instrument fires from its own baseline and its own remaining thresholds; a row freed by one is not inherited by the next', () => {
    const tokens = Array.from({ length: 100 }, (_, i) => 10_000 + i);
    const q = (token: number, ltp: number): ObservedQuote => ({
      token,
      ltp,
      close: 100,
      changePct: null,
      receivedAt: ++at,
    });
    engine.sync(
      tokens.flatMap((t) => [
        alert(`a${t}`, 'LTP_ABOVE', 110, { token: t }),
        alert(`b${t}`, 'LTP_ABOVE', 120, { token: t }),
      ]),
      (t) => q(t, 100),
    );
    // Odd instruments go through 110 only, even ones through both, in one gap.
    for (const t of tokens) engine.observe(q(t, t % 2 === 0 ? 125 : 115), false);
    expect(fired).toHaveLength(150);
    expect(engine.stats()).toMatchObject({ armed: 50, instruments: 50 });
    // The odd ones' lowest threshold is now 120: 115 → 119 fires nothing, 119 → 120 fires it.
    fired = [];
    for (const t of tokens) if (t % 2 === 1) engine.observe(q(t, 119), false);
    expect(fired).toHaveLength(0);
    for (const t of tokens) if (t % 2 === 1) engine.observe(q(t, 120), false);
    expect(firedIds().sort()).toEqual(
      tokens
        .filter((t) => t % 2 === 1)
        .map((t) => `b${t}`)
        .sort(),
    );
    expect(engine.stats()).toMatchObject({ armed: 0, instruments: 0 });
    // New instruments take the freed rows: armed with no live price, their first tick only sets the
    // baseline — the 120 left behind in a freed row is not theirs (120 → 90 would cross 100).
    fired = [];
    engine.sync(
      [1, 2, 3].map((i) => alert(`c${i}`, 'LTP_BELOW', 100, { token: 20_000 + i })),
      none,
    );
    for (const i of [1, 2, 3]) engine.observe(q(20_000 + i, 90), false);
    expect(fired).toHaveLength(0);
    expect(engine.baseline(20_001)).toEqual({ ltp: 90, changePct: undefined });
    for (const i of [1, 2, 3]) engine.observe(q(20_000 + i, 101), false);
    for (const i of [1, 2, 3]) engine.observe(q(20_000 + i, 99), false);
    expect(firedIds()).toEqual(['c1', 'c2', 'c3']);
  });
});
