import type { Display } from './geometry';

/**
 * A monitor set is the arrangement of displays present: "home" (one laptop screen) and
 * "office" (three monitors) are two sets, and a named layout keeps one variant per set.
 *
 * The key is built from geometry and scale, not display ids (ids change across reboots and
 * docks on some platforms): each display as `<width>x<height>+<x>+<y>@<scale>` from its
 * `bounds` (not the work area, so a task bar moving does not make a new set), sorted by
 * position, joined with commas. No display known (the browser host) is the set `none`.
 * Example: `1920x1080+0+0@1,2560x1440+1920+0@1.25`.
 */
export function monitorSetKey(displays: readonly Display[]): string {
  if (displays.length === 0) return 'none';
  return [...displays]
    .sort((a, b) => a.bounds.x - b.bounds.x || a.bounds.y - b.bounds.y)
    .map((d) => {
      const { x, y, width, height } = d.bounds;
      const scale = Math.round(d.scaleFactor * 100) / 100;
      return `${Math.round(width)}x${Math.round(height)}${signed(x)}${signed(y)}@${scale}`;
    })
    .join(',');
}

function signed(n: number): string {
  const r = Math.round(n);
  return r < 0 ? `${r}` : `+${r}`;
}

/** Per display left unmatched (one set has more displays than the other). */
const MISSING_DISPLAY_COST = 100_000;
/** Per 0.25 of scale-factor difference between matched displays. */
const SCALE_COST = 500;

/**
 * How far apart two monitor sets are (0: the same). Each display of the smaller set is paired
 * greedily with the closest unpaired display of the other (by position and size); the cost is
 * the pixel distance of the pairs plus a penalty per scale step and a large penalty per
 * display with no partner, so a set with the same number of displays is always nearer than one
 * with a different number. Used to pick the nearest saved variant when none matches exactly.
 */
export function monitorSetDistance(a: readonly Display[], b: readonly Display[]): number {
  const [small, large] = a.length <= b.length ? [a, b] : [b, a];
  const free = [...large];
  let cost = (large.length - small.length) * MISSING_DISPLAY_COST;
  for (const d of small) {
    let best = -1;
    let bestCost = Infinity;
    free.forEach((other, i) => {
      const c = pairCost(d, other);
      if (c < bestCost) {
        bestCost = c;
        best = i;
      }
    });
    if (best >= 0) {
      cost += bestCost;
      free.splice(best, 1);
    }
  }
  return cost;
}

function pairCost(a: Display, b: Display): number {
  const geometry =
    Math.abs(a.bounds.x - b.bounds.x) +
    Math.abs(a.bounds.y - b.bounds.y) +
    Math.abs(a.bounds.width - b.bounds.width) +
    Math.abs(a.bounds.height - b.bounds.height);
  return geometry + (Math.abs(a.scaleFactor - b.scaleFactor) / 0.25) * SCALE_COST;
}

/**
 * The variant to restore for the displays present: the one saved for exactly this monitor set,
 * else the nearest (ties: the most recently saved). An arrangement saved where no display was
 * known (the browser host, or a first start before the host reported its displays) carries no
 * geometry, so it is the nearest for real displays only when nothing else exists. `how` says
 * which, so the UI can say "arranged for another set of monitors".
 */
export function pickVariant<V extends { monitorSet: string; displays: readonly Display[]; savedAt: number }>(
  variants: readonly V[],
  displays: readonly Display[],
): { variant: V; how: 'exact' | 'nearest' } | null {
  const key = monitorSetKey(displays);
  const exact = variants.find((v) => v.monitorSet === key);
  if (exact) return { variant: exact, how: 'exact' };
  const placed = variants.filter((v) => v.displays.length > 0);
  const candidates = displays.length > 0 && placed.length > 0 ? placed : variants;
  let best: V | null = null;
  let bestCost = Infinity;
  for (const v of candidates) {
    const c = monitorSetDistance(v.displays, displays);
    if (c < bestCost || (c === bestCost && best !== null && v.savedAt > best.savedAt)) {
      best = v;
      bestCost = c;
    }
  }
  return best ? { variant: best, how: 'nearest' } : null;
}
