import { describe, expect, it } from 'vitest';
import { copyName, layoutMenu } from '../../../../electron/core/workspace/layout-menu';
import type { LayoutSummary } from '../../../../src/shared/contract';

const summary = (id: string, name: string, over: Partial<LayoutSummary> = {}): LayoutSummary => ({
  id,
  name,
  updatedAt: 1,
  monitorSets: ['1920x1080@1'],
  matchesDisplays: true,
  active: false,
  ...over,
});

describe('the application menu’s Layouts menu', () => {
  it('lists the layouts by name, the active one checked, then save, save as a copy and detach', () => {
    const entries = layoutMenu({
      activeId: 'b',
      layouts: [summary('b', 'Office', { matchesDisplays: false, monitorSets: ['3 displays'] }), summary('a', 'Home')],
    });
    expect(entries).toEqual([
      { kind: 'switch', id: 'a', label: 'Home', checked: false },
      { kind: 'switch', id: 'b', label: 'Office (other displays)', checked: true },
      { kind: 'separator' },
      { kind: 'save', label: 'Save Layout' },
      { kind: 'saveCopy', label: 'Save Layout as “Office copy”', name: 'Office copy' },
      { kind: 'separator' },
      { kind: 'detach', label: 'Detach Focused Panel' },
    ]);
  });

  it('a copy’s name is one no layout has, within a layout name’s 64 characters', () => {
    expect(copyName('Morning', ['Morning'])).toBe('Morning copy');
    expect(copyName('Morning', ['Morning', 'morning COPY', 'Morning copy 2'])).toBe('Morning copy 3');
    const long = 'x'.repeat(64);
    expect(copyName(long, [long]).length).toBeLessThanOrEqual(64);
  });
});
