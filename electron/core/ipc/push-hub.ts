import type { PushName, PushPayload } from '../../../src/shared/contract';

/**
 * How a host delivers one push to one window (Electron: webContents.send; web: a socket).
 * `wire()` is the push as the browser host's text frame, `{"t":"push","name":…,"payload":…}`
 * (WireServerFrame): encoded on the first call and the same string for every window of one
 * fan-out that receives the same payload object, so N windows cost one JSON.stringify, not N.
 * Electron's structured clone cannot share work across windows and ignores it.
 */
export type PushSink = <P extends PushName>(name: P, payload: PushPayload<P>, wire: () => string) => void;

type WindowListener = (windowId: string) => void;

/**
 * Shapes one push for one window, or withholds it (null). The workspace installs one per window
 * so a window receives only the state its panels use (electron/core/workspace/push-filter.ts).
 */
export type PushFilter = <P extends PushName>(name: P, payload: PushPayload<P>) => PushPayload<P> | null;

/** Counters for tests and diagnostics (cumulative since the hub was made). */
export interface PushHubStats {
  /** Pushes handed to a window's sink (after its filter; withheld ones not counted). */
  delivered: number;
  /** Wire frames encoded (JSON.stringify runs); below `delivered` when windows share a frame. */
  encoded: number;
}

/**
 * Routes pushes to one window, some or all of them. A sink that throws (a window that went
 * away mid-send) is detached and reported; it never stops delivery to the other windows.
 *
 * One fan-out (`toAll`, `toWindows`) shares work across its windows: every window whose filter
 * passes the payload through unchanged (or returns the same shaped object) gets the same wire
 * string, encoded once. The sharing lasts only for that call, so a payload object a caller
 * changes and pushes again is encoded afresh (pushes are not required to be immutable after).
 */
export class PushHub {
  readonly #sinks = new Map<string, PushSink>();
  readonly #stats: PushHubStats = { delivered: 0, encoded: 0 };
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

  stats(): PushHubStats {
    return { ...this.#stats };
  }

  /** Sends to one window; false when it is not attached (or its sink failed and it was detached). */
  toWindow<P extends PushName>(windowId: string, name: P, payload: PushPayload<P>): boolean {
    return this.#deliver(windowId, name, payload, new Map());
  }

  /**
   * Sends the same push to each listed window (absent ones skipped), encoding its wire frame at
   * most once per distinct shaped payload. The market service's per-window tick batches use it
   * for windows whose batch is the same object.
   */
  toWindows<P extends PushName>(windowIds: Iterable<string>, name: P, payload: PushPayload<P>): void {
    const frames = new Map<unknown, () => string>();
    for (const windowId of [...windowIds]) this.#deliver(windowId, name, payload, frames);
  }

  toAll<P extends PushName>(name: P, payload: PushPayload<P>): void {
    this.toWindows(this.#sinks.keys(), name, payload);
  }

  /** `frames`: the wire encoders of this fan-out, by shaped payload object. */
  #deliver<P extends PushName>(
    windowId: string,
    name: P,
    payload: PushPayload<P>,
    frames: Map<unknown, () => string>,
  ): boolean {
    const sink = this.#sinks.get(windowId);
    if (!sink) return false;
    const filter = this.#filters.get(windowId);
    try {
      const shaped = filter ? filter(name, payload) : payload;
      if (shaped === null) return true; // withheld by the window's filter: delivered as intended
      let wire = frames.get(shaped);
      if (!wire) {
        let text: string | null = null;
        wire = () => {
          if (text === null) {
            text = JSON.stringify({ t: 'push', name, payload: shaped });
            this.#stats.encoded++;
          }
          return text;
        };
        frames.set(shaped, wire);
      }
      this.#stats.delivered++;
      sink(name, shaped, wire);
      return true;
    } catch (error) {
      console.error(`[ipc] push ${name} to window ${windowId} failed; detaching it:`, error);
      this.detach(windowId);
      return false;
    }
  }
}
