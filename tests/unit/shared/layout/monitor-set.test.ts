import { describe, expect, it } from 'vitest';
import { type Display, monitorSetDistance, monitorSetKey, pickVariant } from '../../../../src/shared/layout';

const display = (id: string, x: number, y: number, width: number, height: number, scaleFactor = 1): Display => ({
  id,
  bounds: { x, y, width, height },
  workArea: { x, y, width, height: height - 40 },
  scaleFactor,
  primary: x === 0 && y === 0,
});

const laptop = [display('1', 0, 0, 1920, 1080, 1.25)];
const office = [display('1', 0, 0, 1920, 1080), display('2', -2560, 0, 2560, 1440), display('3', 1920, 0, 2560, 1440)];

describe('monitor sets', () => {
  it('keys a set by geometry and scale, in position order, independent of ids and listing order', () => {
    expect(monitorSetKey(office)).toBe('2560x1440-2560+0@1,1920x1080+0+0@1,2560x1440+1920+0@1');
    expect(monitorSetKey([...office].reverse().map((d, i) => ({ ...d, id: `x${i}` })))).toBe(monitorSetKey(office));
    expect(monitorSetKey(laptop)).toBe('1920x1080+0+0@1.25');
    expect(monitorSetKey([])).toBe('none');
  });

  it('ignores the work area (a task bar moving is the same set)', () => {
    const moved = laptop.map((d) => ({ ...d, workArea: { x: 60, y: 0, width: 1860, height: 1080 } }));
    expect(monitorSetKey(moved)).toBe(monitorSetKey(laptop));
  });

  it('measures distance: 0 for the same set, same count always nearer than another count', () => {
    expect(monitorSetDistance(office, office)).toBe(0);
    const twoMonitors = office.slice(0, 2);
    const otherThree = [
      display('1', 0, 0, 1920, 1080),
      display('2', 1920, 0, 1920, 1080),
      display('3', 3840, 0, 1920, 1080),
    ];
    expect(monitorSetDistance(office, otherThree)).toBeLessThan(monitorSetDistance(office, twoMonitors));
    expect(monitorSetDistance(office, twoMonitors)).toBe(monitorSetDistance(twoMonitors, office));
  });

  it('picks the exact variant, else the nearest, ties to the most recently saved', () => {
    const variants = [
      { monitorSet: monitorSetKey(laptop), displays: laptop, savedAt: 1 },
      { monitorSet: monitorSetKey(office), displays: office, savedAt: 2 },
    ];
    expect(pickVariant(variants, office)).toEqual({ variant: variants[1], how: 'exact' });
    // Two monitors present: nearer to the three-monitor office than to the laptop alone.
    expect(pickVariant(variants, office.slice(0, 2))).toEqual({ variant: variants[1], how: 'nearest' });
    // The laptop at another scale: the laptop variant.
    expect(pickVariant(variants, [display('1', 0, 0, 1920, 1080, 1.5)])?.variant).toBe(variants[0]);
    const twins = [
      { monitorSet: 'a', displays: laptop, savedAt: 5 },
      { monitorSet: 'b', displays: laptop, savedAt: 9 },
    ];
    expect(pickVariant(twins, [display('1', 0, 0, 1280, 800)])?.variant.monitorSet).toBe('b');
    expect(pickVariant([], office)).toBeNull();
  });
});

describe('pickVariant and arrangements without displays', () => {
  it('prefers any placed arrangement over one saved without displays, unless it is the only one', () => {
    const none = { monitorSet: 'none', displays: [], savedAt: 9 };
    const placed = { monitorSet: monitorSetKey(office), displays: office, savedAt: 1 };
    expect(pickVariant([none, placed], laptop)).toEqual({ variant: placed, how: 'nearest' });
    expect(pickVariant([none], laptop)).toEqual({ variant: none, how: 'nearest' });
    // The browser host (no displays): its own arrangement.
    expect(pickVariant([none, placed], [])).toEqual({ variant: none, how: 'exact' });
    expect(pickVariant([placed], [])).toEqual({ variant: placed, how: 'nearest' });
  });
});
