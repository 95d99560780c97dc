import { memo, useId, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { OrderIntent } from '../../shared/domain';
import { useActions, useClient, useTerminal } from '../app/context';
import { formatCount, formatPrice } from '../format/numbers';
import { formatLocalTime, formatOrderTime } from '../format/time';
import { fieldOfError } from '../format/errors';
import { orderCounts, orderIds, pendingIntents, tokenOfSymbol } from '../store/selectors';
import { estimateTicket } from '../trading/estimate';
import { cncSellableOf } from '../trading/holdings';
import { checkModify, type TicketErrors } from '../trading/ticket';
import { EstimatePanel } from './EstimatePanel';
import { Dialog } from './Dialog';
import { ColumnHeaders, type Column } from './ColumnHeaders';
import { PanelHead } from './PanelHead';
import { selectableRowProps, useLinkedSelection, type SelectableRowProps } from '../workspace/useLinkedSelection';

const ORDER_COLUMNS: readonly Column[] = [
  { label: 'Time' },
  { label: 'Symbol' },
  { label: 'Side' },
  { label: 'Type' },
  { label: 'Product' },
  { label: 'Qty', numeric: true },
  { label: 'Price', numeric: true },
  { label: 'Trigger', numeric: true },
  { label: 'Avg', numeric: true },
  { label: 'Status' },
];

interface RowProps extends SelectableRowProps {
  id: string;
}

const OrderRow = memo(function OrderRow({ id, selected, focusable, onSelect }: RowProps) {
  const o = useTerminal((s) => s.trading.orders[id]);
  const actions = useActions();
  const client = useClient();
  const [busy, setBusy] = useState(false);
  if (!o) return null;
  const cancel = async () => {
    setBusy(true);
    const r = await client.call('orders.cancel', { orderId: o.id });
    setBusy(false);
    if (!r.ok) actions.notify({ kind: 'refused', what: `Cancel ${o.symbol}`, message: r.error.message });
  };
  const select = () => onSelect(o.id, o.symbol);
  return (
    <tr className={selected ? 'selected' : undefined} {...selectableRowProps(selected, focusable, select)}>
      <td className="num">{formatOrderTime(o.executedAt ?? o.createdAt)}</td>
      <th scope="row" className="sym">
        {o.symbol}
      </th>
      <td className={o.orderSide === 'BUY' ? 'tone-up' : 'tone-down'}>{o.orderSide}</td>
      <td>{o.orderType}</td>
      <td>{o.productType}</td>
      <td className="num">
        {o.status === 'EXECUTED' ? formatCount(o.filledQuantity || o.quantity) : formatCount(o.quantity)}
      </td>
      <td className="num">{o.orderType === 'MARKET' || o.orderType === 'SL-M' ? 'MKT' : formatPrice(o.price)}</td>
      <td className="num">{o.triggerPrice !== null ? formatPrice(o.triggerPrice) : '—'}</td>
      <td className="num">{formatPrice(o.averagePrice)}</td>
      <td>
        <span className={`status status-${o.status.toLowerCase()}`}>{o.status}</span>
        {o.status === 'PENDING' && o.triggeredAt !== null && (
          <span className="status status-triggered" title={`Triggered ${formatOrderTime(o.triggeredAt)}`}>
            TRIGGERED
          </span>
        )}
      </td>
      <td className="actions">
        {o.status === 'PENDING' && (
          <>
            <button
              type="button"
              className="btn btn-small"
              aria-label={`Modify ${o.symbol} order`}
              onClick={() => actions.setUi({ dialog: { kind: 'modify', orderId: o.id } })}
            >
              Modify
            </button>
            <button
              type="button"
              className="btn btn-small btn-danger"
              aria-label={`Cancel ${o.symbol} order`}
              disabled={busy}
              onClick={() => void cancel()}
            >
              Cancel
            </button>
          </>
        )}
      </td>
    </tr>
  );
});

/**
 * An order the terminal sent but the server never confirmed. While it is being sent it just
 * says so; once it waits for the trader (too old, or from an earlier run, to be re-sent by
 * itself) it offers Check again / Place again (same client order id: books at most once) /
 * Discard, with what is known about it.
 */
function IntentRow({ intent }: { intent: OrderIntent }) {
  const actions = useActions();
  const client = useClient();
  const [busy, setBusy] = useState(false);
  const waiting = intent.state === 'unconfirmed';
  const run = async (
    method: 'intents.check' | 'intents.placeAgain' | 'intents.discard',
    /** The action in words, for the toast if main refuses it ("Checking RELIANCE"). */
    what: string,
  ): Promise<void> => {
    setBusy(true);
    const r = await client.call(method, { clientOrderId: intent.clientOrderId });
    setBusy(false);
    if (!r.ok) actions.notify({ kind: 'refused', what, message: r.error.message });
    else if (method === 'intents.check' && 'state' in r.value && r.value.state === 'unconfirmed')
      actions.notify({ kind: 'intent_unknown', symbol: intent.symbol });
  };
  const what = `${intent.side} ${intent.quantity} ${intent.symbol}`;
  return (
    <>
      <tr className="unconfirmed">
        <td className="num">{formatLocalTime(intent.createdAt)}</td>
        <th scope="row" className="sym">
          {intent.symbol}
        </th>
        <td className={intent.side === 'BUY' ? 'tone-up' : 'tone-down'}>{intent.side}</td>
        <td>{intent.type}</td>
        <td>{intent.product}</td>
        <td className="num">{formatCount(intent.quantity)}</td>
        <td className="num">
          {intent.type === 'MARKET' || intent.type === 'SL-M' ? 'MKT' : formatPrice(intent.price)}
        </td>
        <td className="num">{intent.triggerPrice != null ? formatPrice(intent.triggerPrice) : '—'}</td>
        <td className="num">—</td>
        <td>
          <span className="status status-unconfirmed" title={intent.error ?? 'Sent; waiting for the server to confirm'}>
            {waiting ? 'unconfirmed' : 'sending'}
          </span>
        </td>
        <td />
      </tr>
      {waiting && (
        // What is known and what the trader can do, on a line of its own (the row has no room).
        <tr className="unconfirmed-note">
          <td colSpan={ORDER_COLUMNS.length + 1}>
            <span className="muted">{intent.error ?? 'Not confirmed by the server.'}</span>
            <span className="note-actions">
              <button
                type="button"
                className="btn btn-small"
                aria-label={`Check ${what} again`}
                disabled={busy}
                onClick={() => void run('intents.check', `Checking ${intent.symbol}`)}
              >
                Check again
              </button>
              <button
                type="button"
                className="btn btn-small"
                aria-label={`Place ${what} again`}
                disabled={busy}
                onClick={() => void run('intents.placeAgain', `Placing ${intent.symbol} again`)}
              >
                Place again
              </button>
              <button
                type="button"
                className="btn btn-small btn-danger"
                aria-label={`Discard ${what}`}
                disabled={busy}
                onClick={() => void run('intents.discard', `Discarding ${intent.symbol}`)}
              >
                Discard
              </button>
            </span>
          </td>
        </tr>
      )}
    </>
  );
}

export function OrdersPanel() {
  const tab = useTerminal((s) => s.ui.ordersTab);
  const ids = useTerminal(useShallow((s) => orderIds(s, tab)));
  const intents = useTerminal(useShallow(pendingIntents));
  const counts = useTerminal(useShallow(orderCounts));
  const actions = useActions();
  const { selected, select } = useLinkedSelection();
  const anySelected = selected !== null && ids.includes(selected);
  const labels = {
    open: `Open (${counts.open + intents.length})`,
    executed: `Executed (${counts.executed})`,
    cancelled: `Cancelled (${counts.cancelled})`,
  };
  return (
    <section className="panel orders" aria-labelledby="orders-title">
      <PanelHead id="orders-title" name="orders">
        Orders
      </PanelHead>
      <div className="panel-toolbar">
        <div role="tablist" aria-label="Order status" className="tabs">
          {(['open', 'executed', 'cancelled'] as const).map((t) => (
            <button
              key={t}
              type="button"
              role="tab"
              aria-selected={tab === t}
              className={tab === t ? 'tab active' : 'tab'}
              onClick={() => actions.setUi({ ordersTab: t })}
            >
              {labels[t]}
            </button>
          ))}
        </div>
      </div>
      <div className="scroll">
        <table className="grid" aria-label="Orders">
          <ColumnHeaders columns={ORDER_COLUMNS} />
          <tbody>
            {tab === 'open' && intents.map((i) => <IntentRow key={i.clientOrderId} intent={i} />)}
            {ids.map((id, i) => (
              <OrderRow
                key={id}
                id={id}
                selected={id === selected}
                focusable={anySelected ? id === selected : i === 0}
                onSelect={select}
              />
            ))}
          </tbody>
        </table>
        {ids.length === 0 && (tab !== 'open' || intents.length === 0) && <p className="empty">No {tab} orders.</p>}
      </div>
    </section>
  );
}

/**
 * Modify a pending order's price and/or quantity (`orders.modify`), with the same estimate panel
 * as the ticket: what the order as modified costs, what it already holds, and the difference the
 * server will block and debit (or release and refund).
 */
export function ModifyDialog({ orderId }: { orderId: string }) {
  const o = useTerminal((s) => s.trading.orders[orderId]);
  const client = useClient();
  const actions = useActions();
  const token = useTerminal((s) => (o ? tokenOfSymbol(s, o.symbol) : null));
  const instrument = useTerminal((s) => (token !== null ? s.trading.instruments[token] : undefined));
  const quote = useTerminal((s) => (token !== null ? s.market.quotes[token] : undefined));
  const account = useTerminal((s) => s.trading.account);
  const riskConfig = useTerminal((s) => s.trading.riskConfig);
  const positionQuantity = useTerminal(
    (s) => (o ? Object.values(s.trading.positions).find((p) => p.symbol === o.symbol)?.quantity : 0) ?? 0,
  );
  const cncSellable = useTerminal((s) =>
    o ? cncSellableOf(s.trading.positions, s.trading.orders, o.symbol, o.id) : 0,
  );
  const ids = {
    qty: useId(),
    price: useId(),
    trigger: useId(),
    qtyErr: useId(),
    priceErr: useId(),
    triggerErr: useId(),
  };
  const [price, setPrice] = useState(() => (o?.price !== null && o?.price !== undefined ? o.price.toFixed(2) : ''));
  const [trigger, setTrigger] = useState(() =>
    o?.triggerPrice !== null && o?.triggerPrice !== undefined ? o.triggerPrice.toFixed(2) : '',
  );
  const [quantity, setQuantity] = useState(() => (o ? String(o.quantity) : ''));
  const [errors, setErrors] = useState<TicketErrors>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const close = () => actions.setUi({ dialog: null });
  if (!o) return null;
  if (o.status !== 'PENDING') {
    return (
      <Dialog title={`Modify ${o.symbol}`} onClose={close}>
        <p>This order is {o.status.toLowerCase()} and can no longer be modified.</p>
        <div className="dialog-buttons">
          <button type="button" className="btn" onClick={close}>
            Close
          </button>
        </div>
      </Dialog>
    );
  }
  const limit = o.orderType === 'LIMIT' || o.orderType === 'SL';
  // A stop's trigger changes only while it is untriggered (the server says the same).
  const triggerEditable = (o.orderType === 'SL' || o.orderType === 'SL-M') && o.triggeredAt === null;
  const segment = instrument?.segment ?? instrument?.exchange ?? 'NSE_EQ';
  const q = /^\d+$/.test(quantity.trim()) ? Number(quantity) : 0;
  const ltp = quote?.ltp ?? instrument?.lastPrice ?? null;
  const p = limit ? Number(price) : o.orderType === 'SL-M' ? Number(trigger) : ltp;
  const modifyForm = { quantity, price, triggerPrice: trigger };
  const modifyOrder = {
    id: o.id,
    orderType: o.orderType,
    orderSide: o.orderSide,
    productType: o.productType,
    triggered: o.triggeredAt !== null,
  };
  const modifyInstrument = {
    symbol: o.symbol,
    token,
    segment,
    lotSize: instrument?.lotSize ?? 1,
    tickSize: instrument?.tickSize ?? 0.05,
    instrumentType: instrument?.instrumentType ?? 'EQ',
    optionType: instrument?.optionType ?? null,
    priceBand: instrument?.priceBand ?? null,
  };
  const live = checkModify(modifyForm, modifyOrder, modifyInstrument, { ltp, cncSellable });
  const shown: TicketErrors = { ...(live.ok ? {} : live.errors), ...errors };
  const estimate =
    q > 0 && p !== null && Number.isFinite(p) && p > 0
      ? estimateTicket({
          segment,
          product: o.productType === 'DELIVERY' ? 'CNC' : o.productType,
          quantity: q,
          price: p,
          side: o.orderSide,
          riskConfig,
          // The order itself reduces nothing yet: the position is what it would reduce.
          positionQuantity,
        })
      : null;
  const submit = async () => {
    if (busy) return;
    const check = checkModify(modifyForm, modifyOrder, modifyInstrument, { ltp, cncSellable });
    if (!check.ok) return setErrors(check.errors);
    setErrors({});
    setError(null);
    setBusy(true);
    const r = await client.call('orders.modify', check.args);
    setBusy(false);
    if (r.ok) return close();
    const field = fieldOfError(r.error);
    if (field === 'price' || field === 'quantity' || field === 'triggerPrice') setErrors({ [field]: r.error.message });
    else setError(r.error.message);
  };
  return (
    <Dialog title={`Modify ${o.orderSide} ${o.symbol}`} onClose={close} onConfirm={() => void submit()}>
      <div className="form-grid two">
        <div className="field">
          <label htmlFor={ids.qty}>Quantity</label>
          <input
            id={ids.qty}
            inputMode="numeric"
            value={quantity}
            aria-invalid={shown.quantity ? true : undefined}
            aria-describedby={shown.quantity ? ids.qtyErr : undefined}
            onChange={(e) => {
              setQuantity(e.target.value);
              setErrors({});
            }}
          />
          {shown.quantity && (
            <span className="field-error" id={ids.qtyErr}>
              {shown.quantity}
            </span>
          )}
        </div>
        {limit && (
          <div className="field">
            <label htmlFor={ids.price}>Price</label>
            <input
              id={ids.price}
              inputMode="decimal"
              value={price}
              aria-invalid={shown.price ? true : undefined}
              aria-describedby={shown.price ? ids.priceErr : undefined}
              onChange={(e) => {
                setPrice(e.target.value);
                setErrors({});
              }}
            />
            {shown.price && (
              <span className="field-error" id={ids.priceErr}>
                {shown.price}
              </span>
            )}
          </div>
        )}
        {triggerEditable && (
          <div className="field">
            <label htmlFor={ids.trigger}>Trigger price</label>
            <input
              id={ids.trigger}
              inputMode="decimal"
              value={trigger}
              aria-invalid={shown.triggerPrice ? true : undefined}
              aria-describedby={shown.triggerPrice ? ids.triggerErr : undefined}
              onChange={(e) => {
                setTrigger(e.target.value);
                setErrors({});
              }}
            />
            {shown.triggerPrice && (
              <span className="field-error" id={ids.triggerErr}>
                {shown.triggerPrice}
              </span>
            )}
          </div>
        )}
      </div>
      <EstimatePanel
        estimate={estimate}
        available={account?.availableMargin ?? null}
        held={{ margin: o.marginBlocked, charges: o.chargesDeducted }}
      />
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
      <div className="dialog-buttons">
        <button type="button" className="btn" onClick={close}>
          Close
        </button>
        <button type="button" className="btn btn-primary" disabled={busy} onClick={() => void submit()}>
          Save changes
        </button>
      </div>
    </Dialog>
  );
}
