import { useShallow } from 'zustand/react/shallow';
import type { Feed } from '../../shared/domain';
import { useClient, useTerminal } from '../app/context';
import { useNow } from '../app/useNow';
import { feedView } from '../format/connection';
import {
  formatPercent,
  formatPrice,
  formatSigned,
  formatSignedRupees,
  formatWholeRupees,
  toneOf,
} from '../format/numbers';
import { formatAge, formatClock } from '../format/time';
import { BANK_NIFTY_TOKEN, NIFTY_50_TOKEN, totals } from '../store/selectors';

function IndexTicker({ token, label }: { token: number; label: string }) {
  const quote = useTerminal((s) => s.market.quotes[token]);
  const tone = toneOf(quote?.change);
  return (
    <div className="index" role="group" aria-label={label}>
      <span className="index-name">{label}</span>
      <span className="index-value num">{formatPrice(quote?.ltp)}</span>
      <span className={`num tone-${tone}`}>{formatSigned(quote?.change)}</span>
      <span className={`num tone-${tone}`}>({formatPercent(quote?.changePct)})</span>
    </div>
  );
}

function FeedHealth({ feed, label }: { feed: Feed; label: string }) {
  const status = useTerminal((s) => s.connection.feeds[feed]);
  const link = useTerminal((s) => s.connection.link);
  const session = useTerminal((s) => s.connection.session);
  const now = useNow();
  const l = feedView(status, { link, session }, now);
  return (
    <div
      className={`feed feed-${l.tone}`}
      role="status"
      aria-live="off"
      aria-label={`${label} feed: ${l.text}`}
      title={l.age ?? undefined}
    >
      <span className="dot" aria-hidden="true" />
      <span className="feed-name">{label}</span>
      <span className="feed-state">{l.text}</span>
      {l.age && <span className="feed-age">{l.age}</span>}
    </div>
  );
}

/** The same figures, by the same names, as the Account panel and the Positions totals. */
function AccountQuickView() {
  const account = useTerminal((s) => s.trading.account);
  const { total } = useTerminal(useShallow(totals));
  return (
    <div className="quick-account" role="group" aria-label="Account summary">
      <span>
        Available <b className="num">{formatWholeRupees(account?.availableMargin)}</b>
      </span>
      <span>
        Total P&amp;L <b className={`num tone-${toneOf(total)}`}>{formatSignedRupees(total)}</b>
      </span>
    </div>
  );
}

function HostLinkBanner() {
  const link = useTerminal((s) => s.connection.link);
  if (link.state === 'open') return null;
  return (
    <div className="host-banner" role="alert">
      {link.state === 'connecting'
        ? 'Connecting to the terminal host…'
        : `Lost the terminal host — reconnecting (attempt ${link.attempt})…`}
    </div>
  );
}

/** Cached data is on screen while the profile's backend starts: say what is happening. */
function StartingBanner() {
  const session = useTerminal((s) => s.connection.session);
  if (session?.state === 'signed_out' && session.profile?.kind === 'demo' && session.error)
    return (
      <div className="stale-banner" role="alert">
        {session.error} Showing the cached account.
      </div>
    );
  if (session?.state !== 'starting') return null;
  return (
    <div className="stale-banner" role="status">
      {session.profile?.kind === 'demo' ? 'Starting the demo backend…' : 'Starting…'} Showing the cached account
      meanwhile.
    </div>
  );
}

function StaleBanner() {
  const { stale, syncedAt, loaded } = useTerminal(
    useShallow((s) => ({ stale: s.trading.stale, syncedAt: s.trading.syncedAt, loaded: s.trading.loaded })),
  );
  const now = useNow();
  if (!loaded || !stale) return null;
  return (
    <div className="stale-banner" role="status">
      Showing cached data — stale
      {syncedAt !== null ? ` since ${formatClock(syncedAt)} (${formatAge(now - syncedAt)} old)` : ', never synced'}
    </div>
  );
}

export function Header() {
  // From the session push (first paint after attach, and every profile change), not from a
  // one-off app.info answer taken before the demo profile existed.
  const demo = useTerminal((s) => s.connection.session?.profile?.kind === 'demo');
  const client = useClient();
  const anyDown = useTerminal(
    (s) =>
      s.connection.link.state === 'open' &&
      Object.values(s.connection.feeds).some((f) => f && (f.state === 'offline' || f.state === 'reconnecting')),
  );
  return (
    <header className="header">
      <div className="brand">
        Tradedesk
        {demo && (
          <span className="badge badge-demo" title="Demo mode: paper trading against the embedded simulator">
            DEMO
          </span>
        )}
      </div>
      <IndexTicker token={NIFTY_50_TOKEN} label="NIFTY 50" />
      <IndexTicker token={BANK_NIFTY_TOKEN} label="BANK NIFTY" />
      <div className="spacer" />
      <AccountQuickView />
      <FeedHealth feed="market" label="Market" />
      <FeedHealth feed="trading" label="Trading" />
      {anyDown && (
        <button type="button" className="btn btn-small" onClick={() => void client.call('connection.retry', {})}>
          Retry
        </button>
      )}
      <HostLinkBanner />
      <StartingBanner />
      <StaleBanner />
    </header>
  );
}
