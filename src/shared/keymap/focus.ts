import { KEY_ACTIONS, type KeyAction } from './actions';
import { parseChord } from './chords';

/** The parts of the focused element the rule reads (structural: no DOM types in src/shared). */
export interface FocusedElement {
  tagName: string;
  /** `<input type>`, lower or upper case. */
  type?: string | null;
  isContentEditable?: boolean;
  /** ARIA role, when set. */
  role?: string | null;
}

/** Input types whose keys are not text (pressing B in them types nothing). */
const NON_TEXT_INPUTS = new Set([
  'button',
  'submit',
  'reset',
  'checkbox',
  'radio',
  'range',
  'color',
  'file',
  'image',
  'hidden',
]);
const TEXT_ROLES = new Set(['textbox', 'searchbox', 'combobox', 'spinbutton']);

/** True when keys pressed now type into the focused element (inputs, text areas, selects, editable content). */
export function isTextEntry(el: FocusedElement | null | undefined): boolean {
  if (!el) return false;
  if (el.isContentEditable) return true;
  if (el.role && TEXT_ROLES.has(el.role.toLowerCase())) return true;
  const tag = el.tagName.toUpperCase();
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true;
  if (tag === 'INPUT') return !NON_TEXT_INPUTS.has((el.type ?? 'text').toLowerCase());
  return false;
}

/**
 * Whether a key press bound to `action` may act now. The rule the renderer applies to every
 * shortcut (and to every menu accelerator it is sent): while a text field has focus, trading
 * keys never act, whatever their chord, and other actions act only on a chord with a modifier
 * (Mod/Ctrl/Alt) — or Esc, which leaves the ticket — so typing "B" or "/" into a field types it.
 */
export function keyMayAct(action: KeyAction, chordText: string, focused: FocusedElement | null | undefined): boolean {
  if (!isTextEntry(focused)) return true;
  if (KEY_ACTIONS[action].trading) return false;
  const chord = parseChord(chordText);
  if (!chord) return false;
  return chord.mod || chord.ctrl || chord.alt || chord.key === 'Escape';
}
