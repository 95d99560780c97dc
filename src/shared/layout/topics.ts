import { z } from 'zod';

/**
 * The parts of the trading state a window can ask to receive. Main sends a window the
 * `state.snapshot` / `state.patch` entries and `trading.event`s of its topics only, so a
 * detached watchlist is not sent 5,000 orders. Session, connection status, market ticks (already
 * per window, by market interest), layout and link pushes go to every window regardless.
 *
 * | topic | snapshot fields / patch entities / pushes |
 * | --- | --- |
 * | `account` | `account` / `account` |
 * | `orders` | `orders` / `order` |
 * | `positions` | `positions` / `position` |
 * | `transactions` | `transactions` / `transaction` |
 * | `watchlists` | `watchlists`, `watchlistItems` / `watchlist`, `watchlistItem` |
 * | `instruments` | `instruments`, `quotes` / `instrument` |
 * | `intents` | `intents` / `intent` |
 * | `riskConfig` | `riskConfig` / — |
 * | `events` | — / — / `trading.event` |
 * | `alerts` | `priceAlerts`, `alertIntents` / `priceAlert`, `alertIntent` / `alerts.*` |
 */
export const WindowTopic = z.enum([
  'account',
  'orders',
  'positions',
  'transactions',
  'watchlists',
  'instruments',
  'intents',
  'riskConfig',
  'events',
  'alerts',
]);
export type WindowTopic = z.infer<typeof WindowTopic>;

export const ALL_TOPICS: readonly WindowTopic[] = WindowTopic.options;
