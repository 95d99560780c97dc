import type { LayoutState, LinkContextPush } from '../../../shared/contract';
import {
  defaultWindows,
  MAIN_WINDOW_KEY,
  PANEL_TRAITS,
  WindowKey,
  type Panel,
  type PanelKind,
  type WindowLayout,
} from '../../../shared/layout';
import { decideFollow, type LinkChannelId, type LinkContext } from '../../../shared/link';
import type { SliceCreator } from '../store';

/**
 * The workspace slice: which layout window this page is, the layout as main last told it, and
 * what linking put into this window's destination panels. Main owns the layout (saved in the
 * cache); this slice is the window's copy of it, replaced by every `layout.get` answer and
 * `layout.changed` push and edited optimistically where a call of ours changed it (a link
 * colour, a panel's settings). See docs/ARCHITECTURE.md "Windows, layouts and links".
 */
export interface WorkspaceState {
  /** This page's layout window key (`?window=<key>`; the main window when absent). */
  key: string;
  /** The active layout as this window sees it; null until main answered `layout.get`. */
  layout: LayoutState | null;
  /** The instrument each destination panel of this window shows (set by a link or a join). */
  linked: Record<string, LinkContext>;
  /** Destination panels the trader has edited by hand: a link never retargets them. */
  edited: Record<string, boolean>;
  /**
   * What an edited panel was sent and did not take ("INFY from Red — switch?"): the trader
   * chooses. One per panel, the latest.
   */
  offers: Record<string, { context: LinkContext; channel: LinkChannelId }>;
}

export interface WorkspaceActions {
  setLayout(state: LayoutState): void;
  /** Applies a `link.context` push to the panels it names (decideFollow: same, edited, follow). */
  linkContext(push: LinkContextPush): void;
  /** A panel of this window now shows `context` (a join's answer, an accepted offer). */
  showInPanel(panelId: string, context: LinkContext): void;
  setEdited(panelId: string, edited: boolean): void;
  dropOffer(panelId: string): void;
  /** Optimistic copy of a change this window asked main for (link colour, settings, panels). */
  setOwnPanels(panels: Panel[]): void;
}

export type WorkspaceSlice = { workspace: WorkspaceState } & WorkspaceActions;

/** The key in a page's query (`?window=…`), or the main window's when absent or malformed. */
export function windowKeyFrom(search: string): string {
  const parsed = WindowKey.safeParse(new URLSearchParams(search).get('window'));
  return parsed.success ? parsed.data : MAIN_WINDOW_KEY;
}

export function initialWorkspaceState(key: string = MAIN_WINDOW_KEY): WorkspaceState {
  return { key, layout: null, linked: {}, edited: {}, offers: {} };
}

/** This window's entry of the layout (null before the first `layout.get`, or once it left the layout). */
export function ownWindow(ws: WorkspaceState): WindowLayout | null {
  return ws.layout?.windows.find((w) => w.key === ws.key) ?? null;
}

/**
 * The panels this window shows. Until main has answered, the main window draws the one-window
 * terminal it always was (so the first paint is not empty) and a detached window nothing.
 */
export function ownPanels(ws: WorkspaceState): readonly Panel[] {
  const own = ownWindow(ws);
  if (own) return own.panels;
  return ws.layout === null && ws.key === MAIN_WINDOW_KEY ? FIRST_PAINT : [];
}

const FIRST_PAINT: readonly Panel[] = defaultWindows()[0]!.panels;

/** Whether this window shows a panel of `kind` (the default terminal's set before the layout is known). */
export function showsKind(ws: WorkspaceState, kind: PanelKind): boolean {
  return ownPanels(ws).some((p) => p.kind === kind);
}

/** Detached windows of the layout that no page has open: what `Restore N windows` brings back. */
export function restorableWindows(ws: WorkspaceState): WindowLayout[] {
  const layout = ws.layout;
  if (!layout) return [];
  const open = new Set(layout.open);
  return layout.windows.filter((w) => w.role === 'detached' && !open.has(w.key));
}

/**
 * What happened to this window in the layout main sent: `present` (it is in the layout and
 * bound to this page), `elsewhere` (in the layout, but another page holds its key — a second
 * tab of the same window), `removed` (no longer in the layout: closed or returned, or a layout
 * switch left it out; a page the app opened closes itself).
 */
export function windowPresence(ws: WorkspaceState): 'unknown' | 'present' | 'elsewhere' | 'removed' {
  const layout = ws.layout;
  if (!layout) return 'unknown';
  if (!layout.windows.some((w) => w.key === ws.key)) return 'removed';
  return layout.self === ws.key ? 'present' : 'elsewhere';
}

/** A panel's name for people: "watchlist NIFTY 50", "positions", "order ticket", "chart RELIANCE". */
export function panelName(panel: Panel, watchlistName?: string | null): string {
  const title = PANEL_TRAITS[panel.kind].title.toLowerCase();
  if (panel.kind === 'watchlist' && watchlistName) return `${title} ${watchlistName}`;
  if ((panel.kind === 'chart' || panel.kind === 'depth') && panel.instrument)
    return `${title} ${panel.instrument.symbol}`;
  return title;
}

export const createWorkspaceSlice =
  (key: string): SliceCreator<WorkspaceSlice> =>
  (set) => ({
    workspace: initialWorkspaceState(key),
    setLayout: (layout) =>
      set((s) => {
        // Panels that left this window take their link state with them.
        const ids = new Set(layout.windows.find((w) => w.key === s.workspace.key)?.panels.map((p) => p.id) ?? []);
        const keep = <T>(r: Record<string, T>) => Object.fromEntries(Object.entries(r).filter(([id]) => ids.has(id)));
        return {
          workspace: {
            ...s.workspace,
            layout,
            linked: keep(s.workspace.linked),
            edited: keep(s.workspace.edited),
            offers: keep(s.workspace.offers),
          },
        };
      }),
    linkContext: (push) =>
      set((s) => {
        const ws = s.workspace;
        const panels = ownPanels(ws);
        let linked = ws.linked;
        let offers = ws.offers;
        for (const panelId of push.targets) {
          const panel = panels.find((p) => p.id === panelId);
          // A panel this window no longer shows (main's view was a moment older): nothing to do.
          if (!panel) continue;
          const decision = decideFollow(
            { kind: panel.kind, edited: ws.edited[panelId] === true, current: ws.linked[panelId] ?? null },
            push.context,
          );
          if (decision.follow) {
            linked = { ...linked, [panelId]: push.context };
            if (offers[panelId]) offers = withoutKey(offers, panelId);
          } else if (decision.reason === 'edited') {
            offers = { ...offers, [panelId]: { context: push.context, channel: push.channel } };
          } else if (decision.reason === 'same' && offers[panelId]) {
            offers = withoutKey(offers, panelId);
          }
        }
        return linked === ws.linked && offers === ws.offers ? {} : { workspace: { ...ws, linked, offers } };
      }),
    showInPanel: (panelId, context) =>
      set((s) => ({
        workspace: {
          ...s.workspace,
          linked: { ...s.workspace.linked, [panelId]: context },
          offers: withoutKey(s.workspace.offers, panelId),
        },
      })),
    setEdited: (panelId, edited) =>
      set((s) =>
        (s.workspace.edited[panelId] === true) === edited
          ? {}
          : {
              workspace: {
                ...s.workspace,
                edited: edited ? { ...s.workspace.edited, [panelId]: true } : withoutKey(s.workspace.edited, panelId),
              },
            },
      ),
    dropOffer: (panelId) =>
      set((s) => ({ workspace: { ...s.workspace, offers: withoutKey(s.workspace.offers, panelId) } })),
    setOwnPanels: (panels) =>
      set((s) => {
        const layout = s.workspace.layout;
        if (!layout) return {};
        const windows = layout.windows.map((w) => (w.key === s.workspace.key ? { ...w, panels } : w));
        return { workspace: { ...s.workspace, layout: { ...layout, windows } } };
      }),
  });

function withoutKey<T>(record: Record<string, T>, key: string): Record<string, T> {
  if (!(key in record)) return record;
  const next = { ...record };
  delete next[key];
  return next;
}
