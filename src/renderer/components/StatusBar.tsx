import { useEffect } from 'react';
import { useActions, useTerminal } from '../app/context';
import { ProfileSwitcher } from './ProfileSwitcher';
import { AddPanelMenu, LayoutsMenu, RestoreWindows, ReturnToMain } from './WorkspaceControls';

export const THEME_KEY = 'tradedesk.theme';

export function StatusBar() {
  const info = useTerminal((s) => s.connection.appInfo);
  const theme = useTerminal((s) => s.ui.theme);
  const dropped = useTerminal((s) => s.connection.droppedPushes);
  const issues = useTerminal((s) => s.market.issues.length);
  const actions = useActions();
  useEffect(() => {
    document.documentElement.dataset['theme'] = theme;
    try {
      localStorage.setItem(THEME_KEY, theme);
    } catch {
      /* storage may be unavailable (private mode); the theme still applies for this session */
    }
  }, [theme]);
  return (
    <footer className="statusbar">
      <span>
        {info ? `${info.name} v${info.version}` : 'Tradedesk'}
        {info && (
          <span className="muted">
            {' '}
            · {info.host} · {info.platform}
          </span>
        )}
      </span>
      {issues > 0 && <span className="muted">{issues} instrument(s) unavailable from the feed</span>}
      {dropped > 0 && (
        <span className="muted" title="Messages from the app that failed their schema were ignored">
          {dropped} bad update(s) ignored
        </span>
      )}
      <span className="spacer" />
      <RestoreWindows />
      <ReturnToMain />
      <AddPanelMenu />
      <LayoutsMenu />
      <ProfileSwitcher />
      <button
        type="button"
        className="btn btn-small"
        onClick={() => actions.setUi({ theme: theme === 'dark' ? 'light' : 'dark' })}
      >
        {theme === 'dark' ? 'Light theme' : 'Dark theme'}
      </button>
    </footer>
  );
}
