import { PanelInstrument } from '../../shared/layout';
import type { TradingPick } from '../store/store';

/**
 * The instrument a chart or depth panel is opened on, from a watchlist item: its token, the
 * exchange whose session its candles follow (the instrument's own, else the item's), its
 * symbol. Parsed with the layout's schema, so what a panel holds is what a layout may save;
 * null when the item has no token or no usable exchange.
 */
export function panelInstrumentOf(
  s: TradingPick<'watchlistItems' | 'instruments'>,
  itemId: string,
): PanelInstrument | null {
  const item = s.trading.watchlistItems[itemId];
  if (!item || item.token === null) return null;
  const instrument = s.trading.instruments[item.token];
  const exchange = (instrument?.exchange ?? item.exchange ?? item.segment ?? '').toUpperCase();
  const parsed = PanelInstrument.safeParse({
    token: item.token,
    exchange,
    symbol: item.symbol ?? instrument?.symbol ?? String(item.token),
  });
  return parsed.success ? parsed.data : null;
}
