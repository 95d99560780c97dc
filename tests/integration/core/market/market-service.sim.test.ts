import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openCache } from '../../../../electron/core/cache';
import { IpcRouter } from '../../../../electron/core/ipc/router';
import { PushHub } from '../../../../electron/core/ipc/push-hub';
import { createMarketService, registerMarketMethods, type MarketService } from '../../../../electron/core/market';
import { CATALOGUE, instrumentBySymbol } from '../../../../electron/stack/market/catalogue';
import { startMarketSimulator, type MarketSimulator } from '../../../../electron/stack/market/simulator';
import { RecordingWindow, waitFor } from './helpers';

const RELIANCE = instrumentBySymbol('RELIANCE')!.token;
const TCS = instrumentBySymbol('TCS')!.token;
const INFY = instrumentBySymbol('INFY')!.token;
const HDFCBANK = instrumentBySymbol('HDFCBANK')!.token;
const SBIN = instrumentBySymbol('SBIN')!.token;
const INDICES = [26000, 26009];
const FAST_BACKOFF = { initialDelayMs: 100, maxDelayMs: 500 };

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function sim(opts: Parameters<typeof startMarketSimulator>[0] = {}): Promise<MarketSimulator> {
  const s = await startMarketSimulator({ seed: 7, tickIntervalMs: 100, ...opts });
  cleanups.push(() => s.stop());
  return s;
}

function service(hub: PushHub, opts: Partial<Parameters<typeof createMarketService>[0]> = {}): MarketService {
  const m = createMarketService({ hub, backoff: FAST_BACKOFF, ...opts });
  cleanups.push(() => m.stop());
  return m;
}

const sorted = (xs: Iterable<number>) => [...xs].sort((a, b) => a - b);

/**
 * Subscriptions settled: every call acknowledged, and every wanted token either subscribed or
 * known unavailable (refused by the service, waiting out its backoff).
 */
function settled(m: MarketService): boolean {
  const s = m.stats();
  const accounted = [...s.subscribed, ...Object.keys(s.unavailable).map(Number)];
  return s.inFlight === 0 && sorted(accounted).join() === sorted(s.wanted).join();
}

describe('market service against the simulator', () => {
  it('subscribes what windows show, keeps shared tokens, unsubscribes what nobody needs', async () => {
    const s = await sim();
    const hub = new PushHub();
    const m = service(hub);
    const w1 = new RecordingWindow(hub, 'w1');
    const w2 = new RecordingWindow(hub, 'w2');
    m.configure({ url: s.url, apiKey: s.apiKey });
    m.setWindowInterest('w1', [RELIANCE, TCS, INFY]);
    m.setWindowInterest('w2', [INFY, HDFCBANK]);

    await waitFor(() => m.status().state === 'live', 'feed live');
    await waitFor(() => settled(m) && m.stats().subscribed.length === 6, 'subscribed union + indices');
    expect(sorted(m.stats().subscribed)).toEqual(sorted([RELIANCE, TCS, INFY, HDFCBANK, ...INDICES]));

    // Each window receives its own tokens, and only those.
    await waitFor(() => [RELIANCE, TCS, INFY].every((t) => w1.latest().has(t)), 'w1 quotes');
    await waitFor(() => [INFY, HDFCBANK].every((t) => w2.latest().has(t)), 'w2 quotes');
    expect(sorted(w1.latest().keys())).toEqual(sorted([RELIANCE, TCS, INFY]));
    expect(sorted(w2.latest().keys())).toEqual(sorted([INFY, HDFCBANK]));
    expect(w1.statuses().at(-1)?.state).toBe('live');

    // w1 closes: RELIANCE and TCS go; INFY stays for w2.
    w1.close();
    await waitFor(() => settled(m) && !m.stats().subscribed.includes(RELIANCE), 'unsubscribed after close');
    expect(sorted(m.stats().subscribed)).toEqual(sorted([INFY, HDFCBANK, ...INDICES]));

    // Once the unsubscribe is acknowledged the server sends no more ticks for RELIANCE.
    const frozen = m.quote(RELIANCE);
    const infyBefore = m.quote(INFY)!.receivedAt;
    await waitFor(() => m.quote(INFY)!.receivedAt > infyBefore + 500, 'INFY keeps ticking');
    expect(m.quote(RELIANCE)).toBe(frozen);

    // Indices are always wanted, even with no window at all.
    w2.close();
    await waitFor(() => settled(m) && m.stats().subscribed.length === 2, 'only indices remain');
    expect(sorted(m.stats().subscribed)).toEqual(INDICES);
    expect(m.stats().rateLimited).toBe(0);
  });

  it('reconnects after the simulator restarts on the same port and resumes exactly the needed set', async () => {
    const first = await startMarketSimulator({ seed: 7, tickIntervalMs: 100 });
    const port = first.port;
    const hub = new PushHub();
    const m = service(hub);
    const w = new RecordingWindow(hub, 'w');
    m.configure({ url: first.url, apiKey: first.apiKey });
    m.setWindowInterest('w', [RELIANCE, TCS, SBIN]);
    m.setSystemInterest('positions', [HDFCBANK]);
    await waitFor(() => settled(m) && m.stats().subscribed.length === 6, 'initial subscriptions');
    await waitFor(() => m.quote(SBIN) && m.quote(HDFCBANK), 'ticks before the restart');
    // Changed while we are about to lose the server: TCS no longer wanted.
    m.setWindowInterest('w', [RELIANCE, SBIN]);
    await waitFor(() => settled(m) && !m.stats().subscribed.includes(TCS), 'TCS dropped');

    await first.stop();
    await waitFor(() => ['reconnecting', 'offline'].includes(m.status().state), 'feed notices the loss');
    expect(m.stats().subscribed).toEqual([]);
    const lost = w.statuses().find((st) => st.state === 'reconnecting');
    expect(lost?.attempt).toBeGreaterThanOrEqual(1);
    expect(lost?.nextRetryAt).toBeGreaterThan(0);
    expect(lost?.staleSince).not.toBeNull();

    const restartedAt = Date.now();
    const second = await startMarketSimulator({ seed: 8, tickIntervalMs: 100, port });
    cleanups.push(() => second.stop());
    await waitFor(() => m.status().state === 'live', 'live again');
    await waitFor(() => settled(m) && m.stats().subscribed.length === 5, 're-subscribed');
    const needed = sorted([RELIANCE, SBIN, HDFCBANK, ...INDICES]);
    expect(sorted(m.stats().subscribed)).toEqual(needed);
    await waitFor(
      () => needed.every((t) => (m.quote(t)?.receivedAt ?? 0) > restartedAt),
      'ticks resumed for every needed token',
    );
    // Nothing that is not needed ticks again.
    const fresh = m
      .quotes()
      .filter((q) => q.receivedAt > restartedAt)
      .map((q) => q.token);
    expect(sorted(new Set(fresh))).toEqual(needed);
    expect(m.status()).toMatchObject({ state: 'live', staleSince: null, attempt: null });
  });

  it('opens 200 tokens at once across many windows, and closes them, without ever being rate limited', async () => {
    const s = await sim();
    const hub = new PushHub();
    // Small chunks force many calls: only pacing keeps them under the service's 10/s.
    const m = service(hub, { subscription: { maxPerCall: 10 } });
    m.configure({ url: s.url, apiKey: s.apiKey });
    await waitFor(() => m.status().state === 'live', 'feed live');
    const catalogue = CATALOGUE.map((i) => i.token);
    const tokens = [...catalogue, ...Array.from({ length: 200 - catalogue.length }, (_, i) => 900_000 + i)];
    const windows = Array.from({ length: 20 }, (_, i) => new RecordingWindow(hub, `w${i}`));
    windows.forEach((w, i) => m.setWindowInterest(w.id, tokens.slice(i * 10, i * 10 + 10)));
    await waitFor(() => settled(m) && m.stats().subscribed.length === catalogue.length, 'all 200 settled', 60_000);
    // The service knows only its catalogue: the rest were refused, so not counted as subscribed.
    expect(Object.values(m.stats().unavailable).every((r) => r === 'unresolved')).toBe(true);
    expect(Object.keys(m.stats().unavailable)).toHaveLength(200 - catalogue.length);
    // Three windows close at once while a 50-instrument watchlist opens.
    for (const w of windows.slice(0, 3)) w.close();
    const watchlist = new RecordingWindow(hub, 'watchlist');
    m.setWindowInterest(watchlist.id, tokens.slice(100, 150));
    await waitFor(() => settled(m), 'settled after the storm', 60_000);
    expect(m.stats().rateLimited).toBe(0);
    expect(m.stats().subscribeCalls).toBeGreaterThanOrEqual(20);
    // Tokens the service does not know were reported to the window that asked for them.
    await waitFor(() => windows[19]!.currentIssues().length === 10, 'unresolved instruments reported');
    expect(windows[19]!.currentIssues().every((i) => i.reason === 'unresolved')).toBe(true);
    expect(windows[0]!.issues()).toEqual([]);
  });

  it('sends each window at most one batch per interval, only its tokens, ending on the latest values', async () => {
    const s = await sim({ tickIntervalMs: 20 });
    const hub = new PushHub();
    // `full` everywhere: bid and ask (the touch) come only with depth.
    const m = service(hub, { flushIntervalMs: 50, mode: 'full' });
    const a = new RecordingWindow(hub, 'a');
    const b = new RecordingWindow(hub, 'b');
    const aTokens = [RELIANCE, TCS, INFY, 26000];
    m.configure({ url: s.url, apiKey: s.apiKey });
    m.setWindowInterest('a', aTokens);
    m.setWindowInterest('b', [HDFCBANK]);
    // A throwing window is detached by the hub; it must not disturb the others.
    hub.attach('broken', (name) => {
      if (name === 'market.ticks') throw new Error('renderer gone');
    });
    m.setWindowInterest('broken', [SBIN, RELIANCE]);
    await waitFor(() => a.tickBatches().length >= 30 && b.tickBatches().length >= 10, 'a stream of batches', 60_000);
    await s.stop();
    await waitFor(() => m.status().state !== 'live', 'feed down');
    const ticksAtStop = m.stats().ticks;
    // The last batch goes out within one interval; wait for it rather than sleeping.
    const delivered = (w: RecordingWindow, tokens: number[]) =>
      tokens.every((t) => JSON.stringify(w.latest().get(t)) === JSON.stringify(m.quote(t)));
    await waitFor(() => delivered(a, aTokens) && delivered(b, [HDFCBANK]), 'latest values delivered');
    expect(m.stats().ticks).toBe(ticksAtStop);

    const pushes = a.pushes.filter((p) => p.name === 'market.ticks');
    const elapsed = pushes.at(-1)!.at - pushes[0]!.at;
    // n batches at ≥ 50 ms apart span ≥ 50·(n−1) ms; +2 absorbs the millisecond between the
    // batcher's clock read and the sink's. Unbatched delivery would be hundreds of pushes.
    expect(pushes.length).toBeLessThanOrEqual(Math.floor(elapsed / 50) + 2);
    expect(a.tickBatches().flat().length).toBeGreaterThan(pushes.length); // batches carry several quotes
    for (const batch of a.tickBatches()) {
      const tokens = batch.map((q) => q.token);
      expect(new Set(tokens).size).toBe(tokens.length); // one entry per token
      expect(tokens.every((t) => aTokens.includes(t))).toBe(true);
    }
    expect(
      b
        .tickBatches()
        .flat()
        .every((q) => q.token === HDFCBANK),
    ).toBe(true);
    for (const t of aTokens) expect(a.latest().get(t)).toEqual(m.quote(t));
    expect(b.latest().get(HDFCBANK)).toEqual(m.quote(HDFCBANK));
    // The broken window was dropped; SBIN, which only it wanted, is no longer wanted.
    expect(hub.has('broken')).toBe(false);
    expect(m.stats().wanted).not.toContain(SBIN);
    // Interest from a window the hub does not have is ignored.
    m.setWindowInterest('never-attached', [SBIN]);
    expect(m.stats().wanted).not.toContain(SBIN);
    const q = m.quote(RELIANCE)!;
    expect(q.close).toBeGreaterThan(0);
    expect(q.change).toBeCloseTo(q.ltp - q.close!, 2);
    expect(q.bid).not.toBeNull();
    expect(q.ask).toBeGreaterThan(q.bid!);
  });

  it('tells a new window the current status on attach', async () => {
    const s = await sim();
    const hub = new PushHub();
    const m = service(hub);
    const early = new RecordingWindow(hub, 'early');
    expect(early.statuses().at(-1)?.state).toBe('not_configured');
    m.configure({ url: s.url, apiKey: s.apiKey });
    await waitFor(() => m.status().state === 'live', 'live');
    await waitFor(() => early.statuses().some((st) => st.state === 'live'), 'early window told');
    const late = new RecordingWindow(hub, 'late');
    expect(late.statuses()).toHaveLength(1);
    expect(late.statuses()[0]).toMatchObject({ feed: 'market', state: 'live' });
    // At most one status a second while nothing changes state: ticks per second arrive that way.
    await waitFor(() => (late.statuses().at(-1)?.ticksPerSecond ?? 0) > 0, 'tick rate reported');
    m.configure(null);
    expect(m.status().state).toBe('not_configured');
    expect(late.statuses().at(-1)?.state).toBe('not_configured');
  });

  it('searches instruments and keys them by the provider token ticks use (also through the IPC router)', async () => {
    const s = await sim();
    const hub = new PushHub();
    const m = service(hub);
    const router = new IpcRouter();
    registerMarketMethods(router, m);
    const offline = await router.dispatch({ windowId: 'w' }, 'instruments.search', { q: 'REL' });
    expect(offline).toMatchObject({ ok: false, error: { code: 'offline' } });

    m.configure({ url: s.url, apiKey: s.apiKey });
    await waitFor(() => m.status().state === 'live', 'live');
    const res = await router.dispatch({ windowId: 'w' }, 'instruments.search', { q: 'RELIANCE', limit: 5 });
    expect(res.ok).toBe(true);
    const results = (
      res as { ok: true; value: { results: Array<{ token: number; instrumentId: string; symbol: string }> } }
    ).value.results;
    expect(results[0]).toMatchObject({
      token: RELIANCE,
      instrumentId: `NSE_EQ-${RELIANCE}`,
      symbol: 'RELIANCE',
      exchange: 'NSE_EQ',
    });

    const w = new RecordingWindow(hub, 'w');
    const set = await router.dispatch({ windowId: 'w' }, 'market.setInterest', {
      tokens: [results[0]!.token, results[0]!.token],
    });
    expect(set).toEqual({ ok: true, value: { tokens: 1 } });
    await waitFor(() => w.latest().get(RELIANCE), 'ticks for the searched instrument');

    const bad = createMarketService({ hub: new PushHub() });
    cleanups.push(() => bad.stop());
    bad.configure({ url: s.url, apiKey: 'wrong-key' });
    await expect(bad.search('INFY')).rejects.toMatchObject({ code: 'unauthorized' });
  });

  it('caches last prices in SQLite and shows them at an offline start', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'market-cache-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const file = join(dir, 'cache.sqlite');
    const s = await sim();
    {
      const { cache } = openCache(file);
      const hub = new PushHub();
      const m = createMarketService({ hub, quoteStore: cache, backoff: FAST_BACKOFF });
      m.configure({ url: s.url, apiKey: s.apiKey });
      m.setSystemInterest('positions', [RELIANCE, TCS]);
      await waitFor(() => m.quote(RELIANCE) && m.quote(TCS), 'quotes');
      // Written in batches about once a second; wait until the cache has them.
      await waitFor(() => cache.loadQuotes().some((q) => q.token === TCS), 'quotes saved', 10_000);
      await m.stop(); // saves what is still dirty
      const last = m.quote(RELIANCE)!;
      expect(cache.loadQuotes().find((q) => q.token === RELIANCE)).toEqual(last);
      cache.close();
    }
    {
      const { cache } = openCache(file);
      const hub = new PushHub();
      const m = createMarketService({ hub, quoteStore: cache });
      cleanups.push(async () => {
        await m.stop();
        cache.close();
      });
      expect(m.status().state).toBe('not_configured');
      expect(m.quote(RELIANCE)?.receivedAt).toBeLessThanOrEqual(Date.now());
      expect(m.status().lastDataAt).toBe(Math.max(...m.quotes().map((q) => q.receivedAt)));
      const w = new RecordingWindow(hub, 'w');
      m.setWindowInterest('w', [RELIANCE, TCS]);
      await waitFor(() => w.latest().size === 2, 'cached prices pushed without any connection');
      expect(w.latest().get(TCS)).toEqual(m.quote(TCS));
    }
  });
});
