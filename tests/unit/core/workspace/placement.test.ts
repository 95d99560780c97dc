import { describe, expect, it } from 'vitest';
import {
  fitInside,
  placeAfterDisplayChange,
  placeWindow,
  titleBarReachable,
  type SavedPlacement,
} from '../../../../electron/core/workspace/placement';
import type { Display } from '../../../../src/shared/layout';

/** The laptop: primary, 1920×1080 with a 40 px task bar at the bottom. */
const LAPTOP: Display = {
  id: '1',
  bounds: { x: 0, y: 0, width: 1920, height: 1080 },
  workArea: { x: 0, y: 0, width: 1920, height: 1040 },
  scaleFactor: 1,
  primary: true,
};
/** A 1440p monitor left of the laptop: every coordinate on it is negative. */
const LEFT: Display = {
  id: '2',
  bounds: { x: -2560, y: 0, width: 2560, height: 1440 },
  workArea: { x: -2560, y: 0, width: 2560, height: 1400 },
  scaleFactor: 1,
  primary: false,
};
const opts = { defaultSize: { width: 1440, height: 900 } };

const saved = (bounds: SavedPlacement['bounds'], display: Display | null, mode: SavedPlacement['mode'] = 'normal') => ({
  bounds,
  display,
  mode,
});

describe('placeWindow', () => {
  it('restores a window on its display exactly as saved', () => {
    expect(placeWindow(saved({ x: 100, y: 100, width: 800, height: 600 }, LAPTOP), [LAPTOP, LEFT], opts)).toEqual({
      bounds: { x: 100, y: 100, width: 800, height: 600 },
      mode: 'normal',
      displayId: '1',
      adjusted: 'none',
    });
  });

  it('keeps negative coordinates on a display left of the primary', () => {
    expect(placeWindow(saved({ x: -2400, y: 100, width: 1200, height: 800 }, LEFT), [LAPTOP, LEFT], opts)).toEqual({
      bounds: { x: -2400, y: 100, width: 1200, height: 800 },
      mode: 'normal',
      displayId: '2',
      adjusted: 'none',
    });
  });

  it('moves a window whose display was removed to the primary, same size, same relative position', () => {
    // Centre at (−1400, 700): 45.3 % across and half-way down the left monitor's work area.
    const p = placeWindow(saved({ x: -1800, y: 400, width: 800, height: 600 }, LEFT), [LAPTOP], opts);
    expect(p).toEqual({
      bounds: { x: 470, y: 220, width: 800, height: 600 },
      mode: 'normal',
      displayId: '1',
      adjusted: 'rescued',
    });
  });

  it('keeps windows from a removed display apart instead of stacking them in one corner', () => {
    const a = placeWindow(saved({ x: -2500, y: 50, width: 600, height: 400 }, LEFT), [LAPTOP], opts);
    const b = placeWindow(saved({ x: -700, y: 900, width: 600, height: 400 }, LEFT), [LAPTOP], opts);
    expect(a.bounds).toEqual({ x: 0, y: 0, width: 600, height: 400 });
    expect(b.bounds).toEqual({ x: 1320, y: 617, width: 600, height: 400 });
  });

  it('scales the arrangement when its display changed resolution', () => {
    const smaller: Display = {
      ...LAPTOP,
      bounds: { x: 0, y: 0, width: 1280, height: 720 },
      workArea: { x: 0, y: 0, width: 1280, height: 680 },
    };
    // ×(1280/1920) across, ×(680/1040) down.
    expect(placeWindow(saved({ x: 100, y: 100, width: 800, height: 600 }, LAPTOP), [smaller], opts)).toEqual({
      bounds: { x: 67, y: 65, width: 533, height: 392 },
      mode: 'normal',
      displayId: '1',
      adjusted: 'rescaled',
    });
  });

  it('scales the arrangement when its display changed scale factor (side-by-side windows stay side by side)', () => {
    const at1: Display = {
      id: '9',
      bounds: { x: 0, y: 0, width: 2560, height: 1440 },
      workArea: { x: 0, y: 0, width: 2560, height: 1400 },
      scaleFactor: 1,
      primary: true,
    };
    // The same panel at 200 %: half as many DIP.
    const at2: Display = {
      ...at1,
      bounds: { x: 0, y: 0, width: 1280, height: 720 },
      workArea: { x: 0, y: 0, width: 1280, height: 700 },
      scaleFactor: 2,
    };
    const left = placeWindow(saved({ x: 0, y: 0, width: 1280, height: 1400 }, at1), [at2], opts);
    const right = placeWindow(saved({ x: 1280, y: 0, width: 1280, height: 1400 }, at1), [at2], opts);
    expect(left.bounds).toEqual({ x: 0, y: 0, width: 640, height: 700 });
    expect(right.bounds).toEqual({ x: 640, y: 0, width: 640, height: 700 });
    expect(right.adjusted).toBe('rescaled');
  });

  it('shrinks a window larger than its display to the work area', () => {
    expect(placeWindow(saved({ x: 0, y: 0, width: 2500, height: 1300 }, LAPTOP), [LAPTOP], opts)).toEqual({
      bounds: { x: 0, y: 0, width: 1920, height: 1040 },
      mode: 'normal',
      displayId: '1',
      adjusted: 'resized',
    });
    // Only as far as needed: the height fits, so y stays.
    expect(placeWindow(saved({ x: 100, y: 50, width: 2500, height: 900 }, LAPTOP), [LAPTOP], opts).bounds).toEqual({
      x: 0,
      y: 50,
      width: 1920,
      height: 900,
    });
  });

  it('brings back a window whose title bar is above the screen', () => {
    expect(placeWindow(saved({ x: 300, y: -200, width: 800, height: 600 }, LAPTOP), [LAPTOP], opts)).toEqual({
      bounds: { x: 300, y: 0, width: 800, height: 600 },
      mode: 'normal',
      displayId: '1',
      adjusted: 'moved',
    });
  });

  it('brings back a window with too little title bar left at the right edge, leaves one with enough', () => {
    // 70 px of title bar visible: not grabbable.
    expect(placeWindow(saved({ x: 1850, y: 100, width: 800, height: 600 }, LAPTOP), [LAPTOP], opts).bounds).toEqual({
      x: 1120,
      y: 100,
      width: 800,
      height: 600,
    });
    // 220 px visible: the trader put it there; it stays.
    const enough = placeWindow(saved({ x: 1700, y: 100, width: 800, height: 600 }, LAPTOP), [LAPTOP], opts);
    expect(enough.bounds).toEqual({ x: 1700, y: 100, width: 800, height: 600 });
    expect(enough.adjusted).toBe('none');
  });

  it('brings back a window whose title bar sits under the task bar', () => {
    expect(placeWindow(saved({ x: 100, y: 1020, width: 800, height: 600 }, LAPTOP), [LAPTOP], opts).bounds).toEqual({
      x: 100,
      y: 440,
      width: 800,
      height: 600,
    });
  });

  it('keeps the title bar below a menu bar at the top of the work area', () => {
    const mac: Display = { ...LAPTOP, workArea: { x: 0, y: 25, width: 1920, height: 1055 } };
    expect(placeWindow(saved({ x: 100, y: 0, width: 800, height: 600 }, mac), [mac], opts).bounds).toEqual({
      x: 100,
      y: 25,
      width: 800,
      height: 600,
    });
  });

  it('puts a maximized window on the display it belongs to', () => {
    const p = placeWindow(
      saved({ x: -2400, y: 100, width: 1200, height: 800 }, LEFT, 'maximized'),
      [LAPTOP, LEFT],
      opts,
    );
    expect(p).toEqual({
      bounds: { x: -2400, y: 100, width: 1200, height: 800 },
      mode: 'maximized',
      displayId: '2',
      adjusted: 'none',
    });
  });

  it('moves the normal bounds of a maximized window fully onto its display, so maximizing lands there', () => {
    // Saved maximized on the left monitor, normal bounds mostly over the laptop.
    const p = placeWindow(
      saved({ x: -300, y: 100, width: 1200, height: 800 }, LEFT, 'maximized'),
      [LAPTOP, LEFT],
      opts,
    );
    expect(p).toEqual({
      bounds: { x: -1200, y: 100, width: 1200, height: 800 },
      mode: 'maximized',
      displayId: '2',
      adjusted: 'moved',
    });
  });

  it('puts a full-screen window whose display is gone on the primary, still full screen', () => {
    const p = placeWindow(saved({ x: -2560, y: 0, width: 2560, height: 1440 }, LEFT, 'fullscreen'), [LAPTOP], opts);
    expect(p).toEqual({
      bounds: { x: 0, y: 0, width: 1920, height: 1040 },
      mode: 'fullscreen',
      displayId: '1',
      adjusted: 'rescued',
    });
  });

  it('uses the default size, centred, for unusable saved bounds', () => {
    const expected = {
      bounds: { x: 240, y: 70, width: 1440, height: 900 },
      mode: 'normal',
      displayId: '1',
      adjusted: 'default',
    };
    expect(placeWindow(saved(null, null), [LAPTOP, LEFT], opts)).toEqual(expected);
    expect(placeWindow(saved({ x: 10, y: 10, width: 0, height: 0 }, LAPTOP), [LAPTOP], opts)).toEqual(expected);
    expect(placeWindow(saved({ x: 10, y: 10, width: -5, height: 600 }, LAPTOP), [LAPTOP], opts)).toEqual(expected);
    expect(placeWindow(saved({ x: Number.NaN, y: 10, width: 800, height: 600 }, LAPTOP), [LAPTOP], opts)).toEqual(
      expected,
    );
  });

  it('finds a display by geometry when its id changed (after a reboot)', () => {
    const renumbered: Display = { ...LEFT, id: '77' };
    const p = placeWindow(saved({ x: -2400, y: 100, width: 1200, height: 800 }, LEFT), [LAPTOP, renumbered], opts);
    expect(p).toEqual({
      bounds: { x: -2400, y: 100, width: 1200, height: 800 },
      mode: 'normal',
      displayId: '77',
      adjusted: 'none',
    });
  });

  it('treats a moved task bar as the same display', () => {
    const taskbarLeft: Display = { ...LAPTOP, workArea: { x: 60, y: 0, width: 1860, height: 1080 } };
    expect(placeWindow(saved({ x: 100, y: 100, width: 800, height: 600 }, LAPTOP), [taskbarLeft], opts).adjusted).toBe(
      'none',
    );
  });

  it('without display information, keeps a window that overlaps a display and centres one that does not', () => {
    expect(placeWindow(saved({ x: -2400, y: 100, width: 1200, height: 800 }, null), [LAPTOP, LEFT], opts)).toEqual({
      bounds: { x: -2400, y: 100, width: 1200, height: 800 },
      mode: 'normal',
      displayId: '2',
      adjusted: 'none',
    });
    expect(placeWindow(saved({ x: 5000, y: 5000, width: 800, height: 600 }, null), [LAPTOP, LEFT], opts)).toEqual({
      bounds: { x: 560, y: 220, width: 800, height: 600 },
      mode: 'normal',
      displayId: '1',
      adjusted: 'rescued',
    });
  });

  it('returns saved bounds untouched when no display is known (headless)', () => {
    expect(placeWindow(saved({ x: -5, y: -5, width: 800, height: 600 }, LAPTOP), [], opts)).toEqual({
      bounds: { x: -5, y: -5, width: 800, height: 600 },
      mode: 'normal',
      displayId: null,
      adjusted: 'none',
    });
  });

  it('never leaves a window unreachable, whatever it was given', () => {
    const sets = [[LAPTOP], [LAPTOP, LEFT], [LEFT, { ...LAPTOP, primary: false }]];
    const xs = [-6000, -2600, -900, 0, 1800, 1919, 5000];
    const ys = [-3000, -31, 0, 1000, 1079, 4000];
    const sizes = [
      { width: 300, height: 200 },
      { width: 1920, height: 1080 },
      { width: 4000, height: 3000 },
    ];
    const failures: string[] = [];
    for (const displays of sets)
      for (const display of [LAPTOP, LEFT, null])
        for (const x of xs)
          for (const y of ys)
            for (const size of sizes)
              for (const mode of ['normal', 'maximized'] as const) {
                const p = placeWindow(saved({ x, y, ...size }, display, mode), displays, opts);
                if (!titleBarReachable(p.bounds, displays) || !displays.some((d) => d.id === p.displayId))
                  failures.push(JSON.stringify({ x, y, size, display: display?.id, mode, got: p }));
              }
    expect(failures).toEqual([]);
  });
});

describe('fitInside', () => {
  it('shrinks and moves the least distance', () => {
    expect(fitInside({ x: -50, y: 2000, width: 300, height: 200 }, LAPTOP.workArea)).toEqual({
      x: 0,
      y: 840,
      width: 300,
      height: 200,
    });
  });
});

describe('placeAfterDisplayChange', () => {
  const onLeft = {
    key: 'w-left',
    bounds: { x: -1800, y: 400, width: 800, height: 600 },
    mode: 'normal' as const,
    display: LEFT,
  };
  const onLaptop = {
    key: 'main',
    bounds: { x: 100, y: 100, width: 800, height: 600 },
    mode: 'normal' as const,
    display: LAPTOP,
  };

  it('moves only the windows of a removed display', () => {
    expect(placeAfterDisplayChange([onLeft, onLaptop], [LAPTOP], null, opts)).toEqual([
      {
        key: 'w-left',
        placement: {
          bounds: { x: 470, y: 220, width: 800, height: 600 },
          mode: 'normal',
          displayId: '1',
          adjusted: 'rescued',
        },
      },
    ]);
  });

  it('moves nothing when the displays did not change for anyone', () => {
    expect(placeAfterDisplayChange([onLeft, onLaptop], [LAPTOP, LEFT], null, opts)).toEqual([]);
  });

  it('re-places a maximized window whose display went away, still maximized', () => {
    const max = { ...onLeft, mode: 'maximized' as const };
    const [move] = placeAfterDisplayChange([max], [LAPTOP], null, opts);
    expect(move?.placement.mode).toBe('maximized');
    expect(move?.placement.displayId).toBe('1');
  });

  it('sends windows back where the layout had them for this monitor set (docking again)', () => {
    // Undocked earlier: the left window was rescued onto the laptop.
    const rescued = { ...onLeft, bounds: { x: 470, y: 220, width: 800, height: 600 }, display: LAPTOP };
    const office = new Map<string, SavedPlacement>([
      ['w-left', { bounds: { x: -1800, y: 400, width: 800, height: 600 }, mode: 'normal', display: LEFT }],
      ['main', { bounds: { x: 100, y: 100, width: 800, height: 600 }, mode: 'normal', display: LAPTOP }],
    ]);
    expect(placeAfterDisplayChange([rescued, onLaptop], [LAPTOP, LEFT], office, opts)).toEqual([
      {
        key: 'w-left',
        placement: {
          bounds: { x: -1800, y: 400, width: 800, height: 600 },
          mode: 'normal',
          displayId: '2',
          adjusted: 'none',
        },
      },
    ]);
  });

  it('does nothing without displays', () => {
    expect(placeAfterDisplayChange([onLeft], [], null, opts)).toEqual([]);
  });
});
