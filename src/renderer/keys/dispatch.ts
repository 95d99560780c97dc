import {
  KEY_ACTIONS,
  isTextEntry,
  chordFromEvent,
  chordIndex,
  formatChord,
  keyMayAct,
  leavesTextAlone,
  pressesFocusedControl,
  resolveKeymap,
  type FocusedElement,
  type KeyAction,
  type KeyEventLike,
  type Keymap,
  type Platform,
} from '../../shared/keymap';

/** The platform the keys are read for: ⌘ is the command modifier on macOS, Ctrl elsewhere. */
export function keyPlatform(nav: { platform?: string; userAgent?: string } | undefined): Platform {
  const text = `${nav?.platform ?? ''} ${nav?.userAgent ?? ''}`;
  return /Mac|iPhone|iPad/.test(text) ? 'mac' : 'other';
}

/** The keys in force: main's keymap when it answered, else the build's defaults. */
export function keymapInForce(keymap: Keymap | null, platform: Platform): Keymap {
  return keymap ?? resolveKeymap({}, platform);
}

/** Where the key was pressed: what decides which actions may act. */
export interface KeyContext {
  /** The focused element (document.activeElement), read for the text-field rule. */
  focused: FocusedElement | null;
  /** A modal dialog is open: window keys wait; ticket keys act only in the ticket. */
  dialog: 'none' | 'ticket' | 'other';
}

/**
 * What a key press asks for, or null for nothing. One rule for every shortcut: the chord (by
 * key position) is looked up in the keymap; ticket keys act only in the order ticket, window keys
 * only when no dialog is open; Enter or Space on a focused button (link, menu item…) presses it
 * and is never a shortcut; a trading key never acts while a text field has focus, and other keys
 * there only with a modifier (focus.ts).
 *
 * `held: true` — the key is the order ticket's place key, pressed in one of the ticket's fields,
 * on a chord that types nothing (Enter, a function key, a modified chord): the rule keeps it from
 * placing, and the ticket moves to its Place button instead (a second press there places). A
 * chord that types (a letter bound to place) is simply the field's.
 */
export function resolveKey(
  e: KeyEventLike,
  index: ReadonlyMap<string, KeyAction>,
  platform: Platform,
  ctx: KeyContext,
): { action: KeyAction; held: boolean } | null {
  const chord = chordFromEvent(e, platform);
  if (chord === null) return null;
  const text = formatChord(chord);
  const action = index.get(text);
  if (action === undefined) return null;
  const scope = KEY_ACTIONS[action].scope;
  if (scope === 'ticket' ? ctx.dialog !== 'ticket' : ctx.dialog !== 'none') return null;
  if (pressesFocusedControl(text, ctx.focused)) return null;
  if (keyMayAct(action, text, ctx.focused)) return { action, held: false };
  return scope === 'ticket' && leavesTextAlone(text) ? { action, held: true } : null;
}

/** The action a key press runs now, or null (a held key runs nothing by itself: see resolveKey). */
export function actionForKey(
  e: KeyEventLike,
  index: ReadonlyMap<string, KeyAction>,
  platform: Platform,
  ctx: KeyContext,
): KeyAction | null {
  const r = resolveKey(e, index, platform, ctx);
  return r && !r.held ? r.action : null;
}

/**
 * Whether an action chosen from the application menu (`keymap.invoke`) may run now: the same
 * scope rule as a key, and a trading action never while a text field has focus (a menu click
 * is deliberate, so other actions run there too).
 */
export function menuActionMayRun(action: KeyAction, ctx: KeyContext): boolean {
  const scope = KEY_ACTIONS[action].scope;
  if (scope === 'ticket' ? ctx.dialog !== 'ticket' : ctx.dialog !== 'none') return false;
  return !(KEY_ACTIONS[action].trading && isTextEntry(ctx.focused));
}

/** chord index of a keymap, built once per keymap object. */
const indexes = new WeakMap<Keymap, ReadonlyMap<string, KeyAction>>();
export function indexOf(keymap: Keymap): ReadonlyMap<string, KeyAction> {
  let index = indexes.get(keymap);
  if (!index) indexes.set(keymap, (index = chordIndex(keymap)));
  return index;
}
