export { createTradingService, type TradingChange, type TradingService, type TradingServiceOptions } from './service';
export type { Applied } from './apply';
export type { SyncedRowChange } from './entities';
export { registerTradingMethods } from './methods';
export { TradingSync } from './sync';
export { TradingActions, DEFAULT_ACTION_TIMEOUT_MS } from './actions';
export { TRADING_INTEREST_KEY, tradingInterest, type MarketInterestSink } from './interest';
export type { SecretStore } from '../session';
export { FileSecretStore, MemorySecretStore } from '../session';
