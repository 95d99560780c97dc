import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { TradedeskClient } from './bridge/client';
import { connectToHost } from './bridge/connect';
import { wireMarketPanels } from './charts/panels';
import { createChartsStore } from './charts/store';
import { wireCharts } from './charts/wire';
import { THEME_KEY } from './components/StatusBar';
import { createTerminalStore, initialTerminalState } from './store/store';
import { windowKeyFrom } from './store/slices/workspace';
import { wireStore } from './store/wire';
import { wireWatchlistSetting } from './store/wire-workspace';
import { browserPageOps, workspaceCommands } from './workspace/commands';
import './styles.css';

function savedTheme(): 'dark' | 'light' {
  try {
    return localStorage.getItem(THEME_KEY) === 'light' ? 'light' : 'dark';
  } catch {
    return 'dark';
  }
}

const store = createTerminalStore(initialTerminalState(savedTheme(), windowKeyFrom(window.location.search)));
const link = connectToHost();
const client = new TradedeskClient(link.bridge, (name, reason) => {
  store.getState().countDroppedPush();
  console.warn(`[tradedesk] dropped ${name} push: ${reason}`);
});
const workspace = workspaceCommands(store, client, browserPageOps(link.host));
wireStore(store, client, link);
const charts = createChartsStore();
wireCharts(charts, client, link, (what, message) => store.getState().notify({ kind: 'refused', what, message }));
wireWatchlistSetting(store, workspace);
wireMarketPanels(store, charts, workspace);

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
createRoot(root).render(
  <StrictMode>
    <App services={{ store, client, charts, workspace }} />
  </StrictMode>,
);
