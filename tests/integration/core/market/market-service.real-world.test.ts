import { afterEach, describe, expect, it } from 'vitest';
import { PushHub } from '../../../../electron/core/ipc/push-hub';
import { createMarketService, type MarketService } from '../../../../electron/core/market';
import { instrumentBySymbol } from '../../../../electron/stack/market/catalogue';
import { startMarketSimulator, type MarketSimulator } from '../../../../electron/stack/market/simulator';
import type { Quote } from '../../../../src/shared/domain';
import { RecordingWindow, startTinyServer, waitFor, type TinyServer } from './helpers';

// Faults of real feeds, against real Socket.IO servers and the official client: reordered and
// re-sent ticks, a feed clock that disagrees with ours, a per-connection instrument limit,
// refused instruments, and a connection that stays open but goes silent.

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
async function simulator(opts: Parameters<typeof startMarketSimulator>[0] = {}): Promise<MarketSimulator> {
  const s = await startMarketSimulator({ seed: 11, tickIntervalMs: 200, ...opts });
  cleanups.push(() => s.stop());
  return s;
}
function service(hub: PushHub, opts: Partial<Parameters<typeof createMarketService>[0]> = {}): MarketService {
  const m = createMarketService({ hub, backoff: FAST_BACKOFF, ...opts });
  cleanups.push(() => m.stop());
  return m;
}
function asTokens(payload: unknown): number[] {
  return ((payload as { instruments: unknown[] }).instruments ?? []).map(Number);
}
const confirm = (tokens: number[]) => ({ included: tokens, resolved: [], unresolved: [], forbidden: [], snapshot: {} });

/** A `full`-shaped envelope: exchange trade time in epoch seconds, service time as ISO. */
function tick(token: number, ltp: number, volume: number, tradeSec: number, sentAt = Date.now()) {
  return {
    instrumentToken: token,
    uirId: token + 1_000_000,
    data: {
      instrument_token: token,
      last_price: ltp,
      volume,
      last_trade_time: tradeSec,
      ohlc: { open: 1400, high: 1405, low: 1395, close: 1398 },
    },
    timestamp: new Date(sentAt).toISOString(),
  };
}

const RELIANCE = instrumentBySymbol('RELIANCE')!.token;
/** 10:00:00 IST on 30 Nov 2026, in epoch seconds (the exchange's clock). */
const TEN_AM = Date.UTC(2026, 10, 30, 4, 30, 0) / 1000;

describe('old ticks never overwrite new ones', () => {
  it('RELIANCE at 10:00:02 (1,402.50, vol 12,000) then a late 10:00:01 (1,401.00, vol 11,900): 1,402.50, 12,000', async () => {
    let send: ((payload: unknown) => void) | null = null;
    const server = await tiny((socket) => {
      socket.emit('welcome', { protocol_version: '2.0' });
      socket.on('subscribe', (payload: unknown) => {
        socket.emit('subscription_confirmed', confirm(asTokens(payload)));
        send = (p) => socket.emit('market_data', p);
      });
    });
    const hub = new PushHub();
    const m = service(hub);
    const windows = [new RecordingWindow(hub, 'a'), new RecordingWindow(hub, 'b')];
    m.configure({ url: server.url, apiKey: 'k' });
    for (const w of windows) m.setWindowInterest(w.id, [RELIANCE]);
    await waitFor(() => send, 'subscribed');
    send!(tick(RELIANCE, 1402.5, 12_000, TEN_AM + 2));
    await waitFor(() => windows.every((w) => w.latest().get(RELIANCE)?.ltp === 1402.5), 'the 10:00:02 tick');
    // Re-sent late, with a newer envelope time: still the older trade.
    send!(tick(RELIANCE, 1401, 11_900, TEN_AM + 1));
    // A marker after it: once it arrives, the late one was handled.
    send!(tick(RELIANCE, 1402.5, 12_000, TEN_AM + 2));
    await waitFor(() => m.stats().outOfOrder === 1, 'the late tick counted');
    await waitFor(() => m.stats().ticks >= 2, 'the marker applied');
    for (const w of windows) {
      const seen = w
        .tickBatches()
        .flat()
        .filter((q) => q.token === RELIANCE);
      expect(seen.some((q) => q.ltp === 1401)).toBe(false);
      expect(w.latest().get(RELIANCE)).toMatchObject({ ltp: 1402.5, volume: 12_000 });
    }
    expect(m.quote(RELIANCE)).toMatchObject({ ltp: 1402.5, volume: 12_000 });
  });

  it('a feed whose clock is 5 s behind ours still updates every window, after a snapshot price', async () => {
    let send: ((payload: unknown) => void) | null = null;
    const server = await tiny((socket) => {
      socket.emit('welcome', { protocol_version: '2.0' });
      socket.on('subscribe', (payload: unknown) => {
        const tokens = asTokens(payload);
        // The snapshot price is stamped by us (no time of its own); ticks by the lagging feed.
        socket.emit('subscription_confirmed', {
          ...confirm(tokens),
          snapshot: Object.fromEntries(tokens.map((t) => [String(t), { last_price: 1000 }])),
        });
        send = (p) => socket.emit('market_data', p);
      });
    });
    const hub = new PushHub();
    const m = service(hub);
    const windows = [new RecordingWindow(hub, 'a'), new RecordingWindow(hub, 'b'), new RecordingWindow(hub, 'c')];
    m.configure({ url: server.url, apiKey: 'k' });
    for (const w of windows) m.setWindowInterest(w.id, [RELIANCE]);
    await waitFor(() => windows.every((w) => w.latest().get(RELIANCE)?.ltp === 1000), 'the snapshot price');
    const behind = () => Date.now() - 5_000;
    for (let i = 1; i <= 5; i++) {
      send!(tick(RELIANCE, 1000 + i, 100 * i, Math.floor(behind() / 1000), behind()));
      await waitFor(
        () => windows.every((w) => w.latest().get(RELIANCE)?.ltp === 1000 + i),
        `tick ${i} in every window`,
      );
    }
    expect(m.stats().outOfOrder).toBe(0);
  });
});

describe('markets that refuse', () => {
  it('never asks one connection for more than welcome.limits; the overflow is reported and served when room frees', async () => {
    const sim = await simulator({ maxSubscriptionsPerSocket: 6 });
    const hub = new PushHub();
    const m = service(hub);
    const a = new RecordingWindow(hub, 'a');
    const b = new RecordingWindow(hub, 'b');
    const symbols = ['RELIANCE', 'TCS', 'INFY', 'HDFCBANK', 'SBIN', 'ITC', 'ICICIBANK', 'LT'];
    const tokens = symbols.map((s) => instrumentBySymbol(s)!.token);
    m.configure({ url: sim.url, apiKey: sim.apiKey });
    m.setWindowInterest('a', tokens.slice(0, 4));
    m.setWindowInterest('b', tokens.slice(4));
    // Indices (system) + 4 of a's: 6 subscribed; b's four are over the limit.
    await waitFor(() => m.stats().limit === 6 && m.stats().inFlight === 0 && b.issues().length > 0, 'limit applied');
    const stats = m.stats();
    expect(stats.subscribed).toHaveLength(6);
    expect(stats.subscribed).toEqual(expect.arrayContaining([26000, 26009]));
    const lastIssues = (w: RecordingWindow) =>
      w.pushes.filter((p) => p.name === 'market.issues').at(-1)?.payload as { issues: unknown[] } | undefined;
    expect(lastIssues(b)?.issues).toEqual(tokens.slice(4).map((t) => ({ instrument: t, reason: 'limit' })));
    expect(lastIssues(a)).toBeUndefined(); // a is fully served: never told of an issue
    await waitFor(() => tokens.slice(0, 4).every((t) => a.latest().has(t)), "a's prices");
    // a closes: its room goes to b, and b is told its list is clear.
    a.close();
    await waitFor(() => lastIssues(b)?.issues.length === 0, 'b served');
    await waitFor(() => tokens.slice(4).every((t) => b.latest().has(t)), "b's prices");
    expect(m.stats().subscribed).toHaveLength(6);
  }, 60_000);

  it('a refused instrument is not subscribed, is reported to the windows that want it, and is retried with backoff', async () => {
    const REFUSED = 777_001;
    let asked = 0;
    const server = await tiny((socket) => {
      socket.emit('welcome', { protocol_version: '2.0' });
      socket.on('subscribe', (payload: unknown) => {
        const tokens = asTokens(payload);
        const refuse = tokens.includes(REFUSED) && ++asked <= 2;
        const ok = refuse ? tokens.filter((t) => t !== REFUSED) : tokens;
        socket.emit('subscription_confirmed', {
          ...confirm(ok),
          forbidden: refuse ? [{ token: REFUSED, exchange: 'BSE_EQ' }] : [],
        });
        if (refuse) socket.emit('error', { code: 'forbidden_exchange', message: 'not entitled', token: REFUSED });
        for (const t of ok) socket.emit('market_data', tick(t, 50, 1, Math.floor(Date.now() / 1000)));
      });
    });
    const hub = new PushHub();
    const m = service(hub, { subscription: { refusalBackoff: { initialDelayMs: 400, maxDelayMs: 2_000 } } });
    const a = new RecordingWindow(hub, 'a');
    const b = new RecordingWindow(hub, 'b');
    m.configure({ url: server.url, apiKey: 'k' });
    m.setWindowInterest('a', [1, REFUSED]);
    m.setWindowInterest('b', [2]);
    await waitFor(() => a.issues().some((i) => i.instrument === REFUSED), 'the refusal reported');
    expect(a.issues()).toEqual([{ instrument: REFUSED, reason: 'forbidden' }]);
    expect(b.issues()).toEqual([]);
    expect(m.stats().subscribed).not.toContain(REFUSED);
    // Asked again after the backoff (refused once more), then served: the window is told it is clear.
    await waitFor(() => a.latest().has(REFUSED), 'served on the third ask', 20_000);
    expect(asked).toBe(3);
    const last = a.pushes.filter((p) => p.name === 'market.issues').at(-1)?.payload as { issues: unknown[] };
    expect(last.issues).toEqual([]);
    expect(m.stats().subscribed).toContain(REFUSED);
  }, 60_000);
});

describe('markets that go quiet', () => {
  it('a connection that stays open but sends nothing is caught within 15 s, shown as reconnecting, and replaced', async () => {
    const sim = await simulator({ tickIntervalMs: 100 });
    const hub = new PushHub();
    const m = service(hub);
    const w = new RecordingWindow(hub, 'w');
    m.configure({ url: sim.url, apiKey: sim.apiKey });
    m.setWindowInterest('w', [RELIANCE]);
    await waitFor(() => m.status().state === 'live' && w.latest().has(RELIANCE), 'live with prices');
    const frozenAt = Date.now();
    expect(sim.freezeConnections()).toBe(1);
    await waitFor(() => m.status().state === 'reconnecting', 'reconnecting', 20_000);
    const detectedMs = Date.now() - frozenAt;
    expect(detectedMs).toBeLessThanOrEqual(15_000);
    expect(m.status().detail).toMatch(/silent/);
    expect(w.statuses().some((s) => s.state === 'reconnecting')).toBe(true);
    // Replaced by a fresh connection that streams again.
    const before = w.tickBatches().length;
    await waitFor(() => m.status().state === 'live', 'live again', 20_000);
    await waitFor(() => w.tickBatches(before).some((batch) => batch.some((q: Quote) => q.token === RELIANCE)), 'ticks');
    expect(m.stats().silentDrops).toBe(1);
    console.log(`[liveness] silent connection detected after ${detectedMs} ms`);
  }, 60_000);

  it('a quiet market on a healthy connection is not mistaken for a dead one (the ping is answered)', async () => {
    const server = await tiny((socket) => {
      socket.emit('welcome', { protocol_version: '2.0' });
      socket.on('subscribe', (payload: unknown) => socket.emit('subscription_confirmed', confirm(asTokens(payload))));
      socket.on('ping', () => socket.emit('pong', { t: Date.now() }));
    });
    const hub = new PushHub();
    const m = service(hub, { liveness: { idleMs: 300, answerMs: 300, checkEveryMs: 100 } });
    m.configure({ url: server.url, apiKey: 'k' });
    m.setSystemInterest('test', [RELIANCE]);
    await waitFor(() => m.status().state === 'live', 'live');
    await new Promise((r) => setTimeout(r, 2_000)); // many idle periods, no ticks at all
    expect(m.status().state).toBe('live');
    expect(server.connections).toBe(1);
    expect(m.stats().silentDrops).toBe(0);
  });
});
