import { useId, useMemo, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { alertNoteRefusal, alertValueRefusal, isPriceCondition } from '../../shared/alerts';
import { alertAtPrice, suggestedValue } from '../alerts/suggest';
import type { AlertCondition, Instrument } from '../../shared/domain';
import { useActions, useClient, useServices, useTerminal } from '../app/context';
import { fieldOfError } from '../format/errors';
import { formatPrice } from '../format/numbers';
import { alertViews } from '../store/selectors';
import { Dialog } from './Dialog';

const CONDITIONS: ReadonlyArray<{ value: AlertCondition; label: string }> = [
  { value: 'LTP_ABOVE', label: 'LTP crosses above' },
  { value: 'LTP_BELOW', label: 'LTP crosses below' },
  { value: 'CHANGE_PCT_ABOVE', label: 'Day change % crosses above' },
  { value: 'CHANGE_PCT_BELOW', label: 'Day change % crosses below' },
];

/** The instruments a trader can pick for a new alert: every watchlist's, by symbol. */
function pickable(s: {
  trading: { watchlistItems: Record<string, { token: number | null }>; instruments: Record<string, Instrument> };
}) {
  const seen = new Set<number>();
  const out: Instrument[] = [];
  for (const item of Object.values(s.trading.watchlistItems)) {
    if (item.token === null || seen.has(item.token)) continue;
    const inst = s.trading.instruments[item.token];
    if (!inst) continue;
    seen.add(item.token);
    out.push(inst);
  }
  return out.sort((a, b) => a.symbol.localeCompare(b.symbol));
}

/**
 * Set a new alert (from a watchlist row, the `A` key or the Alerts panel) or edit one. Values
 * are checked as the trader types with the rules main applies (a number, above ₹0, on the tick
 * grid); main's own refusals land beside the field they concern.
 */
export function AlertDialog({
  token: initialToken,
  alertId,
  price,
}: {
  token: number | null;
  alertId: string | null;
  /** A new alert at this price (₹, from a chart's crosshair); absent: one tick beyond the last price. */
  price?: number;
}) {
  const actions = useActions();
  const client = useClient();
  const { store } = useServices();
  const existing = useTerminal((s) => (alertId ? alertViews(s).find((a) => a.id === alertId) : undefined));
  const choices = useTerminal(useShallow(pickable));
  const [token, setToken] = useState<number | null>(existing?.token ?? initialToken ?? choices[0]?.token ?? null);
  const instrument = useTerminal((s) => (token !== null ? s.trading.instruments[token] : undefined));
  const ltp = useTerminal((s) =>
    token !== null ? (s.market.quotes[token]?.ltp ?? s.trading.instruments[token]?.lastPrice ?? null) : null,
  );
  // A price picked on a chart: on the grid, crossing towards it from the price now.
  const [picked] = useState(() =>
    existing || price === undefined ? null : alertAtPrice(price, instrument?.tickSize ?? 0.05, ltp),
  );
  const [condition, setCondition] = useState<AlertCondition>(existing?.condition ?? picked?.condition ?? 'LTP_ABOVE');
  // The suggestion is taken once, from the price when the dialog opened: it must not move under the trader.
  const [value, setValue] = useState<string>(() =>
    existing
      ? String(existing.value)
      : (picked?.value ?? suggestedValue(ltp, instrument?.tickSize ?? 0.05, 'LTP_ABOVE')),
  );
  const [note, setNote] = useState(existing?.note ?? '');
  const [errors, setErrors] = useState<{ value?: string; note?: string; token?: string; form?: string }>({});
  const [busy, setBusy] = useState(false);
  const ids = { value: useId(), note: useId(), token: useId(), form: useId() };
  const symbol = existing?.symbol ?? instrument?.symbol ?? '';
  const title = existing ? `Edit alert: ${existing.symbol}` : symbol ? `Set an alert: ${symbol}` : 'Set an alert';
  const number = useMemo(() => (value.trim() === '' ? Number.NaN : Number(value)), [value]);

  const close = () => actions.setUi({ dialog: null });
  const submit = async () => {
    if (busy) return;
    if (token === null) return setErrors({ token: 'Choose an instrument.' });
    const refusal =
      alertValueRefusal(condition, number, instrument ? { tickSize: instrument.tickSize } : null) ??
      alertNoteRefusal(note);
    if (refusal) return setErrors({ [refusal.field]: refusal.message });
    setBusy(true);
    const noteOrNull = note.trim() === '' ? null : note.trim();
    const r = existing
      ? await client.call('alerts.update', { id: existing.id, value: number, condition, note: noteOrNull })
      : await client.call('alerts.create', { token, condition, value: number, note: noteOrNull });
    setBusy(false);
    if (r.ok) {
      // Show the trader where it went.
      actions.setUi({ dialog: null, sideTab: 'alerts' });
      return;
    }
    const field = fieldOfError(r.error);
    if (field === 'value' || field === 'note' || field === 'token') setErrors({ [field]: r.error.message });
    else setErrors({ form: r.error.message });
  };

  const priceCondition = isPriceCondition(condition);
  return (
    <Dialog title={title} onClose={close} onConfirm={() => void submit()} className="alert-dialog">
      <form
        aria-label={title}
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        {!existing && initialToken === null && (
          <div className="field">
            <label htmlFor={ids.token}>Instrument</label>
            <select
              id={ids.token}
              value={token ?? ''}
              aria-invalid={errors.token ? true : undefined}
              aria-describedby={errors.token ? `${ids.token}-err` : undefined}
              onChange={(e) => {
                const t = Number(e.target.value);
                setToken(t);
                // A new instrument: suggest from its price, one tick beyond it.
                const s = store.getState();
                const price = s.market.quotes[t]?.ltp ?? s.trading.instruments[t]?.lastPrice ?? null;
                setValue(suggestedValue(price, s.trading.instruments[t]?.tickSize ?? 0.05, condition));
                setErrors({});
              }}
            >
              {choices.map((i) => (
                <option key={i.token} value={i.token}>
                  {i.symbol} ({i.exchange})
                </option>
              ))}
            </select>
            {errors.token && (
              <span className="field-error" id={`${ids.token}-err`}>
                {errors.token}
              </span>
            )}
          </div>
        )}
        <p className="muted">
          {symbol} LTP {formatPrice(ltp)}
          {instrument ? ` · tick ${formatPrice(instrument.tickSize)}` : ''}
        </p>
        <div className="field">
          <label htmlFor={`${ids.value}-cond`}>Condition</label>
          <select
            id={`${ids.value}-cond`}
            value={condition}
            onChange={(e) => {
              const next = e.target.value as AlertCondition;
              // A switch between price and percent makes the old number meaningless: suggest anew.
              if (isPriceCondition(next) !== isPriceCondition(condition) || !existing)
                setValue(suggestedValue(ltp, instrument?.tickSize ?? 0.05, next));
              setCondition(next);
              setErrors({});
            }}
          >
            {CONDITIONS.map((c) => (
              <option key={c.value} value={c.value}>
                {c.label}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={ids.value}>{priceCondition ? 'Alert price (₹)' : 'Day change (%)'}</label>
          <input
            id={ids.value}
            inputMode="decimal"
            autoComplete="off"
            value={value}
            aria-invalid={errors.value ? true : undefined}
            aria-describedby={errors.value ? `${ids.value}-err` : undefined}
            onChange={(e) => {
              setValue(e.target.value);
              setErrors({});
            }}
          />
          {errors.value && (
            <span className="field-error" id={`${ids.value}-err`}>
              {errors.value}
            </span>
          )}
        </div>
        <div className="field">
          <label htmlFor={ids.note}>Note (optional)</label>
          <input
            id={ids.note}
            value={note}
            maxLength={500}
            aria-invalid={errors.note ? true : undefined}
            aria-describedby={errors.note ? `${ids.note}-err` : undefined}
            onChange={(e) => setNote(e.target.value)}
          />
          {errors.note && (
            <span className="field-error" id={`${ids.note}-err`}>
              {errors.note}
            </span>
          )}
        </div>
        {errors.form && (
          <p className="field-error" role="alert">
            {errors.form}
          </p>
        )}
        <p className="hint">
          Fires once when the price crosses the value, then stays off until you re-arm it. Alerts fire while Tradedesk
          is running.
        </p>
        <div className="dialog-buttons">
          <button type="button" className="btn" onClick={close}>
            Cancel
          </button>
          <button type="submit" className="btn btn-primary" disabled={busy}>
            {existing ? 'Save alert' : 'Set alert'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
