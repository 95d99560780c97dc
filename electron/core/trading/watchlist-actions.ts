import { TradedeskError, type ParsedArgs } from '../../../src/shared/contract';
import type { Cache } from '../cache';
import type { SyncedRowChange } from './entities';
import { parseRow } from './platform-row';
import type { ServerWrites } from './server-writes';
import type { TradingSync } from './sync';

export interface WatchlistActionsOptions {
  cache: Cache;
  sync: Pick<TradingSync, 'applyLive'>;
  writes: ServerWrites;
}

/**
 * The trader's watchlists: create, rename, delete, add and remove instruments, reorder. Each
 * write's returned row is applied at once (Realtime brings the same version later, applied once).
 */
export class WatchlistActions {
  readonly #o: WatchlistActionsOptions;

  constructor(opts: WatchlistActionsOptions) {
    this.#o = opts;
  }

  async createWatchlist(args: ParsedArgs<'watchlists.create'>): Promise<{ id: string }> {
    const { writes, cache } = this.#o;
    const session = writes.requireSession();
    writes.requireOnline();
    const sortOrder = Math.max(-1, ...cache.all('watchlist').map((w) => w.sortOrder)) + 1;
    const data = await writes.insertWatchlist(session, { name: args.name, color: args.color ?? null, sortOrder });
    return { id: this.#applyRow('watchlist', data) };
  }

  async renameWatchlist(args: ParsedArgs<'watchlists.rename'>): Promise<{ ok: true }> {
    const client = this.#o.writes.requireOnline();
    this.#applyRow('watchlist', await this.#o.writes.renameWatchlist(client, args.id, args.name));
    return { ok: true };
  }

  async deleteWatchlist(args: ParsedArgs<'watchlists.delete'>): Promise<{ ok: true }> {
    const client = this.#o.writes.requireOnline();
    await this.#o.writes.deleteWatchlist(client, args.id);
    // Items go with it (ON DELETE CASCADE); drop them locally now rather than wait for each DELETE.
    const items = this.#o.cache.all('watchlistItem').filter((i) => i.watchlistId === args.id);
    this.#o.sync.applyLive([
      ...items.map((i): SyncedRowChange => ({ kind: 'watchlistItem', op: 'delete', id: i.id })),
      { kind: 'watchlist', op: 'delete', id: args.id },
    ]);
    return { ok: true };
  }

  async addWatchlistItem(args: ParsedArgs<'watchlists.addItem'>): Promise<{ id: string }> {
    const { writes, cache } = this.#o;
    const client = writes.requireOnline();
    const instrument = cache.instruments().find((i) => i.token === args.token);
    if (!instrument) throw new TradedeskError('unknown_symbol', `No instrument with token ${args.token} is known.`);
    const siblings = cache.all('watchlistItem').filter((i) => i.watchlistId === args.watchlistId);
    const sortOrder = Math.max(-1, ...siblings.map((i) => i.sortOrder)) + 1;
    const data = await writes.insertWatchlistItem(client, args.watchlistId, instrument, sortOrder);
    return { id: this.#applyRow('watchlistItem', data) };
  }

  async removeWatchlistItem(args: ParsedArgs<'watchlists.removeItem'>): Promise<{ ok: true }> {
    const client = this.#o.writes.requireOnline();
    await this.#o.writes.deleteWatchlistItem(client, args.itemId);
    this.#o.sync.applyLive([{ kind: 'watchlistItem', op: 'delete', id: args.itemId }]);
    return { ok: true };
  }

  async reorderWatchlist(args: ParsedArgs<'watchlists.reorder'>): Promise<{ ok: true }> {
    const client = this.#o.writes.requireOnline();
    const current = new Map(this.#o.cache.all('watchlistItem').map((i) => [i.id, i]));
    const moves = args.itemIds.flatMap((id, index) => {
      const item = current.get(id);
      return item && item.watchlistId === args.watchlistId && item.sortOrder !== index ? [{ id, index }] : [];
    });
    const rows = await Promise.all(moves.map((m) => this.#o.writes.moveWatchlistItem(client, m.id, m.index)));
    for (const row of rows) this.#applyRow('watchlistItem', row);
    return { ok: true };
  }

  #applyRow(kind: 'watchlist' | 'watchlistItem', data: unknown): string {
    const row = parseRow(kind, data);
    if (!row) throw new TradedeskError('invalid_result', 'The server answered with a row the terminal cannot read.');
    this.#o.sync.applyLive([{ kind, op: 'upsert', row } as SyncedRowChange]);
    return row.id;
  }
}
