import { afterEach, describe, expect, it } from 'vitest';
import { PushHub } from '../../../../electron/core/ipc/push-hub';
import { createMarketService, type MarketService } from '../../../../electron/core/market';
import { envelope, RecordingWindow, startTinyServer, waitFor, type TinyServer } from './helpers';

const FAST_BACKOFF = { initialDelayMs: 50, maxDelayMs: 200 };
const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function tiny(onSocket: Parameters<typeof startTinyServer>[0]): Promise<TinyServer> {
  const s = await startTinyServer(onSocket);
  cleanups.push(() => s.stop());
  return s;
}
function service(hub: PushHub): MarketService {
  const m = createMarketService({ hub, backoff: FAST_BACKOFF });
  cleanups.push(() => m.stop());
  return m;
}
function asTokens(payload: unknown): number[] {
  return ((payload as { instruments: unknown[] }).instruments ?? []).map(Number);
}

describe('market service faults (scripted servers)', () => {
  it('recovers from rate_limited: waits, re-sends the refused call, and subscribes each token once', async () => {
    const accepted: number[][] = [];
    let refused = 0;
    const server = await tiny((socket) => {
      socket.emit('welcome', { protocol_version: '2.0' });
      socket.on('subscribe', (payload: unknown) => {
        if (refused === 0) {
          refused++;
          socket.emit('error', { code: 'rate_limited', message: 'slow down', retry_after_ms: 300 });
          return;
        }
        const tokens = asTokens(payload);
        accepted.push(tokens);
        socket.emit('subscription_confirmed', {
          included: tokens,
          resolved: [],
          unresolved: [],
          forbidden: [],
          snapshot: {},
        });
        for (const t of tokens) socket.emit('market_data', envelope(t, 101));
      });
    });
    const hub = new PushHub();
    const m = service(hub);
    const w = new RecordingWindow(hub, 'w');
    m.configure({ url: server.url, apiKey: 'k' });
    m.setWindowInterest('w', [1, 2, 3]);
    await waitFor(() => w.latest().size === 3, 'ticks after the refusal');
    expect(refused).toBe(1);
    expect(m.stats().rateLimited).toBe(1);
    const all = accepted.flat();
    expect(all.sort((a, b) => a - b)).toEqual([1, 2, 3, 26000, 26009]); // nothing lost, nothing twice
    await waitFor(() => m.stats().inFlight === 0, 'acknowledged');
  });

  it('counts and drops malformed ticks while good ticks keep flowing', async () => {
    const bad: unknown[] = [
      'not json at all {',
      '',
      42,
      null,
      [1, 2, 3],
      { instrumentToken: 'abc', data: { last_price: 10 } },
      { instrumentToken: 1, data: { last_price: 'ten' } },
      { instrumentToken: 1, data: {} },
      { instrumentToken: 1 },
      { instrumentToken: 1, data: { last_price: -3 } },
      { instrumentToken: 1, data: { last_price: 10, ohlc: 'x' } },
      { uirId: 5 },
      'x'.repeat(2_000_000),
      { instrumentToken: 1, data: { last_price: 10 }, timestamp: { when: 'now' } },
    ];
    let goodSent = 0;
    const server = await tiny((socket) => {
      socket.on('subscribe', () => {
        socket.emit('subscription_confirmed', {
          included: [1],
          resolved: [],
          unresolved: [],
          forbidden: [],
          snapshot: {},
        });
        // Interleave: good, bad, good, bad, …, good (also a huge, valid tick with junk attached).
        for (const b of bad) {
          socket.emit('market_data', envelope(1, 100 + goodSent++));
          socket.emit('market_data', b);
        }
        socket.emit('market_data', { ...envelope(1, 100 + goodSent++), junk: 'y'.repeat(1_000_000) });
        socket.emit('market_data', {
          uirId: 1_000_001,
          last_price: 500.5,
          ohlc: { o: 1, h: 1, l: 1, c: 400 },
          ts: Date.now(),
        });
        goodSent++;
      });
    });
    const hub = new PushHub();
    const m = service(hub);
    const w = new RecordingWindow(hub, 'w');
    m.configure({ url: server.url, apiKey: 'k' });
    m.setWindowInterest('w', [1, 1_000_001]);
    await waitFor(() => m.stats().ticks + m.stats().malformed >= goodSent + bad.length, 'all ticks handled');
    expect(m.stats().malformed).toBe(bad.length);
    expect(m.stats().ticks).toBe(goodSent);
    expect(m.status().state).toBe('live');
    // The flat tick arrived keyed by its uirId (no mapping learnt), the envelope ones by token.
    await waitFor(() => w.latest().get(1)?.ltp === 100 + bad.length, 'latest good value delivered');
    expect(w.latest().get(1_000_001)).toMatchObject({ ltp: 500.5, close: 400, change: 100.5 });
  });

  it('stops retrying on a refused API key until reconnectNow, without a reconnect storm', async () => {
    const server = await tiny((socket) => {
      socket.emit('error', { code: 'invalid_api_key', message: 'Invalid API key' });
      socket.disconnect(true);
    });
    const hub = new PushHub();
    const m = service(hub);
    const w = new RecordingWindow(hub, 'w');
    m.configure({ url: server.url, apiKey: 'bad' });
    await waitFor(() => m.status().state === 'unauthorized', 'unauthorized');
    expect(m.status().detail).toBe('Invalid API key');
    expect(w.statuses().at(-1)?.state).toBe('unauthorized');
    // Several backoff periods pass (bounded wait to show that nothing happens).
    await new Promise((r) => setTimeout(r, 600));
    expect(server.connections).toBe(1);
    m.reconnectNow();
    await waitFor(() => server.connections === 2 && m.status().state === 'unauthorized', 'one more attempt');
    await new Promise((r) => setTimeout(r, 300));
    expect(server.connections).toBe(2);
  });

  it('reports unreachable servers as reconnecting, then offline, and keeps retrying with backoff', async () => {
    const server = await tiny(() => {});
    const url = server.url;
    await server.stop();
    const hub = new PushHub();
    const m = service(hub);
    const w = new RecordingWindow(hub, 'w');
    m.configure({ url, apiKey: 'k' });
    await waitFor(() => m.status().state === 'offline', 'offline after repeated failures');
    const states = w.statuses().map((s) => s.state);
    expect(states[0]).toBe('not_configured');
    expect(states).toContain('connecting');
    expect(states).toContain('reconnecting');
    const attempts = w
      .statuses()
      .filter((s) => s.attempt !== null)
      .map((s) => s.attempt!);
    expect(attempts).toEqual([...attempts].sort((a, b) => a - b));
    expect(m.status().nextRetryAt).toBeGreaterThan(0);
  });

  it('pushes unresolved and forbidden instruments to the windows that asked, and to later ones', async () => {
    const server = await tiny((socket) => {
      socket.on('subscribe', (payload: unknown) => {
        const tokens = asTokens(payload);
        socket.emit('subscription_confirmed', {
          included: tokens.filter((t) => t < 100_000),
          resolved: [],
          unresolved: tokens.filter((t) => t === 777_777),
          forbidden: tokens.filter((t) => t === 888_888).map((t) => ({ token: t, exchange: 'BSE_EQ' })),
          snapshot: {},
        });
      });
    });
    const hub = new PushHub();
    const m = service(hub);
    const a = new RecordingWindow(hub, 'a');
    const b = new RecordingWindow(hub, 'b');
    m.configure({ url: server.url, apiKey: 'k' });
    m.setWindowInterest('a', [1, 777_777, 888_888]);
    m.setWindowInterest('b', [2]);
    await waitFor(() => a.currentIssues().length === 2, 'issues for a');
    expect(a.currentIssues()).toEqual(
      expect.arrayContaining([
        { instrument: 777_777, reason: 'unresolved' },
        { instrument: 888_888, reason: 'forbidden' },
      ]),
    );
    expect(b.issues()).toEqual([]);
    const c = new RecordingWindow(hub, 'c');
    m.setWindowInterest('c', [888_888]);
    expect(c.currentIssues()).toEqual([{ instrument: 888_888, reason: 'forbidden' }]);
    // Not subscribed: the server set holds only what it served.
    expect(m.stats().subscribed).not.toContain(777_777);
    expect(m.stats().subscribed).not.toContain(888_888);
  });
});

describe('market service reconnectNow (resume from sleep, network back)', () => {
  it('opens a fresh connection at once and re-subscribes the full current set on it', async () => {
    const subscribes: Array<{ conn: number; tokens: number[] }> = [];
    const server = await tiny((socket) => {
      const conn = server.connections;
      socket.emit('connected', { clientId: socket.id });
      socket.on('subscribe', (payload: unknown) => {
        const tokens = asTokens(payload);
        subscribes.push({ conn, tokens });
        socket.emit('subscription_confirmed', {
          included: tokens,
          resolved: [],
          unresolved: [],
          forbidden: [],
          snapshot: {},
        });
        for (const t of tokens) socket.emit('market_data', envelope(t, 100 + conn));
      });
      socket.on('unsubscribe', (payload: unknown) =>
        socket.emit('unsubscription_confirmed', { removed: asTokens(payload) }),
      );
    });
    const hub = new PushHub();
    const m = service(hub);
    const w = new RecordingWindow(hub, 'w');
    m.configure({ url: server.url, apiKey: 'k' });
    m.setWindowInterest('w', [11, 12]);
    await waitFor(() => w.latest().get(12)?.ltp === 101, 'ticks on the first connection');
    m.reconnectNow();
    await waitFor(() => server.connections === 2 && w.latest().get(12)?.ltp === 102, 'ticks on the second connection');
    const second = subscribes.filter((s) => s.conn === 2).flatMap((s) => s.tokens);
    expect(second.sort((a, b) => a - b)).toEqual([11, 12, 26000, 26009]);
    expect(m.status().state).toBe('live');
    // Configuring the same service again leaves a healthy feed alone.
    m.configure({ url: server.url, apiKey: 'k' });
    expect(server.connections).toBe(2);
  });
});
