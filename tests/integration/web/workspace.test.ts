import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTerminal, type Terminal } from '../../../electron/core/app/terminal';
import { openCache } from '../../../electron/core/cache';
import { startWebHost, type WebHost } from '../../../electron/web/server';
import type { LayoutState, LinkContextPush } from '../../../src/shared/contract';
import type { StateSnapshot } from '../../../src/shared/domain';
import type { Panel } from '../../../src/shared/layout';
import { order, watchlist, watchlistItem } from '../../unit/core/cache/fixtures';
import { until, WireClient } from './wire-client';

/**
 * The workspace over the browser host: real WebSocket clients (what the renderer's web bridge
 * does) on a real terminal with a real SQLite cache in a temp data folder.
 */
const TOKENS = [2885, 11536, 1594];
const reliance = { type: 'fdc3.instrument', id: { ticker: 'RELIANCE', token: 2885, exchange: 'NSE' } } as const;

type Ok<T> = { ok: true; value: T };

describe('browser host: windows, layouts and links', () => {
  let dataDir: string;
  let rendererDir: string;
  let terminal: Terminal;
  let host: WebHost;
  const clients: WireClient[] = [];

  async function start() {
    terminal = await createTerminal({ host: 'web', appVersion: '9.9.9-test', dataDir, manualProfile: true });
    host = await startWebHost({
      router: terminal.router,
      hub: terminal.hub,
      rendererDir,
      bindWindow: (windowId, key) => terminal.workspace.bindWindow(windowId, key),
    });
  }
  async function stop() {
    for (const c of clients.splice(0)) c.close();
    await host.close();
    await terminal.stop();
  }
  async function open(windowKey?: string) {
    const query = windowKey ? `&window=${encodeURIComponent(windowKey)}` : '';
    const client = await WireClient.open(`ws://127.0.0.1:${host.port}/ipc?token=${host.token}${query}`);
    clients.push(client);
    await until(() => client.pushes.some((p) => p.name === 'state.snapshot'), 'the greeting snapshot');
    return client;
  }
  async function call<T>(client: WireClient, method: string, args: unknown = {}): Promise<T> {
    const result = (await client.call(method, args)) as Ok<T> | { ok: false; error: unknown };
    if (!result.ok) throw new Error(`${method} failed: ${JSON.stringify(result.error)}`);
    return result.value;
  }
  const snapshotOf = (c: WireClient) => c.pushes.find((p) => p.name === 'state.snapshot')!.payload as StateSnapshot;
  const pushesOf = <T>(c: WireClient, name: string) =>
    c.pushes.filter((p) => p.name === name).map((p) => p.payload as T);
  const wanted = () => new Set(terminal.market.stats().wanted);

  beforeEach(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'tradedesk-workspace-'));
    rendererDir = mkdtempSync(join(tmpdir(), 'tradedesk-renderer-'));
    writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Tradedesk</title>');
    // A cache as a trader leaves it: 2,000 orders, one watchlist of three instruments.
    const { cache } = openCache(join(dataDir, 'cache.sqlite'));
    cache.upsert(
      'order',
      Array.from({ length: 2_000 }, (_, i) => order({ id: `ord-${i}` })),
    );
    cache.upsert('watchlist', [watchlist({ id: 'wl-1', name: 'NIFTY 50' })]);
    cache.upsert(
      'watchlistItem',
      TOKENS.map((token, i) => watchlistItem({ id: `item-${i}`, watchlistId: 'wl-1', token })),
    );
    cache.close();
    await start();
  });

  afterEach(async () => {
    await stop();
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(rendererDir, { recursive: true, force: true });
  });

  /** Main shows NIFTY 50 on the red channel and a ticket on it; the watchlist is detached. */
  async function detachLinkedWatchlist(main: WireClient) {
    const state = await call<LayoutState>(main, 'layout.get');
    const panels = state.windows
      .find((w) => w.key === 'main')!
      .panels.map((p): Panel => (p.kind === 'watchlist' ? { ...p, watchlistId: 'wl-1', link: 'fdc3.channel.1' } : p));
    panels.push({ id: 'ticket-1', kind: 'ticket', link: 'fdc3.channel.1', product: 'MIS' });
    await call(main, 'window.setPanels', { panels });
    return call<{ key: string; open: string }>(main, 'window.detach', { panelId: 'watchlist-1' });
  }

  it('detaches a watchlist into a window that gets its state only, linked to a ticket in main', async () => {
    const main = await open('main');
    expect(snapshotOf(main).orders).toHaveLength(2_000);
    const { key, open: who } = await detachLinkedWatchlist(main);
    expect(who).toBe('client'); // a page may open windows only from a click: the caller opens it

    const detached = await open(key);
    const snap = snapshotOf(detached);
    expect(snap.orders).toEqual([]);
    expect(snap.transactions).toEqual([]);
    expect(snap.watchlists.map((w) => w.name)).toEqual(['NIFTY 50']);
    expect(snap.watchlistItems).toHaveLength(3);
    expect((await call<LayoutState>(detached, 'layout.get')).self).toBe(key);
    // Its panels' instruments are subscribed from the moment it binds.
    for (const t of TOKENS) expect(wanted().has(t)).toBe(true);
    await until(
      () => pushesOf<{ state: LayoutState }>(main, 'layout.changed').some((c) => c.state.open.includes(key)),
      'main told the window opened',
    );

    // Selecting in the detached watchlist sets the ticket in main; nothing echoes back.
    expect(await call(detached, 'link.broadcast', { panelId: 'watchlist-1', context: reliance })).toEqual({
      delivered: 1,
    });
    await until(() => pushesOf(main, 'link.context').length === 1, 'the linked context in main');
    expect(pushesOf<LinkContextPush>(main, 'link.context')[0]).toMatchObject({
      channel: 'fdc3.channel.1',
      context: reliance,
      source: { windowKey: key, panelId: 'watchlist-1' },
      targets: ['ticket-1'],
    });
    // A state.get from the detached window is filtered the same way.
    expect((await call<StateSnapshot>(detached, 'state.get')).orders).toEqual([]);
    expect((await call<StateSnapshot>(main, 'state.get')).orders).toHaveLength(2_000);
    await call(main, 'app.info');
    expect(pushesOf(detached, 'link.context')).toEqual([]);
  });

  it('restores both windows, their watchlist and link colour after a restart on the same data folder', async () => {
    const main = await open('main');
    const { key } = await detachLinkedWatchlist(main);
    await open(key);
    await stop();
    await start();

    const again = await open('main');
    const state = await call<LayoutState>(again, 'layout.get');
    expect(state.windows.map((w) => w.key)).toEqual(['main', key]);
    expect(state.open).toEqual(['main']); // the page offers "Restore 1 window"
    const panel = state.windows.find((w) => w.key === key)!.panels[0]!;
    expect(panel).toMatchObject({ id: 'watchlist-1', kind: 'watchlist', watchlistId: 'wl-1', link: 'fdc3.channel.1' });
    expect(state.windows.find((w) => w.key === 'main')!.panels.map((p) => p.id)).toContain('ticket-1');

    // Restoring it: the channel's context reaches a ticket that opens later, at once.
    const restored = await open(key);
    await call(restored, 'link.broadcast', { panelId: 'watchlist-1', context: reliance });
    const joined = await call<{ context: unknown }>(again, 'link.join', {
      panelId: 'ticket-1',
      channel: 'fdc3.channel.1',
    });
    expect(joined.context).toEqual(reliance);
  });

  it('closing the detached window gives its watchlist back to main; instruments go once no panel shows them', async () => {
    const main = await open('main');
    await call(main, 'market.setInterest', { tokens: [2885] }); // main shows RELIANCE too
    const { key } = await detachLinkedWatchlist(main);
    const detached = await open(key);
    for (const t of TOKENS) expect(wanted().has(t)).toBe(true);

    await call(detached, 'window.close');
    const back = (await call<LayoutState>(main, 'layout.get')).windows;
    expect(back.map((w) => w.key)).toEqual(['main']);
    expect(back[0]!.panels.map((p) => p.id)).toContain('watchlist-1');
    // The main window shows the list now: its instruments stay subscribed.
    for (const t of TOKENS) expect(wanted().has(t)).toBe(true);
    // The page closes itself on the layout change; its socket going away changes nothing more.
    detached.close();
    await until(() => terminal.workspace.stats().live === 1, 'the socket to close');
    for (const t of TOKENS) expect(wanted().has(t)).toBe(true);

    // The trader closes the watchlist panel: what only it needed is released.
    await call(main, 'window.setPanels', { panels: back[0]!.panels.filter((p) => p.kind !== 'watchlist') });
    expect(wanted().has(2885)).toBe(true);
    expect(wanted().has(11536)).toBe(false);
    expect(wanted().has(1594)).toBe(false);
  });

  it('a window whose page reloads (socket dropped) stays in the layout and gives back its interest', async () => {
    const main = await open('main');
    const { key } = await detachLinkedWatchlist(main);
    const detached = await open(key);
    detached.close();
    await until(() => !wanted().has(11536), 'interest released');
    const state = await call<LayoutState>(main, 'layout.get');
    expect(state.windows.map((w) => w.key)).toEqual(['main', key]);
    expect(state.open).toEqual(['main']);
  });

  it('a socket without a window key, or with one not in the layout, gets everything as before', async () => {
    const plain = await open();
    const stranger = await open('w-nope');
    expect(snapshotOf(plain).orders).toHaveLength(2_000);
    expect(snapshotOf(stranger).orders).toHaveLength(2_000);
    expect((await call<LayoutState>(stranger, 'layout.get')).self).toBeNull();
    expect(await stranger.call('window.detach', { panelId: 'watchlist-1' })).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
  });
});
