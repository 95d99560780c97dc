import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTerminal, type Terminal } from '../../../electron/core/app/terminal';
import { startWebHost, type WebHost } from '../../../electron/web/server';
import { CONTRACT_VERSION } from '../../../src/shared/contract';
import { until, WireClient } from './wire-client';

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

  it('does not serve files outside the renderer directory', async () => {
    const res = await fetch(`http://127.0.0.1:${host.port}/..%2f..%2f..%2fetc%2fpasswd`);
    expect([403, 404]).toContain(res.status);
  });

  it('refuses a request whose Host header is not this server (DNS rebinding)', async () => {
    const res = await new Promise<number>((resolve, reject) => {
      import('node:http').then(({ request }) => {
        const req = request({ host: '127.0.0.1', port: host.port, path: '/', headers: { host: 'evil.example' } }, (r) =>
          resolve(r.statusCode ?? 0),
        );
        req.on('error', reject);
        req.end();
      }, reject);
    });
    expect(res).toBe(421);
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

  it('refuses connections without the token, with a wrong token, or from another origin', async () => {
    await expect(WireClient.open(`ws://127.0.0.1:${host.port}/ipc`)).rejects.toThrow(/401/);
    await expect(WireClient.open(wsUrl('not-the-token'))).rejects.toThrow(/401/);
    await expect(WireClient.open(wsUrl(host.token), { origin: 'https://evil.example' })).rejects.toThrow(/403/);
    await expect(WireClient.open(`ws://127.0.0.1:${host.port}/elsewhere?token=${host.token}`)).rejects.toThrow(/404/);
    expect(host.stats().refused).toBe(4);
    // The page's own origin is accepted.
    const ok = await WireClient.open(wsUrl(host.token), { origin: `http://127.0.0.1:${host.port}` });
    ok.close();
  });

  it('answers malformed frames with typed errors and keeps serving every client', async () => {
    const bad = await WireClient.open(wsUrl(host.token));
    const other = await WireClient.open(wsUrl(host.token));
    bad.raw('{not json');
    bad.raw(JSON.stringify({ t: 'req', id: 7, method: 42 }));
    bad.raw(Buffer.from([0, 1, 2]));
    await until(() => bad.errors.length >= 2, 'two frame errors');
    expect(bad.errors[0]).toMatchObject({ code: 'invalid_args' });
    expect(await bad.call('app.hello', { contractVersion: 'one' })).toMatchObject({
      ok: false,
      error: { code: 'invalid_args' },
    });
    expect(await bad.call('no.such.method', {})).toMatchObject({ ok: false, error: { code: 'unknown_method' } });
    // Still alive, for both clients.
    expect(await bad.call('app.info', {})).toMatchObject({ ok: true });
    expect(await other.call('app.info', {})).toMatchObject({ ok: true });
    expect(host.stats().badFrames).toBeGreaterThanOrEqual(3);
    bad.close();
    other.close();
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
});
