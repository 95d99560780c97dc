import { describe, expect, it, vi } from 'vitest';
import { defaultWindows, Panel, type PanelKind } from '../../../../src/shared/layout';
import { ownPanels } from '../../../../src/renderer/store/slices/workspace';
import { contextOfItem } from '../../../../src/renderer/workspace/link';
import { addableKinds, mainGrid, newPanel } from '../../../../src/renderer/workspace/panels';
import { windowUrl, workspaceCommands, type PageOps } from '../../../../src/renderer/workspace/commands';
import { createTerminalStore, initialTerminalState } from '../../../../src/renderer/store/store';
import type { TradedeskClient } from '../../../../src/renderer/bridge/client';
import { instrument, item } from '../fixtures';

const DEFAULT_KINDS: PanelKind[] = ['watchlist', 'positions', 'orders', 'account', 'events'];

describe('panels', () => {
  it('a new panel of every kind is a valid layout panel with an id not taken', () => {
    for (const kind of Panel.options.map((o) => o.shape.kind.value)) {
      const panel = newPanel(kind, new Set([`${kind}-1`]));
      expect(Panel.parse(panel)).toEqual(panel);
      expect(panel.id).toBe(`${kind}-2`);
    }
  });

  it('Add panel offers a one-per-window kind only where the window lacks it', () => {
    expect(addableKinds(['watchlist', 'orders'], ['watchlist', 'ticket', 'orders', 'events'])).toEqual([
      'ticket',
      'events',
    ]);
  });

  it('the full terminal keeps the stylesheet grid; other sets get areas that fill the window', () => {
    expect(mainGrid(DEFAULT_KINDS)).toBeNull();
    // Watchlist detached: positions over orders, the side stack on the right.
    expect(mainGrid(['positions', 'orders', 'account', 'events'])).toEqual({
      columns: 'minmax(0, 6fr) minmax(200px, 2fr)',
      areas: "'header header' 'positions side' 'orders orders' 'status status'",
      rows: 'auto 1fr 1fr auto',
    });
    // With chart or depth panels open (issue 15's market row), beside the watchlist.
    expect(mainGrid(['watchlist', 'positions', 'ticket'], true)).toMatchObject({
      areas:
        "'header header header' 'watch market market' 'watch positions side' 'watch positions side' 'status status status'",
      rows: 'auto minmax(300px, 1.5fr) 1fr 1fr auto',
    });
    expect(mainGrid(DEFAULT_KINDS, true)).toBeNull();
    // Orders detached too: positions takes both rows.
    expect(mainGrid(['watchlist', 'positions', 'ticket'])?.areas).toBe(
      "'header header header' 'watch positions side' 'watch positions side' 'status status status'",
    );
    // A ticket added to the full terminal: the side stack keeps its whole column.
    expect(mainGrid([...DEFAULT_KINDS, 'ticket'])?.areas).toBe(
      "'header header header' 'watch positions side' 'watch orders side' 'status status status'",
    );
    expect(mainGrid([])?.areas).toBe("'header' 'empty' 'empty' 'status'");
  });
});

describe('links and windows', () => {
  it('a watchlist row is an FDC3 instrument context (ticker, token, exchange); a row without a token is none', () => {
    const row = item('i1', 'wl', 2885, 0, 'RELIANCE');
    expect(contextOfItem(row, { 2885: instrument(2885, 'RELIANCE') })).toMatchObject({
      type: 'fdc3.instrument',
      id: { ticker: 'RELIANCE', token: 2885, exchange: 'NSE_EQ' },
    });
    expect(contextOfItem({ ...row, token: null }, {})).toBeNull();
    expect(contextOfItem(undefined, {})).toBeNull();
  });

  it('a layout window’s URL keeps the token and names the window', () => {
    expect(windowUrl({ pathname: '/', search: '?token=a%2Bb' }, 'w-1')).toBe('/?token=a%2Bb&window=w-1');
    expect(windowUrl({ pathname: '/', search: '?token=t&window=main' }, 'w-2')).toBe('/?token=t&window=w-2');
  });

  it('browser host: detach opens the window in the click, then points it at the new key; a refusal closes it', async () => {
    const blank = { location: { href: 'about:blank' }, close: vi.fn() };
    const page: PageOps = {
      host: 'web',
      openBlank: () => blank,
      urlFor: (key) => `/?token=t&window=${key}`,
      closeSelf: vi.fn(),
    };
    const answers = [
      { ok: true, value: { key: 'w-9', open: 'client' } },
      { ok: false, error: { code: 'conflict', message: 'This panel is already alone in its own window' } },
    ];
    const client = { call: vi.fn(async () => answers.shift()) } as unknown as TradedeskClient;
    const store = createTerminalStore(initialTerminalState());
    const commands = workspaceCommands(store, client, page);
    await commands.detach('watchlist-1', 'watchlist NIFTY 50');
    expect(blank.location.href).toBe('/?token=t&window=w-9');
    await commands.detach('watchlist-1', 'watchlist NIFTY 50');
    expect(blank.close).toHaveBeenCalledTimes(1);
    expect(store.getState().toasts.at(-1)).toMatchObject({
      title: 'Detach watchlist NIFTY 50 failed',
      body: 'This panel is already alone in its own window',
    });
  });

  it('an older panel edit’s answer does not undo a newer edit made while it was in flight', async () => {
    const store = createTerminalStore(initialTerminalState('dark', 'main'));
    const main = defaultWindows()[0]!;
    const chart: Panel = { id: 'chart-1', kind: 'chart', link: null, instrument: null, interval: '5m' };
    const depth: Panel = { id: 'depth-1', kind: 'depth', link: null, instrument: null };
    store.getState().setLayout({
      layout: { id: 'l1', name: 'Default' },
      monitorSet: 'none',
      variant: 'exact',
      windows: [{ ...main, panels: [...main.panels, chart, depth] }],
      open: ['main'],
      self: 'main',
      notice: null,
    });
    const answers: Array<() => void> = [];
    const client = {
      call: vi.fn(() => new Promise((resolve) => answers.push(() => resolve({ ok: true, value: { topics: [] } })))),
    } as unknown as TradedeskClient;
    const commands = workspaceCommands(store, client, {
      host: 'electron',
      openBlank: () => null,
      urlFor: (key) => `/?window=${key}`,
      closeSelf: vi.fn(),
    });
    const RELIANCE = { token: 2885, exchange: 'NSE_EQ', symbol: 'RELIANCE' };
    const first = commands.updatePanel('chart-1', { instrument: RELIANCE });
    const second = commands.updatePanel('depth-1', { instrument: RELIANCE });
    answers.shift()!();
    await first;
    const shown = () =>
      ownPanels(store.getState().workspace)
        .filter((p) => p.kind === 'chart' || p.kind === 'depth')
        .map((p) => `${p.id} ${p.kind === 'chart' || p.kind === 'depth' ? (p.instrument?.symbol ?? '-') : ''}`);
    expect(shown()).toEqual(['chart-1 RELIANCE', 'depth-1 RELIANCE']);
    answers.shift()!();
    await second;
    expect(shown()).toEqual(['chart-1 RELIANCE', 'depth-1 RELIANCE']);
  });
});
