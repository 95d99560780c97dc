import { describe, expect, it } from 'vitest';
import { createTerminalStore, initialTerminalState } from '../../../../../src/renderer/store/store';

describe('ui slice', () => {
  it('setUi merges into ui, keeping the fields it does not name', () => {
    const store = createTerminalStore(initialTerminalState('light'));
    store.getState().setUi({ selectedToken: 2885, ordersTab: 'executed' });
    store.getState().setUi({ dialog: { kind: 'shortcuts' } });
    expect(store.getState().ui).toMatchObject({
      theme: 'light',
      selectedToken: 2885,
      ordersTab: 'executed',
      positionsTab: 'open',
      dialog: { kind: 'shortcuts' },
    });
  });

  it('the keymap is unknown until main answers, then main’s', () => {
    const store = createTerminalStore();
    expect(store.getState().keymap).toBeNull();
    store.getState().setKeymap({ keymap: { 'order.buy': ['b', 'F1'] }, overrides: {} } as never);
    expect(store.getState().keymap?.keymap['order.buy']).toEqual(['b', 'F1']);
  });
});
