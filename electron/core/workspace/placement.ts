import { type Display, intersection, type Rect, sameRect, type WindowMode } from '../../../src/shared/layout';

/**
 * Where a saved window goes on the displays present: one pure function, so every case is a
 * unit test with an expected rectangle and the Electron glue only applies the answer.
 *
 * Precedents: VS Code's window-state validation (reject unusable sizes, keep at least 128 px of a
 * window on a display's work area, reopen fullscreen on the saved display id; otherwise fall back
 * to a default), Signal (a window counts as visible only with 100 px on some display), Actual
 * (shrink a window whose display got smaller). Beyond them: a display whose resolution or scale
 * changed keeps the arrangement proportionally (windows side by side stay side by side), windows
 * from a removed display keep their size and relative position on the primary display instead of
 * all landing in one corner, and maximized windows are placed on the display they belong to
 * before they are maximized.
 *
 * All rectangles are DIP (Electron's `getBounds()` units), rounded to whole pixels.
 */

/** Height of the strip at a window's top edge that must be on a work area to drag it. */
export const TITLE_BAR_HEIGHT = 32;
/** Width of that strip that must be visible (VS Code keeps 128 px; Signal 100). */
export const MIN_GRAB_WIDTH = 128;

export interface SavedPlacement {
  /** Normal (un-maximized) bounds when saved; null or unusable (zero, negative size): default. */
  bounds: Rect | null;
  mode: WindowMode;
  /** The display it was on when saved. */
  display: Display | null;
}

export interface PlacementOptions {
  /** Size for a window without usable saved bounds (clamped to the work area), DIP. */
  defaultSize: { width: number; height: number };
}

export type PlacementAdjustment =
  /** Restored exactly as saved. */
  | 'none'
  /** Shrunk to fit its display's work area (and moved only as far as that needed). */
  | 'resized'
  /** Its title bar was not reachable: moved fully onto its display. */
  | 'moved'
  /** Its display changed resolution or scale: scaled with it. */
  | 'rescaled'
  /** Its display is gone: moved to the primary display. */
  | 'rescued'
  /** No usable saved bounds: default size, centred. */
  | 'default';

export interface Placement {
  /** Normal bounds to create (or move) the window with. */
  bounds: Rect;
  /** Maximized / full-screen windows are shown with this mode after being placed at `bounds`. */
  mode: WindowMode;
  /** The display `bounds` lie on (null: no display known). */
  displayId: string | null;
  adjusted: PlacementAdjustment;
}

/** How the saved display relates to the displays present. */
type Match =
  | { how: 'same'; display: Display }
  | { how: 'changed'; display: Display; saved: Display }
  | { how: 'overlap'; display: Display }
  | { how: 'removed'; display: Display };

/**
 * Decides where a saved window goes. The target display is, in order: the saved display (same
 * id, same geometry and scale), a display with exactly the saved geometry (ids change across
 * reboots), the saved display id with new geometry (resolution / scale changed), the display
 * the saved bounds overlap most, else the primary display. Then:
 * - unusable size → default size centred on the target;
 * - same display / overlap → as saved, shrunk if larger than the work area, moved fully onto
 *   the target if the title bar is not reachable on any display;
 * - changed display → position and size scaled by the work area's change;
 * - removed display → same size (shrunk if needed), same relative position, on the primary;
 * - maximized / full screen → normal bounds fully inside the target, so maximizing lands on it.
 * With no display at all (headless), saved bounds are returned as they are.
 */
export function placeWindow(saved: SavedPlacement, displays: readonly Display[], opts: PlacementOptions): Placement {
  const usable = saved.bounds !== null && isUsable(saved.bounds) ? round(saved.bounds) : null;
  if (displays.length === 0) {
    return {
      bounds: usable ?? {
        x: 0,
        y: 0,
        width: Math.round(opts.defaultSize.width),
        height: Math.round(opts.defaultSize.height),
      },
      mode: saved.mode,
      displayId: null,
      adjusted: usable ? 'none' : 'default',
    };
  }
  const match = findDisplay(saved, usable, displays);
  const wa = match.display.workArea;
  const mode = saved.mode;
  const displayId = match.display.id;

  if (!usable) {
    const width = Math.min(Math.round(opts.defaultSize.width), wa.width);
    const height = Math.min(Math.round(opts.defaultSize.height), wa.height);
    const bounds = round({ x: wa.x + (wa.width - width) / 2, y: wa.y + (wa.height - height) / 2, width, height });
    return { bounds, mode, displayId, adjusted: 'default' };
  }

  if (match.how === 'changed') {
    const from = match.saved.workArea;
    const sx = wa.width / from.width;
    const sy = wa.height / from.height;
    const scaled = round({
      x: wa.x + (usable.x - from.x) * sx,
      y: wa.y + (usable.y - from.y) * sy,
      width: usable.width * sx,
      height: usable.height * sy,
    });
    return { bounds: fitInside(scaled, wa), mode, displayId, adjusted: 'rescaled' };
  }

  if (match.how === 'removed') {
    const from = saved.display?.workArea ?? null;
    const width = Math.min(usable.width, wa.width);
    const height = Math.min(usable.height, wa.height);
    // The window's centre keeps its relative position (0..1 across the old work area).
    const cx = from ? (usable.x + usable.width / 2 - from.x) / from.width : 0.5;
    const cy = from ? (usable.y + usable.height / 2 - from.y) / from.height : 0.5;
    const moved = round({ x: wa.x + cx * wa.width - width / 2, y: wa.y + cy * wa.height - height / 2, width, height });
    return { bounds: fitInside(moved, wa), mode, displayId, adjusted: 'rescued' };
  }

  // Same display, or a display the window still overlaps.
  if (usable.width > wa.width || usable.height > wa.height) {
    return { bounds: fitInside(usable, wa), mode, displayId, adjusted: 'resized' };
  }
  if (mode !== 'normal') {
    // Maximizing happens on the display holding the window: keep the normal bounds on this one.
    const inside = fitInside(usable, wa);
    return { bounds: inside, mode, displayId, adjusted: sameRect(inside, usable) ? 'none' : 'moved' };
  }
  if (titleBarReachable(usable, displays)) return { bounds: usable, mode, displayId, adjusted: 'none' };
  return { bounds: fitInside(usable, wa), mode, displayId, adjusted: 'moved' };
}

function findDisplay(saved: SavedPlacement, bounds: Rect | null, displays: readonly Display[]): Match {
  const primary = displays.find((d) => d.primary) ?? displays[0]!;
  const was = saved.display;
  if (was) {
    const sameGeometry = (d: Display) =>
      sameRect(d.bounds, was.bounds) && sameRect(d.workArea, was.workArea) && d.scaleFactor === was.scaleFactor;
    const same = displays.find((d) => d.id === was.id && sameGeometry(d)) ?? displays.find(sameGeometry);
    if (same) return { how: 'same', display: same };
    const sameId = displays.find((d) => d.id === was.id);
    if (sameId) {
      // Only the work area moved (a task bar appeared): not a resolution change.
      if (sameRect(sameId.bounds, was.bounds) && sameId.scaleFactor === was.scaleFactor)
        return { how: 'same', display: sameId };
      return { how: 'changed', display: sameId, saved: was };
    }
  }
  if (bounds) {
    let best: Display | null = null;
    let bestArea = 0;
    for (const d of displays) {
      const overlap = intersection(bounds, d.workArea);
      const a = overlap ? overlap.width * overlap.height : 0;
      if (a > bestArea) {
        best = d;
        bestArea = a;
      }
    }
    if (best) return { how: 'overlap', display: best };
  }
  return { how: 'removed', display: primary };
}

/**
 * The strip along the window's top edge (where the title bar is) lies on some display's work
 * area, full height, at least `MIN_GRAB_WIDTH` wide (or the window's width if narrower).
 */
export function titleBarReachable(bounds: Rect, displays: readonly Display[]): boolean {
  const strip = { x: bounds.x, y: bounds.y, width: bounds.width, height: TITLE_BAR_HEIGHT };
  const need = Math.min(MIN_GRAB_WIDTH, bounds.width);
  return displays.some((d) => {
    const seen = intersection(strip, d.workArea);
    return seen !== null && seen.height >= TITLE_BAR_HEIGHT && seen.width >= need;
  });
}

/** Shrinks `r` to fit `area` and moves it the least distance to lie fully inside. */
export function fitInside(r: Rect, area: Rect): Rect {
  const width = Math.min(r.width, area.width);
  const height = Math.min(r.height, area.height);
  const x = Math.min(Math.max(r.x, area.x), area.x + area.width - width);
  const y = Math.min(Math.max(r.y, area.y), area.y + area.height - height);
  return round({ x, y, width, height });
}

function isUsable(r: Rect): boolean {
  return [r.x, r.y, r.width, r.height].every(Number.isFinite) && r.width >= 1 && r.height >= 1;
}

function round(r: Rect): Rect {
  return { x: Math.round(r.x), y: Math.round(r.y), width: Math.round(r.width), height: Math.round(r.height) };
}

/** A live window as the host sees it now. */
export interface LiveWindowGeometry {
  key: string;
  /** Its current normal bounds. */
  bounds: Rect;
  mode: WindowMode;
  /** The display it was on before the change (null: unknown). */
  display: Display | null;
}

export interface WindowMove {
  key: string;
  placement: Placement;
}

/**
 * The displays changed while the app runs (one removed, resolution or scale changed, one
 * added). Returns only the windows to move:
 * - if the layout has an arrangement saved for exactly the new monitor set (`variant`, e.g.
 *   "office" when the laptop is docked again), each of its windows goes back where it was there;
 * - otherwise a window whose display is gone or changed is re-placed as at start (rescued to
 *   the primary display, or scaled with its display), and a window whose title bar is no longer
 *   reachable is moved onto a display. Windows that are fine stay put.
 */
export function placeAfterDisplayChange(
  windows: readonly LiveWindowGeometry[],
  displays: readonly Display[],
  variant: ReadonlyMap<string, SavedPlacement> | null,
  opts: PlacementOptions,
): WindowMove[] {
  if (displays.length === 0) return [];
  const moves: WindowMove[] = [];
  for (const w of windows) {
    const home = variant?.get(w.key);
    let placement: Placement;
    if (home) {
      placement = placeWindow(home, displays, opts);
    } else {
      const stillThere =
        w.display !== null &&
        displays.some(
          (d) =>
            d.id === w.display!.id && sameRect(d.bounds, w.display!.bounds) && d.scaleFactor === w.display!.scaleFactor,
        );
      if (stillThere && (w.mode !== 'normal' || titleBarReachable(w.bounds, displays))) continue;
      placement = placeWindow({ bounds: w.bounds, mode: w.mode, display: w.display }, displays, opts);
    }
    if (placement.mode === w.mode && sameRect(placement.bounds, w.bounds)) continue;
    moves.push({ key: w.key, placement });
  }
  return moves;
}
