import { useId, useRef, useState } from 'react';
import type { IpcErrorCode } from '../../shared/contract';
import { useActions, useClient, useTerminal } from '../app/context';
import { formatCount, formatPrice } from '../format/numbers';
import { fieldOfError } from '../format/errors';
import type { TicketRequest } from '../store/store';
import {
  allowedProducts,
  blockingPrice,
  ORDER_TYPES,
  segmentOfExchange,
  type RuleOrderType,
} from '../../shared/trading';
import { estimateTicket, tradesInLots } from '../trading/estimate';
import { checkTicket, type TicketErrors, type TicketForm, type TicketInstrument } from '../trading/ticket';
import { cncSellableOf } from '../trading/holdings';
import { EstimatePanel } from './EstimatePanel';
import { useKeyTarget } from '../keys/targets';
import { useKeyLabel } from '../keys/useKeyLabel';

/** Failures that mean "the server said no": the next attempt is a new order with a new id. */
const REJECTIONS: ReadonlySet<IpcErrorCode> = new Set([
  'insufficient_margin',
  'invalid_quantity',
  'invalid_price',
  'invalid_order',
  'unknown_symbol',
  'market_closed',
  'invalid_args',
  'off_tick',
  'outside_band',
  'product_not_allowed',
  'insufficient_holdings',
  'invalid_trigger',
  'order_type_not_allowed',
]);

const TYPE_LABELS: Record<RuleOrderType, string> = { MARKET: 'Market', LIMIT: 'Limit', SL: 'SL', 'SL-M': 'SL-M' };

export function OrderTicket({ request }: { request: TicketRequest }) {
  const client = useClient();
  const actions = useActions();
  const instrument = useTerminal((s) => (request.token !== null ? s.trading.instruments[request.token] : undefined));
  const item = useTerminal((s) =>
    request.token !== null ? Object.values(s.trading.watchlistItems).find((i) => i.token === request.token) : undefined,
  );
  const quote = useTerminal((s) => (request.token !== null ? s.market.quotes[request.token] : undefined));
  const account = useTerminal((s) => s.trading.account);
  const riskConfig = useTerminal((s) => s.trading.riskConfig);
  // The part of an order against the open position needs no margin (as the server books it).
  const positionQuantity = useTerminal(
    (s) => Object.values(s.trading.positions).find((p) => p.symbol === request.symbol)?.quantity ?? 0,
  );
  // CNC still sellable: the open CNC long net of pending CNC sells (exchange rule 5).
  const cncSellable = useTerminal((s) => cncSellableOf(s.trading.positions, s.trading.orders, request.symbol));
  const ids = {
    qty: useId(),
    price: useId(),
    trigger: useId(),
    qtyErr: useId(),
    priceErr: useId(),
    triggerErr: useId(),
    priceHint: useId(),
    triggerHint: useId(),
  };

  const inst: TicketInstrument = {
    symbol: request.symbol,
    token: request.token,
    segment: instrument?.segment ?? instrument?.exchange ?? item?.segment ?? item?.exchange ?? 'NSE_EQ',
    lotSize: instrument?.lotSize ?? item?.lotSize ?? 1,
    tickSize: instrument?.tickSize ?? 0.05,
    instrumentType: instrument?.instrumentType ?? 'EQ',
    optionType: instrument?.optionType ?? null,
    priceBand: instrument?.priceBand ?? null,
  };
  const lots = tradesInLots(inst.segment);
  const products = allowedProducts({
    segment: segmentOfExchange(inst.segment),
    instrumentType: inst.instrumentType ?? 'EQ',
  }) as Array<'MIS' | 'CNC' | 'NRML'>;
  const [form, setForm] = useState<TicketForm>({
    side: request.side,
    product: request.product && products.includes(request.product) ? request.product : 'MIS',
    type: request.price !== undefined ? 'LIMIT' : 'MARKET',
    quantity: request.quantity ?? '1',
    price: request.price !== undefined ? request.price.toFixed(2) : '',
    triggerPrice: '',
  });
  const [errors, setErrors] = useState<TicketErrors>({});
  const [serverError, setServerError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [clientOrderId, setClientOrderId] = useState(() => crypto.randomUUID());
  const ltp = quote?.ltp ?? instrument?.lastPrice ?? null;
  const market = { ltp, cncSellable };
  // Every rule, live, before anything is sent (the server checks the same again).
  const live = checkTicket(form, inst, clientOrderId, market);
  const shown: TicketErrors = { ...(live.ok ? {} : live.errors), ...errors };

  // A few multiplications per render: cheaper than memoizing on the whole form.
  const estimate = (() => {
    const units = /^\d+$/.test(form.quantity.trim())
      ? Number(form.quantity) * (lots ? Math.max(1, inst.lotSize) : 1)
      : 0;
    // The price the order would block at: the limit (LIMIT, SL), the trigger (SL-M), else LTP.
    const price = blockingPrice({
      orderType: form.type,
      price: Number(form.price),
      triggerPrice: Number(form.triggerPrice ?? ''),
      ltp,
    });
    if (!units || price === null || !Number.isFinite(price) || price <= 0) return null;
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
  const formRef = useRef<HTMLFormElement>(null);
  const placeButton = useRef<HTMLButtonElement>(null);
  const update = (patch: Partial<TicketForm>) => {
    setForm((f) => ({ ...f, ...patch }));
    setErrors({});
    setServerError(null);
  };

  const place = async () => {
    if (busy) return;
    const check = checkTicket(form, inst, clientOrderId, market);
    if (!check.ok) return setErrors(check.errors);
    setErrors({});
    setBusy(true);
    const r = await client.call('orders.place', check.args);
    setBusy(false);
    if (r.ok) {
      if (r.value.state === 'unconfirmed') actions.notify({ kind: 'order_unconfirmed', symbol: inst.symbol });
      close();
      return;
    }
    // A refusal about one field is shown beside it; anything else under the estimate.
    const field = fieldOfError(r.error);
    if (
      field === 'price' ||
      field === 'quantity' ||
      field === 'triggerPrice' ||
      field === 'product' ||
      field === 'type'
    )
      setErrors({ [field]: r.error.message });
    else setServerError(r.error.message);
    if (REJECTIONS.has(r.error.code)) setClientOrderId(crypto.randomUUID());
  };

  /**
   * The place key pressed in a field (held by the text-field rule): the order is checked, and
   * when it is complete the focus moves to Place order — the key pressed again there places.
   * A field never places by itself: typing into it must never send an order.
   */
  const review = () => {
    const check = checkTicket(form, inst, clientOrderId, market);
    if (!check.ok) return setErrors(check.errors);
    placeButton.current?.focus();
  };
  // The ticket's keys come from the keymap (useShortcuts): a rebinding is followed here too.
  useKeyTarget(formRef, ({ action, held }) => {
    if (action === 'ticket.cancel') close();
    else if (action === 'ticket.place') {
      if (held) review();
      else void place();
    } else return false;
    return true;
  });
  const keyLabel = useKeyLabel();
  const placeKey = keyLabel('ticket.place');
  const cancelKey = keyLabel('ticket.cancel');

  const buy = form.side === 'BUY';
  const hasLimit = form.type === 'LIMIT' || form.type === 'SL';
  const hasTrigger = form.type === 'SL' || form.type === 'SL-M';
  const available = account?.availableMargin ?? null;
  return (
    <div className="backdrop" onMouseDown={(e) => e.target === e.currentTarget && close()}>
      <form
        ref={formRef}
        className={`dialog ticket ${buy ? 'ticket-buy' : 'ticket-sell'}`}
        role="dialog"
        aria-modal="true"
        aria-label={`${buy ? 'Buy' : 'Sell'} ${inst.symbol}`}
        noValidate
        // Never submitted by the browser: Enter in a field would place past the keymap (a
        // rebound place key, the text-field rule). Placing is the button's and the place key's.
        onSubmit={(e) => e.preventDefault()}
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
          {ORDER_TYPES.map((type) => (
            <label key={type} className={form.type === type ? 'seg active' : 'seg'}>
              <input
                type="radio"
                name="type"
                checked={form.type === type}
                onChange={() =>
                  update({
                    type,
                    price:
                      (type === 'LIMIT' || type === 'SL') && !form.price && ltp ? String(ltp.toFixed(2)) : form.price,
                  })
                }
              />
              {TYPE_LABELS[type]}
            </label>
          ))}
        </div>
        {shown.product && (
          <p className="field-error" role="alert">
            {shown.product}
          </p>
        )}
        {shown.type && (
          <p className="field-error" role="alert">
            {shown.type}
          </p>
        )}
        <div className="form-grid two">
          <div className="field">
            <label htmlFor={ids.qty}>Quantity</label>
            <input
              id={ids.qty}
              autoFocus
              inputMode="numeric"
              value={form.quantity}
              aria-invalid={shown.quantity ? true : undefined}
              aria-describedby={shown.quantity ? ids.qtyErr : undefined}
              onChange={(e) => update({ quantity: e.target.value })}
            />
            {lots && <span className="hint">lots of {formatCount(inst.lotSize)}</span>}
            {shown.quantity && (
              <span className="field-error" id={ids.qtyErr}>
                {shown.quantity}
              </span>
            )}
          </div>
          <div className="field">
            <label htmlFor={ids.price}>Price</label>
            <input
              id={ids.price}
              inputMode="decimal"
              value={hasLimit ? form.price : ''}
              placeholder={hasLimit ? '' : 'Market'}
              disabled={!hasLimit}
              aria-invalid={shown.price ? true : undefined}
              aria-describedby={shown.price ? ids.priceErr : ids.priceHint}
              onChange={(e) => update({ price: e.target.value })}
            />
            <span className="hint" id={ids.priceHint}>
              tick {formatPrice(inst.tickSize)}
              {inst.priceBand
                ? ` · band ${formatPrice(inst.priceBand.lower)} – ${formatPrice(inst.priceBand.upper)}`
                : ''}
            </span>
            {shown.price && (
              <span className="field-error" id={ids.priceErr}>
                {shown.price}
              </span>
            )}
          </div>
          {hasTrigger && (
            <div className="field">
              <label htmlFor={ids.trigger}>Trigger price</label>
              <input
                id={ids.trigger}
                inputMode="decimal"
                value={form.triggerPrice ?? ''}
                aria-invalid={shown.triggerPrice ? true : undefined}
                aria-describedby={shown.triggerPrice ? ids.triggerErr : ids.triggerHint}
                onChange={(e) => update({ triggerPrice: e.target.value })}
              />
              <span className="hint" id={ids.triggerHint}>
                {form.side === 'BUY' ? 'above' : 'below'} LTP {formatPrice(ltp)}
              </span>
              {shown.triggerPrice && (
                <span className="field-error" id={ids.triggerErr}>
                  {shown.triggerPrice}
                </span>
              )}
            </div>
          )}
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
          <button
            ref={placeButton}
            type="button"
            className={`btn ${buy ? 'btn-buy' : 'btn-sell'}`}
            disabled={busy}
            onClick={() => void place()}
          >
            Place order
          </button>
        </div>
        <p className="hint">
          {placeKey && `${placeKey} goes to Place order, ${placeKey} again places`}
          {placeKey && cancelKey && ' · '}
          {cancelKey && `${cancelKey} cancels`}
        </p>
      </form>
    </div>
  );
}
