import { describe, expect, it } from 'vitest';
import {
  decideWindowHealth,
  type GoneReason,
  type HealthWindow,
} from '../../../../electron/core/workspace/window-health';

const detached: HealthWindow = {
  role: 'detached',
  panels: [
    {
      id: 'wl',
      kind: 'watchlist',
      link: 'fdc3.channel.1',
      watchlistId: 'list-1',
      columns: ['symbol'],
      sort: null,
    },
  ],
};
const main: HealthWindow = {
  role: 'main',
  panels: [
    { id: 'p', kind: 'positions', link: null, showClosed: false, sort: null },
    { id: 'o', kind: 'orders', link: null, filter: 'all' },
    {
      id: 'c',
      kind: 'chart',
      link: null,
      instrument: { token: 1, exchange: 'NSE_EQ', symbol: 'RELIANCE' },
      interval: '1m',
    },
    { id: 'a', kind: 'account', link: null },
  ],
};
const names = { watchlistName: (id: string) => (id === 'list-1' ? 'NIFTY 50' : null) };

const crashes: [GoneReason, string][] = [
  ['abnormal-exit', 'exited abnormally'],
  ['killed', 'killed'],
  ['crashed', 'crashed'],
  ['oom', 'out of memory'],
  ['launch-failed', 'failed to start'],
  ['integrity-failure', 'code integrity check failed'],
  ['memory-eviction', 'ended to free memory'],
];

describe('a window whose page is gone', () => {
  it.each(crashes)(
    '%s: names the window’s panels, offers Reopen window / Close it, keeps the panels',
    (reason, words) => {
      const d = decideWindowHealth({ kind: 'gone', reason, exitCode: 0 }, detached, names);
      expect(d.keepPanels).toBe(true);
      expect(d.kind).toBe('ask');
      if (d.kind !== 'ask') return;
      expect(d.severity).toBe('error');
      expect(d.message).toBe(`The window with watchlist NIFTY 50 stopped (${words}).`);
      expect(d.buttons).toEqual([
        { action: 'reopen', label: 'Reopen window' },
        { action: 'close', label: 'Close it' },
      ]);
      expect(d.detail).toContain('same panels, settings and link colours');
      expect(d.detail).not.toContain('Exit code');
    },
  );

  it('a clean exit is not a crash: nothing is asked, the panels stay', () => {
    expect(decideWindowHealth({ kind: 'gone', reason: 'clean-exit', exitCode: 0 }, detached, names)).toEqual({
      kind: 'ignore',
      keepPanels: true,
    });
  });

  it('the crash the glue causes to reload a hung page is not asked about', () => {
    const d = decideWindowHealth({ kind: 'gone', reason: 'killed', exitCode: 9 }, detached, { reloading: true });
    expect(d.kind).toBe('ignore');
  });

  it('the main window: lists its first panels, says how many more, and closing it quits', () => {
    const d = decideWindowHealth({ kind: 'gone', reason: 'crashed', exitCode: 139 }, main);
    if (d.kind !== 'ask') throw new Error(d.kind);
    expect(d.message).toBe('The main window (positions, orders, chart RELIANCE and 1 more) stopped (crashed).');
    expect(d.buttons.map((b) => b.label)).toEqual(['Reopen window', 'Quit Tradedesk']);
    expect(d.detail).toContain('Exit code 139.');
  });

  it('a watchlist whose name is unknown is called “watchlist”', () => {
    const d = decideWindowHealth({ kind: 'gone', reason: 'oom', exitCode: 0 }, detached);
    if (d.kind !== 'ask') throw new Error(d.kind);
    expect(d.message).toBe('The window with watchlist stopped (out of memory).');
  });
});

describe('a window that hangs', () => {
  it('unresponsive: asks Wait / Reload, naming the panels, the panels stay', () => {
    const d = decideWindowHealth({ kind: 'unresponsive' }, detached, names);
    expect(d.keepPanels).toBe(true);
    if (d.kind !== 'ask') throw new Error(d.kind);
    expect(d.severity).toBe('warning');
    expect(d.message).toBe('The window with watchlist NIFTY 50 is not responding.');
    expect(d.buttons).toEqual([
      { action: 'wait', label: 'Wait' },
      { action: 'reload', label: 'Reload' },
    ]);
  });

  it('responsive again: the question is taken down', () => {
    expect(decideWindowHealth({ kind: 'responsive' }, detached)).toEqual({ kind: 'dismiss', keepPanels: true });
  });
});
