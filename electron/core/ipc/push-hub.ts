import type { PushName, PushPayload } from '../../../src/shared/contract';

/** How a host delivers one push to one window (Electron: webContents.send; web: a socket). */
export type PushSink = <P extends PushName>(name: P, payload: PushPayload<P>) => void;

type WindowListener = (windowId: string) => void;

/**
 * Routes pushes to one window or to all of them. A sink that throws (a window that went away
 * mid-send) is detached and reported; it never stops delivery to the other windows.
 */
export class PushHub {
  readonly #sinks = new Map<string, PushSink>();
  readonly #attachListeners = new Set<WindowListener>();
  readonly #detachListeners = new Set<WindowListener>();

  attach(windowId: string, sink: PushSink): void {
    this.#sinks.set(windowId, sink);
    for (const listener of this.#attachListeners) listener(windowId);
  }

  detach(windowId: string): void {
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
    try {
      sink(name, payload);
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
