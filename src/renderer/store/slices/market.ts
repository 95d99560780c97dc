import type { PushPayload } from '../../../shared/contract';
import type { Quote } from '../../../shared/domain';
import { mergeQuotes, type ById } from '../reducers';
import type { SliceCreator } from '../store';

export type MarketIssue = PushPayload<'market.issues'>['issues'][number];

/**
 * The market slice, under one key (`market`): the latest quote of each instrument this window asked for (keyed by provider
 * token) and the market-data problems main reports. Ticks arrive batched (wire.ts applies at most
 * one batch per frame); a snapshot also carries main's latest quotes (the trading slice merges
 * them in, keeping any newer live one).
 */
export interface MarketData {
  /** Latest quote per token; only the instruments of a batch get new identities (mergeQuotes). */
  quotes: ById<Quote>;
  /** Main's current market-data issues (`market.issues` replaces the whole list). */
  issues: MarketIssue[];
}

export interface MarketActions {
  ticks(quotes: readonly Quote[]): void;
  marketIssues(issues: readonly MarketIssue[]): void;
}

export interface MarketState {
  market: MarketData;
}

export type MarketSlice = MarketState & MarketActions;

export function initialMarketState(): MarketData {
  return { quotes: {}, issues: [] };
}

export const createMarketSlice: SliceCreator<MarketSlice> = (set) => ({
  market: initialMarketState(),
  ticks: (batch) =>
    set((s) => {
      const quotes = mergeQuotes(s.market.quotes, batch);
      // An empty batch keeps `market` as it was: its selectors do not fire.
      return quotes === s.market.quotes ? {} : { market: { ...s.market, quotes } };
    }),
  marketIssues: (issues) => set((s) => ({ market: { ...s.market, issues: [...issues] } })),
});
