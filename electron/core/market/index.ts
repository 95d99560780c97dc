export { createMarketService, ALWAYS_WANTED_INDICES } from './service';
export type {
  MarketService,
  MarketServiceOptions,
  MarketStats,
  QuoteObserver,
  QuoteStore,
  StreamMode,
} from './service';
export { registerMarketMethods } from './methods';
export { QuoteBook } from './quote-book';
export { parseTick } from './tick-parser';
export type { ParsedTick } from './tick-parser';
