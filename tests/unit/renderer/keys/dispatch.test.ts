import { describe, expect, it } from 'vitest';
import { rebind, resolveKeymap, type KeyEventLike } from '../../../../src/shared/keymap';
import {
  actionForKey,
  indexOf,
  keyPlatform,
  keymapInForce,
  type KeyContext,
} from '../../../../src/renderer/keys/dispatch';

/** A key press as the DOM reports it (`code` by position, `key` by character). */
function press(key: string, code: string, mods: Partial<KeyEventLike> = {}): KeyEventLike {
  return { key, code, ctrlKey: false, altKey: false, shiftKey: false, metaKey: false, ...mods };
}

const body: KeyContext = { focused: { tagName: 'BODY' }, dialog: 'none' };
const row: KeyContext = { focused: { tagName: 'TR' }, dialog: 'none' };
const textField: KeyContext = { focused: { tagName: 'INPUT', type: 'text' }, dialog: 'none' };
const defaults = indexOf(keymapInForce(null, 'other'));

describe('the renderer keydown rule (one handler, the keymap table)', () => {
  it('reads the default keys: B/S buy and sell, A alert, / and Ctrl+K search, ? help, [ ] watchlists', () => {
    expect(actionForKey(press('b', 'KeyB'), defaults, 'other', row)).toBe('order.buy');
    expect(actionForKey(press('s', 'KeyS'), defaults, 'other', row)).toBe('order.sell');
    expect(actionForKey(press('a', 'KeyA'), defaults, 'other', row)).toBe('alert.create');
    expect(actionForKey(press('/', 'Slash'), defaults, 'other', body)).toBe('search.open');
    expect(actionForKey(press('k', 'KeyK', { ctrlKey: true }), defaults, 'other', body)).toBe('search.open');
    expect(actionForKey(press('?', 'Slash', { shiftKey: true }), defaults, 'other', body)).toBe('help.shortcuts');
    expect(actionForKey(press(']', 'BracketRight'), defaults, 'other', body)).toBe('watchlist.next');
    expect(actionForKey(press('[', 'BracketLeft'), defaults, 'other', body)).toBe('watchlist.previous');
    expect(actionForKey(press('x', 'KeyX'), defaults, 'other', body)).toBeNull();
  });

  it('letters go by key position: B on a Hindi (InScript) layout is still Buy', () => {
    expect(actionForKey(press('व', 'KeyB'), defaults, 'other', row)).toBe('order.buy');
  });

  it('in a text field a trading key never acts and a plain key types; a chord with a modifier still acts', () => {
    expect(actionForKey(press('b', 'KeyB'), defaults, 'other', textField)).toBeNull();
    expect(actionForKey(press('a', 'KeyA'), defaults, 'other', textField)).toBeNull();
    expect(actionForKey(press('/', 'Slash'), defaults, 'other', textField)).toBeNull();
    expect(actionForKey(press('k', 'KeyK', { ctrlKey: true }), defaults, 'other', textField)).toBe('search.open');
    const searchbox: KeyContext = { focused: { tagName: 'DIV', role: 'combobox' }, dialog: 'none' };
    expect(actionForKey(press('s', 'KeyS'), defaults, 'other', searchbox)).toBeNull();
  });

  it('window keys wait while a dialog is open; ticket keys act only in the ticket', () => {
    const dialog: KeyContext = { focused: { tagName: 'BUTTON' }, dialog: 'other' };
    expect(actionForKey(press('b', 'KeyB'), defaults, 'other', dialog)).toBeNull();
    expect(actionForKey(press('?', 'Slash', { shiftKey: true }), defaults, 'other', dialog)).toBeNull();
    expect(actionForKey(press('Escape', 'Escape'), defaults, 'other', body)).toBeNull();
    const ticket: KeyContext = { focused: { tagName: 'BUTTON' }, dialog: 'ticket' };
    expect(actionForKey(press('Escape', 'Escape'), defaults, 'other', ticket)).toBe('ticket.cancel');
    expect(actionForKey(press('b', 'KeyB'), defaults, 'other', ticket)).toBeNull();
  });

  it("follows the trader's rebinding: the new key acts, the old one no longer does", () => {
    const r = rebind({}, 'order.buy', ['F2']);
    if (!r.ok) throw new Error(r.message);
    const index = indexOf(resolveKeymap(r.overrides));
    expect(actionForKey(press('F2', 'F2'), index, 'other', row)).toBe('order.buy');
    expect(actionForKey(press('b', 'KeyB'), index, 'other', row)).toBeNull();
  });

  it('macOS: ⌘K is search, Ctrl+K is not', () => {
    const mac = indexOf(keymapInForce(null, 'mac'));
    expect(actionForKey(press('k', 'KeyK', { metaKey: true }), mac, 'mac', body)).toBe('search.open');
    expect(actionForKey(press('k', 'KeyK', { ctrlKey: true }), mac, 'mac', body)).toBeNull();
    expect(keyPlatform({ platform: 'MacIntel' })).toBe('mac');
    expect(keyPlatform({ platform: 'Linux x86_64' })).toBe('other');
  });
});
