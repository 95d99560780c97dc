import { memo, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useActions, useClient, useTerminal } from '../app/context';
import { formatCount, formatPrice, formatSignedRupees, toneOf } from '../format/numbers';
import { positionCounts, positionIds, quoteOfSymbol, totals } from '../store/selectors';
import { dayPnL, unrealizedPnL } from '../trading/pnl';
import { Dialog } from './Dialog';
import { ColumnHeaders, type Column } from './ColumnHeaders';
import { PanelHead } from './PanelHead';
import { selectableRowProps, useLinkedSelection, type SelectableRowProps } from '../workspace/useLinkedSelection';

const POSITION_COLUMNS: readonly Column[] = [
  { label: 'Symbol' },
  { label: 'Qty', numeric: true },
  { label: 'Avg', numeric: true },
  { label: 'LTP', numeric: true },
  { label: 'P&L', numeric: true },
  { label: 'Day P&L', numeric: true },
  { label: 'Booked', numeric: true },
];

interface RowProps extends SelectableRowProps {
  id: string;
}

const PositionRow = memo(function PositionRow({ id, selected, focusable, onSelect }: RowProps) {
  const p = useTerminal((s) => s.trading.positions[id]);
  const quote = useTerminal((s) => (p ? quoteOfSymbol(s, p.symbol) : undefined));
  const actions = useActions();
  if (!p) return null;
  const open = p.quantity !== 0;
  const unrealized = open ? (quote ? unrealizedPnL(p, quote.ltp) : p.unrealizedPnL) : 0;
  const day = open ? (quote ? dayPnL(p, quote) : p.dayPnL) : 0;
  const select = () => onSelect(p.id, p.symbol);
  return (
    <tr className={selected ? 'selected' : undefined} {...selectableRowProps(selected, focusable, select)}>
      <th scope="row" className="sym">
        {p.symbol}
      </th>
      <td
        className={`num ${p.quantity > 0 ? 'tone-up' : p.quantity < 0 ? 'tone-down' : ''}`}
        title={p.quantity > 0 ? 'Long' : p.quantity < 0 ? 'Short' : 'Closed'}
      >
        {formatCount(p.quantity)}
      </td>
      <td className="num">{formatPrice(p.averagePrice)}</td>
      <td className="num">{formatPrice(quote?.ltp)}</td>
      <td className={`num tone-${toneOf(unrealized)}`}>{open ? formatSignedRupees(unrealized) : '—'}</td>
      <td className={`num tone-${toneOf(day)}`}>{open ? formatSignedRupees(day) : '—'}</td>
      <td className={`num tone-${toneOf(p.realizedPnL)}`}>
        {formatSignedRupees(p.realizedPnL)}
        {Math.round(p.realizedPnLRounding * 100) !== 0 && (
          <span
            className="sub muted"
            title="The balance is kept in whole rupees: booked P&L moved it by the booked amount plus this rounding"
          >
            {' '}
            rounding {formatSignedRupees(p.realizedPnLRounding)}
          </span>
        )}
      </td>
      <td className="actions">
        {open && (
          <button
            type="button"
            className="btn btn-small"
            aria-label={`Exit ${p.symbol}`}
            onClick={() => actions.setUi({ dialog: { kind: 'exit', positionId: p.id } })}
          >
            Exit
          </button>
        )}
      </td>
    </tr>
  );
});

function Totals() {
  const t = useTerminal(useShallow(totals));
  return (
    <div className="totals" aria-label="Position totals">
      <span>
        Total P&amp;L <b className={`num tone-${toneOf(t.total)}`}>{formatSignedRupees(t.total)}</b>
      </span>
      <span title="Open positions' movement today plus P&L booked today; today is the exchange day in IST">
        Day P&amp;L <b className={`num tone-${toneOf(t.day)}`}>{formatSignedRupees(t.day)}</b>
      </span>
      <span>
        Unrealized <b className={`num tone-${toneOf(t.unrealized)}`}>{formatSignedRupees(t.unrealized)}</b>
      </span>
      <span>
        Booked P&amp;L <b className={`num tone-${toneOf(t.booked)}`}>{formatSignedRupees(t.booked)}</b>
      </span>
      {Math.round(t.bookedRounding * 100) !== 0 && (
        <span title="Booked P&L moves the whole-rupee balance rounded to the rupee; this is what the rounding added">
          Rounding <b className="num">{formatSignedRupees(t.bookedRounding)}</b>
        </span>
      )}
    </div>
  );
}

export function PositionsPanel() {
  const tab = useTerminal((s) => s.ui.positionsTab);
  const ids = useTerminal(useShallow((s) => positionIds(s, tab)));
  const counts = useTerminal(useShallow(positionCounts));
  const actions = useActions();
  const { selected, select } = useLinkedSelection();
  const anySelected = selected !== null && ids.includes(selected);
  return (
    <section className="panel positions" aria-labelledby="positions-title">
      <PanelHead id="positions-title" name="positions">
        Positions
      </PanelHead>
      <div className="panel-toolbar">
        <div role="tablist" aria-label="Position filter" className="tabs">
          {(['open', 'closed'] as const).map((t) => (
            <button
              key={t}
              type="button"
              role="tab"
              aria-selected={tab === t}
              className={tab === t ? 'tab active' : 'tab'}
              onClick={() => actions.setUi({ positionsTab: t })}
            >
              {t === 'open' ? `Open (${counts.open})` : `Closed (${counts.closed})`}
            </button>
          ))}
        </div>
        <Totals />
      </div>
      <div className="scroll">
        <table className="grid" aria-label="Positions">
          <ColumnHeaders columns={POSITION_COLUMNS} />
          <tbody>
            {ids.map((id, i) => (
              <PositionRow
                key={id}
                id={id}
                selected={id === selected}
                focusable={anySelected ? id === selected : i === 0}
                onSelect={select}
              />
            ))}
          </tbody>
        </table>
        {ids.length === 0 && <p className="empty">{tab === 'open' ? 'No open positions.' : 'No closed positions.'}</p>}
      </div>
    </section>
  );
}

/** "Exit" confirmation: closes the whole position at market through `positions.close`. */
export function ExitDialog({ positionId }: { positionId: string }) {
  const p = useTerminal((s) => s.trading.positions[positionId]);
  const quote = useTerminal((s) => (p ? quoteOfSymbol(s, p.symbol) : undefined));
  const client = useClient();
  const actions = useActions();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const close = () => actions.setUi({ dialog: null });
  if (!p) return null;
  const confirm = async () => {
    setBusy(true);
    const r = await client.call('positions.close', { positionId });
    setBusy(false);
    if (r.ok) close();
    else setError(r.error.message);
  };
  return (
    <Dialog title={`Exit ${p.symbol}?`} onClose={close} onConfirm={confirm}>
      <p>
        {p.quantity > 0 ? 'Sell' : 'Buy'} {formatCount(Math.abs(p.quantity))} {p.symbol} at market to close this
        position.
        {quote && (
          <>
            {' '}
            Current P&amp;L{' '}
            <b className={`tone-${toneOf(unrealizedPnL(p, quote.ltp))}`}>
              {formatSignedRupees(unrealizedPnL(p, quote.ltp))}
            </b>
            .
          </>
        )}
      </p>
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
      <div className="dialog-buttons">
        <button type="button" className="btn" onClick={close}>
          Keep position
        </button>
        <button type="button" className="btn btn-danger" disabled={busy} onClick={() => void confirm()}>
          Exit position
        </button>
      </div>
    </Dialog>
  );
}
