import { useId, useState } from 'react';
import type { IpcErrorCode } from '../../shared/contract';
import { useActions, useClient, useTerminal } from '../app/context';
import { formatCount, formatPrice } from '../format/numbers';
import { fieldOfError } from '../format/errors';
import type { TicketRequest } from '../store/store';
import { estimateTicket, productsFor, tradesInLots } from '../trading/estimate';
import { checkTicket, type TicketErrors, type TicketForm, type TicketInstrument } from '../trading/ticket';
import { EstimatePanel } from './EstimatePanel';

/** Failures that mean "the server said no": the next attempt is a new order with a new id. */
const REJECTIONS: ReadonlySet<IpcErrorCode> = new Set([
  'insufficient_margin',
  'invalid_quantity',
  'invalid_price',
  'invalid_order',
  'unknown_symbol',
  'market_closed',
  'invalid_args',
]);

export function OrderTicket({ request }: { request: TicketRequest }) {
  const client = useClient();
  const actions = useActions();
  const instrument = useTerminal((s) => (request.token !== null ? s.instruments[request.token] : undefined));
  const item = useTerminal((s) =>
    request.token !== null ? Object.values(s.watchlistItems).find((i) => i.token === request.token) : undefined,
  );
  const quote = useTerminal((s) => (request.token !== null ? s.quotes[request.token] : undefined));
  const account = useTerminal((s) => s.account);
  const riskConfig = useTerminal((s) => s.riskConfig);
  // The part of an order against the open position needs no margin (as the server books it).
  const positionQuantity = useTerminal(
    (s) => Object.values(s.positions).find((p) => p.symbol === request.symbol)?.quantity ?? 0,
  );
  const ids = { qty: useId(), price: useId(), qtyErr: useId(), priceErr: useId() };

  const inst: TicketInstrument = {
    symbol: request.symbol,
    token: request.token,
    segment: instrument?.segment ?? instrument?.exchange ?? item?.segment ?? item?.exchange ?? 'NSE_EQ',
    lotSize: instrument?.lotSize ?? item?.lotSize ?? 1,
    tickSize: instrument?.tickSize ?? 0.05,
  };
  const lots = tradesInLots(inst.segment);
  const products = productsFor(inst.segment);
  const [form, setForm] = useState<TicketForm>({
    side: request.side,
    product: 'MIS',
    type: request.price !== undefined ? 'LIMIT' : 'MARKET',
    quantity: '1',
    price: request.price !== undefined ? request.price.toFixed(2) : '',
  });
  const [errors, setErrors] = useState<TicketErrors>({});
  const [serverError, setServerError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [clientOrderId, setClientOrderId] = useState(() => crypto.randomUUID());
  const ltp = quote?.ltp ?? instrument?.lastPrice ?? null;

  // A few multiplications per render: cheaper than memoizing on the whole form.
  const estimate = (() => {
    const units = /^\d+$/.test(form.quantity.trim())
      ? Number(form.quantity) * (lots ? Math.max(1, inst.lotSize) : 1)
      : 0;
    const price = form.type === 'LIMIT' ? Number(form.price) : ltp;
    if (!units || !price || !Number.isFinite(price) || price <= 0) return null;
    return estimateTicket({
      segment: inst.segment,
      product: form.product,
      quantity: units,
      price,
      side: form.side,
      riskConfig,
      positionQuantity,
    });
  })();

  const close = () => actions.setUi({ dialog: null });
  const update = (patch: Partial<TicketForm>) => {
    setForm((f) => ({ ...f, ...patch }));
    setServerError(null);
  };

  const place = async () => {
    if (busy) return;
    const check = checkTicket(form, inst, clientOrderId);
    if (!check.ok) return setErrors(check.errors);
    setErrors({});
    setBusy(true);
    const r = await client.call('orders.place', check.args);
    setBusy(false);
    if (r.ok) {
      if (r.value.state === 'unconfirmed')
        actions.pushToast({
          tone: 'warning',
          title: `Order unconfirmed: ${inst.symbol}`,
          body: 'Sent, but the server has not confirmed it yet. It is shown in Orders until it resolves.',
          recovered: false,
        });
      close();
      return;
    }
    // A refusal about one field is shown beside it; anything else under the estimate.
    const field = fieldOfError(r.error);
    if (field === 'price' || field === 'quantity') setErrors({ [field]: r.error.message });
    else setServerError(r.error.message);
    if (REJECTIONS.has(r.error.code)) setClientOrderId(crypto.randomUUID());
  };

  const buy = form.side === 'BUY';
  const available = account?.availableMargin ?? null;
  return (
    <div className="backdrop" onMouseDown={(e) => e.target === e.currentTarget && close()}>
      <form
        className={`dialog ticket ${buy ? 'ticket-buy' : 'ticket-sell'}`}
        role="dialog"
        aria-modal="true"
        aria-label={`${buy ? 'Buy' : 'Sell'} ${inst.symbol}`}
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void place();
        }}
        onKeyDown={(e) => {
          if (e.key === 'Escape') {
            e.preventDefault();
            close();
          }
        }}
      >
        <h2>
          {buy ? 'Buy' : 'Sell'} {inst.symbol} <span className="muted">{inst.segment}</span>
          <span className="num ticket-ltp">LTP {formatPrice(ltp)}</span>
        </h2>
        <div className="segmented" role="radiogroup" aria-label="Side">
          {(['BUY', 'SELL'] as const).map((side) => (
            <label key={side} className={form.side === side ? `seg active ${side === 'BUY' ? 'buy' : 'sell'}` : 'seg'}>
              <input type="radio" name="side" checked={form.side === side} onChange={() => update({ side })} />
              {side === 'BUY' ? 'Buy' : 'Sell'}
            </label>
          ))}
        </div>
        <div className="segmented" role="radiogroup" aria-label="Product">
          {products.map((product) => (
            <label key={product} className={form.product === product ? 'seg active' : 'seg'}>
              <input
                type="radio"
                name="product"
                checked={form.product === product}
                onChange={() => update({ product })}
              />
              {product}
            </label>
          ))}
        </div>
        <div className="segmented" role="radiogroup" aria-label="Order type">
          {(['MARKET', 'LIMIT'] as const).map((type) => (
            <label key={type} className={form.type === type ? 'seg active' : 'seg'}>
              <input
                type="radio"
                name="type"
                checked={form.type === type}
                onChange={() =>
                  update({ type, price: type === 'LIMIT' && !form.price && ltp ? String(ltp.toFixed(2)) : form.price })
                }
              />
              {type === 'MARKET' ? 'Market' : 'Limit'}
            </label>
          ))}
        </div>
        <div className="form-grid two">
          <div className="field">
            <label htmlFor={ids.qty}>Quantity</label>
            <input
              id={ids.qty}
              autoFocus
              inputMode="numeric"
              value={form.quantity}
              aria-invalid={errors.quantity ? true : undefined}
              aria-describedby={errors.quantity ? ids.qtyErr : undefined}
              onChange={(e) => update({ quantity: e.target.value })}
            />
            {lots && <span className="hint">lots of {formatCount(inst.lotSize)}</span>}
            {errors.quantity && (
              <span className="field-error" id={ids.qtyErr}>
                {errors.quantity}
              </span>
            )}
          </div>
          <div className="field">
            <label htmlFor={ids.price}>Price</label>
            <input
              id={ids.price}
              inputMode="decimal"
              value={form.type === 'MARKET' ? '' : form.price}
              placeholder={form.type === 'MARKET' ? 'Market' : ''}
              disabled={form.type === 'MARKET'}
              aria-invalid={errors.price ? true : undefined}
              aria-describedby={errors.price ? ids.priceErr : undefined}
              onChange={(e) => update({ price: e.target.value })}
            />
            {errors.price && (
              <span className="field-error" id={ids.priceErr}>
                {errors.price}
              </span>
            )}
          </div>
        </div>
        <EstimatePanel estimate={estimate} available={available} />
        {serverError && (
          <p className="field-error" role="alert">
            {serverError}
          </p>
        )}
        <div className="dialog-buttons">
          <button type="button" className="btn" onClick={close}>
            Cancel
          </button>
          <button type="submit" className={`btn ${buy ? 'btn-buy' : 'btn-sell'}`} disabled={busy}>
            Place order
          </button>
        </div>
        <p className="hint">Enter places · Esc cancels</p>
      </form>
    </div>
  );
}
