import { QuoteData } from './protocol';

/** One instrument asked for in a `get_quote`: its exchange and the id the service knows it by. */
export interface QuoteRef {
  exchange: string;
  /** The UIR id (`wsSubscribeUirId`, else the search item's id). */
  uirId: number;
}

export interface QuoteRequestsOptions {
  /** Sends `get_quote` for these refs; false when it could not be sent (no connection). */
  send: (refs: string[]) => boolean;
  /** How long a request waits for its answer before it settles empty. */
  timeoutMs: number;
}

interface Pending {
  ids: ReadonlySet<number>;
  settle: (reply: QuoteData | null) => void;
}

/**
 * `get_quote` requests in flight, each answered by the `quote_data` that names its instruments.
 * The protocol carries no request id, so a reply is matched by the instrument ids it answers for
 * (`uir_id`, or the ref in its key), never by arrival order: two searches asking at once each get
 * their own answer, and a reply for one is never handed to the other. A reply that names no
 * instrument can only be matched when a single request is waiting; otherwise the requests it
 * might answer settle empty at their timeout. Every request settles exactly once: answered, timed
 * out, or cancelled when the connection drops (`cancelAll`).
 */
export class QuoteRequests {
  readonly #opts: QuoteRequestsOptions;
  readonly #pending = new Set<Pending>();

  constructor(opts: QuoteRequestsOptions) {
    this.#opts = opts;
  }

  /** Requests waiting for their answer. */
  get size(): number {
    return this.#pending.size;
  }

  /** Asks for these instruments; resolves with the reply that answers them, or null. */
  ask(refs: readonly QuoteRef[]): Promise<QuoteData | null> {
    if (refs.length === 0) return Promise.resolve(null);
    return new Promise((resolve) => {
      const entry: Pending = {
        ids: new Set(refs.map((r) => r.uirId)),
        settle: (reply) => {
          if (!this.#pending.delete(entry)) return;
          clearTimeout(timer);
          resolve(reply);
        },
      };
      const timer = setTimeout(() => entry.settle(null), this.#opts.timeoutMs);
      (timer as { unref?: () => void }).unref?.();
      this.#pending.add(entry);
      if (!this.#opts.send(refs.map((r) => `${r.exchange}-${r.uirId}`))) entry.settle(null);
    });
  }

  /** A `quote_data` arrived: it settles every request whose instruments it names. */
  answer(payload: unknown): void {
    const parsed = QuoteData.safeParse(payload);
    if (!parsed.success) return;
    const named = namedIds(parsed.data);
    const answered = [...this.#pending].filter((p) =>
      named.size === 0 ? this.#pending.size === 1 : [...p.ids].some((id) => named.has(id)),
    );
    for (const p of answered) p.settle(parsed.data);
  }

  /** The connection dropped (or the service stopped): nothing in flight will be answered. */
  cancelAll(): void {
    for (const p of [...this.#pending]) p.settle(null);
  }
}

/**
 * The instrument ids a reply answers for: each entry's `uir_id`; an entry without one is keyed by
 * the ref it was asked as (`NSE-123`: id 123).
 */
function namedIds(reply: QuoteData): Set<number> {
  const ids = new Set<number>();
  for (const [key, q] of Object.entries(reply.data)) {
    if (q.uir_id !== undefined) ids.add(q.uir_id);
    else if (/^[A-Z_]+-\d+$/.test(key)) ids.add(Number(key.slice(key.lastIndexOf('-') + 1)));
  }
  return ids;
}
