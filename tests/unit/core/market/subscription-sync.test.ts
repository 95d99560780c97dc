import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { InterestRegistry } from '../../../../electron/core/market/interest-registry';
import {
  REFUSAL_BACKOFF,
  SubscriptionSync,
  WELCOME_WAIT_MS,
  type SubscriptionCall,
} from '../../../../electron/core/market/subscription-sync';

interface Sent {
  at: number;
  call: SubscriptionCall;
  tokens: number[];
}

function setup(opts: { maxPerCall?: number } = {}) {
  const registry = new InterestRegistry();
  const sent: Sent[] = [];
  let unavailableChanges = 0;
  const sync = new SubscriptionSync({
    wanted: () => registry.wanted(),
    send: (call, tokens) => sent.push({ at: Date.now(), call, tokens }),
    now: () => Date.now(),
    random: () => 0.5,
    onUnavailable: () => unavailableChanges++,
    ...opts,
  });
  /** What the server would hold if every call was applied. */
  const serverSet = () => {
    const s = new Set<number>();
    for (const c of sent)
      for (const t of c.tokens) {
        if (c.call === 'subscribe') s.add(t);
        else s.delete(t);
      }
    return s;
  };
  return { registry, sent, sync, serverSet, unavailableChanges: () => unavailableChanges };
}

/** The largest number of calls inside any window of 1,000 ms. */
function maxCallsPerSecond(sent: Sent[]): number {
  let max = 0;
  for (let i = 0; i < sent.length; i++) {
    let n = 0;
    for (let j = i; j < sent.length && sent[j]!.at - sent[i]!.at < 1000; j++) n++;
    max = Math.max(max, n);
  }
  return max;
}

const range = (from: number, n: number) => Array.from({ length: n }, (_, i) => from + i);

describe('SubscriptionSync', () => {
  beforeEach(() => vi.useFakeTimers({ now: 1_000_000 }));
  afterEach(() => vi.useRealTimers());

  it('coalesces bursts of interest changes into one diff', () => {
    const { registry, sent, sync } = setup();
    sync.connected();
    sync.limitsKnown(null); // the welcome: no instrument limit
    registry.set('w1', [1, 2]);
    sync.changed();
    registry.set('w2', [2, 3]);
    sync.changed();
    vi.advanceTimersByTime(100);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.call).toBe('subscribe');
    expect([...sent[0]!.tokens].sort()).toEqual([1, 2, 3]);
  });

  it('unsubscribes only tokens nobody needs any more', () => {
    const { registry, sent, sync, serverSet } = setup();
    sync.connected();
    sync.limitsKnown(null); // the welcome: no instrument limit
    registry.set('w1', [1, 2]);
    registry.set('w2', [2, 3]);
    sync.changed();
    vi.advanceTimersByTime(100);
    registry.clear('w1');
    sync.changed();
    vi.advanceTimersByTime(100);
    expect(sent.at(-1)).toMatchObject({ call: 'unsubscribe', tokens: [1] });
    expect([...serverSet()].sort()).toEqual([2, 3]);
  });

  it('chunks a large set and keeps every one-second window under 10 calls', () => {
    const { registry, sent, sync, serverSet } = setup({ maxPerCall: 10 });
    sync.connected();
    sync.limitsKnown(null); // the welcome: no instrument limit
    registry.set('w1', range(1, 200)); // 20 chunks
    sync.changed();
    vi.advanceTimersByTime(10_000);
    expect(sent.every((c) => c.tokens.length <= 10)).toBe(true);
    expect(serverSet().size).toBe(200);
    expect(maxCallsPerSecond(sent)).toBeLessThan(10);
  });

  it('survives a storm: a 50-instrument watchlist opens while three windows close, repeatedly', () => {
    const { registry, sent, sync, serverSet } = setup({ maxPerCall: 5 });
    sync.connected();
    sync.limitsKnown(null); // the welcome: no instrument limit
    for (let round = 0; round < 20; round++) {
      for (const w of ['a', 'b', 'c']) registry.set(`w-${w}`, range(round * 100 + w.charCodeAt(0), 7));
      sync.changed();
      vi.advanceTimersByTime(30);
      for (const w of ['a', 'b', 'c']) {
        registry.clear(`w-${w}`);
        sync.changed();
      }
      registry.set('watchlist', range(round * 1000, 50));
      sync.changed();
      vi.advanceTimersByTime(120);
    }
    vi.advanceTimersByTime(60_000);
    expect(maxCallsPerSecond(sent)).toBeLessThan(10);
    expect([...serverSet()].sort((x, y) => x - y)).toEqual(range(19_000, 50));
  });

  it('after rate_limited waits retry_after_ms and re-sends what was not acknowledged', () => {
    const { registry, sent, sync, serverSet } = setup();
    sync.connected();
    sync.limitsKnown(null); // the welcome: no instrument limit
    registry.set('w', [1, 2, 3]);
    sync.changed();
    vi.advanceTimersByTime(50);
    expect(sent).toHaveLength(1);
    sync.rateLimited(700);
    expect(sync.subscribed()).toEqual([]);
    vi.advanceTimersByTime(600);
    expect(sent).toHaveLength(1); // still waiting
    vi.advanceTimersByTime(500);
    expect(sent).toHaveLength(2);
    expect([...sent[1]!.tokens].sort()).toEqual([1, 2, 3]);
    sync.acknowledged('subscribe');
    expect(sync.stats()).toMatchObject({ rateLimited: 1, inFlight: 0 });
    expect(serverSet().size).toBe(3);
  });

  it('does not revert acknowledged calls on a later rate_limited', () => {
    const { registry, sent, sync } = setup();
    sync.connected();
    sync.limitsKnown(null); // the welcome: no instrument limit
    registry.set('w', [1]);
    sync.changed();
    vi.advanceTimersByTime(50);
    sync.acknowledged('subscribe');
    registry.set('w', [1, 2]);
    sync.changed();
    vi.advanceTimersByTime(50);
    sync.rateLimited(100);
    vi.advanceTimersByTime(1_000);
    expect(sent.map((c) => c.tokens)).toEqual([[1], [2], [2]]);
  });

  it('re-subscribes the full wanted set on every (re)connect and sends nothing while down', () => {
    const { registry, sent, sync } = setup();
    registry.set('w', [5, 6]);
    sync.changed();
    vi.advanceTimersByTime(100);
    expect(sent).toHaveLength(0); // not connected yet
    sync.connected();
    sync.limitsKnown(null); // the welcome: no instrument limit
    vi.advanceTimersByTime(100);
    expect(sent).toHaveLength(1);
    sync.disconnected();
    registry.set('w', [6, 7]);
    sync.changed();
    vi.advanceTimersByTime(100);
    expect(sent).toHaveLength(1);
    sync.connected();
    sync.limitsKnown(null); // the welcome: no instrument limit
    vi.advanceTimersByTime(100);
    expect(sent).toHaveLength(2);
    expect(sent[1]).toMatchObject({ call: 'subscribe' });
    expect([...sent[1]!.tokens].sort()).toEqual([6, 7]);
  });

  it('waits for the welcome (its limits) before subscribing on a fresh connection, at most WELCOME_WAIT_MS', () => {
    const { registry, sent, sync } = setup();
    registry.set('w', [1, 2]);
    sync.connected();
    vi.advanceTimersByTime(WELCOME_WAIT_MS - 10);
    expect(sent).toHaveLength(0);
    vi.advanceTimersByTime(20); // no welcome came: subscribe anyway
    expect(sent).toHaveLength(1);
  });

  it('never asks one connection for more instruments than welcome.limits allows; system needs first', () => {
    const { registry, sent, sync, serverSet } = setup({ maxPerCall: 3 });
    registry.set('window:w', range(100, 8));
    registry.set('system:trading', [900, 901]);
    sync.connected();
    sync.limitsKnown(5);
    vi.advanceTimersByTime(10_000);
    const held = serverSet();
    expect(held.size).toBe(5);
    expect(held.has(900) && held.has(901)).toBe(true);
    expect([...sync.unavailable()].filter(([, r]) => r === 'limit')).toHaveLength(5);
    // A window closes: room is made by unsubscribing first, then the waiting ones come in.
    registry.set('window:w', [100, 101, 102, 103, 104, 105]);
    sync.changed();
    vi.advanceTimersByTime(10_000);
    expect(serverSet().size).toBe(5);
    let maxHeld = 0;
    const replay = new Set<number>();
    for (const c of sent) {
      for (const t of c.tokens) {
        if (c.call === 'subscribe') replay.add(t);
        else replay.delete(t);
      }
      maxHeld = Math.max(maxHeld, replay.size);
    }
    expect(maxHeld).toBeLessThanOrEqual(5);
  });

  it('a refused instrument is not subscribed, is reported, and is asked for again with backoff', () => {
    const { registry, sent, sync, unavailableChanges } = setup();
    registry.set('w', [1, 2]);
    sync.connected();
    sync.limitsKnown(null);
    vi.advanceTimersByTime(50);
    expect(sent).toHaveLength(1);
    sync.acknowledged('subscribe');
    sync.refused([2], 'forbidden');
    sync.refused([2], 'forbidden'); // the confirmation and the error name it: one refusal
    expect(sync.subscribed()).toEqual([1]);
    expect(sync.unavailable()).toEqual(new Map([[2, 'forbidden']]));
    expect(unavailableChanges()).toBe(1);
    const first = REFUSAL_BACKOFF.initialDelayMs * 0.75; // equal jitter at random 0.5
    vi.advanceTimersByTime(first - 100);
    expect(sent).toHaveLength(1);
    vi.advanceTimersByTime(200);
    expect(sent.at(-1)).toMatchObject({ call: 'subscribe', tokens: [2] });
    sync.refused([2], 'forbidden');
    vi.advanceTimersByTime(first + 200);
    expect(sent).toHaveLength(2); // the second wait is twice as long
    vi.advanceTimersByTime(first * 2);
    expect(sent).toHaveLength(3);
    sync.accepted([2]);
    expect(sync.unavailable().size).toBe(0);
  });

  it('forgets a refusal when nobody wants the instrument any more', () => {
    const { registry, sync } = setup();
    registry.set('w', [1, 2]);
    sync.connected();
    sync.limitsKnown(null);
    vi.advanceTimersByTime(50);
    sync.refused([2], 'unresolved');
    registry.set('w', [1]);
    sync.changed();
    vi.advanceTimersByTime(50);
    expect(sync.unavailable().size).toBe(0);
  });
});

describe('SubscriptionSync: a mode per instrument', () => {
  beforeEach(() => vi.useFakeTimers({ now: 1_000_000 }));
  afterEach(() => vi.useRealTimers());

  function withModes() {
    const registry = new InterestRegistry();
    const full = new Set<number>();
    const sent: Array<{ call: SubscriptionCall; tokens: number[]; mode: string | undefined }> = [];
    const sync = new SubscriptionSync({
      wanted: () => registry.wanted(),
      modeOf: (t) => (full.has(t) ? 'full' : 'ohlcv'),
      send: (call, tokens, mode) => sent.push({ call, tokens: [...tokens].sort((a, b) => a - b), mode }),
      now: () => Date.now(),
      random: () => 0.5,
    });
    sync.connected();
    sync.limitsKnown(null);
    return { registry, full, sent, sync };
  }

  it('subscribes each mode in its own call, and only the depth instruments in full', () => {
    const { registry, full, sent, sync } = withModes();
    full.add(2);
    registry.set('w1', [1, 2, 3]);
    sync.changed();
    vi.advanceTimersByTime(100);
    expect(sent).toEqual([
      { call: 'subscribe', tokens: [1, 3], mode: 'ohlcv' },
      { call: 'subscribe', tokens: [2], mode: 'full' },
    ]);
    expect([1, 2, 3].map((t) => sync.modeOnServer(t))).toEqual(['ohlcv', 'full', 'ohlcv']);
  });

  it('switches a subscribed instrument with set_mode (no re-subscribe), and back when depth closes', () => {
    const { registry, full, sent, sync } = withModes();
    registry.set('w1', [1, 2]);
    sync.changed();
    vi.advanceTimersByTime(100);
    sync.acknowledged('subscribe');
    sent.length = 0;

    full.add(1);
    sync.changed();
    vi.advanceTimersByTime(100);
    expect(sent).toEqual([{ call: 'set_mode', tokens: [1], mode: 'full' }]);
    sync.acknowledged('set_mode');
    expect(sync.stats().setModeCalls).toBe(1);

    full.delete(1);
    sync.changed();
    vi.advanceTimersByTime(100);
    expect(sent.at(-1)).toEqual({ call: 'set_mode', tokens: [1], mode: 'ohlcv' });
    expect(sync.modeOnServer(1)).toBe('ohlcv');
  });

  it('restores every mode after a reconnect (the server remembers nothing)', () => {
    const { registry, full, sent, sync } = withModes();
    full.add(2);
    registry.set('w1', [1, 2]);
    sync.changed();
    vi.advanceTimersByTime(100);
    sync.disconnected();
    sent.length = 0;
    sync.connected();
    sync.limitsKnown(null);
    vi.advanceTimersByTime(100);
    expect(sent).toEqual([
      { call: 'subscribe', tokens: [1], mode: 'ohlcv' },
      { call: 'subscribe', tokens: [2], mode: 'full' },
    ]);
  });

  it('reverts an unacknowledged set_mode on rate_limited and sends it again after the wait', () => {
    const { registry, full, sent, sync } = withModes();
    registry.set('w1', [1]);
    sync.changed();
    vi.advanceTimersByTime(100);
    sync.acknowledged('subscribe');
    full.add(1);
    sync.changed();
    vi.advanceTimersByTime(100);
    expect(sync.modeOnServer(1)).toBe('full'); // optimistic
    sync.rateLimited(500);
    expect(sync.modeOnServer(1)).toBe('ohlcv'); // what the server still has
    sent.length = 0;
    vi.advanceTimersByTime(600);
    expect(sent).toEqual([{ call: 'set_mode', tokens: [1], mode: 'full' }]);
  });
});
