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

/**
 * True when the chord edits nothing in a text field: it carries Mod/Ctrl/Alt, or is Enter, Esc
 * or a function key. Only such a key may be noticed at all while a field has focus (the order
 * ticket's place key moves to its Place button from a field, dispatch.ts); any other key types,
 * deletes or moves the caret, and belongs to the field.
 */
export function leavesTextAlone(chordText: string): boolean {
  const chord = parseChord(chordText);
  if (!chord) return false;
  return (
    chord.mod || chord.ctrl || chord.alt || chord.key === 'Enter' || chord.key === 'Escape' || /^F\d+$/.test(chord.key)
  );
}

/** Roles whose element Enter presses (WAI-ARIA: buttons, links, menu items, tabs, options). */
const PRESSABLE_ROLES = new Set([
  'button',
  'link',
  'menuitem',
  'menuitemradio',
  'menuitemcheckbox',
  'tab',
  'option',
  'switch',
]);
const PRESSABLE_INPUTS = new Set(['button', 'submit', 'reset', 'image']);

/**
 * True when the chord is Enter or Space (no Mod/Ctrl/Alt) and the focused element is one those
 * keys press (a button, a link, a menu item…): the press is the control's, never a shortcut's —
 * Enter on a ticket's Cancel button cancels, whatever key places.
 */
export function pressesFocusedControl(chordText: string, focused: FocusedElement | null | undefined): boolean {
  if (!focused) return false;
  const chord = parseChord(chordText);
  if (!chord || chord.mod || chord.ctrl || chord.alt) return false;
  if (chord.key !== 'Enter' && chord.key !== 'Space') return false;
  if (focused.role && PRESSABLE_ROLES.has(focused.role.toLowerCase())) return true;
  const tag = focused.tagName.toUpperCase();
  if (tag === 'BUTTON' || tag === 'A' || tag === 'SUMMARY') return true;
  return tag === 'INPUT' && PRESSABLE_INPUTS.has((focused.type ?? '').toLowerCase());
}
