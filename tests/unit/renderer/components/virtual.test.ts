import { describe, expect, it } from 'vitest';
import { virtualWindow } from '../../../../src/renderer/components/virtual';

describe('watchlist virtualization window', () => {
  it('renders the viewport plus overscan, with spacers for the rest', () => {
    // 500 rows of 28px, a 560px viewport scrolled to row 100.
    const w = virtualWindow(500, 28, 2800, 560, 8);
    expect(w.start).toBe(92);
    expect(w.end).toBe(100 + 21 + 8);
    expect(w.padTop).toBe(92 * 28);
    expect(w.padBottom).toBe((500 - w.end) * 28);
    expect(w.padTop + (w.end - w.start) * 28 + w.padBottom).toBe(500 * 28);
  });
  it('clamps at both ends', () => {
    expect(virtualWindow(500, 28, 0, 560, 8)).toMatchObject({ start: 0, padTop: 0 });
    const bottom = virtualWindow(500, 28, 500 * 28, 560, 8);
    expect(bottom.end).toBe(500);
    expect(bottom.padBottom).toBe(0);
    expect(virtualWindow(0, 28, 100, 560)).toEqual({ start: 0, end: 0, padTop: 0, padBottom: 0 });
    expect(virtualWindow(3, 28, 0, 560)).toMatchObject({ start: 0, end: 3, padBottom: 0 });
  });
  it('never renders more than a screenful plus overscan, however long the list', () => {
    const w = virtualWindow(100_000, 28, 1_000_000, 800, 8);
    expect(w.end - w.start).toBeLessThanOrEqual(Math.ceil(800 / 28) + 1 + 16);
  });
});
