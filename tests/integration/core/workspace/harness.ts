import { openCache, type Cache } from '../../../../electron/core/cache';
import { PushHub } from '../../../../electron/core/ipc/push-hub';
import { Workspace, type WorkspaceOptions } from '../../../../electron/core/workspace';
import type { PushName, PushPayload } from '../../../../src/shared/contract';
import type { Display } from '../../../../src/shared/layout';

export const LAPTOP: Display = {
  id: '1',
  bounds: { x: 0, y: 0, width: 1920, height: 1080 },
  workArea: { x: 0, y: 0, width: 1920, height: 1040 },
  scaleFactor: 1,
  primary: true,
};
export const LEFT: Display = {
  id: '2',
  bounds: { x: -2560, y: 0, width: 2560, height: 1440 },
  workArea: { x: -2560, y: 0, width: 2560, height: 1400 },
  scaleFactor: 1,
  primary: false,
};
export const OFFICE = [LAPTOP, LEFT];
export const HOME = [
  {
    ...LAPTOP,
    scaleFactor: 1.25,
    bounds: { x: 0, y: 0, width: 1536, height: 864 },
    workArea: { x: 0, y: 0, width: 1536, height: 824 },
  },
];

/** A window as the hub sees it: every push it received, in order. */
export class FakeWindow {
  readonly pushes: Array<{ name: PushName; payload: unknown }> = [];
  constructor(
    readonly hub: PushHub,
    readonly windowId: string,
  ) {}
  attach(): this {
    this.hub.attach(this.windowId, <P extends PushName>(name: P, payload: PushPayload<P>) => {
      this.pushes.push({ name, payload });
    });
    return this;
  }
  of<P extends PushName>(name: P): Array<PushPayload<P>> {
    return this.pushes.filter((p) => p.name === name).map((p) => p.payload as PushPayload<P>);
  }
}

/** A workspace over a real cache file; `restart()` closes both and opens them again on the same file. */
export function openWorkspace(file: string, opts: Partial<WorkspaceOptions> = {}) {
  let ids = 0;
  let clock = Date.UTC(2026, 10, 26, 9, 15, 0);
  const make = () => {
    const { cache } = openCache(file);
    const hub = new PushHub();
    const workspace = new Workspace({
      hub,
      cache,
      now: () => clock,
      newId: () => `id-${++ids}`,
      saveDelayMs: 20,
      log: () => {},
      ...opts,
    });
    return { cache, hub, workspace };
  };
  let current = make();
  return {
    get cache(): Cache {
      return current.cache;
    },
    get hub() {
      return current.hub;
    },
    get workspace() {
      return current.workspace;
    },
    tick(ms: number) {
      clock += ms;
    },
    restart() {
      current.workspace.stop();
      current.cache.close();
      current = make();
    },
    close() {
      current.workspace.stop();
      current.cache.close();
    },
  };
}
