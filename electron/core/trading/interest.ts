import { SymbolIndex } from '../../../src/shared/domain';
import type { Cache } from '../cache';

/** What the trading service needs of the market service. */
export interface MarketInterestSink {
  setSystemInterest(key: string, tokens: number[]): void;
}

/** The key under which trading registers its interest with the market service. */
export const TRADING_INTEREST_KEY = 'trading';

/**
 * Tokens the trading state needs prices for whether or not a window shows them: open positions
 * (live P&L) and pending orders. Symbols resolve to tokens through the cached instruments, by the
 * one symbol rule (src/shared/domain/symbol-rule.ts).
 */
export function tradingInterest(cache: Cache): number[] {
  const symbols = new SymbolIndex(cache.instruments());
  const tokens = new Set<number>();
  const add = (symbol: string) => {
    const token = symbols.resolve(symbol)?.token;
    if (token !== undefined) tokens.add(token);
  };
  // Read from indexed columns: this runs at start-up and after every applied batch, and parsing
  // every cached order there cost tens of milliseconds each time.
  const { openPositions, pendingOrders } = cache.interestSymbols();
  for (const symbol of openPositions) add(symbol);
  for (const symbol of pendingOrders) add(symbol);
  for (const intent of cache.intents()) if (intent.token !== null) tokens.add(intent.token);
  return [...tokens].sort((a, b) => a - b);
}
