import { memo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useActions, useCharts, usePanel, useTerminal } from '../app/context';
import type { DepthPanelState } from '../charts/store';
import { ladderOf, workingOrdersOf, type WorkingOrder } from '../charts/view';
import { formatCount, formatPrice } from '../format/numbers';
import { formatExchangeClock } from '../format/time';
import { PanelControls } from './PanelHead';

function OwnMark({ quantity, side }: { quantity: number; side: 'BUY' | 'SELL' }) {
  if (quantity <= 0) return null;
  return (
    <span className={`own-order own-${side.toLowerCase()}`} title="Your working order at this price">
      <span className="sr-only">your {side} order of </span>
      {formatCount(quantity)}
    </span>
  );
}

/**
 * The 5-level market depth of one instrument (the feed's `full` mode, streamed only while a
 * depth panel shows it): bids beside offers with orders and quantity per level, the book's
 * totals, spread, LTP/ATP/LTQ/LTT and circuit limits; the trader's own working orders marked at
 * their price; a level's price opens the ticket there (bid side: a BUY at that price, offer
 * side: a SELL, as a DOM ladder does).
 */
export interface DepthPanelProps {
  panel: Pick<DepthPanelState, 'id' | 'instrument'>;
  /** Removes the panel from its window (workspace.removePanel). */
  onClose: () => void;
}

export const DepthPanel = memo(function DepthPanel({ panel, onClose }: DepthPanelProps) {
  const { instrument } = panel;
  const symbol = instrument.symbol;
  const layoutPanel = usePanel();
  const depth = useCharts((s) => s.depth[instrument.token]);
  const own = useTerminal(
    useShallow((s) =>
      workingOrdersOf(Object.values(s.trading.orders), symbol).map((o) => `${o.id}|${o.side}|${o.price}|${o.quantity}`),
    ),
  );
  const feedLive = useTerminal((s) => s.connection.feeds.market?.state === 'live');
  const actions = useActions();
  const orders: WorkingOrder[] = own.map((k) => {
    const [id, side, price, quantity] = k.split('|');
    return { id: id!, side: side as 'BUY' | 'SELL', price: Number(price), quantity: Number(quantity) };
  });
  const ladder = ladderOf(depth, orders);
  const ticketAt = (side: 'BUY' | 'SELL', price: number) =>
    actions.setUi({ dialog: { kind: 'ticket', request: { token: instrument.token, symbol, side, price } } });

  return (
    <section className="panel depth-panel" aria-labelledby={`${panel.id}-title`}>
      <div className="panel-title chart-title">
        <h2 id={`${panel.id}-title`} className="chart-symbol">
          Depth {symbol}{' '}
          <span className="muted">
            {instrument.exchange.replace(/_(EQ|INDEX)$/, '')}
            {!feedLive && depth ? ' · stale' : ''}
          </span>
        </h2>
        {layoutPanel && <PanelControls panel={layoutPanel} name={`depth ${symbol}`} />}
        <button
          type="button"
          className="btn btn-icon"
          aria-label={`Close depth ${symbol}`}
          title="Close depth"
          onClick={onClose}
        >
          ×
        </button>
      </div>
      <div className="depth-body">
        <table className="grid depth" aria-label={`Depth ${symbol}`}>
          <thead>
            <tr>
              <th scope="col" className="num">
                Bid
              </th>
              <th scope="col" className="num" aria-label="Bid orders">
                Orders
              </th>
              <th scope="col" className="num" aria-label="Bid quantity">
                Qty
              </th>
              <th scope="col" className="num">
                Offer
              </th>
              <th scope="col" className="num" aria-label="Offer orders">
                Orders
              </th>
              <th scope="col" className="num" aria-label="Offer quantity">
                Qty
              </th>
            </tr>
          </thead>
          <tbody>
            {ladder.rows.map((r, i) => (
              <tr key={i} className={r.ownBid || r.ownAsk ? 'own' : undefined}>
                <td className="num bid">
                  {r.bid ? (
                    <button
                      type="button"
                      className="level level-bid"
                      aria-label={`Buy ${symbol} at ${formatPrice(r.bid.price)}`}
                      onClick={() => ticketAt('BUY', r.bid!.price)}
                    >
                      {formatPrice(r.bid.price)}
                    </button>
                  ) : (
                    '—'
                  )}
                </td>
                <td className="num muted">{r.bid ? formatCount(r.bid.orders) : ''}</td>
                <td className="num bid-qty" style={{ ['--share' as string]: r.bidShare }}>
                  <OwnMark quantity={r.ownBid} side="BUY" />
                  {r.bid ? formatCount(r.bid.quantity) : ''}
                </td>
                <td className="num ask">
                  {r.ask ? (
                    <button
                      type="button"
                      className="level level-ask"
                      aria-label={`Sell ${symbol} at ${formatPrice(r.ask.price)}`}
                      onClick={() => ticketAt('SELL', r.ask!.price)}
                    >
                      {formatPrice(r.ask.price)}
                    </button>
                  ) : (
                    '—'
                  )}
                </td>
                <td className="num muted">{r.ask ? formatCount(r.ask.orders) : ''}</td>
                <td className="num ask-qty" style={{ ['--share' as string]: r.askShare }}>
                  <OwnMark quantity={r.ownAsk} side="SELL" />
                  {r.ask ? formatCount(r.ask.quantity) : ''}
                </td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row" colSpan={2}>
                Total bids
              </th>
              <td className="num">{formatCount(ladder.totalBid)}</td>
              <th scope="row" colSpan={2}>
                Total offers
              </th>
              <td className="num">{formatCount(ladder.totalAsk)}</td>
            </tr>
          </tfoot>
        </table>
        {!depth && <p className="empty">Waiting for depth from the market feed…</p>}
        <dl className="depth-facts">
          <div>
            <dt>LTP</dt>
            <dd>{formatPrice(depth?.ltp)}</dd>
          </div>
          <div>
            <dt>Spread</dt>
            <dd>{formatPrice(ladder.spread)}</dd>
          </div>
          <div>
            <dt>Avg price</dt>
            <dd>{formatPrice(depth?.averagePrice)}</dd>
          </div>
          <div>
            <dt>LTQ</dt>
            <dd>{formatCount(depth?.lastTradeQuantity)}</dd>
          </div>
          <div>
            <dt>LTT</dt>
            <dd>{depth?.lastTradeTime ? formatExchangeClock(depth.lastTradeTime) : '—'}</dd>
          </div>
          <div>
            <dt>Circuits</dt>
            <dd>
              {depth?.lowerCircuit == null && depth?.upperCircuit == null
                ? '—'
                : `${formatPrice(depth?.lowerCircuit)} – ${formatPrice(depth?.upperCircuit)}`}
            </dd>
          </div>
        </dl>
        {ladder.ownElsewhere.length > 0 && (
          <p className="muted depth-own-elsewhere">
            Your working orders outside these levels:{' '}
            {ladder.ownElsewhere
              .map((o) => `${o.side} ${formatCount(o.quantity)} @ ${formatPrice(o.price)}`)
              .join(', ')}
          </p>
        )}
      </div>
    </section>
  );
});
