import { describe, expect, it, vi } from 'vitest';
import { PushHub } from '../../../../electron/core/ipc/push-hub';

const status = {
  feed: 'market' as const,
  state: 'live' as const,
  since: 1,
  detail: null,
  attempt: null,
  nextRetryAt: null,
  lastDataAt: null,
  ticksPerSecond: null,
  staleSince: null,
};

describe('PushHub', () => {
  it('sends to one window or to all', () => {
    const hub = new PushHub();
    const a: string[] = [];
    const b: string[] = [];
    hub.attach('a', (name) => a.push(name));
    hub.attach('b', (name) => b.push(name));
    expect(hub.toWindow('a', 'connection.status', status)).toBe(true);
    hub.toAll('market.ticks', { quotes: [] });
    expect(a).toEqual(['connection.status', 'market.ticks']);
    expect(b).toEqual(['market.ticks']);
    expect(hub.toWindow('missing', 'market.ticks', { quotes: [] })).toBe(false);
  });

  it('detaches a window whose sink throws and keeps delivering to the others', () => {
    const hub = new PushHub();
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    const detached: string[] = [];
    hub.onDetach((id) => detached.push(id));
    const good: string[] = [];
    hub.attach('broken', () => {
      throw new Error('window destroyed');
    });
    hub.attach('good', (name) => good.push(name));
    hub.toAll('market.ticks', { quotes: [] });
    hub.toAll('market.ticks', { quotes: [] });
    expect(good).toHaveLength(2);
    expect(detached).toEqual(['broken']);
    expect(hub.windows()).toEqual(['good']);
    errors.mockRestore();
  });

  it('shares one wire frame within a fan-out only: a payload changed and pushed again is encoded afresh', () => {
    const hub = new PushHub();
    const frames: Record<string, string[]> = { a: [], b: [], c: [] };
    for (const id of ['a', 'b', 'c']) hub.attach(id, (_name, _payload, wire) => frames[id]!.push(wire()));
    const batch = { quotes: [] as never[] };
    hub.toWindows(['a', 'b', 'gone'], 'market.ticks', batch);
    expect(hub.stats()).toEqual({ delivered: 2, encoded: 1 });
    expect(frames.a).toEqual(['{"t":"push","name":"market.ticks","payload":{"quotes":[]}}']);
    expect(frames.b).toEqual(frames.a);
    expect(frames.c).toEqual([]);
    hub.toWindow('c', 'market.issues', { issues: [] });
    const issues = { issues: [{ instrument: 1, reason: 'limit' as const }] };
    hub.toAll('market.issues', issues);
    issues.issues.push({ instrument: 2, reason: 'limit' });
    hub.toAll('market.issues', issues);
    expect(hub.stats().encoded).toBe(4);
    expect(frames.c.at(-1)).toContain('"instrument":2');
  });

  it('tells listeners about attach after the window can receive', () => {
    const hub = new PushHub();
    const got: string[] = [];
    hub.onAttach((id) => hub.toWindow(id, 'connection.status', status));
    hub.attach('w', (name) => got.push(name));
    expect(got).toEqual(['connection.status']);
  });
});

describe('PushHub filters', () => {
  it('shapes or withholds pushes per window, set before the window attaches, cleared on detach', () => {
    const hub = new PushHub();
    const got: Array<{ name: string; payload: unknown }> = [];
    hub.setFilter('narrow', (name, payload) => (name === 'trading.event' ? null : payload));
    hub.attach('narrow', (name, payload) => got.push({ name, payload }));
    const wide: string[] = [];
    hub.attach('wide', (name) => wide.push(name));
    hub.toAll('trading.event', { type: 'x' } as never);
    hub.toAll('market.ticks', { quotes: [] });
    expect(got.map((g) => g.name)).toEqual(['market.ticks']);
    expect(wide).toEqual(['trading.event', 'market.ticks']);
    // A withheld push still counts as handled for that window (it is attached).
    expect(hub.toWindow('narrow', 'trading.event', { type: 'x' } as never)).toBe(true);
    hub.detach('narrow');
    hub.attach('narrow', (name, payload) => got.push({ name, payload }));
    hub.toWindow('narrow', 'trading.event', { type: 'y' } as never);
    expect(got.map((g) => g.name)).toEqual(['market.ticks', 'trading.event']);
  });

  it('a filter that throws detaches only that window', () => {
    const hub = new PushHub();
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    hub.setFilter('bad', () => {
      throw new Error('filter bug');
    });
    hub.attach('bad', () => {});
    const good: string[] = [];
    hub.attach('good', (name) => good.push(name));
    hub.toAll('market.ticks', { quotes: [] });
    expect(hub.has('bad')).toBe(false);
    expect(good).toEqual(['market.ticks']);
    errors.mockRestore();
  });
});
