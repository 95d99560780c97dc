import { useShallow } from 'zustand/react/shallow';
import { useTerminal } from '../app/context';
import { formatSignedRupees, formatSignedWholeRupees, formatWholeRupees, toneOf } from '../format/numbers';
import { todayLedgerOf, totals } from '../store/selectors';
import { PanelHead } from './PanelHead';

/**
 * The account as the platform holds it (whole rupees, shown without paise) and today's money
 * (IST, the exchange day): booked P&L to the paisa, what rounding it to the whole-rupee balance
 * added, and the charges paid — so every move of the balance today has a line that explains it.
 */
export function AccountPanel() {
  const account = useTerminal((s) => s.trading.account);
  const { unrealized } = useTerminal(useShallow(totals));
  const today = useTerminal(useShallow((s) => todayLedgerOf(s)));
  return (
    <section className="panel account" aria-labelledby="account-title">
      <PanelHead id="account-title" name="account">
        Account {account?.clientId && <span className="muted">{account.clientId}</span>}
      </PanelHead>
      {account ? (
        <dl className="kv" aria-label="Account">
          <dt>Balance</dt>
          <dd className="num">{formatWholeRupees(account.balance)}</dd>
          <dt>Available margin</dt>
          <dd className="num" data-testid="available-margin">
            {formatWholeRupees(account.availableMargin)}
          </dd>
          <dt>Used margin</dt>
          <dd className="num">{formatWholeRupees(account.usedMargin)}</dd>
          <dt>Unrealized P&amp;L</dt>
          <dd className={`num tone-${toneOf(unrealized)}`}>{formatSignedRupees(unrealized)}</dd>
          <dt title="Today is the exchange day, in IST">Booked P&amp;L today</dt>
          <dd className={`num tone-${toneOf(today.booked)}`}>{formatSignedRupees(today.booked)}</dd>
          <dt title="The balance is whole rupees: booked P&L moves it rounded to the rupee (half away from zero)">
            P&amp;L rounding today
          </dt>
          <dd className="num">{formatSignedRupees(today.rounding)}</dd>
          <dt title="Whole rupees, rounded up per order as the platform debits them">Charges today</dt>
          <dd className="num">{formatSignedWholeRupees(-today.charges)}</dd>
        </dl>
      ) : (
        <p className="empty">No trading account yet.</p>
      )}
    </section>
  );
}
