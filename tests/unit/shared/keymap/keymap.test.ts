import { describe, expect, it } from 'vitest';
import {
  chordFromEvent,
  chordIndex,
  displayChord,
  isTextEntry,
  KEY_ACTION_LIST,
  KEY_ACTIONS,
  keyMayAct,
  leavesTextAlone,
  pressesFocusedControl,
  menuAccelerator,
  normalizeChord,
  parseChord,
  readOverrides,
  rebind,
  registrableInMenu,
  resetKeymap,
  resolveKeymap,
  toAccelerator,
  type KeyEventLike,
} from '../../../../src/shared/keymap';

const press = (over: Partial<KeyEventLike>): KeyEventLike => ({
  key: '',
  code: '',
  ctrlKey: false,
  altKey: false,
  shiftKey: false,
  metaKey: false,
  ...over,
});

describe('chords', () => {
  it('parse to one canonical text whatever the spelling', () => {
    expect(normalizeChord('ctrl+shift+k')).toBe('Mod+Shift+K');
    expect(normalizeChord('CommandOrControl+K')).toBe('Mod+K');
    expect(normalizeChord('Shift+Alt+Mod+f6')).toBe('Mod+Alt+Shift+F6');
    expect(normalizeChord('esc')).toBe('Escape');
    expect(normalizeChord('Shift+?')).toBe('?'); // the character already says Shift
    expect(normalizeChord('Mod++')).toBe('Mod++');
    // On macOS Control is its own key; elsewhere it is the command modifier.
    expect(normalizeChord('Ctrl+K', 'mac')).toBe('Ctrl+K');
    expect(normalizeChord('Cmd+K', 'mac')).toBe('Mod+K');
    for (const bad of ['', 'Ctrl+', 'Hyper+K', 'Ctrl+Foo', 'F25', 'é', 'K+Ctrl'])
      expect(parseChord(bad), bad).toBeNull();
  });

  it('read key presses by position for letters and digits, by character for punctuation', () => {
    expect(chordFromEvent(press({ key: 'b', code: 'KeyB' }), 'other')).toMatchObject({ key: 'B', mod: false });
    // A Hindi (InScript) layout types a Devanagari letter on the B key: still B.
    expect(chordFromEvent(press({ key: 'व', code: 'KeyB' }), 'other')).toMatchObject({ key: 'B' });
    expect(chordFromEvent(press({ key: '?', code: 'Slash', shiftKey: true }), 'other')).toMatchObject({
      key: '?',
      shift: false,
    });
    expect(chordFromEvent(press({ key: 'k', code: 'KeyK', ctrlKey: true }), 'other')).toMatchObject({
      key: 'K',
      mod: true,
    });
    expect(chordFromEvent(press({ key: 'k', code: 'KeyK', metaKey: true }), 'mac')).toMatchObject({
      key: 'K',
      mod: true,
      ctrl: false,
    });
    expect(chordFromEvent(press({ key: 'Shift', code: 'ShiftLeft', shiftKey: true }), 'other')).toBeNull();
    // The Windows key is the system's, not ours.
    expect(chordFromEvent(press({ key: 'b', code: 'KeyB', metaKey: true }), 'other')).toBeNull();
    expect(chordFromEvent(press({ key: ' ', code: 'Space' }), 'other')).toMatchObject({ key: 'Space' });
  });

  it('become Electron menu accelerators; only chords with a modifier (or F keys) are registered', () => {
    expect(toAccelerator('Mod+Shift+D')).toBe('CommandOrControl+Shift+D');
    expect(toAccelerator('Ctrl+K', 'mac')).toBe('Control+K');
    expect(toAccelerator('ArrowUp')).toBe('Up');
    expect(toAccelerator('Mod++')).toBe('CommandOrControl+Plus');
    expect(registrableInMenu('Mod+K')).toBe(true);
    expect(registrableInMenu('F6')).toBe(true);
    for (const plain of ['B', '/', '?', 'Enter', 'Escape', ']']) expect(registrableInMenu(plain), plain).toBe(false);
    expect(displayChord('Mod+Shift+K', 'mac')).toBe('⇧⌘K');
    expect(displayChord('Mod+K', 'other')).toBe('Ctrl+K');
  });
});

describe('the keymap', () => {
  it('covers every action the issue names, with distinct defaults', () => {
    const map = resolveKeymap({});
    expect(map['order.buy']).toEqual(['B']);
    expect(map['order.sell']).toEqual(['S']);
    expect(map['ticket.place']).toEqual(['Enter']);
    expect(map['ticket.cancel']).toEqual(['Escape']);
    expect(map['search.open']).toEqual(['/', 'Mod+K']);
    expect(map['panel.chart']).toEqual(['C']);
    expect(map['panel.depth']).toEqual(['D']);
    expect(map['alert.create']).toEqual(['A']);
    expect(map['help.shortcuts']).toEqual(['?']);
    for (const action of ['panel.detach', 'watchlist.next', 'watchlist.previous', 'layout.switch'] as const)
      expect(map[action].length, action).toBeGreaterThan(0);
    const all = KEY_ACTION_LIST.flatMap((a) => map[a]);
    expect(new Set(all).size).toBe(all.length);
    expect(chordIndex(map).get('Mod+K')).toBe('search.open');
  });

  it('refuses a key another action has, naming that action; the trader frees it first', () => {
    const refused = rebind({}, 'panel.chart', ['Mod+K']);
    expect(refused).toEqual({
      ok: false,
      message:
        'Mod+K is already the key for Search instruments. Choose another key, or give Search instruments another key first.',
      conflict: { chord: 'Mod+K', action: 'search.open' },
    });
    // Free Mod+K, then it can move.
    const freed = rebind({}, 'search.open', ['/']);
    expect(freed.ok).toBe(true);
    if (!freed.ok) return;
    const moved = rebind(freed.overrides, 'panel.chart', ['ctrl+k', 'C']);
    expect(moved.ok).toBe(true);
    if (!moved.ok) return;
    expect(moved.keymap['panel.chart']).toEqual(['Mod+K', 'C']);
    expect(moved.keymap['search.open']).toEqual(['/']);
    expect(chordIndex(moved.keymap).get('Mod+K')).toBe('panel.chart');
  });

  it('refuses keys that are not keys, reserved keys and too many keys', () => {
    expect(rebind({}, 'order.buy', ['Ctrl+Banana'])).toMatchObject({ ok: false, conflict: null });
    expect(rebind({}, 'order.buy', ['Ctrl+W'])).toMatchObject({
      ok: false,
      message: 'Mod+W is not available: closes the window.',
    });
    expect(rebind({}, 'order.buy', ['Tab'])).toMatchObject({ ok: false });
    expect(rebind({}, 'order.buy', ['F1', 'F2', 'F3', 'F4', 'F5'])).toMatchObject({ ok: false });
  });

  it('stores only what the trader changed; back to defaults drops the override; unbinding is allowed', () => {
    const r = rebind({}, 'order.buy', ['F1', 'B']);
    if (!r.ok) throw new Error(r.message);
    expect(r.overrides).toEqual({ 'order.buy': ['F1', 'B'] });
    const back = rebind(r.overrides, 'order.buy', ['b']);
    if (!back.ok) throw new Error(back.message);
    expect(back.overrides).toEqual({});
    const none = rebind({}, 'alert.create', []);
    if (!none.ok) throw new Error(none.message);
    expect(none.keymap['alert.create']).toEqual([]);
    expect(resetKeymap(none.overrides, 'alert.create')).toEqual({});
    expect(resetKeymap({ 'order.buy': ['F1'], 'order.sell': ['F2'] })).toEqual({});
  });

  it("an override wins over another action's default (a newer build's default never steals a trader's key)", () => {
    // Stored by a trader before 'C' became the chart's default, say.
    const map = resolveKeymap({ 'order.buy': ['C'] });
    expect(map['order.buy']).toEqual(['C']);
    expect(map['panel.chart']).toEqual([]);
  });

  it('reads stored overrides defensively', () => {
    expect(readOverrides(null)).toEqual({});
    expect(readOverrides('not json')).toEqual({});
    expect(readOverrides(JSON.stringify({ 'order.buy': 'B' }))).toEqual({});
    expect(readOverrides(JSON.stringify({ 'order.buy': ['F1', 'Hyper+X'] }))).toEqual({ 'order.buy': ['F1'] });
  });

  it('gives the menu an accelerator for each bound action, registering only modifier chords', () => {
    const map = resolveKeymap({});
    expect(menuAccelerator(map, 'search.open', 'other')).toEqual({ accelerator: '/', register: false });
    expect(menuAccelerator(map, 'panel.detach', 'mac')).toEqual({
      accelerator: 'CommandOrControl+Shift+D',
      register: true,
    });
    expect(menuAccelerator(resolveKeymap({ 'alert.create': [] }), 'alert.create', 'other')).toBeNull();
  });
});

describe('keys and text fields', () => {
  const input = { tagName: 'INPUT', type: 'text' };
  it('knows which focused elements take typing', () => {
    expect(isTextEntry(input)).toBe(true);
    expect(isTextEntry({ tagName: 'input', type: 'number' })).toBe(true);
    expect(isTextEntry({ tagName: 'INPUT' })).toBe(true);
    expect(isTextEntry({ tagName: 'TEXTAREA' })).toBe(true);
    expect(isTextEntry({ tagName: 'SELECT' })).toBe(true);
    expect(isTextEntry({ tagName: 'DIV', isContentEditable: true })).toBe(true);
    expect(isTextEntry({ tagName: 'DIV', role: 'combobox' })).toBe(true);
    expect(isTextEntry({ tagName: 'INPUT', type: 'checkbox' })).toBe(false);
    expect(isTextEntry({ tagName: 'BUTTON' })).toBe(false);
    expect(isTextEntry({ tagName: 'TR' })).toBe(false);
    expect(isTextEntry(null)).toBe(false);
  });

  it('trading keys never act while a text field has focus, whatever their chord', () => {
    for (const action of KEY_ACTION_LIST.filter((a) => KEY_ACTIONS[a].trading)) {
      expect(keyMayAct(action, 'B', input), action).toBe(false);
      expect(keyMayAct(action, 'Mod+Shift+B', input), action).toBe(false);
      expect(keyMayAct(action, 'B', { tagName: 'TR' }), action).toBe(true);
    }
  });

  it('other keys act from a text field only with a modifier (or Esc)', () => {
    expect(keyMayAct('search.open', '/', input)).toBe(false);
    expect(keyMayAct('search.open', 'Mod+K', input)).toBe(true);
    expect(keyMayAct('ticket.cancel', 'Escape', input)).toBe(true);
    expect(keyMayAct('help.shortcuts', '?', input)).toBe(false);
    expect(keyMayAct('help.shortcuts', '?', { tagName: 'BUTTON' })).toBe(true);
  });

  it('only Enter, Esc, function keys and modified chords leave a text field alone', () => {
    for (const k of ['Enter', 'Escape', 'F9', 'Mod+Enter', 'Alt+P', 'Mod+K']) expect(leavesTextAlone(k), k).toBe(true);
    for (const k of ['P', '7', '/', 'Shift+P', 'Backspace', 'Delete', 'Home', 'Space'])
      expect(leavesTextAlone(k), k).toBe(false);
  });

  it('Enter and Space on a button, link or menu item press it (never a shortcut); elsewhere they may be keys', () => {
    for (const el of [
      { tagName: 'BUTTON' },
      { tagName: 'A' },
      { tagName: 'INPUT', type: 'submit' },
      { tagName: 'DIV', role: 'menuitemradio' },
      { tagName: 'TR', role: 'button' },
    ]) {
      expect(pressesFocusedControl('Enter', el), el.tagName).toBe(true);
      expect(pressesFocusedControl('Space', el), el.tagName).toBe(true);
      expect(pressesFocusedControl('Mod+Enter', el), el.tagName).toBe(false);
      expect(pressesFocusedControl('F2', el), el.tagName).toBe(false);
    }
    expect(pressesFocusedControl('Enter', { tagName: 'INPUT', type: 'radio' })).toBe(false);
    expect(pressesFocusedControl('Enter', { tagName: 'INPUT', type: 'text' })).toBe(false);
    expect(pressesFocusedControl('Enter', { tagName: 'TR' })).toBe(false);
    expect(pressesFocusedControl('Enter', null)).toBe(false);
  });
});
