import { Quote } from '../../../src/shared/domain';

/** Where last prices survive a restart (the SQLite cache implements it). */
export interface QuoteStore {
  saveQuotes(quotes: Quote[]): void;
  loadQuotes(): Quote[];
}

/**
 * The market service's copy of last prices on this machine: read once at start (an offline
 * start shows the last known prices, their `receivedAt` telling their age), and every quote that
 * changed since the last save written back by `save` (the service calls it every second and on
 * stop). Without a store it does nothing. A store that fails is logged, never thrown: prices on
 * screen matter more than their copy on disk.
 */
export class CachedQuotes {
  readonly #store: QuoteStore | undefined;
  /** Quotes changed since the last save, latest per token. */
  readonly #dirty = new Map<number, Quote>();

  constructor(store: QuoteStore | undefined) {
    this.#store = store;
  }

  /** The stored quotes that still read as quotes (others are skipped); [] without a store or when it fails. */
  load(): Quote[] {
    if (!this.#store) return [];
    try {
      const cached: Quote[] = [];
      for (const raw of this.#store.loadQuotes()) {
        const q = Quote.safeParse(raw);
        if (q.success) cached.push(q.data);
      }
      return cached;
    } catch (error) {
      console.error('[market] could not load cached quotes:', error);
      return [];
    }
  }

  /** Remembers a changed quote for the next save (the tick path: one map write). */
  changed(quote: Quote): void {
    if (this.#store) this.#dirty.set(quote.token, quote);
  }

  /** Writes the quotes changed since the last save, in one call. */
  save(): void {
    if (!this.#store || this.#dirty.size === 0) return;
    const batch = [...this.#dirty.values()];
    this.#dirty.clear();
    try {
      this.#store.saveQuotes(batch);
    } catch (error) {
      console.error('[market] could not save quotes:', error);
    }
  }
}
