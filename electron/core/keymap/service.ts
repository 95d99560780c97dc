import { TradedeskError, type KeymapState } from '../../../src/shared/contract';
import {
  readOverrides,
  rebind,
  resetKeymap,
  resolveKeymap,
  type KeyAction,
  type KeymapOverrides,
  type Platform,
} from '../../../src/shared/keymap';
import { GLOBAL_META_PREFIX, type Cache } from '../cache';
import type { PushHub } from '../ipc/push-hub';

export interface KeymapServiceOptions {
  cache: Cache;
  hub: PushHub;
  /** The signed-in user's id (their keymap), or null (this installation's own). */
  userId: () => string | null;
  platform: Platform;
}

/**
 * The trader's keymap, stored per user in the cache's device settings (`global.keymap.<user>`
 * meta: it survives sign-out and is not the layout's business — switching layouts or monitors
 * must never change what B does). Only the trader's changes are stored; the build's defaults
 * fill the rest. Every change is pushed to every window (`keymap.changed`) and to the host
 * (the Electron menu's accelerators).
 */
export class KeymapService {
  readonly #opts: KeymapServiceOptions;
  readonly #listeners = new Set<(state: KeymapState) => void>();
  /** The storage key of the keymap windows were last told of (whose keys they hold). */
  #toldKey: string;

  constructor(opts: KeymapServiceOptions) {
    this.#opts = opts;
    this.#toldKey = this.#key();
  }

  /**
   * The session changed (sign-in, sign-out, another user): when that makes it another trader's
   * keymap, every window and the host's menu are told, as for a rebinding. Without this a window
   * opened before sign-in kept the signed-out keymap it read at start (`keymap.get`) until the
   * trader changed a key.
   */
  sessionChanged(): void {
    if (this.#key() === this.#toldKey) return;
    this.#tell(this.#state(this.#overrides()));
  }

  get(): KeymapState {
    return this.#state(this.#overrides());
  }

  /** Gives `action` exactly `keys`; a clash is refused (`conflict`) naming the action that has the key. */
  set(action: KeyAction, keys: readonly string[]): KeymapState {
    const result = rebind(this.#overrides(), action, keys, this.#opts.platform);
    if (!result.ok) {
      throw new TradedeskError(result.conflict ? 'conflict' : 'invalid_args', result.message, {
        field: 'keys',
        conflict: result.conflict,
      });
    }
    return this.#save(result.overrides);
  }

  reset(action?: KeyAction): KeymapState {
    return this.#save(resetKeymap(this.#overrides(), action));
  }

  /**
   * The application menu chose `action` in window `windowId` (the host's focused window): that
   * window runs it through its own keydown rule. False when the window is not connected.
   */
  invoke(windowId: string, action: KeyAction): boolean {
    return this.#opts.hub.toWindow(windowId, 'keymap.invoke', { action });
  }

  /** Tells `listener` of every change (the host's menu); returns the function that stops it. */
  onChange(listener: (state: KeymapState) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  #key(): string {
    const user = this.#opts.userId();
    return `${GLOBAL_META_PREFIX}keymap.${user ?? 'signed-out'}`;
  }

  #overrides(): KeymapOverrides {
    return readOverrides(this.#opts.cache.getMeta(this.#key()));
  }

  #save(overrides: KeymapOverrides): KeymapState {
    this.#opts.cache.setMeta(this.#key(), Object.keys(overrides).length > 0 ? JSON.stringify(overrides) : null);
    const state = this.#state(overrides);
    this.#tell(state);
    return state;
  }

  #tell(state: KeymapState): void {
    this.#toldKey = this.#key();
    this.#opts.hub.toAll('keymap.changed', state);
    for (const listener of this.#listeners) listener(state);
  }

  #state(overrides: KeymapOverrides): KeymapState {
    return { keymap: resolveKeymap(overrides, this.#opts.platform), overrides };
  }
}
