import { useState } from 'react';
import {
  KEY_ACTIONS,
  KEY_ACTION_LIST,
  chordFromEvent,
  displayChord,
  formatChord,
  type KeyAction,
} from '../../shared/keymap';
import { useActions, useClient, useTerminal } from '../app/context';
import { keyPlatform, keymapInForce } from '../keys/dispatch';
import { Dialog } from './Dialog';

const GROUPS = ['Trading', 'Instrument', 'Windows', 'Help'] as const;
const platform = keyPlatform(typeof navigator === 'undefined' ? undefined : navigator);

/**
 * The Keyboard shortcuts dialog (`?`): every action of the keymap with its keys, grouped; a key
 * can be changed (the next key pressed becomes the action's key; a key another action has is
 * refused by main, naming that action) or put back to the default.
 */
export function ShortcutsDialog() {
  const actions = useActions();
  const client = useClient();
  const state = useTerminal((s) => s.keymap);
  const keymap = keymapInForce(state?.keymap ?? null, platform);
  const overrides = state?.overrides ?? {};
  const [capturing, setCapturing] = useState<KeyAction | null>(null);
  const [message, setMessage] = useState<{ tone: 'error' | 'info'; text: string } | null>(null);
  const close = () => actions.setUi({ dialog: null });

  const setKeys = async (action: KeyAction, keys: string[]) => {
    const r = await client.call('keymap.set', { action, keys });
    if (r.ok) {
      actions.setKeymap(r.value);
      setMessage({
        tone: 'info',
        text: `${KEY_ACTIONS[action].title}: ${keys.map((k) => displayChord(k, platform)).join(', ') || 'no key'}.`,
      });
    } else setMessage({ tone: 'error', text: r.error.message });
  };

  const onCapture = (e: React.KeyboardEvent) => {
    if (capturing === null) return;
    // Esc leaves capture (and not the dialog); Tab still moves focus.
    if (e.key === 'Tab') return;
    e.preventDefault();
    e.stopPropagation();
    if (e.key === 'Escape') {
      setCapturing(null);
      setMessage(null);
      return;
    }
    const chord = chordFromEvent(e, platform);
    if (chord === null) return; // a modifier alone: wait for the key
    const action = capturing;
    setCapturing(null);
    void setKeys(action, [formatChord(chord)]);
  };

  return (
    <Dialog title="Keyboard shortcuts" onClose={close} className="shortcuts-dialog">
      <div onKeyDownCapture={onCapture}>
        <p className="muted">
          Trading keys never act while a text field has focus. Tradedesk never takes a key system-wide.
        </p>
        {message && (
          <p
            className={message.tone === 'error' ? 'field-error' : 'muted'}
            role={message.tone === 'error' ? 'alert' : 'status'}
          >
            {message.text}
          </p>
        )}
        {GROUPS.map((group) => (
          <table key={group} className="grid shortcuts" aria-label={`${group} keys`}>
            <caption>{group}</caption>
            <thead>
              <tr>
                <th scope="col">Action</th>
                <th scope="col">Keys</th>
                <th scope="col">
                  <span className="sr-only">Change</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {KEY_ACTION_LIST.filter((a) => KEY_ACTIONS[a].group === group).map((action) => {
                const info = KEY_ACTIONS[action];
                const keys = keymap[action];
                return (
                  <tr key={action}>
                    <th scope="row">
                      {info.title}
                      {info.note && <span className="shortcut-note muted">{info.note}</span>}
                    </th>
                    <td>
                      {capturing === action ? (
                        <span role="status">Press the new key for {info.title} (Esc: keep it)</span>
                      ) : keys.length === 0 ? (
                        <span className="muted">none</span>
                      ) : (
                        keys.map((k) => (
                          <kbd key={k} className="kbd">
                            {displayChord(k, platform)}
                          </kbd>
                        ))
                      )}
                    </td>
                    <td className="actions">
                      <button
                        type="button"
                        className="btn btn-small"
                        aria-label={`Change key for ${info.title}`}
                        onClick={() => {
                          setMessage(null);
                          setCapturing(action);
                        }}
                      >
                        Change
                      </button>
                      {overrides[action] !== undefined && (
                        <button
                          type="button"
                          className="btn btn-small"
                          aria-label={`Reset key for ${info.title}`}
                          onClick={async () => {
                            const r = await client.call('keymap.reset', { action });
                            if (r.ok) actions.setKeymap(r.value);
                          }}
                        >
                          Reset
                        </button>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        ))}
        <div className="dialog-buttons">
          <button
            type="button"
            className="btn"
            onClick={async () => {
              const r = await client.call('keymap.reset', {});
              if (r.ok) {
                actions.setKeymap(r.value);
                setMessage({ tone: 'info', text: 'Every key is back to its default.' });
              }
            }}
          >
            Reset all keys
          </button>
          <button type="button" className="btn btn-primary" onClick={close}>
            Close
          </button>
        </div>
      </div>
    </Dialog>
  );
}
