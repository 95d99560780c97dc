import { useId, useState } from 'react';
import type { Panel } from '../../shared/layout';
import { useActions, usePanel, useTerminal, useWorkspace } from '../app/context';
import { formatPrice } from '../format/numbers';
import { productsFor } from '../trading/estimate';
import { PanelHead, linkColourName } from './PanelHead';

type Product = 'MIS' | 'CNC' | 'NRML';

/**
 * The docked order ticket: the destination a linked watchlist drives. It shows the linked
 * instrument live and holds a quantity and product; Buy / Sell open the full ticket (estimate,
 * checks, the trader's confirmation) with them. Once the trader has typed here, a new
 * instrument from the link does not replace theirs: it is offered ("INFY from Red — switch?").
 */
export function TicketPanel() {
  const panel = usePanel();
  const panelId = panel?.id ?? 'ticket';
  const settings = panel?.kind === 'ticket' ? (panel as Extract<Panel, { kind: 'ticket' }>) : null;
  const context = useTerminal((s) => s.workspace.linked[panelId] ?? null);
  const offer = useTerminal((s) => s.workspace.offers[panelId] ?? null);
  const token = context?.id.token ?? null;
  const quote = useTerminal((s) => (token !== null ? s.market.quotes[token] : undefined));
  const instrument = useTerminal((s) => (token !== null ? s.trading.instruments[token] : undefined));
  const actions = useActions();
  const workspace = useWorkspace();
  const ids = { qty: useId(), product: useId() };
  const [quantity, setQuantity] = useState('1');
  const [product, setProduct] = useState<Product>(settings?.product ?? 'MIS');
  const segment = instrument?.segment ?? context?.id.exchange ?? 'NSE_EQ';
  const products = productsFor(segment);
  const symbol = context?.id.ticker ?? null;

  const edit = () => actions.setEdited(panelId, true);
  const reset = () => {
    setQuantity('1');
    actions.setEdited(panelId, false);
  };
  const open = (side: 'BUY' | 'SELL') => {
    if (!context) return;
    actions.setUi({
      dialog: {
        kind: 'ticket',
        request: { token: context.id.token, symbol: context.id.ticker, side, quantity, product },
      },
    });
    // Handed to the full ticket: from here a link may retarget this one again.
    actions.setEdited(panelId, false);
  };

  return (
    <section className="panel ticket-panel" aria-labelledby={`${panelId}-title`}>
      <PanelHead id={`${panelId}-title`} name="order ticket">
        Order ticket {symbol && <span className="muted">{symbol}</span>}
      </PanelHead>
      <div className="ticket-body">
        {offer && (
          <div className="link-offer" role="status">
            <span>
              {offer.context.id.ticker} from {linkColourName(offer.channel)} link
            </span>
            <button
              type="button"
              className="btn btn-small"
              onClick={() => {
                reset();
                actions.showInPanel(panelId, offer.context);
              }}
            >
              Switch to {offer.context.id.ticker}
            </button>
            <button type="button" className="btn btn-small" onClick={() => actions.dropOffer(panelId)}>
              Keep {symbol ?? 'this'}
            </button>
          </div>
        )}
        {context === null ? (
          <p className="muted">
            {panel?.link
              ? `Select an instrument in a ${linkColourName(panel.link).toLowerCase()}-linked watchlist.`
              : 'Choose a link colour, then select an instrument in a watchlist of the same colour.'}
          </p>
        ) : (
          <>
            <dl className="kv" aria-label="Linked instrument">
              <dt>Instrument</dt>
              <dd>
                {context.id.ticker} <span className="muted">{context.id.exchange}</span>
              </dd>
              <dt>LTP</dt>
              <dd className="num">{formatPrice(quote?.ltp ?? instrument?.lastPrice)}</dd>
            </dl>
            <div className="ticket-fields">
              <label htmlFor={ids.qty}>Quantity</label>
              <input
                id={ids.qty}
                inputMode="numeric"
                value={quantity}
                onChange={(e) => {
                  setQuantity(e.target.value);
                  edit();
                }}
              />
              <label htmlFor={ids.product}>Product</label>
              <select
                id={ids.product}
                value={products.includes(product) ? product : products[0]}
                onChange={(e) => {
                  const next = e.target.value as Product;
                  setProduct(next);
                  edit();
                  if (settings) void workspace.updatePanel(panelId, { product: next });
                }}
              >
                {products.map((p) => (
                  <option key={p} value={p}>
                    {p}
                  </option>
                ))}
              </select>
            </div>
            <div className="toolbar-buttons">
              <button type="button" className="btn btn-buy" onClick={() => open('BUY')}>
                Buy {context.id.ticker}
              </button>
              <button type="button" className="btn btn-sell" onClick={() => open('SELL')}>
                Sell {context.id.ticker}
              </button>
              <button type="button" className="btn btn-small" onClick={reset}>
                Reset
              </button>
            </div>
          </>
        )}
      </div>
    </section>
  );
}
