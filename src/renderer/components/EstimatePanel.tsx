import { formatRupees, formatWholeRupees } from '../format/numbers';
import { estimateLines, type TicketEstimate } from '../trading/estimate';

/** What a pending order already holds (Modify): its blocked margin and the charges it paid. */
export interface HeldByOrder {
  margin: number;
  charges: number;
}

/**
 * The estimate the order ticket and the Modify dialog both show: order value, then the lines
 * that make up "Total required" (margin, brokerage, statutory charges, the rounding of charges
 * up to the rupee) — they add up to the total to the paisa — then what is available. With
 * `held` (Modify), what the order already holds and the difference the change needs or frees.
 */
export function EstimatePanel({
  estimate,
  available,
  held,
}: {
  estimate: TicketEstimate | null;
  available: number | null;
  held?: HeldByOrder;
}) {
  const lines = estimate ? estimateLines(estimate) : null;
  const heldTotal = held ? held.margin + held.charges : 0;
  const change = estimate && held ? estimate.totalRequired - heldTotal : null;
  const needed = held ? (change ?? 0) : (estimate?.totalRequired ?? 0);
  const short = estimate !== null && available !== null && needed > available;
  return (
    <dl className="kv estimate" aria-label="Estimate">
      <dt>Order value</dt>
      <dd className="num">{formatRupees(estimate?.orderValue)}</dd>
      {(lines ?? estimateLines(EMPTY)).map((line, i) => [
        <dt key={`t${i}`} title={line.detail}>
          {lines ? line.label : line.label.split(' (')[0]}
        </dt>,
        <dd key={`d${i}`} className="num">
          {lines ? formatRupees(line.amount) : '—'}
        </dd>,
      ])}
      <dt className="estimate-total">Total required</dt>
      <dd className={`num estimate-total ${short && !held ? 'tone-down' : ''}`}>
        {formatRupees(estimate?.totalRequired)}
      </dd>
      {held && (
        <>
          <dt>Held by this order now</dt>
          <dd className="num">{formatRupees(heldTotal)}</dd>
          <dt>{change !== null && change < 0 ? 'Freed by this change' : 'Needed for this change'}</dt>
          <dd className={`num ${short ? 'tone-down' : ''}`}>
            {change === null ? '—' : formatRupees(Math.abs(change))}
          </dd>
        </>
      )}
      <dt>Available</dt>
      <dd className="num">{formatWholeRupees(available)}</dd>
    </dl>
  );
}

/** Labels of the lines while there is nothing to estimate yet (no quantity or price). */
const EMPTY: TicketEstimate = {
  orderValue: 0,
  leverage: 0,
  quantity: 0,
  openingQuantity: 0,
  requiredMargin: 0,
  brokerage: 0,
  stt: 0,
  exchangeTxn: 0,
  gst: 0,
  stampDuty: 0,
  statutoryCharges: 0,
  chargesRounding: 0,
  totalCharges: 0,
  totalRequired: 0,
};
