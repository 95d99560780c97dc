import { describe, expect, it } from 'vitest';
import {
  defaultWindows,
  LAYOUT_SCHEMA_VERSION,
  NamedLayout,
  Panel,
  PANEL_TRAITS,
  PanelKind,
  topicsForWindow,
  WindowLayout,
  WindowLayouts,
  windowsProblems,
} from '../../../../src/shared/layout';

const layout = (windows = defaultWindows()) => ({
  schemaVersion: LAYOUT_SCHEMA_VERSION,
  id: 'l-1',
  name: 'Office',
  createdAt: 1,
  updatedAt: 2,
  variants: [{ monitorSet: 'none', displays: [], windows, savedAt: 2 }],
});

const detachedWatchlist = {
  key: 'w-1',
  role: 'detached' as const,
  panels: [
    {
      id: 'watchlist-2',
      kind: 'watchlist' as const,
      link: 'fdc3.channel.1' as const,
      watchlistId: 'wl-nifty',
      columns: ['symbol' as const, 'ltp' as const],
      sort: { column: 'changePct' as const, direction: 'desc' as const },
    },
  ],
  bounds: { x: -1800, y: 400, width: 640, height: 720 },
  mode: 'normal' as const,
  display: null,
  z: 0,
};

describe('layout document', () => {
  it('the first-start layout is a valid document of one main window', () => {
    const parsed = NamedLayout.parse(layout());
    expect(parsed.variants[0]!.windows).toHaveLength(1);
    expect(parsed.variants[0]!.windows[0]!.panels.map((p) => p.kind)).toEqual([
      'watchlist',
      'positions',
      'orders',
      'account',
      'events',
    ]);
  });

  it('round-trips a window with settings, link, negative bounds and a display through JSON', () => {
    const windows = [...defaultWindows(), detachedWatchlist];
    const doc = NamedLayout.parse(layout(windows));
    expect(NamedLayout.parse(JSON.parse(JSON.stringify(doc)))).toEqual(doc);
  });

  it('needs exactly one main window, keyed main', () => {
    expect(windowsProblems([detachedWatchlist])).toContain('a layout has exactly one main window (found 0)');
    const [main] = defaultWindows();
    expect(windowsProblems([{ ...main!, key: 'primary' }])).toContain('the main window\'s key is "main"');
    expect(WindowLayouts.safeParse([main, { ...main!, key: 'other' }]).success).toBe(false);
  });

  it('refuses duplicate window keys, duplicate panel ids, empty detached windows, two watchlists in a window', () => {
    const [main] = defaultWindows();
    expect(windowsProblems([main!, detachedWatchlist, detachedWatchlist])).toEqual(
      expect.arrayContaining(['window key "w-1" is used twice', 'panel id "watchlist-2" is used twice']),
    );
    expect(windowsProblems([main!, { ...detachedWatchlist, panels: [] }])).toEqual([
      'detached window "w-1" shows no panel',
    ]);
    const second = { ...detachedWatchlist.panels[0], id: 'watchlist-3' };
    expect(windowsProblems([main!, { ...detachedWatchlist, panels: [detachedWatchlist.panels[0], second] }])).toEqual([
      'window "w-1" has two watchlist panels',
    ]);
  });

  it('refuses unknown panel kinds, unknown keys, duplicate columns and unsafe ids', () => {
    const watch = detachedWatchlist.panels[0];
    expect(Panel.safeParse({ ...watch, kind: 'chart' }).success).toBe(false);
    expect(Panel.safeParse({ ...watch, colour: 'red' }).success).toBe(false);
    expect(Panel.safeParse({ ...watch, columns: ['ltp', 'ltp'] }).success).toBe(false);
    expect(Panel.safeParse({ ...watch, columns: [] }).success).toBe(false);
    expect(Panel.safeParse({ ...watch, id: '../etc' }).success).toBe(false);
    expect(Panel.safeParse({ ...watch, link: 'fdc3.channel.9' }).success).toBe(false);
    expect(WindowLayout.safeParse({ ...detachedWatchlist, key: 'a b' }).success).toBe(false);
  });

  it('accepts odd saved geometry (placement repairs it) but not non-numbers', () => {
    expect(WindowLayout.safeParse({ ...detachedWatchlist, bounds: { x: 0, y: 0, width: 0, height: -1 } }).success).toBe(
      true,
    );
    expect(
      WindowLayout.safeParse({ ...detachedWatchlist, bounds: { x: '0', y: 0, width: 1, height: 1 } }).success,
    ).toBe(false);
    expect(
      WindowLayout.safeParse({ ...detachedWatchlist, bounds: { x: Infinity, y: 0, width: 1, height: 1 } }).success,
    ).toBe(false);
  });

  it('refuses two variants for one monitor set and a record of another version', () => {
    const doc = layout();
    expect(NamedLayout.safeParse({ ...doc, variants: [doc.variants[0], doc.variants[0]] }).success).toBe(false);
    expect(NamedLayout.safeParse({ ...doc, schemaVersion: LAYOUT_SCHEMA_VERSION + 1 }).success).toBe(false);
    expect(NamedLayout.safeParse({ ...doc, schemaVersion: 1 }).success).toBe(false); // migrated first
  });

  it('every panel kind has traits, and PanelKind lists exactly the union', () => {
    expect(Object.keys(PANEL_TRAITS).sort()).toEqual([...PanelKind.options].sort());
    expect(Panel.options.map((o) => o.shape.kind.value).sort()).toEqual([...PanelKind.options].sort());
  });
});

describe('topicsForWindow', () => {
  it('gives the main window everything and a detached watchlist no orders or transactions', () => {
    expect(topicsForWindow(defaultWindows()[0]!)).toHaveLength(10);
    expect(topicsForWindow(defaultWindows()[0]!)).toContain('alerts');
    const topics = topicsForWindow(detachedWatchlist);
    expect(topics).toEqual(['account', 'positions', 'watchlists', 'instruments', 'intents', 'riskConfig']);
    expect(topics).not.toContain('orders');
    expect(topics).not.toContain('transactions');
  });

  it('a detached Alerts panel receives the alerts and instruments only', () => {
    const alerts = Panel.parse({ id: 'alerts-1', kind: 'alerts', link: 'fdc3.channel.2', filter: 'triggered' });
    expect(topicsForWindow({ role: 'detached', panels: [alerts] })).toEqual(['instruments', 'alerts']);
    expect(Panel.safeParse({ id: 'alerts-1', kind: 'alerts', link: null, filter: 'fired' }).success).toBe(false);
  });

  it('is the union of the panels of a detached window', () => {
    const orders = { id: 'orders-9', kind: 'orders' as const, link: null, filter: 'pending' as const };
    // Modify shows the ticket's estimate, so the orders panel reads what the ticket reads.
    expect(topicsForWindow({ role: 'detached', panels: [orders] })).toEqual([
      'account',
      'orders',
      'positions',
      'instruments',
      'intents',
      'riskConfig',
    ]);
  });
});
