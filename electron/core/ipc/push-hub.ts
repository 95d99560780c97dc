import type { PushName, PushPayload } from '../../../src/shared/contract';

/** How a host delivers one push to one window (Electron: webContents.send; web: a socket). */
export type PushSink = <P extends PushName>(name: P, payload: PushPayload<P>) => void;

type WindowListener = (windowId: string) => void;

/**
 * Shapes one push for one window, or withholds it (null). The workspace installs one per window
 * so a window receives only the state its panels use (electron/core/workspace/push-filter.ts).
 */
export type PushFilter = <P extends PushName>(name: P, payload: PushPayload<P>) => PushPayload<P> | null;

/**
 * Routes pushes to one window or to all of them. A sink that throws (a window that went away
 * mid-send) is detached and reported; it never stops delivery to the other windows.
 */
export class PushHub {
  readonly #sinks = new Map<string, PushSink>();
  readonly #filters = new Map<string, PushFilter>();
  readonly #attachListeners = new Set<WindowListener>();
  readonly #detachListeners = new Set<WindowListener>();

  attach(windowId: string, sink: PushSink): void {
    this.#sinks.set(windowId, sink);
    for (const listener of this.#attachListeners) listener(windowId);
  }

  /**
   * Filters every later push to `windowId` (null: everything again). May be set before the
   * window attaches, so the greeting it gets on attach is already filtered; cleared on detach.
   */
  setFilter(windowId: string, filter: PushFilter | null): void {
    if (filter) this.#filters.set(windowId, filter);
    else this.#filters.delete(windowId);
  }

  detach(windowId: string): void {
    this.#filters.delete(windowId);
    if (!this.#sinks.delete(windowId)) return;
    for (const listener of this.#detachListeners) listener(windowId);
  }

  windows(): string[] {
    return [...this.#sinks.keys()];
  }

  has(windowId: string): boolean {
    return this.#sinks.has(windowId);
  }

  /** Listeners run after the window can receive pushes (so a snapshot sent from one arrives). */
  onAttach(listener: WindowListener): () => void {
    this.#attachListeners.add(listener);
    return () => this.#attachListeners.delete(listener);
  }

  onDetach(listener: WindowListener): () => void {
    this.#detachListeners.add(listener);
    return () => this.#detachListeners.delete(listener);
  }

  toWindow<P extends PushName>(windowId: string, name: P, payload: PushPayload<P>): boolean {
    const sink = this.#sinks.get(windowId);
    if (!sink) return false;
    const filter = this.#filters.get(windowId);
    try {
      const shaped = filter ? filter(name, payload) : payload;
      if (shaped === null) return true; // withheld by the window's filter: delivered as intended
      sink(name, shaped);
      return true;
    } catch (error) {
      console.error(`[ipc] push ${name} to window ${windowId} failed; detaching it:`, error);
      this.detach(windowId);
      return false;
    }
  }

  toAll<P extends PushName>(name: P, payload: PushPayload<P>): void {
    for (const windowId of [...this.#sinks.keys()]) this.toWindow(windowId, name, payload);
  }
}
