import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PushHub } from '../../../../electron/core/ipc/push-hub';
import { LayoutLibrary, Workspace } from '../../../../electron/core/workspace';
import { TradedeskError } from '../../../../src/shared/contract';
import { defaultWindows, LAYOUT_SCHEMA_VERSION, monitorSetKey, type NamedLayout } from '../../../../src/shared/layout';
import { tempDir } from '../../../unit/core/cache/fixtures';
import { FakeWindow, HOME, LAPTOP, LEFT, OFFICE, openWorkspace } from './harness';

let tmp: ReturnType<typeof tempDir>;
let env: ReturnType<typeof openWorkspace>;
beforeEach(() => {
  tmp = tempDir();
  env = openWorkspace(tmp.file());
});
afterEach(() => {
  env.close();
  tmp.cleanup();
});

const rows = () => env.cache.listLayouts().map((r) => r.id);
const until = async (check: () => boolean) => {
  const deadline = Date.now() + 5_000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 5));
  }
};

/** Binds and attaches the main window, detaches its watchlist into a window of its own. */
function detachWatchlist() {
  const main = new FakeWindow(env.hub, 'win-1');
  env.workspace.bindWindow('win-1', 'main');
  main.attach();
  const { key } = env.workspace.detach('win-1', 'watchlist-1');
  return { main, key };
}

describe('layouts in the cache', () => {
  it('first start: a Default layout of one main window, written with a pointer to it', () => {
    const state = env.workspace.state(null);
    expect(state.layout.name).toBe('Default');
    expect(state.windows.map((w) => w.key)).toEqual(['main']);
    expect(state.notice).toBeNull();
    expect(rows().sort()).toEqual([`layout/${state.layout.id}`, 'workspace/active'].sort());
  });

  it('restores windows, panels, settings and links after a restart', () => {
    const { key } = detachWatchlist();
    env.workspace.bindWindow('win-2', key);
    env.workspace.setPanels('win-2', [
      {
        id: 'watchlist-1',
        kind: 'watchlist',
        link: null,
        watchlistId: 'wl-nifty',
        columns: ['symbol', 'ltp', 'changePct'],
        sort: { column: 'changePct', direction: 'desc' },
      },
    ]);
    env.workspace.join('win-2', 'watchlist-1', 'fdc3.channel.2');
    env.workspace.windowMoved(key, {
      bounds: { x: -2000, y: 300, width: 500, height: 900 },
      mode: 'normal',
      display: LEFT,
    });
    const before = env.workspace.state(null).windows;
    env.restart(); // stop() flushes the debounced save

    const after = env.workspace.state(null);
    expect(after.windows).toEqual(before);
    const detached = after.windows.find((w) => w.key === key)!;
    expect(detached.panels[0]).toMatchObject({
      watchlistId: 'wl-nifty',
      columns: ['symbol', 'ltp', 'changePct'],
      link: 'fdc3.channel.2',
    });
    expect(after.windows.find((w) => w.key === 'main')!.panels.map((p) => p.id)).not.toContain('watchlist-1');
    expect(after.open).toEqual([]);
  });

  it('saves debounced: a burst of changes is one write after the delay; stop flushes a pending one', async () => {
    const main = new FakeWindow(env.hub, 'win-1');
    env.workspace.bindWindow('win-1', 'main');
    main.attach();
    const savesBefore = env.workspace.stats().saves;
    for (let i = 0; i < 20; i++) {
      env.workspace.windowMoved('main', {
        bounds: { x: i, y: 0, width: 1200, height: 800 },
        mode: 'normal',
        display: LAPTOP,
      });
    }
    expect(env.workspace.stats()).toMatchObject({ saves: savesBefore, dirty: true });
    await until(() => env.workspace.stats().saves === savesBefore + 1);
    expect(env.workspace.stats().dirty).toBe(false);
    env.workspace.windowMoved('main', {
      bounds: { x: 99, y: 0, width: 1200, height: 800 },
      mode: 'normal',
      display: LAPTOP,
    });
    env.restart();
    expect(env.workspace.state(null).windows[0]!.bounds).toEqual({ x: 99, y: 0, width: 1200, height: 800 });
  });

  it('windows closing while the app quits stay in the layout; one the trader closed does not', () => {
    const { key } = detachWatchlist();
    const second = env.workspace.detach('win-1', 'positions-1').key;
    env.workspace.windowClosedByUser(second);
    env.workspace.beginQuit();
    env.workspace.windowClosedByUser(key);
    env.restart();
    expect(env.workspace.state(null).windows.map((w) => w.key)).toEqual(['main', key]);
  });

  it('a closed detached window gives its panels back to the main window (live, with their link), and says so', () => {
    const { main, key } = detachWatchlist();
    env.workspace.join('win-1', 'orders-1', 'fdc3.channel.4');
    const second = env.workspace.detach('win-1', 'orders-1').key;
    expect(env.workspace.state('win-1').windows[0]!.panels.map((p) => p.id)).not.toContain('watchlist-1');

    env.workspace.close('win-1', key);
    env.workspace.windowClosedByUser(second);
    const back = env.workspace.state('win-1').windows;
    expect(back.map((w) => w.key)).toEqual(['main']);
    expect(back[0]!.panels.map((p) => p.id)).toEqual([
      'positions-1',
      'account-1',
      'events-1',
      'watchlist-1',
      'orders-1',
    ]);
    expect(back[0]!.panels.find((p) => p.id === 'orders-1')!.link).toBe('fdc3.channel.4');
    const told = main.of('layout.changed').at(-1)!;
    expect(told.reason).toBe('windows');
    expect(told.state.windows[0]!.panels.map((p) => p.id)).toContain('orders-1');
    env.restart();
    expect(env.workspace.state(null).windows[0]!.panels.map((p) => p.id)).toContain('watchlist-1');
  });

  it('save as, switch, rename, delete; names are unique without regard to case', () => {
    const first = env.workspace.state(null).layout;
    detachWatchlist();
    const office = env.workspace.save('Office');
    expect(office).toMatchObject({ name: 'Office', active: true });
    expect(() => env.workspace.save('office')).toThrow(TradedeskError);

    env.workspace.switchTo(first.id);
    // The Default layout still has the detached window (it was autosaved before the copy).
    expect(env.workspace.state(null).windows).toHaveLength(2);
    env.workspace.close('win-1', env.workspace.state(null).windows[1]!.key);
    env.workspace.switchTo(office.id);
    expect(env.workspace.state(null).windows).toHaveLength(2);
    env.workspace.switchTo(first.id);
    expect(env.workspace.state(null).windows).toHaveLength(1);

    expect(env.workspace.rename(office.id, 'Desk').name).toBe('Desk');
    expect(() => env.workspace.rename(office.id, 'DEFAULT')).toThrowError(/already exists/);
    const list = env.workspace.list();
    expect(list.activeId).toBe(first.id);
    expect(list.layouts.map((l) => [l.name, l.active]).sort()).toEqual([
      ['Default', true],
      ['Desk', false],
    ]);

    // Deleting the active layout switches to the newest other one.
    expect(env.workspace.remove(first.id)).toEqual({ activeId: office.id });
    expect(env.workspace.state(null).layout.name).toBe('Desk');
    // Deleting the last one leaves a fresh default.
    const { activeId } = env.workspace.remove(office.id);
    expect(env.workspace.state(null).layout).toEqual({ id: activeId, name: 'Default' });
    expect(env.workspace.state(null).windows.map((w) => w.key)).toEqual(['main']);
    env.restart();
    expect(env.workspace.state(null).layout.id).toBe(activeId);
    expect(() => env.workspace.switchTo('no-such-layout')).toThrowError(/no layout/);
  });

  it('the application menu hears every change the windows are told of, and stops hearing when it unsubscribes', () => {
    const heard: string[] = [];
    const off = env.workspace.onChange((reason) => heard.push(reason));
    const first = env.workspace.state(null).layout;
    const copy = env.workspace.save('Default copy');
    env.workspace.switchTo(first.id);
    env.workspace.rename(copy.id, 'Desk');
    off();
    env.workspace.remove(copy.id);
    expect(heard).toEqual(['saved', 'switched', 'renamed']);
  });

  it('switching tells every window, and only the layout’s own windows stay bound', () => {
    const { main, key } = detachWatchlist();
    const detached = new FakeWindow(env.hub, 'win-2');
    env.workspace.bindWindow('win-2', key);
    detached.attach();
    const other = env.workspace.save('Other');
    env.workspace.close('win-1', key);
    expect(env.workspace.keyOf('win-2')).toBeNull();
    const fresh = env.workspace.remove(other.id);
    expect(env.workspace.keyOf('win-1')).toBe('main');
    expect(main.of('layout.changed').map((c) => c.reason)).toContain('deleted');
    expect(env.workspace.state('win-1').layout.id).toBe(fresh.activeId);
  });

  it('keeps one arrangement per monitor set and restores the matching one, else the nearest', () => {
    // At the office: the detached watchlist on the left monitor.
    env.workspace.restore(OFFICE);
    const { key } = detachWatchlist();
    env.workspace.windowMoved(key, {
      bounds: { x: -1800, y: 400, width: 800, height: 600 },
      mode: 'normal',
      display: LEFT,
    });
    env.restart();

    // At home (one laptop screen at 125 %): nothing saved for it, the office arrangement re-placed.
    const home = env.workspace.restore(HOME);
    expect(env.workspace.state(null).variant).toBe('nearest');
    const rescued = home.find((i) => i.win.key === key)!;
    expect(rescued.placement.adjusted).toBe('rescued');
    expect(rescued.placement.bounds).toEqual({ x: 296, y: 112, width: 800, height: 600 });
    env.workspace.windowMoved(key, {
      bounds: { x: 900, y: 100, width: 600, height: 700 },
      mode: 'normal',
      display: HOME[0]!,
    });
    env.restart();

    // Back at the office: exactly as left there; at home: as left at home.
    const office = env.workspace.restore(OFFICE);
    expect(env.workspace.state(null).variant).toBe('exact');
    expect(office.find((i) => i.win.key === key)!.placement).toMatchObject({
      bounds: { x: -1800, y: 400, width: 800, height: 600 },
      adjusted: 'none',
      displayId: '2',
    });
    env.restart();
    expect(env.workspace.restore(HOME).find((i) => i.win.key === key)!.placement.bounds).toEqual({
      x: 900,
      y: 100,
      width: 600,
      height: 700,
    });
    // The first start's arrangement (made before any display was known) stays for the browser host.
    expect(env.workspace.list().layouts[0]!.monitorSets.sort()).toEqual(
      ['none', monitorSetKey(OFFICE), monitorSetKey(HOME)].sort(),
    );
  });

  it('undocking while running rescues windows; docking again puts them back', () => {
    env.workspace.restore(OFFICE);
    const { key } = detachWatchlist();
    env.workspace.bindWindow('win-2', key);
    env.workspace.windowMoved(key, {
      bounds: { x: -1800, y: 400, width: 800, height: 600 },
      mode: 'normal',
      display: LEFT,
    });
    env.workspace.windowMoved('main', {
      bounds: { x: 100, y: 100, width: 1200, height: 800 },
      mode: 'normal',
      display: LAPTOP,
    });

    const undocked = env.workspace.displaysChanged([LAPTOP]);
    expect(undocked).toEqual([
      {
        windowId: 'win-2',
        key,
        placement: {
          bounds: { x: 470, y: 220, width: 800, height: 600 },
          mode: 'normal',
          displayId: '1',
          adjusted: 'rescued',
        },
      },
    ]);
    const docked = env.workspace.displaysChanged(OFFICE);
    expect(docked).toEqual([
      {
        windowId: 'win-2',
        key,
        placement: {
          bounds: { x: -1800, y: 400, width: 800, height: 600 },
          mode: 'normal',
          displayId: '2',
          adjusted: 'none',
        },
      },
    ]);
  });
});

describe('bad records', () => {
  it('a corrupt active layout: default shown with a notice, the record kept aside byte for byte', () => {
    const id = env.workspace.state(null).layout.id;
    const garbage = '{"schemaVersion":1,"id":"' + id + '","name":"Office","variants":[{"windows":"oops"}]}';
    env.cache.saveLayout({ id: `layout/${id}`, json: garbage, updatedAt: 1 });
    env.restart();

    const state = env.workspace.state(null);
    expect(state.layout.id).not.toBe(id);
    expect(state.windows.map((w) => w.key)).toEqual(['main']);
    expect(state.notice).toMatchObject({ code: 'layout_unreadable' });
    expect(state.notice!.message).toMatch(/“Office” could not be read .* kept aside .* default layout is shown/);
    const aside = env.cache.loadLayout(state.notice!.asideId)!;
    expect(aside.json).toBe(garbage);
    expect(env.cache.loadLayout(`layout/${id}`)).toBeUndefined();
    // Still there after another restart, and not shown as a layout.
    env.restart();
    expect(env.cache.loadLayout(aside.id)!.json).toBe(garbage);
    expect(env.workspace.list().layouts.map((l) => l.name)).toEqual(['Default']);
  });

  it('a layout from a newer build: default shown, future-version notice, record kept aside', () => {
    const id = env.workspace.state(null).layout.id;
    const future = JSON.stringify({ schemaVersion: LAYOUT_SCHEMA_VERSION + 1, id, name: 'Tomorrow', tabs: [] });
    env.cache.saveLayout({ id: `layout/${id}`, json: future, updatedAt: 1 });
    env.restart();
    const { notice } = env.workspace.state(null);
    expect(notice).toMatchObject({ code: 'layout_future_version' });
    expect(notice!.message).toMatch(/“Tomorrow” was saved by a newer Tradedesk/);
    expect(env.cache.loadLayout(notice!.asideId)!.json).toBe(future);
  });

  it('switching to a layout that went bad refuses with not_found, keeps it aside, and stays put', () => {
    const first = env.workspace.state(null).layout;
    const other = env.workspace.save('Other');
    env.workspace.switchTo(first.id);
    env.cache.saveLayout({ id: `layout/${other.id}`, json: 'not json', updatedAt: 1 });
    try {
      env.workspace.switchTo(other.id);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(TradedeskError);
      expect((error as TradedeskError).code).toBe('not_found');
    }
    expect(env.workspace.state(null).layout.id).toBe(first.id);
    expect(env.workspace.state(null).notice).toMatchObject({ code: 'layout_unreadable' });
    expect(rows().filter((r) => r.startsWith('aside/'))).toHaveLength(1);
  });
});

describe('atomic writes', () => {
  const layout = (name: string, updatedAt: number): NamedLayout => ({
    schemaVersion: LAYOUT_SCHEMA_VERSION,
    id: 'l-1',
    name,
    createdAt: 1,
    updatedAt,
    variants: [{ monitorSet: 'none', displays: [], windows: defaultWindows(), savedAt: updatedAt }],
  });

  it('a write that fails half-way (pointer) leaves the record and the pointer as they were', () => {
    let failPointer = false;
    const rowsWithFault = {
      saveLayout: (row: { id: string; json: string; updatedAt: number }) => {
        if (failPointer && row.id === 'workspace/active') throw new Error('disk full');
        env.cache.saveLayout(row);
      },
      loadLayout: (id: string) => env.cache.loadLayout(id),
      listLayouts: () => env.cache.listLayouts(),
      deleteLayout: (id: string) => env.cache.deleteLayout(id),
      transaction: <T>(fn: () => T) => env.cache.transaction(fn),
    };
    const library = new LayoutLibrary(rowsWithFault);
    library.write(layout('Before', 10), { activate: true });
    failPointer = true;
    expect(() => library.write(layout('After', 20), { activate: true })).toThrow('disk full');
    const read = library.read('l-1');
    expect(read).toMatchObject({ ok: true, layout: { name: 'Before', updatedAt: 10 } });
    expect(library.activeId()).toBe('l-1');
  });

  it('never writes a layout that would not read back', () => {
    const library = new LayoutLibrary(env.cache);
    const bad = { ...layout('X', 1), variants: [] } as unknown as NamedLayout;
    expect(() => library.write(bad)).toThrow();
    expect(library.read('l-1')).toBeNull();
  });

  it('a failed autosave keeps the change and writes it on the next flush', () => {
    let fail = false;
    const inner = env.cache;
    const faulty = {
      saveLayout: (row: { id: string; json: string; updatedAt: number }) => {
        if (fail) throw new Error('SQLITE_FULL');
        inner.saveLayout(row);
      },
      loadLayout: (id: string) => inner.loadLayout(id),
      listLayouts: () => inner.listLayouts(),
      deleteLayout: (id: string) => inner.deleteLayout(id),
      transaction: <T>(fn: () => T) => inner.transaction(fn),
      all: inner.all.bind(inner),
    };
    const hub = new PushHub();
    const workspace = new Workspace({ hub, cache: faulty, saveDelayMs: 60_000, log: () => {} });
    workspace.bindWindow('w', 'main');
    fail = true;
    workspace.windowMoved('main', { bounds: { x: 7, y: 7, width: 900, height: 700 }, mode: 'normal', display: LAPTOP });
    workspace.flush();
    expect(workspace.stats()).toMatchObject({ saveFailures: 1, dirty: true });
    fail = false;
    workspace.stop();
    expect(workspace.stats()).toMatchObject({ saves: 1, dirty: false });
    const reopened = new Workspace({ hub: new PushHub(), cache: inner, log: () => {} });
    expect(reopened.state(null).windows[0]!.bounds).toEqual({ x: 7, y: 7, width: 900, height: 700 });
    reopened.stop();
  });
});
