import { useShallow } from 'zustand/react/shallow';
import { useTerminal } from '../app/context';
import { formatRupees, formatSignedRupees, toneOf } from '../format/numbers';
import { totals } from '../store/selectors';

export function AccountPanel() {
  const account = useTerminal((s) => s.account);
  const { unrealized } = useTerminal(useShallow(totals));
  return (
    <section className="panel account" aria-labelledby="account-title">
      <h2 id="account-title" className="panel-title">
        Account {account?.clientId && <span className="muted">{account.clientId}</span>}
      </h2>
      {account ? (
        <dl className="kv">
          <dt>Balance</dt>
          <dd className="num">{formatRupees(account.balance)}</dd>
          <dt>Available margin</dt>
          <dd className="num" data-testid="available-margin">
            {formatRupees(account.availableMargin)}
          </dd>
          <dt>Used margin</dt>
          <dd className="num">{formatRupees(account.usedMargin)}</dd>
          <dt>Unrealized P&amp;L</dt>
          <dd className={`num tone-${toneOf(unrealized)}`}>{formatSignedRupees(unrealized)}</dd>
        </dl>
      ) : (
        <p className="empty">No trading account yet.</p>
      )}
    </section>
  );
}
