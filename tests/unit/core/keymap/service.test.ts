import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openCache, type Cache } from '../../../../electron/core/cache';
import { PushHub } from '../../../../electron/core/ipc/push-hub';
import { KeymapService } from '../../../../electron/core/keymap/service';
import { TradedeskError, type KeymapState } from '../../../../src/shared/contract';
import { tempDir } from '../cache/fixtures';

describe('KeymapService (a real cache file)', () => {
  let tmp: ReturnType<typeof tempDir>;
  let cache: Cache;
  let hub: PushHub;
  let user: string | null;
  let pushed: KeymapState[];
  let keymap: KeymapService;

  beforeEach(() => {
    tmp = tempDir();
    cache = openCache(tmp.file()).cache;
    hub = new PushHub();
    pushed = [];
    hub.attach('w1', (name, payload) => {
      if (name === 'keymap.changed') pushed.push(payload as KeymapState);
    });
    user = 'user-1';
    keymap = new KeymapService({ cache, hub, userId: () => user, platform: 'other' });
  });

  afterEach(() => {
    cache.close();
    tmp.cleanup();
  });

  it('serves the defaults until the trader changes something', () => {
    const state = keymap.get();
    expect(state.overrides).toEqual({});
    expect(state.keymap['order.buy']).toEqual(['B']);
    expect(state.keymap['search.open']).toEqual(['/', 'Mod+K']);
  });

  it('a rebinding is stored per user, pushed to every window and told to the host; another user keeps the defaults', () => {
    const told: KeymapState[] = [];
    keymap.onChange((s) => told.push(s));
    const state = keymap.set('panel.chart', ['G']);
    expect(state.keymap['panel.chart']).toEqual(['G']);
    expect(pushed).toEqual([state]);
    expect(told).toEqual([state]);
    // A fresh service over the same cache (the next run) sees it.
    expect(
      new KeymapService({ cache, hub, userId: () => 'user-1', platform: 'other' }).get().keymap['panel.chart'],
    ).toEqual(['G']);
    user = 'user-2';
    expect(keymap.get().keymap['panel.chart']).toEqual(['C']);
  });

  it('refuses a key another action has, naming that action, and changes nothing', () => {
    let error: unknown;
    try {
      keymap.set('panel.chart', ['B']);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(TradedeskError);
    expect(error).toMatchObject({ code: 'conflict', details: { conflict: { action: 'order.buy' } } });
    expect((error as Error).message).toContain('Buy');
    expect(keymap.get().keymap['panel.chart']).toEqual(['C']);
    expect(pushed).toEqual([]);
  });

  it('refuses a key that is not a key, and resets one action or all', () => {
    expect(() => keymap.set('panel.chart', ['Ctrl+'])).toThrow(TradedeskError);
    keymap.set('panel.chart', ['G']);
    keymap.set('panel.depth', ['H']);
    expect(keymap.reset('panel.chart').keymap['panel.chart']).toEqual(['C']);
    expect(keymap.get().keymap['panel.depth']).toEqual(['H']);
    const all = keymap.reset();
    expect(all.overrides).toEqual({});
    expect(cache.getMeta('global.keymap.user-1')).toBeNull();
  });

  it("a session change to another trader tells every window and the host that trader's keymap; the same trader, nothing", () => {
    const told: KeymapState[] = [];
    keymap.onChange((s) => told.push(s));
    user = 'user-2';
    keymap.set('panel.chart', ['G']);
    user = null; // signed out: this installation's keymap (the defaults)
    keymap.sessionChanged();
    expect(pushed.at(-1)?.keymap['panel.chart']).toEqual(['C']);
    pushed.length = 0;
    told.length = 0;
    keymap.sessionChanged(); // still signed out: nothing new to tell
    expect(pushed).toEqual([]);
    user = 'user-2';
    keymap.sessionChanged();
    expect(pushed).toHaveLength(1);
    expect(pushed[0]!.keymap['panel.chart']).toEqual(['G']);
    expect(told).toEqual(pushed);
  });
});
