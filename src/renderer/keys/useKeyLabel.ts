import { useMemo } from 'react';
import { displayChord, type KeyAction } from '../../shared/keymap';
import { useTerminal } from '../app/context';
import { keyPlatform, keymapInForce } from './dispatch';

/**
 * How the keys in force read on this keyboard: `label(action)` is the action's first key as the
 * trader has bound it (`Ctrl+Shift+D`, `⌘K`, `Esc`), or null when it has none. For hints and
 * titles that name a key, so a rebinding is followed there too.
 */
export function useKeyLabel(): (action: KeyAction) => string | null {
  const keymap = useTerminal((s) => s.keymap?.keymap ?? null);
  return useMemo(() => {
    const platform = keyPlatform(globalThis.navigator);
    const keys = keymapInForce(keymap, platform);
    return (action: KeyAction) => {
      const first = keys[action][0];
      return first === undefined ? null : displayChord(first, platform);
    };
  }, [keymap]);
}
