import type { Instrument, WatchlistItem } from '../../shared/domain';
import type { InstrumentContext } from '../../shared/link';

/**
 * The FDC3 instrument context of a watchlist row: its symbol, feed token and exchange (the
 * row's own, else the instrument master's). Null for a row without a token (it has no prices,
 * so nothing linked to it could show any).
 */
export function contextOfItem(
  item: WatchlistItem | undefined,
  instruments: Readonly<Record<number, Instrument>>,
): InstrumentContext | null {
  if (!item || item.token === null) return null;
  const inst = instruments[item.token];
  const ticker = item.symbol ?? inst?.symbol;
  const exchange = item.exchange ?? inst?.exchange;
  if (!ticker || !exchange) return null;
  const name = item.name ?? inst?.name;
  return {
    type: 'fdc3.instrument',
    ...(name ? { name: name.slice(0, 128) } : {}),
    id: { ticker: ticker.slice(0, 64), token: item.token, exchange: exchange.slice(0, 16) },
  };
}

/**
 * The instrument context of a position or order row, which names its instrument by trading
 * symbol only: the token the instrument master gives that symbol (`tokenBySymbol`, the same
 * lookup the positions' live prices use) and that instrument's exchange. Null when this window
 * does not know the symbol (nothing linked to it could show prices).
 */
export function contextOfSymbol(
  symbol: string,
  tokenBySymbol: Readonly<Record<string, number>>,
  instruments: Readonly<Record<number, Instrument>>,
): InstrumentContext | null {
  const token = tokenBySymbol[symbol];
  if (token === undefined) return null;
  const inst = instruments[token];
  if (!inst) return null;
  return {
    type: 'fdc3.instrument',
    ...(inst.name ? { name: inst.name.slice(0, 128) } : {}),
    id: { ticker: symbol.slice(0, 64), token, exchange: inst.exchange.slice(0, 16) },
  };
}
