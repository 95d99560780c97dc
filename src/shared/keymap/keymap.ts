import { z } from 'zod';
import { KEY_ACTION_LIST, KEY_ACTIONS, KeyAction } from './actions';
import { normalizeChord, parseChord, type Platform } from './chords';

/** Chords one action may have. */
export const MAX_KEYS_PER_ACTION = 4;

/**
 * What a trader changed, per action (the full chord list of that action; `[]` unbinds it).
 * Only overrides are stored, so an action the trader never touched follows the build's defaults.
 */
export const KeymapOverrides = z.partialRecord(KeyAction, z.array(z.string().max(40)).max(MAX_KEYS_PER_ACTION));
export type KeymapOverrides = z.infer<typeof KeymapOverrides>;

/** Every action with its chords (canonical text), after the trader's overrides. */
export type Keymap = Record<KeyAction, string[]>;

/**
 * Chords the keymap refuses: those the system or the browser keeps for itself (a page cannot
 * take Ctrl+T/W/N or Ctrl+Tab; Alt+F4 and ⌘Q quit), and those keyboard users need to move
 * around the screen (Tab, Space, the arrows).
 */
const RESERVED: ReadonlyArray<readonly [string, string]> = [
  ['Mod+T', 'the browser opens a tab with it'],
  ['Mod+Shift+T', 'the browser reopens a tab with it'],
  ['Mod+N', 'the browser opens a window with it'],
  ['Mod+Shift+N', 'the browser opens a private window with it'],
  ['Mod+W', 'closes the window'],
  ['Mod+Shift+W', 'closes the window'],
  ['Mod+Q', 'quits the app'],
  ['Mod+Tab', 'switches tabs or apps'],
  ['Mod+Shift+Tab', 'switches tabs or apps'],
  ['Alt+F4', 'closes the window'],
  ['Alt+Tab', 'switches apps'],
  ['Tab', 'moves between controls'],
  ['Shift+Tab', 'moves between controls'],
  ['Space', 'presses buttons'],
  ['ArrowUp', 'moves through lists'],
  ['ArrowDown', 'moves through lists'],
  ['ArrowLeft', 'moves through lists'],
  ['ArrowRight', 'moves through lists'],
];
const RESERVED_WHY = new Map(RESERVED.map(([chord, why]) => [normalizeChord(chord)!, why]));

/** The keymap in force: the defaults, with each override replacing its action's chords. */
export function resolveKeymap(overrides: KeymapOverrides, platform: Platform = 'other'): Keymap {
  const map = {} as Keymap;
  const claimed = new Set<string>();
  // The trader's choices first: a default a trader gave to another action is dropped from its own.
  for (const action of KEY_ACTION_LIST) {
    const keys = overrides[action];
    if (keys === undefined) continue;
    map[action] = uniqueChords(keys, platform).filter((k) => !claimed.has(k));
    for (const k of map[action]) claimed.add(k);
  }
  for (const action of KEY_ACTION_LIST) {
    if (overrides[action] !== undefined) continue;
    map[action] = KEY_ACTIONS[action].defaults.map((k) => normalizeChord(k, platform)!).filter((k) => !claimed.has(k));
    for (const k of map[action]) claimed.add(k);
  }
  return map;
}

function uniqueChords(keys: readonly string[], platform: Platform): string[] {
  const out: string[] = [];
  for (const key of keys) {
    const c = normalizeChord(key, platform);
    if (c !== null && !out.includes(c)) out.push(c);
  }
  return out;
}

export type RebindResult =
  | { ok: true; overrides: KeymapOverrides; keymap: Keymap }
  | {
      ok: false;
      message: string;
      /** The key that clashes and the action that has it, when that is the reason. */
      conflict: { chord: string; action: KeyAction } | null;
    };

/**
 * Gives `action` exactly `keys` (`[]` unbinds it). Refused, in words, when a key does not
 * parse, is reserved, or belongs to another action — naming that action; the trader frees it
 * first. Setting an action back to its defaults drops its override.
 */
export function rebind(
  overrides: KeymapOverrides,
  action: KeyAction,
  keys: readonly string[],
  platform: Platform = 'other',
): RebindResult {
  if (keys.length > MAX_KEYS_PER_ACTION) {
    return { ok: false, message: `An action takes at most ${MAX_KEYS_PER_ACTION} keys.`, conflict: null };
  }
  const chords: string[] = [];
  for (const key of keys) {
    const chord = normalizeChord(key, platform);
    if (chord === null) return { ok: false, message: `"${key}" is not a key Tradedesk can use.`, conflict: null };
    const reserved = RESERVED_WHY.get(chord);
    if (reserved) return { ok: false, message: `${chord} is not available: ${reserved}.`, conflict: null };
    if (!chords.includes(chord)) chords.push(chord);
  }
  const current = resolveKeymap(overrides, platform);
  for (const chord of chords) {
    for (const other of KEY_ACTION_LIST) {
      if (other === action || !current[other].includes(chord)) continue;
      const name = KEY_ACTIONS[other].title;
      return {
        ok: false,
        message: `${chord} is already the key for ${name}. Choose another key, or give ${name} another key first.`,
        conflict: { chord, action: other },
      };
    }
  }
  const next: KeymapOverrides = { ...overrides };
  const defaults = KEY_ACTIONS[action].defaults.map((k) => normalizeChord(k, platform)!);
  if (sameList(chords, defaults)) delete next[action];
  else next[action] = chords;
  return { ok: true, overrides: next, keymap: resolveKeymap(next, platform) };
}

/** Back to the defaults: one action, or all of them. */
export function resetKeymap(overrides: KeymapOverrides, action?: KeyAction): KeymapOverrides {
  if (action === undefined) return {};
  const next = { ...overrides };
  delete next[action];
  return next;
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** chord → action, for handling key presses (build once per keymap). */
export function chordIndex(keymap: Keymap): ReadonlyMap<string, KeyAction> {
  const index = new Map<string, KeyAction>();
  for (const action of KEY_ACTION_LIST) for (const chord of keymap[action]) index.set(chord, action);
  return index;
}

/** Parses stored overrides; anything unreadable yields none (the defaults), never an error. */
export function readOverrides(json: string | null): KeymapOverrides {
  if (json === null) return {};
  try {
    const parsed = KeymapOverrides.safeParse(JSON.parse(json));
    if (!parsed.success) return {};
    // Chords this build cannot read are dropped rather than refusing the whole keymap.
    const out: KeymapOverrides = {};
    for (const action of KEY_ACTION_LIST) {
      const keys = parsed.data[action];
      if (keys !== undefined) out[action] = keys.filter((k) => parseChord(k) !== null);
    }
    return out;
  } catch {
    return {};
  }
}
