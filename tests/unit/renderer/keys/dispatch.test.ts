import { describe, expect, it } from 'vitest';
import { rebind, resolveKeymap, type KeyEventLike } from '../../../../src/shared/keymap';
import {
  actionForKey,
  indexOf,
  keyPlatform,
  keymapInForce,
  resolveKey,
  type KeyContext,
} from '../../../../src/renderer/keys/dispatch';
import { createKeyTargets, type KeyRequest, type KeyTargetElement } from '../../../../src/renderer/keys/targets';

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

describe('the order ticket and the focused control', () => {
  const quantity: KeyContext = { focused: { tagName: 'INPUT', type: 'text' }, dialog: 'ticket' };
  const side: KeyContext = { focused: { tagName: 'INPUT', type: 'radio' }, dialog: 'ticket' };
  const cancelButton: KeyContext = { focused: { tagName: 'BUTTON' }, dialog: 'ticket' };
  const enter = press('Enter', 'Enter');

  it('Enter in a ticket field never places: it is held (the ticket moves to Place order)', () => {
    expect(resolveKey(enter, defaults, 'other', quantity)).toEqual({ action: 'ticket.place', held: true });
    expect(actionForKey(enter, defaults, 'other', quantity)).toBeNull();
  });

  it('Enter places from a control that is not a text field, and Esc cancels from anywhere in the ticket', () => {
    expect(resolveKey(enter, defaults, 'other', side)).toEqual({ action: 'ticket.place', held: false });
    const esc = press('Escape', 'Escape');
    expect(actionForKey(esc, defaults, 'other', quantity)).toBe('ticket.cancel');
    expect(actionForKey(esc, defaults, 'other', cancelButton)).toBe('ticket.cancel');
  });

  it('Enter on a focused button presses that button, never a shortcut', () => {
    expect(resolveKey(enter, defaults, 'other', cancelButton)).toBeNull();
    const menuItem: KeyContext = { focused: { tagName: 'DIV', role: 'menuitem' }, dialog: 'ticket' };
    expect(resolveKey(enter, defaults, 'other', menuItem)).toBeNull();
    const r = rebind({}, 'ticket.place', ['F9']);
    if (!r.ok) throw new Error(r.message);
    // Another key is the place key: on the button it places (it is not Enter's there).
    expect(actionForKey(press('F9', 'F9'), indexOf(resolveKeymap(r.overrides)), 'other', cancelButton)).toBe(
      'ticket.place',
    );
  });

  it('a rebound place key is followed: the old one is nothing, a letter bound to place types in a field', () => {
    const f9 = rebind({}, 'ticket.place', ['F9']);
    if (!f9.ok) throw new Error(f9.message);
    const index = indexOf(resolveKeymap(f9.overrides));
    expect(resolveKey(enter, index, 'other', side)).toBeNull();
    expect(resolveKey(enter, index, 'other', quantity)).toBeNull();
    expect(resolveKey(press('F9', 'F9'), index, 'other', quantity)).toEqual({ action: 'ticket.place', held: true });
    const p = rebind({}, 'ticket.place', ['P']);
    if (!p.ok) throw new Error(p.message);
    const letter = indexOf(resolveKeymap(p.overrides));
    expect(resolveKey(press('p', 'KeyP'), letter, 'other', quantity)).toBeNull();
    expect(resolveKey(press('p', 'KeyP'), letter, 'other', side)).toEqual({ action: 'ticket.place', held: false });
  });

  it('a rebound chart key is followed: the new key asks for a chart, the old one asks for nothing', () => {
    const r = rebind({}, 'panel.chart', ['G']);
    if (!r.ok) throw new Error(r.message);
    const index = indexOf(resolveKeymap(r.overrides));
    expect(actionForKey(press('g', 'KeyG'), index, 'other', row)).toBe('panel.chart');
    expect(actionForKey(press('c', 'KeyC'), index, 'other', row)).toBeNull();
    expect(actionForKey(press('c', 'KeyC'), defaults, 'other', row)).toBe('panel.chart');
  });
});

/** A node of a pretend tree: contains itself and its descendants. */
class Node implements KeyTargetElement {
  constructor(readonly parent: Node | null = null) {}
  contains(other: KeyTargetElement | null): boolean {
    for (let n = other as Node | null; n; n = n.parent) if (n === this) return true;
    return false;
  }
}

describe('key targets (panels that act on keymap actions)', () => {
  it('asks the panels around the focus first, innermost first, then the others in order', () => {
    const targets = createKeyTargets();
    const root = new Node();
    const outer = new Node(root);
    const inner = new Node(outer);
    const focus = new Node(inner);
    const other = new Node(root);
    const asked: string[] = [];
    const handler = (name: string, take: boolean) => (r: KeyRequest) => {
      asked.push(`${name}:${r.focused ? 'focused' : 'not'}`);
      return take;
    };
    targets.add(other, handler('other', false));
    targets.add(outer, handler('outer', false));
    targets.add(inner, handler('inner', false));
    expect(targets.dispatch('panel.chart', focus)).toBe(false);
    expect(asked).toEqual(['inner:focused', 'outer:focused', 'other:not']);

    asked.length = 0;
    const off = targets.add(new Node(inner), handler('late', true));
    expect(targets.dispatch('panel.chart', null)).toBe(true);
    expect(asked).toEqual(['other:not', 'outer:not', 'inner:not', 'late:not']);
    off();
    asked.length = 0;
    expect(targets.dispatch('panel.chart', null)).toBe(false);
    expect(asked).toHaveLength(3);
  });

  it('the first panel that takes the action ends the asking; held is passed on', () => {
    const targets = createKeyTargets();
    const ticket = new Node();
    const field = new Node(ticket);
    const seen: KeyRequest[] = [];
    targets.add(ticket, (r) => {
      seen.push(r);
      return r.action === 'ticket.place';
    });
    let after = 0;
    targets.add(new Node(), () => {
      after++;
      return true;
    });
    expect(targets.dispatch('ticket.place', field, true)).toBe(true);
    expect(seen).toEqual([{ action: 'ticket.place', focused: true, held: true }]);
    expect(after).toBe(0);
    expect(targets.dispatch('panel.depth', field)).toBe(true);
    expect(after).toBe(1);
  });
});
