import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { KEY_ACTION_LIST, KEY_ACTIONS, normalizeChord } from '../../../../src/shared/keymap';

/**
 * The README's "Keyboard" table is what a trader reads; the keymap is what the app does. One row
 * per action, named by its title (as the Keyboard shortcuts dialog names it), with its default
 * keys in backticks — so a default changed in one place and not the other fails here.
 */
const README = readFileSync(join(import.meta.dirname, '../../../../README.md'), 'utf8');

function keyboardTable(): Array<{ title: string; keys: string[] }> {
  const section = README.slice(README.indexOf('\n## Keyboard\n'));
  const end = section.indexOf('\n## ', 1);
  const lines = (end > 0 ? section.slice(0, end) : section).split('\n');
  const start = lines.findIndex((l) => /^\| action \| keys \|$/.test(l.trim()));
  if (start < 0) throw new Error('README has no "| action | keys |" table under ## Keyboard');
  const rows: Array<{ title: string; keys: string[] }> = [];
  for (const line of lines.slice(start + 2)) {
    if (!line.startsWith('|')) break;
    const [title, keys] = line
      .split('|')
      .slice(1, -1)
      .map((c) => c.trim());
    rows.push({ title: title!, keys: [...keys!.matchAll(/`([^`]+)`/g)].map((m) => m[1]!) });
  }
  return rows;
}

describe('README lists every default key', () => {
  it('one row per keymap action, in the keymap’s order, with exactly its default keys', () => {
    const table = keyboardTable();
    expect(table.map((r) => r.title)).toEqual(KEY_ACTION_LIST.map((a) => KEY_ACTIONS[a].title));
    for (const action of KEY_ACTION_LIST) {
      const row = table.find((r) => r.title === KEY_ACTIONS[action].title)!;
      // The README may spell a key as people do (`Esc`); it must be the same chord.
      expect(
        row.keys.map((k) => normalizeChord(k)),
        action,
      ).toEqual(KEY_ACTIONS[action].defaults.map((k) => normalizeChord(k)));
    }
  });
});
