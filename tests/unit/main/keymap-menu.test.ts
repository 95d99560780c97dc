import { describe, expect, it } from 'vitest';
import { keysSubmenu } from '../../../electron/main/keymap-menu';
import { rebind, resolveKeymap, type KeyAction } from '../../../src/shared/keymap';
import { menuActionMayRun } from '../../../src/renderer/keys/dispatch';

describe("the application menu's Keys submenu (from the keymap)", () => {
  it('lists the window actions with their keys; registers only chords with a modifier; no ticket keys', () => {
    const chosen: KeyAction[] = [];
    const items = keysSubmenu(resolveKeymap({}), 'other', (a) => chosen.push(a));
    const byLabel = new Map(items.filter((i) => i.label).map((i) => [i.label!, i]));
    expect(byLabel.get('Buy')).toMatchObject({ accelerator: 'B', registerAccelerator: false });
    expect(byLabel.get('Search instruments')).toMatchObject({ accelerator: '/', registerAccelerator: false });
    expect(byLabel.get('Detach panel')).toMatchObject({
      accelerator: 'CommandOrControl+Shift+D',
      registerAccelerator: true,
    });
    expect(byLabel.has('Place order')).toBe(false);
    expect(byLabel.has('Cancel order ticket')).toBe(false);
    (byLabel.get('Set an alert')!.click as () => void)();
    expect(chosen).toEqual(['alert.create']);
  });

  it("follows the trader's rebinding", () => {
    const r = rebind({}, 'order.buy', ['Mod+B']);
    if (!r.ok) throw new Error(r.message);
    const buy = keysSubmenu(r.keymap, 'mac', () => {}).find((i) => i.label === 'Buy');
    expect(buy).toMatchObject({ accelerator: 'CommandOrControl+B', registerAccelerator: true });
  });

  it('a menu choice runs in the window under the key rules: no trading action from a text field, nothing behind a dialog', () => {
    const input = { tagName: 'INPUT', type: 'text' };
    expect(menuActionMayRun('order.buy', { focused: input, dialog: 'none' })).toBe(false);
    expect(menuActionMayRun('alert.create', { focused: input, dialog: 'none' })).toBe(true);
    expect(menuActionMayRun('order.buy', { focused: { tagName: 'BODY' }, dialog: 'none' })).toBe(true);
    expect(menuActionMayRun('help.shortcuts', { focused: null, dialog: 'other' })).toBe(false);
  });
});
