/**
 * The tick flash, without animations: a cell gets `data-flash="up|down"` (a background tint)
 * when its price changes, and one shared sweep clears tints older than FLASH_MS straight on the
 * DOM. An animated fade per cell made Chromium restyle and re-layerize every frame at 3,000
 * ticks/s (tests/bench/renderer.ts); an attribute set and cleared costs one style invalidation
 * of that cell each time, riding on the repaint the new digits need anyway.
 */
const FLASH_MS = 450;
const SWEEP_MS = 100;
const lit = new Map<Element, number>();
let sweeping: ReturnType<typeof setTimeout> | null = null;

function sweep(): void {
  const now = performance.now();
  for (const [el, until] of lit) {
    if (until > now) continue;
    el.removeAttribute('data-flash');
    lit.delete(el);
  }
  sweeping = lit.size > 0 ? setTimeout(sweep, SWEEP_MS) : null;
}

export function flash(el: Element, direction: 'up' | 'down'): void {
  el.setAttribute('data-flash', direction);
  lit.set(el, performance.now() + FLASH_MS);
  sweeping ??= setTimeout(sweep, SWEEP_MS);
}
