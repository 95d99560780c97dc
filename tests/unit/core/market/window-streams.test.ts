import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { PushName, PushPayload } from '../../../../src/shared/contract';
import type { Quote } from '../../../../src/shared/domain';
import { PushHub } from '../../../../electron/core/ipc/push-hub';
import type { Unavailable } from '../../../../electron/core/market/subscription-sync';
import { type DepthTick, WindowStreams } from '../../../../electron/core/market/window-streams';

function quote(token: number, ltp: number): Quote {
  return {
    token,
    ltp,
    open: null,
    high: null,
    low: null,
    close: null,
    volume: null,
    change: null,
    changePct: null,
    bid: null,
    ask: null,
    direction: 'flat',
    ts: Date.now(),
    receivedAt: Date.now(),
  };
}

function depthTick(token: number, ltp: number): DepthTick {
  return {
    token,
    data: {
      last_price: ltp,
      depth: {
        buy: [{ price: ltp - 0.05, quantity: 10, orders: 2 }],
        sell: [{ price: ltp + 0.05, quantity: 7, orders: 1 }],
      },
    },
    receivedAt: Date.now(),
  };
}

type Sent = { windowId: string; name: PushName; payload: unknown };

describe('WindowStreams', () => {
  beforeEach(() => vi.useFakeTimers({ now: 7_000_000 }));
  afterEach(() => vi.useRealTimers());

  function setup(windows: string[] = ['w1', 'w2']) {
    const hub = new PushHub();
    const sent: Sent[] = [];
    for (const id of windows) {
      hub.attach(id, <P extends PushName>(name: P, payload: PushPayload<P>) => {
        sent.push({ windowId: id, name, payload });
      });
    }
    const book = new Map<number, Quote>();
    const depth = new Map<number, DepthTick>();
    let unavailable = new Map<number, Unavailable>();
    let malformed = 0;
    const streams = new WindowStreams({
      hub,
      intervalMs: 50,
      now: () => Date.now(),
      lastQuote: (t) => book.get(t),
      lastDepth: (t) => depth.get(t),
      unavailable: () => unavailable,
      malformedDepth: () => {
        malformed++;
      },
    });
    const of = (windowId: string, name: PushName) =>
      sent.filter((s) => s.windowId === windowId && s.name === name).map((s) => s.payload);
    return {
      streams,
      book,
      depth,
      sent,
      of,
      setUnavailable: (m: Map<number, Unavailable>) => (unavailable = m),
      malformed: () => malformed,
    };
  }

  it('sends each window the latest quote of the instruments it shows, once per frame, starting with the last known', () => {
    const { streams, book, of } = setup();
    book.set(1, quote(1, 100));
    streams.setQuotes('w1', new Set([1, 2]));
    streams.setQuotes('w2', new Set([2]));
    streams.offerQuote(quote(2, 50));
    streams.offerQuote(quote(2, 51));
    streams.offerQuote(quote(3, 9)); // nobody shows 3
    vi.advanceTimersByTime(50);
    const w1 = of('w1', 'market.ticks') as Array<PushPayload<'market.ticks'>>;
    const w2 = of('w2', 'market.ticks') as Array<PushPayload<'market.ticks'>>;
    expect(w1).toHaveLength(1);
    expect(w1[0]!.quotes.map((q) => [q.token, q.ltp]).sort()).toEqual([
      [1, 100],
      [2, 51],
    ]);
    expect(w2.map((p) => p.quotes.map((q) => [q.token, q.ltp]))).toEqual([[[2, 51]]]);

    // Showing the same instrument again does not re-send its last known price.
    streams.setQuotes('w1', new Set([1, 2]));
    vi.advanceTimersByTime(100);
    expect(of('w1', 'market.ticks')).toHaveLength(1);
  });

  it('windows showing the same instruments share one batch: one payload, encoded once, each window still getting what it shows', () => {
    const hub = new PushHub();
    const frames = new Map<string, string[]>();
    for (const id of ['w1', 'w2', 'w3']) {
      frames.set(id, []);
      hub.attach(id, (name, _payload, wire) => {
        if (name === 'market.ticks') frames.get(id)!.push(wire());
      });
    }
    const book = new Map<number, Quote>();
    const streams = new WindowStreams({
      hub,
      intervalMs: 50,
      now: () => Date.now(),
      lastQuote: (t) => book.get(t),
      lastDepth: () => undefined,
      unavailable: () => new Map(),
      malformedDepth: () => undefined,
    });
    streams.setQuotes('w1', new Set([1, 2]));
    streams.setQuotes('w2', new Set([2, 1]));
    streams.setQuotes('w3', new Set([2]));
    const before = hub.stats();
    streams.offerQuote(quote(1, 10));
    streams.offerQuote(quote(2, 20));
    vi.advanceTimersByTime(50);
    expect(hub.stats().delivered - before.delivered).toBe(3);
    expect(hub.stats().encoded - before.encoded).toBe(2);
    expect(frames.get('w2')).toEqual(frames.get('w1'));
    const tokensIn = (id: string) =>
      frames
        .get(id)!
        .map((f) =>
          (JSON.parse(f) as { payload: PushPayload<'market.ticks'> }).payload.quotes.map((q) => q.token).sort(),
        );
    expect(tokensIn('w1')).toEqual([[1, 2]]);
    expect(tokensIn('w3')).toEqual([[2]]);

    // A window that changes group takes along what was queued for it: w2 moves to a new set of
    // instruments between a tick and the flush, and still gets that tick; w1 (left alone) too.
    streams.offerQuote(quote(2, 21));
    streams.setQuotes('w2', new Set([2, 5]));
    vi.advanceTimersByTime(50);
    const last = (id: string) =>
      (JSON.parse(frames.get(id)!.at(-1)!) as { payload: PushPayload<'market.ticks'> }).payload.quotes.map((q) => [
        q.token,
        q.ltp,
      ]);
    expect(last('w2')).toEqual([[2, 21]]);
    expect(last('w1')).toEqual([[2, 21]]);
    streams.dispose();
  });

  it('routes each quote to the windows showing its token as their instruments change (groups made, left, gone)', () => {
    const { streams, of } = setup(['w1', 'w2', 'w3']);
    const tokensOf = (id: string) =>
      (of(id, 'market.ticks') as Array<PushPayload<'market.ticks'>>).flatMap((p) => p.quotes.map((q) => q.token));
    streams.setQuotes('w1', new Set([1, 2]));
    streams.setQuotes('w2', new Set([2, 3]));
    streams.offerQuote(quote(2, 20));
    vi.advanceTimersByTime(50);
    expect([tokensOf('w1'), tokensOf('w2'), tokensOf('w3')]).toEqual([[2], [2], []]);
    // After the first tick: w3 starts showing other instruments (a new group, nothing goes)…
    streams.setQuotes('w3', new Set([1]));
    streams.offerQuote(quote(1, 10));
    vi.advanceTimersByTime(50);
    expect([tokensOf('w1'), tokensOf('w2'), tokensOf('w3')]).toEqual([[2, 1], [2], [1]]);
    // … then w1 moves to w2's instruments (its old group goes).
    streams.setQuotes('w1', new Set([3, 2]));
    streams.offerQuote(quote(1, 11));
    streams.offerQuote(quote(3, 30));
    vi.advanceTimersByTime(50);
    expect([tokensOf('w1'), tokensOf('w2'), tokensOf('w3')]).toEqual([
      [2, 1, 3],
      [2, 3],
      [1, 1],
    ]);
    // A window that shows nothing any more gets nothing; the others still do.
    streams.setQuotes('w3', new Set());
    streams.forgetQuotes('w2');
    streams.offerQuote(quote(1, 12));
    streams.offerQuote(quote(2, 21));
    vi.advanceTimersByTime(50);
    expect([tokensOf('w1'), tokensOf('w2'), tokensOf('w3')]).toEqual([
      [2, 1, 3, 2],
      [2, 3],
      [1, 1],
    ]);
  });

  it('an empty interest stops the window’s quotes; forgetQuotes drops the stream and the issues it was sent', () => {
    const { streams, of, setUnavailable } = setup();
    setUnavailable(new Map([[1, 'refused']]));
    streams.setQuotes('w1', new Set([1, 2]));
    expect(of('w1', 'market.issues')).toEqual([{ issues: [{ instrument: 1, reason: 'refused' }] }]);
    streams.setQuotes('w1', new Set());
    streams.offerQuote(quote(2, 5));
    vi.advanceTimersByTime(100);
    expect(of('w1', 'market.ticks')).toEqual([]);
    expect(streams.windows().quotes).toEqual([]);

    // Same list again: the window already has it, nothing is sent.
    streams.setQuotes('w1', new Set([1]));
    expect(of('w1', 'market.issues')).toHaveLength(1);
    // Forgotten (a window that went): the next stream starts from "nothing sent".
    streams.forgetQuotes('w1');
    streams.setQuotes('w1', new Set([1]));
    expect(of('w1', 'market.issues')).toHaveLength(2);
  });

  it('pushes a window its complete issues list only when it changes, empty once all are served', () => {
    const { streams, of, setUnavailable } = setup();
    streams.setQuotes('w1', new Set([1, 2]));
    streams.setQuotes('w2', new Set([3]));
    // Nothing unavailable and nothing sent before: no push.
    expect(of('w1', 'market.issues')).toEqual([]);

    setUnavailable(
      new Map<number, Unavailable>([
        [2, 'limit'],
        [3, 'forbidden'],
      ]),
    );
    streams.pushAllIssues();
    streams.pushAllIssues(); // unchanged: no second push
    expect(of('w1', 'market.issues')).toEqual([{ issues: [{ instrument: 2, reason: 'limit' }] }]);
    expect(of('w2', 'market.issues')).toEqual([{ issues: [{ instrument: 3, reason: 'forbidden' }] }]);

    setUnavailable(new Map([[3, 'forbidden']]));
    streams.pushAllIssues();
    expect(of('w1', 'market.issues')).toEqual([{ issues: [{ instrument: 2, reason: 'limit' }] }, { issues: [] }]);
    expect(of('w2', 'market.issues')).toHaveLength(1);
  });

  it('sends depth parsed once per frame to the windows showing it, the latest known first; unparsable depth is counted, not sent', () => {
    const { streams, depth, of, malformed } = setup();
    depth.set(5, depthTick(5, 200));
    streams.setDepth('w1', new Set([5, 6]));
    vi.advanceTimersByTime(50);
    const first = of('w1', 'market.depth') as Array<PushPayload<'market.depth'>>;
    expect(first).toHaveLength(1);
    expect(first[0]!.depth.map((d) => [d.token, d.ltp, d.buy[0]?.price])).toEqual([[5, 200, 199.95]]);

    streams.offerDepth(depthTick(6, 10));
    streams.offerDepth(depthTick(6, 11));
    streams.offerDepth({ token: 5, data: { nonsense: true }, receivedAt: Date.now() });
    streams.offerDepth(depthTick(7, 1)); // no window shows 7's depth
    vi.advanceTimersByTime(50);
    const all = of('w1', 'market.depth') as Array<PushPayload<'market.depth'>>;
    expect(all).toHaveLength(2);
    expect(all[1]!.depth.map((d) => [d.token, d.ltp])).toEqual([[6, 11]]);
    expect(malformed()).toBe(1);
    expect(of('w2', 'market.depth')).toEqual([]);

    // Only malformed depth in a frame: counted, nothing pushed.
    streams.offerDepth({ token: 6, data: {}, receivedAt: Date.now() });
    vi.advanceTimersByTime(50);
    expect(of('w1', 'market.depth')).toHaveLength(2);
    expect(malformed()).toBe(2);

    streams.setDepth('w1', new Set());
    expect(streams.windows().depth).toEqual([]);
  });

  it('pushes nothing after dispose', () => {
    const { streams, sent } = setup();
    streams.setQuotes('w1', new Set([1]));
    streams.setDepth('w1', new Set([1]));
    streams.offerQuote(quote(1, 3));
    streams.offerDepth(depthTick(1, 3));
    streams.dispose();
    vi.advanceTimersByTime(200);
    expect(sent).toEqual([]);
    expect(streams.windows()).toEqual({ quotes: [], depth: [] });
  });
});
