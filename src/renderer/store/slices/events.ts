import type { TradingEvent } from '../../../shared/domain';
import { mergeEvents } from '../reducers';
import type { SliceCreator } from '../store';

/**
 * The event log slice: the trading events main derived from committed changes (order placed,
 * executed, position closed, …), newest first, de-duplicated by `seq` and capped at
 * EVENT_LOG_CAP. A live event is also handed to the toasts slice, which decides whether it
 * deserves a toast; journal history (`events.list` after a (re)connect) never toasts.
 */
export interface EventsState {
  events: TradingEvent[];
}

export interface EventsActions {
  /** A live `trading.event` push: appended, and toasted once (a repeated `seq` is ignored). */
  tradingEvent(event: TradingEvent): void;
  /** Journal history (`events.list`): appended, never toasted. */
  loadEvents(events: readonly TradingEvent[]): void;
}

export type EventsSlice = EventsState & EventsActions;

export const createEventsSlice: SliceCreator<EventsSlice> = (set, get) => ({
  events: [],
  tradingEvent: (event) => {
    const before = get().events;
    const events = mergeEvents(before, [event]);
    // Already seen (a push that raced `events.list`): neither logged again nor toasted again.
    if (events === before) return;
    set({ events });
    get().notify({ kind: 'event', event });
  },
  loadEvents: (events) => set((s) => ({ events: mergeEvents(s.events, events) })),
});
