import { AccountPanel } from '../components/AccountPanel';
import { ChartPanel } from '../components/ChartPanel';
import { DepthPanel } from '../components/DepthPanel';
import { AlertDialog } from '../components/AlertDialog';
import { AlertsPanel } from '../components/AlertsPanel';
import { Header } from '../components/Header';
import { EventLog, Toasts } from '../components/Notifications';
import { ModifyDialog, OrdersPanel } from '../components/OrdersPanel';
import { OrderTicket } from '../components/OrderTicket';
import { ExitDialog, PositionsPanel } from '../components/PositionsPanel';
import { ShortcutsDialog } from '../components/ShortcutsDialog';
import { SignIn } from '../components/SignIn';
import { StatusBar } from '../components/StatusBar';
import { WatchlistPanel } from '../components/WatchlistPanel';
import { useState } from 'react';
import { useShortcuts } from '../keys/useShortcuts';
import { alertViews } from '../store/selectors';
import { ServicesContext, useActions, useCharts, useClient, useTerminal, type AppServices } from './context';

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
      return <AlertDialog key={`${dialog.token}-${dialog.alertId}`} token={dialog.token} alertId={dialog.alertId} />;
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
 * short for both tables). Setting an alert shows the alerts; a fired one is in both.
 */
function SidePanels() {
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

/** The chart and depth panels this window shows (opened from a watchlist row: C, D). */
function MarketPanels() {
  const panels = useCharts((s) => s.panels);
  if (panels.length === 0) return null;
  return (
    <div className="market-panels">
      {panels.map((p) =>
        p.kind === 'chart' ? <ChartPanel key={p.id} panel={p} /> : <DepthPanel key={p.id} panel={p} />,
      )}
    </div>
  );
}

function TradingScreen() {
  useShortcuts();
  const withMarket = useCharts((s) => s.panels.length > 0);
  return (
    <div className={withMarket ? 'layout with-market' : 'layout'}>
      <Header />
      <WatchlistPanel />
      <MarketPanels />
      <PositionsPanel />
      <OrdersPanel />
      <div className="side">
        <AccountPanel />
        <SidePanels />
      </div>
      <StatusBar />
      <ActiveDialog />
    </div>
  );
}

/**
 * While the terminal starts its profile (the demo backend takes seconds) and there is no cached
 * account to show: say so, instead of offering a sign-in nobody needs. If the demo backend
 * failed to start, say why and offer to try again.
 */
function Starting() {
  const session = useTerminal((s) => s.session);
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
  const mismatch = useTerminal((s) => s.contractMismatch);
  const session = useTerminal((s) => s.session);
  const hasCache = useTerminal((s) => s.account !== null);
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
