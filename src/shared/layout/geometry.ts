import { z } from 'zod';

/**
 * Screen geometry as Electron reports it: device-independent pixels (DIP), origin at the top-left
 * of the primary display, so a display left of or above the primary has negative coordinates.
 * Stored values are accepted as any finite numbers: deciding whether a saved rectangle is still
 * usable (zero size, off every screen) is the placement function's job, not the parser's — one
 * odd window must not make a whole layout unreadable.
 */
const Coord = z.number().finite().min(-1_000_000).max(1_000_000);

export const Rect = z.object({ x: Coord, y: Coord, width: Coord, height: Coord }).strict();
export type Rect = z.infer<typeof Rect>;

/**
 * One display: `bounds` is the whole screen, `workArea` what is left after task bars and docks
 * (where windows may go); `scaleFactor` is device pixels per DIP (1, 1.25, 2…). `id` is the
 * host's display id as a string (Electron's numeric `Display.id`); ids are not stable across
 * reboots on every platform, so matching falls back to geometry.
 */
export const Display = z
  .object({
    id: z.string().min(1).max(64),
    bounds: Rect,
    workArea: Rect,
    scaleFactor: z.number().finite().positive().max(16),
    primary: z.boolean(),
  })
  .strict();
export type Display = z.infer<typeof Display>;

export const Displays = z.array(Display).max(16);

export function intersection(a: Rect, b: Rect): Rect | null {
  const x = Math.max(a.x, b.x);
  const y = Math.max(a.y, b.y);
  const right = Math.min(a.x + a.width, b.x + b.width);
  const bottom = Math.min(a.y + a.height, b.y + b.height);
  if (right <= x || bottom <= y) return null;
  return { x, y, width: right - x, height: bottom - y };
}

export function area(r: Rect | null): number {
  return r ? r.width * r.height : 0;
}

export function sameRect(a: Rect, b: Rect): boolean {
  return a.x === b.x && a.y === b.y && a.width === b.width && a.height === b.height;
}
