import { z } from 'zod';
import { EpochMs } from '../domain/primitives';
import { Display, Displays, Rect } from './geometry';
import { DEFAULT_WATCHLIST_COLUMNS, PANEL_TRAITS, Panel } from './panels';

/**
 * The layout document: which windows exist, what each shows, where it was, and how its panels
 * are linked. Stored as one JSON record per named layout in the cache's `layouts` table and
 * parsed with these schemas on every read (records can be corrupt, hand-edited, or written by
 * another build). Every record carries `schemaVersion`; older records are migrated up by
 * migrations.ts, newer ones are refused (kept aside, never overwritten).
 */
export const LAYOUT_SCHEMA_VERSION = 2;

/** Stable name of a window within a layout; `main` is the main window. URL- and id-safe. */
export const WindowKey = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'letters, digits, _ and - only (1–64)');
export type WindowKey = z.infer<typeof WindowKey>;
export const MAIN_WINDOW_KEY = 'main';

export const WindowMode = z.enum(['normal', 'maximized', 'fullscreen']);
export type WindowMode = z.infer<typeof WindowMode>;

export const MAX_WINDOWS = 32;
export const MAX_PANELS_PER_WINDOW = 16;
/** Monitor sets remembered per layout; the least recently saved one is dropped beyond this. */
export const MAX_VARIANTS = 8;

export const WindowLayout = z
  .object({
    key: WindowKey,
    role: z.enum(['main', 'detached']),
    /** In display order. A detached window has at least one. */
    panels: z.array(Panel).max(MAX_PANELS_PER_WINDOW),
    /**
     * The window's normal (restored, un-maximized) bounds in DIP; null when never known (a
     * window first opened by the browser host, which cannot place windows).
     */
    bounds: Rect.nullable(),
    mode: WindowMode,
    /** The display the window was on when saved (placement uses it to find where it belongs). */
    display: Display.nullable(),
    /** Stacking order: 0 is the front-most window. */
    z: z.number().int().min(0).max(1_000),
  })
  .strict();
export type WindowLayout = z.infer<typeof WindowLayout>;

/**
 * Rules a list of windows obeys, wherever it comes from: exactly one main window (key `main`),
 * unique window keys, panel ids unique across all windows (links and detach address panels by
 * id), a detached window shows at least one panel, and a one-per-window kind appears once.
 */
export function windowsProblems(windows: readonly WindowLayout[]): string[] {
  const problems: string[] = [];
  const mains = windows.filter((w) => w.role === 'main');
  if (mains.length !== 1) problems.push(`a layout has exactly one main window (found ${mains.length})`);
  if (mains.length === 1 && mains[0]!.key !== MAIN_WINDOW_KEY) problems.push(`the main window's key is "main"`);
  const keys = new Set<string>();
  const panelIds = new Set<string>();
  for (const w of windows) {
    if (keys.has(w.key)) problems.push(`window key "${w.key}" is used twice`);
    keys.add(w.key);
    if (w.role === 'detached' && w.panels.length === 0) problems.push(`detached window "${w.key}" shows no panel`);
    const kinds = new Set<string>();
    for (const p of w.panels) {
      if (panelIds.has(p.id)) problems.push(`panel id "${p.id}" is used twice`);
      panelIds.add(p.id);
      if (PANEL_TRAITS[p.kind].onePerWindow && kinds.has(p.kind))
        problems.push(`window "${w.key}" has two ${p.kind} panels`);
      kinds.add(p.kind);
    }
  }
  return problems;
}

export const WindowLayouts = z
  .array(WindowLayout)
  .min(1)
  .max(MAX_WINDOWS)
  .superRefine((windows, ctx) => {
    for (const message of windowsProblems(windows)) ctx.addIssue({ code: 'custom', message });
  });

/** One arrangement of a layout, for one monitor set (see monitor-set.ts). */
export const LayoutVariant = z
  .object({
    /** `monitorSetKey(displays)` when saved. */
    monitorSet: z.string().min(1).max(2_048),
    displays: Displays,
    windows: WindowLayouts,
    savedAt: EpochMs,
  })
  .strict();
export type LayoutVariant = z.infer<typeof LayoutVariant>;

export const LayoutId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'letters, digits, _ and - only (1–64)');
export type LayoutId = z.infer<typeof LayoutId>;
/** Shown in the Layouts menu; unique per installation, compared without case. */
export const LayoutName = z.string().trim().min(1).max(64);

/** A named layout as stored: one record of the `layouts` table. */
export const NamedLayout = z
  .object({
    schemaVersion: z.literal(LAYOUT_SCHEMA_VERSION),
    id: LayoutId,
    name: LayoutName,
    createdAt: EpochMs,
    updatedAt: EpochMs,
    variants: z
      .array(LayoutVariant)
      .min(1)
      .max(MAX_VARIANTS)
      .refine((vs) => new Set(vs.map((v) => v.monitorSet)).size === vs.length, {
        message: 'two variants for the same monitor set',
      }),
  })
  .strict();
export type NamedLayout = z.infer<typeof NamedLayout>;

/**
 * The arrangement of a first start (and of a layout that could not be read): the one-window
 * terminal as it has always looked — watchlist, positions, orders, account and event log in the
 * main window, placed by the host.
 */
export function defaultWindows(): WindowLayout[] {
  return [
    {
      key: MAIN_WINDOW_KEY,
      role: 'main',
      panels: [
        {
          id: 'watchlist-1',
          kind: 'watchlist',
          link: null,
          watchlistId: null,
          columns: [...DEFAULT_WATCHLIST_COLUMNS],
          sort: null,
        },
        { id: 'positions-1', kind: 'positions', link: null, showClosed: false, sort: null },
        { id: 'orders-1', kind: 'orders', link: null, filter: 'all' },
        { id: 'account-1', kind: 'account', link: null },
        { id: 'events-1', kind: 'events', link: null },
      ],
      bounds: null,
      mode: 'normal',
      display: null,
      z: 0,
    },
  ];
}

/** The name the first-start layout gets. */
export const DEFAULT_LAYOUT_NAME = 'Default';
