/**
 * Key chords: one key plus modifiers, written the same way everywhere (`"Mod+K"`, `"Shift+F6"`,
 * `"/"`, `"?"`), so a stored keymap, the shortcuts dialog and the Electron menu agree.
 *
 * `Mod` is the platform's command modifier: ⌘ on macOS, Ctrl elsewhere (Electron's
 * `CommandOrControl`). On other platforms `Ctrl` is read as `Mod` (they are the same key);
 * on macOS `Ctrl` is the Control key. Canonical order: `Mod+Ctrl+Alt+Shift+<key>`.
 *
 * Keys: letters `A`–`Z` and digits `0`–`9` (by position, so a Hindi or AZERTY layout still has
 * them), `F1`–`F24`, the named keys below, and single punctuation characters as typed (`/`, `?`,
 * `[`): for punctuation the character already says whether Shift was held (`?` is Shift+`/` on
 * a US keyboard), so Shift is not written with it.
 */

export type Platform = 'mac' | 'other';

export interface Chord {
  mod: boolean;
  /** The Control key on macOS (elsewhere Control is `mod`). */
  ctrl: boolean;
  alt: boolean;
  shift: boolean;
  key: string;
}

const NAMED_KEYS = [
  'Enter',
  'Escape',
  'Space',
  'Tab',
  'Backspace',
  'Delete',
  'Insert',
  'Home',
  'End',
  'PageUp',
  'PageDown',
  'ArrowUp',
  'ArrowDown',
  'ArrowLeft',
  'ArrowRight',
] as const;
const NAMED = new Map<string, string>(NAMED_KEYS.map((k) => [k.toLowerCase(), k]));
// Spellings people (and Electron) use for the same keys.
for (const [alias, key] of [
  ['esc', 'Escape'],
  ['return', 'Enter'],
  ['del', 'Delete'],
  ['up', 'ArrowUp'],
  ['down', 'ArrowDown'],
  ['left', 'ArrowLeft'],
  ['right', 'ArrowRight'],
  ['pgup', 'PageUp'],
  ['pgdn', 'PageDown'],
] as const)
  NAMED.set(alias, key);

const PUNCTUATION = new Set([...'/?[]{};:\'",.<>`~!@#$%^&*()-_=+\\|']);

/** Canonical key name, or null when it is not a key a chord may use. */
export function canonicalKey(raw: string): string | null {
  if (raw.length === 1) {
    const upper = raw.toUpperCase();
    if (/^[A-Z0-9]$/.test(upper)) return upper;
    return PUNCTUATION.has(raw) ? raw : null;
  }
  const named = NAMED.get(raw.toLowerCase());
  if (named) return named;
  const f = /^f([1-9]|1[0-9]|2[0-4])$/i.exec(raw);
  return f ? `F${f[1]}` : null;
}

function isPunctuation(key: string): boolean {
  return key.length === 1 && PUNCTUATION.has(key);
}

/** Parses `"Ctrl+Shift+K"` (any case, `Cmd`/`Command`/`Control`/`Option` accepted); null when invalid. */
export function parseChord(text: string, platform: Platform = 'other'): Chord | null {
  if (typeof text !== 'string' || text.length === 0 || text.length > 40) return null;
  // "+" alone or as the last part is the plus key ("Mod++").
  const parts = text === '+' ? ['+'] : text.endsWith('++') ? [...text.slice(0, -2).split('+'), '+'] : text.split('+');
  const chord: Chord = { mod: false, ctrl: false, alt: false, shift: false, key: '' };
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!.trim();
    const last = i === parts.length - 1;
    const lower = part.toLowerCase();
    if (!last) {
      if (
        lower === 'mod' ||
        lower === 'cmd' ||
        lower === 'command' ||
        lower === 'commandorcontrol' ||
        lower === 'cmdorctrl'
      )
        chord.mod = true;
      else if (lower === 'ctrl' || lower === 'control') {
        if (platform === 'mac') chord.ctrl = true;
        else chord.mod = true;
      } else if (lower === 'alt' || lower === 'option') chord.alt = true;
      else if (lower === 'shift') chord.shift = true;
      else return null;
      continue;
    }
    const key = canonicalKey(part);
    if (key === null) return null;
    chord.key = key;
  }
  if (chord.key === '') return null;
  if (isPunctuation(chord.key)) chord.shift = false;
  return chord;
}

/** The canonical text of a chord (`Mod+Shift+K`). */
export function formatChord(chord: Chord): string {
  const parts: string[] = [];
  if (chord.mod) parts.push('Mod');
  if (chord.ctrl) parts.push('Ctrl');
  if (chord.alt) parts.push('Alt');
  if (chord.shift && !isPunctuation(chord.key)) parts.push('Shift');
  parts.push(chord.key);
  return parts.join('+');
}

/** Canonical text of `text`, or null when it does not parse. */
export function normalizeChord(text: string, platform: Platform = 'other'): string | null {
  const chord = parseChord(text, platform);
  return chord ? formatChord(chord) : null;
}

/** How a chord reads on this platform's keyboard (`⌘K` on macOS, `Ctrl+K` elsewhere). */
export function displayChord(text: string, platform: Platform): string {
  const chord = parseChord(text, platform);
  if (!chord) return text;
  if (platform === 'mac') {
    return `${chord.ctrl ? '⌃' : ''}${chord.alt ? '⌥' : ''}${chord.shift && !isPunctuation(chord.key) ? '⇧' : ''}${chord.mod ? '⌘' : ''}${chord.key}`;
  }
  const parts: string[] = [];
  if (chord.mod) parts.push('Ctrl');
  if (chord.alt) parts.push('Alt');
  if (chord.shift && !isPunctuation(chord.key)) parts.push('Shift');
  parts.push(chord.key === 'Escape' ? 'Esc' : chord.key);
  return parts.join('+');
}

/** The fields of a DOM KeyboardEvent a chord is read from (structural: no DOM types here). */
export interface KeyEventLike {
  key: string;
  code: string;
  ctrlKey: boolean;
  altKey: boolean;
  shiftKey: boolean;
  metaKey: boolean;
}

const EVENT_NAMED: Record<string, string> = { ' ': 'Space', Esc: 'Escape', Spacebar: 'Space' };

/**
 * The chord a key press makes, or null for a press no chord can name (a modifier alone, the
 * Windows key, a dead key). Letters and digits are read by position (`event.code`), so the
 * keymap works on any keyboard layout; punctuation by the character typed.
 */
export function chordFromEvent(e: KeyEventLike, platform: Platform): Chord | null {
  if (e.key === 'Shift' || e.key === 'Control' || e.key === 'Alt' || e.key === 'Meta' || e.key === 'Dead') return null;
  if (platform !== 'mac' && e.metaKey) return null;
  const letter = /^Key([A-Z])$/.exec(e.code);
  const digit = /^Digit([0-9])$/.exec(e.code);
  let key: string | null;
  if (letter) key = letter[1]!;
  else if (digit) key = digit[1]!;
  else key = canonicalKey(EVENT_NAMED[e.key] ?? e.key);
  if (key === null) return null;
  return {
    mod: platform === 'mac' ? e.metaKey : e.ctrlKey,
    ctrl: platform === 'mac' ? e.ctrlKey : false,
    alt: e.altKey,
    shift: isPunctuation(key) ? false : e.shiftKey,
    key,
  };
}

const ACCELERATOR_KEYS: Record<string, string> = {
  ArrowUp: 'Up',
  ArrowDown: 'Down',
  ArrowLeft: 'Left',
  ArrowRight: 'Right',
  '+': 'Plus',
};

/**
 * The Electron accelerator of a chord (`Mod+Shift+K` → `CommandOrControl+Shift+K`), for the
 * application menu. Only ever a menu accelerator, never a global (system-wide) shortcut.
 */
export function toAccelerator(text: string, platform: Platform = 'other'): string | null {
  const chord = parseChord(text, platform);
  if (!chord) return null;
  const parts: string[] = [];
  if (chord.mod) parts.push('CommandOrControl');
  if (chord.ctrl) parts.push('Control');
  if (chord.alt) parts.push('Alt');
  if (chord.shift && !isPunctuation(chord.key)) parts.push('Shift');
  parts.push(ACCELERATOR_KEYS[chord.key] ?? chord.key);
  return parts.join('+');
}

/**
 * True when a menu may register the chord: it carries Mod/Ctrl/Alt, or is a function key. A
 * menu accelerator fires even while a text field has focus, so a plain key (`B`, `/`, `Enter`)
 * is only shown in the menu, never registered there: the renderer handles it, and only when no
 * text field has focus (see focus.ts).
 */
export function registrableInMenu(text: string, platform: Platform = 'other'): boolean {
  const chord = parseChord(text, platform);
  if (!chord) return false;
  return chord.mod || chord.ctrl || chord.alt || /^F\d+$/.test(chord.key);
}
