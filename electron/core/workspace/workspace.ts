import { randomUUID } from 'node:crypto';
import {
  type LayoutChangeReason,
  type LayoutNotice,
  type LayoutState,
  type LayoutSummary,
  TradedeskError,
  type WindowInfo,
} from '../../../src/shared/contract';
import type { StateSnapshot } from '../../../src/shared/domain';
import {
  DEFAULT_LAYOUT_NAME,
  defaultWindows,
  type Display,
  LAYOUT_SCHEMA_VERSION,
  type LayoutVariant,
  MAX_PANELS_PER_WINDOW,
  MAX_VARIANTS,
  MAX_WINDOWS,
  monitorSetKey,
  type NamedLayout,
  PANEL_TRAITS,
  type Panel,
  pickVariant,
  type Rect,
  topicsForWindow,
  type WindowLayout,
  type WindowMode,
  windowsProblems,
  type WindowTopic,
} from '../../../src/shared/layout';
import type { LinkChannelId, LinkContext } from '../../../src/shared/link';
import type { Cache } from '../cache';
import type { PushHub } from '../ipc/push-hub';
import { LayoutLibrary, type LayoutRows } from './layout-library';
import { LinkHub } from './link-hub';
import { placeAfterDisplayChange, placeWindow, type Placement, type SavedPlacement } from './placement';
import { topicFilter } from './push-filter';

/**
 * How a host opens, closes and moves real windows. Electron implements it with BrowserWindow
 * (electron/main/workspace-windows.ts); the browser host has none — a page may open windows only
 * from a click — so detach and restore answer `open: 'client'` and the page opens them.
 */
export interface WindowHost {
  /** Opens a window for `win` at `placement`; must call `bindWindow` before it attaches to the hub. */
  open(win: WindowLayout, placement: Placement): void;
  close(windowId: string): void;
  move(windowId: string, placement: Placement): void;
}

export interface WorkspaceOptions {
  hub: PushHub;
  /** The layouts table and, for the instruments a watchlist panel shows, its cached items. */
  cache: LayoutRows & Pick<Cache, 'all'>;
  /** Where a window's panel interest is registered (ref-counted with every other owner). */
  market?: {
    setSystemInterest(key: string, tokens: number[]): void;
    setFullMode?(owner: string, tokens: number[]): void;
  };
  /** The current trading snapshot, re-sent (filtered) to a window whose topics grew. */
  snapshot?: () => StateSnapshot;
  now?: () => number;
  newId?: () => string;
  /** Debounce of layout saves after a change (default 500 ms, as Signal saves window bounds). */
  saveDelayMs?: number;
  log?: (message: string) => void;
}

/** Default sizes for windows without usable saved bounds, DIP. */
export const DEFAULT_WINDOW_SIZE = {
  main: { width: 1440, height: 900 },
  detached: { width: 640, height: 720 },
} as const;
/** A detached window opens this far right and down of the window it came from. */
const DETACH_OFFSET = 48;

export interface RestoreItem {
  win: WindowLayout;
  placement: Placement;
}

export interface DisplayMove {
  windowId: string;
  key: string;
  placement: Placement;
}

interface LiveWindow {
  key: string | null;
  topics: readonly WindowTopic[] | null;
  /** Tokens of the watchlists this window's panels show (cached; recomputed on panel changes). */
  listTokens: number[];
  /** A watchlist panel here shows bid or ask: its instruments stream in `full` mode (they carry the touch). */
  listTouch: boolean;
  interest: number;
}

/**
 * The multi-window workspace, host-neutral: the active named layout and its working copy for
 * the displays present, which live window is which layout window, what each receives (push
 * filters by topic), its panels' market interest, and colour-channel links. Changes are saved
 * debounced and flushed at quit; every write is atomic (LayoutLibrary). See docs/ARCHITECTURE.md
 * "Windows, layouts and links".
 */
export class Workspace {
  readonly #hub: PushHub;
  readonly #library: LayoutLibrary;
  readonly #links: LinkHub;
  readonly #opts: WorkspaceOptions;
  readonly #now: () => number;
  readonly #newId: () => string;
  readonly #saveDelayMs: number;
  readonly #log: (message: string) => void;
  readonly #offs: Array<() => void> = [];

  #host: WindowHost | null = null;
  #active: NamedLayout;
  #windows: WindowLayout[];
  #variant: LayoutState['variant'];
  #displays: Display[] = [];
  readonly #notices: LayoutNotice[] = [];
  readonly #live = new Map<string, LiveWindow>();
  readonly #byKey = new Map<string, string>();
  #dirty = false;
  #timer: ReturnType<typeof setTimeout> | null = null;
  #quitting = false;
  #stopped = false;
  readonly #counters = { saves: 0, saveFailures: 0 };
  readonly #changeListeners = new Set<(reason: LayoutChangeReason) => void>();

  constructor(opts: WorkspaceOptions) {
    this.#opts = opts;
    this.#hub = opts.hub;
    this.#now = opts.now ?? Date.now;
    this.#newId = opts.newId ?? randomUUID;
    this.#saveDelayMs = opts.saveDelayMs ?? 500;
    this.#log = opts.log ?? ((m) => console.warn(`[workspace] ${m}`));
    this.#library = new LayoutLibrary(opts.cache, { now: this.#now });
    this.#links = new LinkHub({
      now: this.#now,
      deliver: (windowId, push) => this.#hub.toWindow(windowId, 'link.context', push),
    });

    this.#active = this.#startLayout();
    const picked = pickVariant(this.#active.variants, this.#displays)!;
    this.#windows = structuredClone(picked.variant.windows);
    this.#variant = picked.how;

    this.#offs.push(
      this.#hub.onAttach((windowId) => this.#attached(windowId)),
      this.#hub.onDetach((windowId) => this.#detached(windowId)),
    );
  }

  // ─── host side ──────────────────────────────────────────────────────────────────────────

  setHost(host: WindowHost | null): void {
    this.#host = host;
  }

  /**
   * Start-up on a host that places windows: picks the active layout's arrangement for these
   * displays (exact monitor set, else the nearest) and answers where each window goes, back-most
   * first (open them in this order so the front-most ends on top).
   */
  restore(displays: readonly Display[]): RestoreItem[] {
    this.flush();
    this.#displays = [...displays];
    const picked = pickVariant(this.#active.variants, this.#displays)!;
    this.#windows = structuredClone(picked.variant.windows);
    this.#variant = picked.how;
    const items = [...this.#windows].sort((a, b) => b.z - a.z).map((win) => ({ win, placement: this.#place(win) }));
    // The working copy holds where the windows are now, so a later save stores reachable bounds.
    for (const { win, placement } of items) this.#applyPlacement(win.key, placement);
    return items.map(({ win, placement }) => ({ win: this.#window(win.key)!, placement }));
  }

  /**
   * Says which layout window a live window is, before it attaches to the push hub (so its first
   * snapshot is already filtered). `key` null, unknown, or not in the layout: the window is
   * unbound and receives everything (a window of an older renderer). A key already bound to
   * another live window moves to the newer one (a reloaded page whose old socket has not closed).
   * Returns the key bound, or null.
   */
  bindWindow(windowId: string, key: string | null): string | null {
    const win = key === null ? undefined : this.#window(key);
    if (key !== null && !win)
      this.#log(`window ${windowId} asked for layout window "${key}", which is not in the layout`);
    if (!win) {
      this.#live.set(windowId, { key: null, topics: null, listTokens: [], listTouch: false, interest: 0 });
      return null;
    }
    const previous = this.#byKey.get(win.key);
    if (previous !== undefined && previous !== windowId) this.#unbind(previous);
    this.#live.set(windowId, { key: win.key, topics: null, listTokens: [], listTouch: false, interest: 0 });
    this.#byKey.set(win.key, windowId);
    this.#applyWindow(windowId, win, { resend: false });
    if (this.#hub.has(windowId)) this.#attached(windowId);
    return win.key;
  }

  keyOf(windowId: string): string | null {
    return this.#live.get(windowId)?.key ?? null;
  }

  windowIdOf(key: string): string | null {
    return this.#byKey.get(key) ?? null;
  }

  /** The user closed a detached window (not the app quitting): it leaves the layout, its panels go back to the main window. */
  windowClosedByUser(key: string): void {
    if (this.#quitting || this.#stopped) return;
    const win = this.#window(key);
    if (!win || win.role === 'main') return;
    this.#removeWindow(key);
    this.#touch();
    this.#notifyAll('windows');
  }

  /** A window moved, resized, or changed mode: remembered (saved debounced), nothing pushed. */
  windowMoved(key: string, geometry: { bounds: Rect; mode: WindowMode; display: Display | null }): void {
    if (this.#quitting || !this.#window(key)) return;
    this.#windows = this.#windows.map((w) =>
      w.key === key ? { ...w, bounds: geometry.bounds, mode: geometry.mode, display: geometry.display } : w,
    );
    this.#touch();
  }

  /** A window came to the front: z-order for the next restore. */
  windowFocused(key: string): void {
    const win = this.#window(key);
    if (this.#quitting || !win || win.z === 0) return;
    const was = win.z;
    this.#windows = this.#windows.map((w) => (w.key === key ? { ...w, z: 0 } : w.z < was ? { ...w, z: w.z + 1 } : w));
    this.#touch();
  }

  /**
   * Displays were added, removed or changed while running. Pending changes are saved for the
   * old monitor set first; then windows go back to where the layout had them for the new set,
   * if it has an arrangement for it, else only unreachable windows move (placement.ts). Returns
   * the moves for the host to apply; the working copy already holds them.
   */
  displaysChanged(displays: readonly Display[]): DisplayMove[] {
    // Moves the OS made before this event reached us were saved under the old set already; the
    // flush keeps what is pending there too, so the new set's variant starts from what follows.
    this.flush();
    this.#displays = [...displays];
    const key = monitorSetKey(this.#displays);
    const exact = this.#active.variants.find((v) => v.monitorSet === key) ?? null;
    const home = exact
      ? new Map<string, SavedPlacement>(
          exact.windows.map((w) => [w.key, { bounds: w.bounds, mode: w.mode, display: w.display }]),
        )
      : null;
    const live = this.#windows
      .filter((w) => this.#byKey.has(w.key) && w.bounds !== null)
      .map((w) => ({ key: w.key, bounds: w.bounds!, mode: w.mode, display: w.display }));
    const moves = placeAfterDisplayChange(live, this.#displays, home, { defaultSize: DEFAULT_WINDOW_SIZE.detached });
    for (const m of moves) this.#applyPlacement(m.key, m.placement);
    if (moves.length > 0) this.#touch();
    return moves.map((m) => ({ windowId: this.#byKey.get(m.key)!, key: m.key, placement: m.placement }));
  }

  /** The app is quitting: save now; windows closing from here on stay in the layout. */
  beginQuit(): void {
    this.flush();
    this.#quitting = true;
  }

  /** Writes pending changes now (the debounce timer's job, also at quit and before a switch). */
  flush(): void {
    if (this.#timer) {
      clearTimeout(this.#timer);
      this.#timer = null;
    }
    if (!this.#dirty) return;
    const now = this.#now();
    const next: NamedLayout = {
      ...this.#active,
      updatedAt: Math.max(now, this.#active.updatedAt),
      variants: withVariant(this.#active.variants, this.#currentVariant(now)),
    };
    try {
      this.#library.write(next);
      this.#active = next;
      this.#dirty = false;
      this.#variant = 'exact';
      this.#counters.saves++;
    } catch (error) {
      // Kept dirty: the next change or the quit flush tries again. Nothing stored is lost.
      this.#counters.saveFailures++;
      this.#log(
        `could not save layout "${this.#active.name}": ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }

  stop(): void {
    if (this.#stopped) return;
    this.flush();
    this.#stopped = true;
    for (const off of this.#offs.splice(0)) off();
  }

  stats(): { saves: number; saveFailures: number; live: number; bound: number; dirty: boolean } {
    return { ...this.#counters, live: this.#live.size, bound: this.#byKey.size, dirty: this.#dirty };
  }

  /** `state.get` for this window: its topics only. */
  projectSnapshot(windowId: string, snapshot: StateSnapshot): StateSnapshot {
    const topics = this.#live.get(windowId)?.topics;
    if (!topics) return snapshot;
    return topicFilter(topics)('state.snapshot', snapshot) ?? snapshot;
  }

  // ─── layouts (IPC) ──────────────────────────────────────────────────────────────────────

  state(windowId: string | null): LayoutState {
    return {
      layout: { id: this.#active.id, name: this.#active.name },
      monitorSet: monitorSetKey(this.#displays),
      variant: this.#variant,
      windows: this.#windows,
      open: this.#windows.filter((w) => this.#byKey.has(w.key)).map((w) => w.key),
      self: windowId === null ? null : this.keyOf(windowId),
      notice: this.#notices[0] ?? null,
    };
  }

  /**
   * `listener` hears every change the windows are told of (`layout.changed`: a switch, save,
   * rename or delete, windows opening and closing) — the application menu rebuilds its Layouts
   * menu from `list()`. Returns the unsubscribe.
   */
  onChange(listener: (reason: LayoutChangeReason) => void): () => void {
    this.#changeListeners.add(listener);
    return () => this.#changeListeners.delete(listener);
  }

  list(): { activeId: string; layouts: LayoutSummary[] } {
    this.flush();
    const { layouts, notices } = this.#library.readAll();
    for (const n of notices) this.#notices.push(n.notice);
    const all = layouts.map((l) => (l.id === this.#active.id ? this.#active : l));
    if (!all.some((l) => l.id === this.#active.id)) all.unshift(this.#active);
    return { activeId: this.#active.id, layouts: all.map((l) => this.#summary(l)) };
  }

  /** No name: write the arrangement now. A name: save it as a new layout, which becomes active. */
  save(name?: string): LayoutSummary {
    if (name === undefined) {
      this.#dirty = true;
      this.flush();
      return this.#summary(this.#active);
    }
    this.flush();
    this.#assertNameFree(name, null);
    const now = this.#now();
    const created: NamedLayout = {
      schemaVersion: LAYOUT_SCHEMA_VERSION,
      id: this.#newId(),
      name,
      createdAt: now,
      updatedAt: now,
      variants: withVariant(this.#active.variants, this.#currentVariant(now)),
    };
    this.#library.write(created, { activate: true });
    this.#active = created;
    this.#variant = 'exact';
    this.#notifyAll('saved');
    return this.#summary(created);
  }

  switchTo(id: string): void {
    if (id === this.#active.id) return;
    this.flush();
    const found = this.#library.read(id);
    if (found === null) throw new TradedeskError('not_found', `There is no layout ${id}`);
    if (!found.ok) {
      this.#notices.unshift(found.notice);
      throw new TradedeskError('not_found', found.notice.message, { asideId: found.notice.asideId });
    }
    this.#activate(found.layout, 'switched');
  }

  rename(id: string, name: string): LayoutSummary {
    this.#assertNameFree(name, id);
    if (id === this.#active.id) {
      this.#active = { ...this.#active, name, updatedAt: Math.max(this.#now(), this.#active.updatedAt) };
      this.#dirty = true;
      this.flush();
      this.#notifyAll('renamed');
      return this.#summary(this.#active);
    }
    const found = this.#mustRead(id);
    const renamed = { ...found, name, updatedAt: Math.max(this.#now(), found.updatedAt) };
    this.#library.write(renamed);
    this.#notifyAll('renamed');
    return this.#summary(renamed);
  }

  /** Deletes a layout; deleting the active one switches to the newest other (or a fresh default). */
  remove(id: string): { activeId: string } {
    if (id !== this.#active.id) {
      this.#mustRead(id);
      this.#library.remove(id);
      this.#notifyAll('deleted');
      return { activeId: this.#active.id };
    }
    this.flush();
    const others = this.#library.readAll().layouts.filter((l) => l.id !== id);
    const next = others[0] ?? this.#createDefault(others.map((l) => l.name));
    this.#library.remove(id);
    this.#activate(next, 'deleted');
    return { activeId: next.id };
  }

  // ─── windows (IPC) ──────────────────────────────────────────────────────────────────────

  setPanels(windowId: string, panels: Panel[]): { topics: WindowTopic[] } {
    const key = this.#boundKey(windowId);
    const next = this.#windows.map((w) => (w.key === key ? { ...w, panels } : w));
    const problems = windowsProblems(next);
    if (problems.length > 0) throw new TradedeskError('invalid_args', problems.join('; '), { problems });
    this.#windows = next;
    const win = this.#window(key)!;
    this.#applyWindow(windowId, win, { resend: true });
    this.#touch();
    return { topics: topicsForWindow(win) };
  }

  detach(windowId: string, panelId: string): { key: string; open: 'host' | 'client' } {
    const key = this.#boundKey(windowId);
    const from = this.#window(key)!;
    const panel = from.panels.find((p) => p.id === panelId);
    if (!panel) throw new TradedeskError('not_found', `This window has no panel ${panelId}`);
    if (from.role === 'detached' && from.panels.length === 1) {
      throw new TradedeskError('conflict', 'This panel is already alone in its own window');
    }
    if (this.#windows.length >= MAX_WINDOWS) {
      throw new TradedeskError('conflict', `A layout holds at most ${MAX_WINDOWS} windows; close one first`);
    }
    let newKey = `w-${this.#newId()
      .replace(/[^A-Za-z0-9]/g, '')
      .slice(0, 10)}`;
    while (this.#window(newKey))
      newKey = `w-${this.#newId()
        .replace(/[^A-Za-z0-9]/g, '')
        .slice(0, 10)}`;
    const size = DEFAULT_WINDOW_SIZE.detached;
    const created: WindowLayout = {
      key: newKey,
      role: 'detached',
      panels: [panel],
      bounds: from.bounds
        ? { x: from.bounds.x + DETACH_OFFSET, y: from.bounds.y + DETACH_OFFSET, width: size.width, height: size.height }
        : null,
      mode: 'normal',
      display: from.display,
      z: 0,
    };
    this.#windows = [
      ...this.#windows.map((w) =>
        w.key === key ? { ...w, panels: w.panels.filter((p) => p.id !== panelId), z: w.z + 1 } : { ...w, z: w.z + 1 },
      ),
      created,
    ];
    this.#applyWindow(windowId, this.#window(key)!, { resend: false });
    this.#touch();
    this.#notifyAll('windows');
    if (!this.#host) return { key: newKey, open: 'client' };
    const placement = this.#place(created);
    this.#applyPlacement(newKey, placement);
    this.#host.open(this.#window(newKey)!, placement);
    return { key: newKey, open: 'host' };
  }

  open(key: string): { key: string; open: 'host' | 'client' | 'already' } {
    const win = this.#window(key);
    if (!win) throw new TradedeskError('not_found', `The layout has no window ${key}`);
    if (this.#byKey.has(key)) return { key, open: 'already' };
    if (!this.#host) return { key, open: 'client' };
    const placement = this.#place(win);
    this.#applyPlacement(key, placement);
    this.#host.open(this.#window(key)!, placement);
    return { key, open: 'host' };
  }

  close(windowId: string, key?: string): void {
    const target = key ?? this.#boundKey(windowId);
    const win = this.#window(target);
    if (!win) throw new TradedeskError('not_found', `The layout has no window ${target}`);
    if (win.role === 'main') throw new TradedeskError('conflict', 'The main window closes with the app');
    this.#removeWindow(target);
    this.#touch();
    const live = this.#byKey.get(target);
    if (live !== undefined) {
      this.#unbind(live);
      // Without a host the page sees itself gone from the layout (layout.changed) and closes.
      this.#host?.close(live);
    }
    this.#notifyAll('windows');
  }

  windows(): WindowInfo[] {
    return this.#windows.map((w) => {
      const windowId = this.#byKey.get(w.key);
      return {
        key: w.key,
        role: w.role,
        open: windowId !== undefined,
        panels: w.panels.map((p) => ({ id: p.id, kind: p.kind, link: p.link })),
        topics: topicsForWindow(w),
        instruments: windowId === undefined ? 0 : (this.#live.get(windowId)?.interest ?? 0),
      };
    });
  }

  // ─── links (IPC) ────────────────────────────────────────────────────────────────────────

  join(
    windowId: string,
    panelId: string,
    channel: LinkChannelId,
  ): { channel: LinkChannelId; context: LinkContext | null } {
    const { key, panel } = this.#boundPanel(windowId, panelId);
    this.#setLink(key, panelId, channel);
    const context = this.#links.join({ windowId, windowKey: key, panelId, kind: panel.kind }, channel);
    this.#updateInterest(windowId);
    this.#touch();
    return { channel, context };
  }

  leave(windowId: string, panelId: string): void {
    const { key } = this.#boundPanel(windowId, panelId);
    this.#setLink(key, panelId, null);
    this.#links.leave(windowId, panelId);
    this.#updateInterest(windowId);
    this.#touch();
  }

  broadcast(windowId: string, panelId: string, context: LinkContext): { delivered: number } {
    this.#boundPanel(windowId, panelId);
    const sent = this.#links.broadcast(windowId, panelId, context);
    for (const target of sent.windows) this.#updateInterest(target);
    return { delivered: sent.panels };
  }

  // ─── internals ──────────────────────────────────────────────────────────────────────────

  /** The layout to open at start: the active one, else the newest, else a fresh default. */
  #startLayout(): NamedLayout {
    const { layouts, notices } = this.#library.readAll();
    const pointer = this.#library.activeId();
    const active = layouts.find((l) => l.id === pointer);
    const bad = notices.find((n) => n.id === pointer);
    // The notice about what is on screen first, then any other layout that had to be put aside.
    if (bad) this.#notices.push({ ...bad.notice, message: `${bad.notice.message} The default layout is shown.` });
    for (const n of notices) if (n !== bad) this.#notices.push(n.notice);
    if (active) return active;
    if (!bad && layouts[0]) {
      this.#library.activate(layouts[0].id);
      return layouts[0];
    }
    return this.#createDefault(layouts.map((l) => l.name));
  }

  #createDefault(takenNames: readonly string[]): NamedLayout {
    const taken = new Set(takenNames.map((n) => n.toLowerCase()));
    let name = DEFAULT_LAYOUT_NAME;
    for (let n = 2; taken.has(name.toLowerCase()); n++) name = `${DEFAULT_LAYOUT_NAME} ${n}`;
    const now = this.#now();
    const layout: NamedLayout = {
      schemaVersion: LAYOUT_SCHEMA_VERSION,
      id: this.#newId(),
      name,
      createdAt: now,
      updatedAt: now,
      variants: [
        {
          monitorSet: monitorSetKey(this.#displays),
          displays: this.#displays,
          windows: defaultWindows(),
          savedAt: now,
        },
      ],
    };
    this.#library.write(layout, { activate: true });
    return layout;
  }

  #activate(layout: NamedLayout, reason: LayoutChangeReason): void {
    this.#active = layout;
    this.#library.activate(layout.id);
    this.#dirty = false;
    const picked = pickVariant(layout.variants, this.#displays)!;
    this.#windows = structuredClone(picked.variant.windows);
    this.#variant = picked.how;
    for (const [windowId, live] of [...this.#live]) {
      if (live.key === null) continue;
      const win = this.#window(live.key);
      if (win) {
        this.#applyWindow(windowId, win, { resend: true });
        if (this.#host) {
          const placement = this.#place(win);
          this.#applyPlacement(win.key, placement);
          this.#host.move(windowId, placement);
        }
      } else {
        this.#unbind(windowId);
        this.#host?.close(windowId);
      }
    }
    if (this.#host) {
      for (const win of [...this.#windows].sort((a, b) => b.z - a.z)) {
        if (this.#byKey.has(win.key)) continue;
        const placement = this.#place(win);
        this.#applyPlacement(win.key, placement);
        this.#host.open(this.#window(win.key)!, placement);
      }
    }
    this.#notifyAll(reason);
  }

  /** Filter, links and interest of a bound window from its layout entry. */
  #applyWindow(windowId: string, win: WindowLayout, opts: { resend: boolean }): void {
    const live = this.#live.get(windowId);
    if (!live) return;
    const topics = topicsForWindow(win);
    const before = live.topics;
    live.topics = win.role === 'main' ? null : topics;
    this.#hub.setFilter(windowId, live.topics ? topicFilter(live.topics) : null);
    this.#links.leaveWindow(windowId);
    for (const p of win.panels) {
      if (p.link) this.#links.join({ windowId, windowKey: win.key, panelId: p.id, kind: p.kind }, p.link);
    }
    live.listTokens = this.#watchlistTokens(win);
    live.listTouch = win.panels.some(
      (p) => p.kind === 'watchlist' && p.columns.some((c) => c === 'bid' || c === 'ask'),
    );
    this.#updateInterest(windowId);
    // A window that now shows more (an orders panel added) gets the state it was not sent.
    const grew = before !== null && (live.topics === null || live.topics.some((t) => !before.includes(t)));
    if (opts.resend && grew && this.#opts.snapshot && this.#hub.has(windowId)) {
      this.#hub.toWindow(windowId, 'state.snapshot', this.#opts.snapshot());
    }
  }

  #watchlistTokens(win: WindowLayout): number[] {
    const lists = new Set<string>();
    for (const p of win.panels) if (p.kind === 'watchlist' && p.watchlistId) lists.add(p.watchlistId);
    if (lists.size === 0) return [];
    const tokens = new Set<number>();
    for (const item of this.#opts.cache.all('watchlistItem')) {
      if (lists.has(item.watchlistId) && item.token !== null) tokens.add(item.token);
    }
    return [...tokens];
  }

  /** The window's panel interest: its watchlists' instruments and what its following panels are linked to. */
  #updateInterest(windowId: string): void {
    const live = this.#live.get(windowId);
    if (!live || !this.#opts.market) return;
    const tokens = new Set(live.listTokens);
    for (const f of this.#links.followedBy(windowId)) if (f.context) tokens.add(f.context.id.token);
    live.interest = tokens.size;
    this.#opts.market.setSystemInterest(
      interestKey(windowId),
      [...tokens].sort((a, b) => a - b),
    );
    // Bid and ask come only in `full` mode (the base mode is cheaper): only where a column shows them.
    this.#opts.market.setFullMode?.(interestKey(windowId), live.listTouch ? live.listTokens : []);
  }

  #attached(windowId: string): void {
    const live = this.#live.get(windowId);
    if (!live?.key) return;
    this.#links.replay(windowId);
    this.#notifyAll('windows', windowId);
  }

  #detached(windowId: string): void {
    if (!this.#live.has(windowId)) return;
    const wasBound = this.#live.get(windowId)!.key !== null;
    this.#unbind(windowId);
    this.#live.delete(windowId);
    if (wasBound && !this.#quitting && !this.#stopped) this.#notifyAll('windows');
  }

  /** Releases what a live window held: its key, links and panel interest (the layout keeps it). */
  #unbind(windowId: string): void {
    const live = this.#live.get(windowId);
    if (!live) return;
    if (live.key !== null && this.#byKey.get(live.key) === windowId) this.#byKey.delete(live.key);
    live.key = null;
    live.listTokens = [];
    live.listTouch = false;
    this.#links.leaveWindow(windowId);
    this.#opts.market?.setSystemInterest(interestKey(windowId), []);
    this.#opts.market?.setFullMode?.(interestKey(windowId), []);
    live.interest = 0;
  }

  #notifyAll(reason: LayoutChangeReason, except?: string): void {
    if (this.#stopped) return;
    for (const windowId of this.#hub.windows()) {
      if (windowId === except) continue;
      this.#hub.toWindow(windowId, 'layout.changed', { reason, state: this.state(windowId) });
    }
    for (const listener of [...this.#changeListeners]) listener(reason);
  }

  #touch(): void {
    if (this.#stopped) return;
    this.#dirty = true;
    if (this.#timer) return;
    this.#timer = setTimeout(() => {
      this.#timer = null;
      this.flush();
    }, this.#saveDelayMs);
    this.#timer.unref?.();
  }

  #currentVariant(now: number): LayoutVariant {
    return {
      monitorSet: monitorSetKey(this.#displays),
      displays: this.#displays,
      windows: this.#windows,
      savedAt: now,
    };
  }

  #place(win: WindowLayout): Placement {
    return placeWindow(win, this.#displays, { defaultSize: DEFAULT_WINDOW_SIZE[win.role] });
  }

  #applyPlacement(key: string, placement: Placement): void {
    const display = this.#displays.find((d) => d.id === placement.displayId) ?? null;
    this.#windows = this.#windows.map((w) =>
      w.key === key ? { ...w, bounds: placement.bounds, mode: placement.mode, display } : w,
    );
  }

  /**
   * Takes a detached window out of the layout and gives its panels back to the main window (a
   * trader who closes a detached watchlist expects it back where it came from, not gone). A
   * one-per-window kind the main window already shows, or a panel past the window's limit, is
   * dropped; the main window, if live, gets its new filter, links and interest at once.
   */
  #removeWindow(key: string): void {
    const leaving = this.#window(key);
    if (!leaving) return;
    const main = this.#windows.find((w) => w.role === 'main')!;
    const kinds = new Set(main.panels.map((p) => p.kind));
    const back: Panel[] = [];
    for (const p of leaving.panels) {
      if (main.panels.length + back.length >= MAX_PANELS_PER_WINDOW) break;
      if (PANEL_TRAITS[p.kind].onePerWindow && kinds.has(p.kind)) continue;
      kinds.add(p.kind);
      back.push(p);
    }
    this.#windows = this.#windows
      .filter((w) => w.key !== key)
      .map((w) => (w.key === main.key ? { ...w, panels: [...w.panels, ...back] } : w));
    const mainId = this.#byKey.get(main.key);
    if (mainId !== undefined && back.length > 0) this.#applyWindow(mainId, this.#window(main.key)!, { resend: true });
  }

  #window(key: string): WindowLayout | undefined {
    return this.#windows.find((w) => w.key === key);
  }

  #boundKey(windowId: string): string {
    const key = this.keyOf(windowId);
    if (key === null) {
      throw new TradedeskError(
        'not_found',
        'This window is not part of the layout (it was opened without a layout window key)',
      );
    }
    return key;
  }

  #boundPanel(windowId: string, panelId: string): { key: string; panel: Panel } {
    const key = this.#boundKey(windowId);
    const panel = this.#window(key)!.panels.find((p) => p.id === panelId);
    if (!panel) throw new TradedeskError('not_found', `This window has no panel ${panelId}`);
    return { key, panel };
  }

  #setLink(key: string, panelId: string, link: LinkChannelId | null): void {
    this.#windows = this.#windows.map((w) =>
      w.key === key ? { ...w, panels: w.panels.map((p) => (p.id === panelId ? { ...p, link } : p)) } : w,
    );
  }

  #mustRead(id: string): NamedLayout {
    const found = this.#library.read(id);
    if (found === null) throw new TradedeskError('not_found', `There is no layout ${id}`);
    if (!found.ok) {
      this.#notices.unshift(found.notice);
      throw new TradedeskError('not_found', found.notice.message, { asideId: found.notice.asideId });
    }
    return found.layout;
  }

  #assertNameFree(name: string, exceptId: string | null): void {
    const wanted = name.trim().toLowerCase();
    const names = [this.#active, ...this.#library.readAll().layouts]
      .filter((l) => l.id !== exceptId)
      .map((l) => l.name.toLowerCase());
    if (names.includes(wanted)) throw new TradedeskError('duplicate_name', `A layout named “${name}” already exists`);
  }

  #summary(layout: NamedLayout): LayoutSummary {
    const key = monitorSetKey(this.#displays);
    return {
      id: layout.id,
      name: layout.name,
      updatedAt: layout.updatedAt,
      monitorSets: layout.variants.map((v) => v.monitorSet),
      matchesDisplays: layout.variants.some((v) => v.monitorSet === key),
      active: layout.id === this.#active.id,
    };
  }
}

function interestKey(windowId: string): string {
  return `panels:${windowId}`;
}

/** Replaces (or adds) the variant for its monitor set; beyond MAX_VARIANTS the least recently saved goes. */
function withVariant(variants: readonly LayoutVariant[], variant: LayoutVariant): LayoutVariant[] {
  const others = variants.filter((v) => v.monitorSet !== variant.monitorSet);
  const kept = [...others].sort((a, b) => b.savedAt - a.savedAt).slice(0, MAX_VARIANTS - 1);
  return [...variants.filter((v) => kept.includes(v)), variant];
}
