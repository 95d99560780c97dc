import { AlertDialog } from '../components/AlertDialog';
import { AlertsPanel } from '../components/AlertsPanel';
import { Header } from '../components/Header';
import { EventLog, Toasts } from '../components/Notifications';
import { ModifyDialog } from '../components/OrdersPanel';
import { OrderTicket } from '../components/OrderTicket';
import { ExitDialog } from '../components/PositionsPanel';
import { ShortcutsDialog } from '../components/ShortcutsDialog';
import { SignIn } from '../components/SignIn';
import { StatusBar } from '../components/StatusBar';
import { PanelView, preloadChart } from '../components/panelKinds';
import { useEffect, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { MAIN_WINDOW_KEY, type Panel } from '../../shared/layout';
import { useShortcuts } from '../keys/useShortcuts';
import { alertViews } from '../store/selectors';
import { ownPanels, ownWindow, panelName, showsKind, windowPresence } from '../store/slices/workspace';
import { mainGrid } from '../workspace/panels';
import {
  PanelContext,
  ServicesContext,
  useActions,
  useClient,
  useServices,
  useTerminal,
  type AppServices,
} from './context';

function ActiveDialog() {
  const dialog = useTerminal((s) => s.ui.dialog);
  if (!dialog) return null;
  switch (dialog.kind) {
    case 'ticket':
      // Keyed so re-opening for another instrument starts a fresh ticket (and a fresh order id).
      return (
        <OrderTicket
          key={`${dialog.request.symbol}-${dialog.request.side}-${dialog.request.price ?? ''}`}
          request={dialog.request}
        />
      );
    case 'exit':
      return <ExitDialog positionId={dialog.positionId} />;
    case 'modify':
      return <ModifyDialog orderId={dialog.orderId} />;
    case 'alert':
      return (
        <AlertDialog
          key={`${dialog.token}-${dialog.alertId}-${dialog.price ?? ''}`}
          token={dialog.token}
          alertId={dialog.alertId}
          price={dialog.price}
        />
      );
    case 'shortcuts':
      return <ShortcutsDialog />;
  }
}

function ContractMismatch({ message }: { message: string }) {
  return (
    <main className="fullscreen" role="alert">
      <div className="card">
        <h1>This window is out of date</h1>
        <p>The terminal and this window were built from different versions and cannot talk safely.</p>
        <p className="muted">{message}</p>
        <p>Restart Tradedesk to load the matching version.</p>
      </div>
    </main>
  );
}

/**
 * The side column's lower half: the event log or the alerts, one at a time (the column is too
 * short for both tables). Setting an alert shows the alerts; a fired one is in both. A window
 * that shows an alerts panel of its own (Add panel) has the event log alone here.
 */
function SidePanels() {
  const ownAlerts = useTerminal((s) => showsKind(s.workspace, 'alerts'));
  if (ownAlerts) return <EventLog />;
  return <SideTabs />;
}

function SideTabs() {
  const tab = useTerminal((s) => s.ui.sideTab);
  const alerts = useTerminal((s) => alertViews(s).length);
  const actions = useActions();
  return (
    <div className="side-panels">
      <div role="tablist" aria-label="Side panels" className="tabs side-tabs">
        {(
          [
            ['events', 'Event log'],
            ['alerts', `Alerts (${alerts})`],
          ] as const
        ).map(([value, label]) => (
          <button
            key={value}
            type="button"
            role="tab"
            aria-selected={tab === value}
            className={tab === value ? 'tab active' : 'tab'}
            onClick={() => actions.setUi({ sideTab: value })}
          >
            {label}
          </button>
        ))}
      </div>
      {tab === 'alerts' ? <AlertsPanel /> : <EventLog />}
    </div>
  );
}

/** The kinds the main window's grid gives areas of their own; every other kind stacks in the side column. */
const GRID_KINDS = new Set<Panel['kind']>(['watchlist', 'positions', 'orders']);
/** Chart and depth panels share the main window's market row (above positions and orders, beside the watchlist). */
const MARKET_KINDS = new Set<Panel['kind']>(['chart', 'depth']);

function PanelSlot({ panel }: { panel: Panel }) {
  return (
    <PanelContext.Provider value={panel}>
      {/* The event log shares its place with the Alerts list (issue 16's side tabs). */}
      {panel.kind === 'events' ? <SidePanels /> : <PanelView panel={panel} />}
    </PanelContext.Provider>
  );
}

/** The window's title names what a detached window shows (the taskbar and window switcher read it). */
function useWindowTitle(panels: readonly Panel[], detached: boolean) {
  const listName = useTerminal((s) =>
    s.ui.activeWatchlistId ? s.trading.watchlists[s.ui.activeWatchlistId]?.name : null,
  );
  useEffect(() => {
    if (typeof document === 'undefined') return;
    const names = panels.map((p) => {
      const name = panelName(p, listName);
      return name.charAt(0).toUpperCase() + name.slice(1);
    });
    document.title = detached && names.length > 0 ? `${names.join(', ')} — Tradedesk` : 'Tradedesk';
  }, [panels, detached, listName]);
}

function MainScreen({ panels }: { panels: readonly Panel[] }) {
  const market = panels.filter((p) => MARKET_KINDS.has(p.kind));
  const withMarket = market.length > 0;
  const grid = mainGrid(
    panels.filter((p) => !MARKET_KINDS.has(p.kind)).map((p) => p.kind),
    withMarket,
  );
  const side = panels.filter((p) => !GRID_KINDS.has(p.kind) && !MARKET_KINDS.has(p.kind));
  const sideRows = side.map((p) => (p.kind === 'account' || p.kind === 'ticket' ? 'auto' : 'minmax(0, 1fr)')).join(' ');
  return (
    <div
      className={withMarket ? 'layout with-market' : 'layout'}
      style={
        grid
          ? { gridTemplateColumns: grid.columns, gridTemplateAreas: grid.areas, gridTemplateRows: grid.rows }
          : undefined
      }
    >
      <Header />
      {withMarket && (
        <div className="market-panels">
          {market.map((p) => (
            <PanelSlot key={p.id} panel={p} />
          ))}
        </div>
      )}
      {panels
        .filter((p) => GRID_KINDS.has(p.kind))
        .map((p) => (
          <PanelSlot key={p.id} panel={p} />
        ))}
      {side.length > 0 && (
        <div className="side" style={{ gridTemplateRows: sideRows }}>
          {side.map((p) => (
            <PanelSlot key={p.id} panel={p} />
          ))}
        </div>
      )}
      {panels.length === 0 && (
        <p className="empty layout-empty">Every panel is in a window of its own. Add one here from Add panel.</p>
      )}
      <StatusBar />
      <ActiveDialog />
    </div>
  );
}

function DetachedScreen({ panels }: { panels: readonly Panel[] }) {
  const presence = useTerminal((s) => windowPresence(s.workspace));
  const { workspace } = useServices();
  const host = workspace.host;
  // Main took this window out of the layout (returned, closed, or a layout without it): a page
  // the app opened closes itself; Electron's main closes its windows itself.
  useEffect(() => {
    if (presence === 'removed' && host === 'web') workspace.closeSelf();
  }, [presence, host, workspace]);
  return (
    <div className="layout layout-detached">
      <Header />
      <div className="detached-body">
        {presence === 'removed' ? (
          <p className="empty" role="status">
            This window is no longer part of the layout; its panels are back in the main window.
          </p>
        ) : presence === 'elsewhere' ? (
          <p className="empty" role="status">
            This window is open in another tab or window.
          </p>
        ) : (
          panels.map((p) => <PanelSlot key={p.id} panel={p} />)
        )}
      </div>
      <StatusBar />
      <ActiveDialog />
    </div>
  );
}

/**
 * Fetches the chart chunk once the trading screen is up and the page is idle: the terminal
 * paints without it, and the first chart the trader opens does not wait for it.
 */
function usePreloadChart() {
  useEffect(() => {
    if (typeof window.requestIdleCallback === 'function') {
      const id = window.requestIdleCallback(preloadChart, { timeout: 2_000 });
      return () => window.cancelIdleCallback(id);
    }
    const timer = setTimeout(preloadChart, 500);
    return () => clearTimeout(timer);
  }, []);
}

function TradingScreen() {
  useShortcuts();
  usePreloadChart();
  const panels = useTerminal(useShallow((s) => ownPanels(s.workspace)));
  const detached = useTerminal((s) => {
    const own = ownWindow(s.workspace);
    return own ? own.role === 'detached' : s.workspace.key !== MAIN_WINDOW_KEY;
  });
  useWindowTitle(panels, detached);
  return detached ? <DetachedScreen panels={panels} /> : <MainScreen panels={panels} />;
}

/**
 * While the terminal starts its profile (the demo backend takes seconds) and there is no cached
 * account to show: say so, instead of offering a sign-in nobody needs. If the demo backend
 * failed to start, say why and offer to try again.
 */
function Starting() {
  const session = useTerminal((s) => s.connection.session);
  const client = useClient();
  const [busy, setBusy] = useState(false);
  const demo = session?.profile?.kind === 'demo';
  const failed = session?.state === 'signed_out' && session.error;
  return (
    <main className="fullscreen">
      <div className="card" role={failed ? 'alert' : 'status'}>
        <h1>Tradedesk{demo && <span className="badge badge-demo">DEMO</span>}</h1>
        {failed ? (
          <>
            <p>{session.error}</p>
            <button
              type="button"
              className="btn"
              disabled={busy}
              onClick={async () => {
                setBusy(true);
                await client.call('session.useProfile', { kind: 'demo' });
                setBusy(false);
              }}
            >
              Try again
            </button>
          </>
        ) : (
          <p>{demo ? 'Starting the demo backend…' : 'Starting…'}</p>
        )}
      </div>
    </main>
  );
}

function Screen() {
  const mismatch = useTerminal((s) => s.connection.contractMismatch);
  const session = useTerminal((s) => s.connection.session);
  const hasCache = useTerminal((s) => s.trading.account !== null);
  if (mismatch) return <ContractMismatch message={mismatch} />;
  const starting = session?.state === 'starting';
  const demoFailed = session?.profile?.kind === 'demo' && session.state === 'signed_out' && session.error !== null;
  if ((session === null || starting || demoFailed) && !hasCache) return <Starting />;
  // No profile yet, or a remote profile that is signed out: the sign-in screen. (Offline with
  // a remote session still signed in shows the cached screen, marked stale.)
  const needsSignIn =
    session !== null &&
    !starting &&
    (session.profile === null || (session.state !== 'signed_in' && session.profile.kind === 'remote'));
  if (needsSignIn) return <SignIn />;
  return <TradingScreen />;
}

export function App({ services }: { services: AppServices }) {
  return (
    <ServicesContext.Provider value={services}>
      <Screen />
      <Toasts />
    </ServicesContext.Provider>
  );
}
