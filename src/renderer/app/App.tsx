import { AccountPanel } from '../components/AccountPanel';
import { Header } from '../components/Header';
import { EventLog, Toasts } from '../components/Notifications';
import { ModifyDialog, OrdersPanel } from '../components/OrdersPanel';
import { OrderTicket } from '../components/OrderTicket';
import { ExitDialog, PositionsPanel } from '../components/PositionsPanel';
import { SignIn } from '../components/SignIn';
import { StatusBar } from '../components/StatusBar';
import { WatchlistPanel } from '../components/WatchlistPanel';
import { ServicesContext, useTerminal, type AppServices } from './context';

function ActiveDialog() {
  const dialog = useTerminal((s) => s.ui.dialog);
  if (!dialog) return null;
  switch (dialog.kind) {
    case 'ticket':
      // Keyed so re-opening for another instrument starts a fresh ticket (and a fresh order id).
      return <OrderTicket key={`${dialog.request.symbol}-${dialog.request.side}`} request={dialog.request} />;
    case 'exit':
      return <ExitDialog positionId={dialog.positionId} />;
    case 'modify':
      return <ModifyDialog orderId={dialog.orderId} />;
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

function TradingScreen() {
  return (
    <div className="layout">
      <Header />
      <WatchlistPanel />
      <PositionsPanel />
      <OrdersPanel />
      <div className="side">
        <AccountPanel />
        <EventLog />
      </div>
      <StatusBar />
      <ActiveDialog />
    </div>
  );
}

function Screen() {
  const mismatch = useTerminal((s) => s.contractMismatch);
  const session = useTerminal((s) => s.session);
  if (mismatch) return <ContractMismatch message={mismatch} />;
  // No profile yet, or a remote profile that is signed out: the sign-in screen. (Offline with
  // a remote session still signed in shows the cached screen, marked stale.)
  const needsSignIn =
    session !== null &&
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
