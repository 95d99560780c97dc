import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTerminal, type Terminal } from '../../../electron/core/app/terminal';
import { startWebHost, type WebHost } from '../../../electron/web/server';
import { topicFilter } from '../../../electron/core/workspace/push-filter';
import { CONTRACT_VERSION, pushes, WireServerFrame } from '../../../src/shared/contract';
import { order, quote, watchlist } from '../../unit/core/cache/fixtures';
import { until, WireClient } from './wire-client';

/** The browser host's protocol; its security properties are in security.test.ts. */
describe('browser host', () => {
  let terminal: Terminal;
  let host: WebHost;
  let rendererDir: string;
  let dataDir: string;

  beforeEach(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'tradedesk-web-'));
    rendererDir = mkdtempSync(join(tmpdir(), 'tradedesk-renderer-'));
    writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Tradedesk</title>');
    terminal = await createTerminal({ host: 'web', appVersion: '9.9.9-test', dataDir, manualProfile: true });
    host = await startWebHost({ router: terminal.router, hub: terminal.hub, rendererDir });
  });

  afterEach(async () => {
    await host.close();
    await terminal.stop();
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(rendererDir, { recursive: true, force: true });
  });

  const wsUrl = (token: string) => `ws://127.0.0.1:${host.port}/ipc?token=${encodeURIComponent(token)}`;

  it('listens on loopback only and serves the renderer', async () => {
    expect(host.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+$/);
    const res = await fetch(`http://127.0.0.1:${host.port}/`);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('<title>Tradedesk</title>');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
  });

  it("greets a new window with the session, both feeds' health and the cached state", async () => {
    const client = await WireClient.open(wsUrl(host.token));
    await until(
      () => ['session.state', 'state.snapshot'].every((n) => client.pushes.some((p) => p.name === n)),
      'greeting pushes',
    );
    const snapshot = client.pushes.find((p) => p.name === 'state.snapshot')!.payload as {
      stale: boolean;
      orders: unknown[];
    };
    expect(snapshot.stale).toBe(true);
    expect(snapshot.orders).toEqual([]);
    client.close();
  });

  it('round-trips a request over a real WebSocket', async () => {
    const client = await WireClient.open(wsUrl(host.token));
    const hello = (await client.call('app.hello', { contractVersion: CONTRACT_VERSION })) as {
      ok: boolean;
      value: { windowId: string; appVersion: string };
    };
    expect(hello.ok).toBe(true);
    expect(hello.value.appVersion).toBe('9.9.9-test');
    expect(hello.value.windowId).toMatch(/^web-/);
    const info = (await client.call('app.info', {})) as { ok: boolean; value: { host: string; version: string } };
    expect(info).toMatchObject({ ok: true, value: { host: 'web', version: '9.9.9-test' } });
    client.close();
  });

  it("reports both feeds' health on request", async () => {
    const client = await WireClient.open(wsUrl(host.token));
    const result = (await client.call('connection.get', {})) as {
      ok: boolean;
      value: Array<{ feed: string; state: string }>;
    };
    expect(result.ok).toBe(true);
    expect(result.value.map((s) => s.feed).sort()).toEqual(['market', 'trading']);
    // No profile chosen in this test: neither feed has anything to connect to.
    for (const status of result.value) expect(status.state).toBe('not_configured');
    client.close();
  });

  it('refuses a client that speaks another contract version', async () => {
    const client = await WireClient.open(wsUrl(host.token));
    expect(await client.call('app.hello', { contractVersion: CONTRACT_VERSION + 1 })).toMatchObject({
      ok: false,
      error: { code: 'contract_mismatch' },
    });
    client.close();
  });

  it('routes pushes to one window or all, and forgets a window that disconnects', async () => {
    const a = await WireClient.open(wsUrl(host.token));
    const b = await WireClient.open(wsUrl(host.token));
    const helloA = (await a.call('app.hello', { contractVersion: CONTRACT_VERSION })) as {
      value: { windowId: string };
    };
    await b.call('app.hello', { contractVersion: CONTRACT_VERSION });
    terminal.hub.toWindow(helloA.value.windowId, 'market.ticks', { quotes: [] });
    terminal.hub.toAll('market.issues', { issues: [] });
    const marketPushes = (c: WireClient) => c.pushes.map((p) => p.name).filter((n) => n.startsWith('market.'));
    await until(() => marketPushes(a).length >= 2 && marketPushes(b).length >= 1, 'market pushes');
    expect(marketPushes(a)).toEqual(['market.ticks', 'market.issues']);
    expect(marketPushes(b)).toEqual(['market.issues']);
    a.close();
    await until(() => !terminal.hub.has(helloA.value.windowId), 'window detached');
    b.close();
  });

  it('encodes one push sent to N windows once: every window gets the identical, valid frame', async () => {
    const clients = await Promise.all([0, 1, 2].map(() => WireClient.open(wsUrl(host.token))));
    const ids = await Promise.all(
      clients.map(async (c) => {
        const hello = (await c.call('app.hello', { contractVersion: CONTRACT_VERSION })) as {
          value: { windowId: string };
        };
        return hello.value.windowId;
      }),
    );
    const ticks = (c: WireClient) => c.pushFrames.filter((f) => f.includes('"name":"market.ticks"'));
    const batch = { quotes: [quote({ token: 1 }), quote({ token: 2, ltp: 10.05, direction: 'down' })] };
    const before = terminal.hub.stats();
    terminal.hub.toAll('market.ticks', batch);
    await until(() => clients.every((c) => ticks(c).length === 1), 'the batch in every window');
    const after = terminal.hub.stats();
    expect(after.delivered - before.delivered).toBe(3);
    expect(after.encoded - before.encoded).toBe(1);
    for (const c of clients) expect(c.binaryFrames).toBe(0);
    const [first, ...rest] = clients.map((c) => ticks(c)[0]!);
    for (const text of rest) expect(text).toBe(first);
    const frame = WireServerFrame.parse(JSON.parse(first!));
    expect(frame).toMatchObject({ t: 'push', name: 'market.ticks' });
    expect(pushes['market.ticks'].parse((frame as { payload: unknown }).payload)).toEqual(batch);

    // A window whose filter reshapes the push gets its own encoding; the others still share one.
    terminal.hub.setFilter(ids[2]!, topicFilter(['orders']));
    const patch = {
      changes: [
        { kind: 'watchlist' as const, op: 'upsert' as const, row: watchlist({ id: 'wl-9' }) },
        { kind: 'order' as const, op: 'upsert' as const, row: order({ id: 'ord-9' }) },
      ],
    };
    const patches = (c: WireClient) => c.pushFrames.filter((f) => f.includes('wl-9') || f.includes('ord-9'));
    const mid = terminal.hub.stats();
    terminal.hub.toAll('state.patch', patch);
    await until(() => clients.every((c) => patches(c).length === 1), 'the patch in every window');
    expect(terminal.hub.stats().encoded - mid.encoded).toBe(2);
    expect(patches(clients[1]!)[0]).toBe(patches(clients[0]!)[0]);
    const narrowed = pushes['state.patch'].parse(
      (JSON.parse(patches(clients[2]!)[0]!) as { payload: unknown }).payload,
    );
    expect(narrowed.changes.map((c) => c.kind)).toEqual(['order']);
    for (const c of clients) c.close();
  });
});
