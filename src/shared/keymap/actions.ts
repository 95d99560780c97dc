import { z } from 'zod';

/**
 * Everything the keyboard can do in Tradedesk. One table drives the renderer's shortcuts, the
 * Electron application menu's accelerators and the Keyboard shortcuts dialog.
 */
export const KeyAction = z.enum([
  'order.buy',
  'order.sell',
  'ticket.place',
  'ticket.cancel',
  'search.open',
  'panel.chart',
  'panel.depth',
  'alert.create',
  'panel.detach',
  'watchlist.next',
  'watchlist.previous',
  'layout.switch',
  'help.shortcuts',
]);
export type KeyAction = z.infer<typeof KeyAction>;

export interface KeyActionInfo {
  /** What the dialog and the menu call it. */
  title: string;
  /** The dialog's section. */
  group: 'Trading' | 'Instrument' | 'Windows' | 'Help';
  /**
   * A trading key places, opens or sends an order: it never acts while a text field has focus
   * (whatever its chord), and is never a global shortcut.
   */
  trading: boolean;
  /** Where it acts: anywhere in a window, or only within an order ticket. */
  scope: 'window' | 'ticket';
  /** Default chords (chords.ts), first one shown in the menu. */
  defaults: readonly string[];
  /** What the key does where that is not plain from the title (the dialog shows it under it). */
  note?: string;
}

/**
 * Defaults. B/S buy and sell on the selected row and D opens depth, as Kite and NEST market
 * watches do; Enter sends and Esc cancels in the ticket (TradeStation's order preview); `/` and
 * Ctrl+K open search; `?` lists the keys. Chords avoid what a browser never lets a page take
 * (Ctrl+T/W/N, Ctrl+Tab: the browser host runs in a tab).
 */
export const KEY_ACTIONS: Readonly<Record<KeyAction, KeyActionInfo>> = {
  'order.buy': { title: 'Buy', group: 'Trading', trading: true, scope: 'window', defaults: ['B'] },
  'order.sell': { title: 'Sell', group: 'Trading', trading: true, scope: 'window', defaults: ['S'] },
  'ticket.place': {
    title: 'Place order',
    group: 'Trading',
    trading: true,
    scope: 'ticket',
    defaults: ['Enter'],
    note: 'In a field of the ticket it checks the order and moves to Place order; pressed there, it places.',
  },
  'ticket.cancel': {
    title: 'Cancel order ticket',
    group: 'Trading',
    trading: false,
    scope: 'ticket',
    defaults: ['Escape'],
  },
  'search.open': {
    title: 'Search instruments',
    group: 'Instrument',
    trading: false,
    scope: 'window',
    defaults: ['/', 'Mod+K'],
  },
  'panel.chart': { title: 'Chart', group: 'Instrument', trading: false, scope: 'window', defaults: ['C'] },
  'panel.depth': { title: 'Market depth', group: 'Instrument', trading: false, scope: 'window', defaults: ['D'] },
  'alert.create': {
    title: 'Set an alert',
    group: 'Instrument',
    trading: false,
    scope: 'window',
    defaults: ['A'],
    note: 'On the selected row; with the pointer on a chart, at the price under it.',
  },
  'panel.detach': {
    title: 'Detach panel',
    group: 'Windows',
    trading: false,
    scope: 'window',
    defaults: ['Mod+Shift+D'],
    note: 'The panel that has focus (else the one with the selected row) moves into a window of its own.',
  },
  'watchlist.next': { title: 'Next watchlist', group: 'Windows', trading: false, scope: 'window', defaults: [']'] },
  'watchlist.previous': {
    title: 'Previous watchlist',
    group: 'Windows',
    trading: false,
    scope: 'window',
    defaults: ['['],
  },
  'layout.switch': {
    title: 'Switch layout',
    group: 'Windows',
    trading: false,
    scope: 'window',
    defaults: ['Mod+Shift+L'],
    // A menu, not "the next layout": a layout change moves every window, so the trader sees
    // which one they get before it happens.
    note: 'Opens the Layouts menu: ↑/↓ choose a layout, Enter switches to it.',
  },
  'help.shortcuts': { title: 'Keyboard shortcuts', group: 'Help', trading: false, scope: 'window', defaults: ['?'] },
};

export const KEY_ACTION_LIST: readonly KeyAction[] = KeyAction.options;
