import type { MenuItemConstructorOptions } from 'electron';
import type { KeymapState } from '../../src/shared/contract';
import {
  KEY_ACTIONS,
  KEY_ACTION_LIST,
  menuAccelerator,
  menuLabel,
  type KeyAction,
  type Platform,
} from '../../src/shared/keymap';

const GROUPS = ['Trading', 'Instrument', 'Windows', 'Help'] as const;

/**
 * The application menu's "Keys" submenu, from the trader's keymap: one item per window action
 * (ticket keys belong to the ticket and are not in the menu), grouped as in the Keyboard
 * shortcuts dialog, each showing its key. Menu accelerators only — never a global shortcut — and
 * a plain key is shown without being registered (a registered accelerator would fire even while
 * a text field has focus; the renderer handles plain keys under the text-field rule). A click
 * asks the focused window to run the action under that same rule.
 */
export function keysSubmenu(
  keymap: KeymapState['keymap'],
  platform: Platform,
  invoke: (action: KeyAction) => void,
): MenuItemConstructorOptions[] {
  const items: MenuItemConstructorOptions[] = [];
  for (const group of GROUPS) {
    const actions = KEY_ACTION_LIST.filter((a) => KEY_ACTIONS[a].group === group && KEY_ACTIONS[a].scope === 'window');
    if (actions.length === 0) continue;
    if (items.length > 0) items.push({ type: 'separator' });
    for (const action of actions) {
      const acc = menuAccelerator(keymap, action, platform);
      items.push({
        label: menuLabel(action),
        ...(acc ? { accelerator: acc.accelerator, registerAccelerator: acc.register } : {}),
        click: () => invoke(action),
      });
    }
  }
  return items;
}
