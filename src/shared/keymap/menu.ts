import { KEY_ACTIONS, type KeyAction } from './actions';
import { registrableInMenu, toAccelerator, type Platform } from './chords';
import type { Keymap } from './keymap';

export interface MenuAccelerator {
  /** Electron accelerator text of the action's first chord. */
  accelerator: string;
  /**
   * false: show it in the menu without registering it (Electron's `registerAccelerator: false`):
   * a plain key must keep typing into text fields; the renderer handles it.
   */
  register: boolean;
}

/**
 * The application menu's accelerator for an action, or null when it has no key. Menus only:
 * Tradedesk never registers a global (system-wide) shortcut.
 */
export function menuAccelerator(keymap: Keymap, action: KeyAction, platform: Platform): MenuAccelerator | null {
  const first = keymap[action][0];
  if (first === undefined) return null;
  const accelerator = toAccelerator(first, platform);
  if (accelerator === null) return null;
  return { accelerator, register: registrableInMenu(first, platform) };
}

/** The menu label of an action (its title). */
export function menuLabel(action: KeyAction): string {
  return KEY_ACTIONS[action].title;
}
