import type { SupabaseClient } from '@supabase/supabase-js';
import { TradedeskError, type ParsedArgs } from '../../../src/shared/contract';
import type { Instrument, OrderIntent } from '../../../src/shared/domain';
import type { ActiveSession } from '../session';
import { isAmbiguous, toTradedeskError, type RestFailure } from './errors';
import { readAllRows } from './paging';
import {
  cancelOrderParams,
  closePositionParams,
  modifyOrderParams,
  placeOrderParams,
  PLATFORM_COLUMN,
} from './platform-row';
import { callWithTimeout, type RestResponse } from './rest';
import type { TradingSync } from './sync';

/** How long an action waits for the server before its outcome counts as unknown. */
export const DEFAULT_ACTION_TIMEOUT_MS = 10_000;

export interface ServerWritesOptions {
  sync: Pick<TradingSync, 'reachable' | 'status'>;
  session: () => ActiveSession | null;
  actionTimeoutMs?: number;
}

/**
 * Every request a trading action sends to the server (the RPCs and REST writes, and the one
 * lookup "Check again" makes), each bounded by the action timeout. Rows come back unparsed: the
 * caller reads them with `parseRow` and applies them. Names the platform forces (RPC parameters,
 * columns) come from platform-row.ts.
 */
export class ServerWrites {
  readonly #sync: ServerWritesOptions['sync'];
  readonly #session: () => ActiveSession | null;
  readonly #timeoutMs: number;

  constructor(opts: ServerWritesOptions) {
    this.#sync = opts.sync;
    this.#session = opts.session;
    this.#timeoutMs = opts.actionTimeoutMs ?? DEFAULT_ACTION_TIMEOUT_MS;
  }

  /** The signed-in session; `unauthorized` when there is none. */
  requireSession(): ActiveSession {
    const session = this.#session();
    if (!session) throw new TradedeskError('unauthorized', 'Sign in to trade.');
    return session;
  }

  /** The session's client; `offline` at once when the server is known to be unreachable, instead of waiting for a timeout. */
  requireOnline(): SupabaseClient {
    const session = this.requireSession();
    if (!this.#sync.reachable()) {
      const detail = this.#sync.status().detail;
      throw new TradedeskError(
        'offline',
        `You are offline${detail ? ` (${detail})` : ''}. Orders and changes are disabled until the connection is back.`,
      );
    }
    return session.client;
  }

  /** The signed-in session, or null (a re-send waits for one). */
  session(): ActiveSession | null {
    return this.#session();
  }

  /**
   * `place_order` for an intent. The response is returned as it came (an error included): only
   * the caller knows whether an ambiguous failure keeps the intent.
   */
  placeOrder(client: SupabaseClient, intent: OrderIntent): Promise<RestResponse<unknown>> {
    return this.#withTimeout((signal) => client.rpc('place_order', placeOrderParams(intent)).abortSignal(signal));
  }

  /** `modify_order`; resolves to the order row. */
  modifyOrder(client: SupabaseClient, args: ParsedArgs<'orders.modify'>): Promise<unknown> {
    return this.write('Modifying the order', (signal) =>
      client.rpc('modify_order', modifyOrderParams(args)).abortSignal(signal),
    );
  }

  /** `cancel_order`; resolves to the order row. */
  cancelOrder(client: SupabaseClient, args: ParsedArgs<'orders.cancel'>): Promise<unknown> {
    return this.write('Cancelling the order', (signal) =>
      client.rpc('cancel_order', cancelOrderParams(args)).abortSignal(signal),
    );
  }

  /** `close_position`; resolves to the closing order's row (or null when nothing was left to close). */
  closePosition(client: SupabaseClient, args: ParsedArgs<'positions.close'>): Promise<unknown> {
    return this.write('Closing the position', (signal) =>
      client.rpc('close_position', closePositionParams(args)).abortSignal(signal),
    );
  }

  /**
   * The server's orders carrying this client order id (raw rows, every page). `offline` when the
   * server does not answer: "Check again" must not read silence as "not placed".
   */
  async ordersByClientOrderId(client: SupabaseClient, clientOrderId: string): Promise<unknown[]> {
    try {
      return await readAllRows('order lookup', () =>
        client.from('orders').select('*', { count: 'exact' }).eq(PLATFORM_COLUMN.order.clientOrderId, clientOrderId),
      );
    } catch (error) {
      throw new TradedeskError(
        'offline',
        `Checking the order: the server did not answer (${error instanceof Error ? error.message : String(error)}).`,
      );
    }
  }

  /** Inserts a `"Watchlist"` row; resolves to it. `duplicate_name` when the user already has one so named. */
  insertWatchlist(
    session: ActiveSession,
    row: { name: string; color: string | null; sortOrder: number },
  ): Promise<unknown> {
    return this.write(
      'Creating the watchlist',
      (signal) =>
        session.client
          .from('Watchlist')
          .insert({ userId: session.user.id, ...row })
          .select()
          .abortSignal(signal)
          .single(),
      { duplicate: `A watchlist named "${row.name}" already exists.` },
    );
  }

  /** Renames a watchlist; resolves to its row. */
  renameWatchlist(client: SupabaseClient, id: string, name: string): Promise<unknown> {
    return this.write(
      'Renaming the watchlist',
      (signal) => client.from('Watchlist').update({ name }).eq('id', id).select().abortSignal(signal).single(),
      { duplicate: `A watchlist named "${name}" already exists.` },
    );
  }

  /** Deletes a watchlist (its items go with it: ON DELETE CASCADE). */
  async deleteWatchlist(client: SupabaseClient, id: string): Promise<void> {
    await this.write('Deleting the watchlist', (signal) =>
      client.from('Watchlist').delete().eq('id', id).abortSignal(signal),
    );
  }

  /** Inserts a `"WatchlistItem"` row for an instrument; resolves to it. `duplicate_name` when the list has it already. */
  insertWatchlistItem(
    client: SupabaseClient,
    watchlistId: string,
    instrument: Instrument,
    sortOrder: number,
  ): Promise<unknown> {
    return this.write(
      'Adding to the watchlist',
      (signal) =>
        client
          .from('WatchlistItem')
          .insert({
            watchlistId,
            token: instrument.token,
            symbol: instrument.symbol,
            exchange: instrument.exchange,
            segment: instrument.segment,
            name: instrument.name,
            lotSize: instrument.lotSize,
            sortOrder,
          })
          .select()
          .abortSignal(signal)
          .single(),
      { duplicate: `${instrument.symbol} is already in this watchlist.` },
    );
  }

  /** Deletes one watchlist item. */
  async deleteWatchlistItem(client: SupabaseClient, itemId: string): Promise<void> {
    await this.write('Removing from the watchlist', (signal) =>
      client.from('WatchlistItem').delete().eq('id', itemId).abortSignal(signal),
    );
  }

  /** Moves one watchlist item to `sortOrder`; resolves to its row. */
  moveWatchlistItem(client: SupabaseClient, itemId: string, sortOrder: number): Promise<unknown> {
    return this.write('Reordering the watchlist', (signal) =>
      client.from('WatchlistItem').update({ sortOrder }).eq('id', itemId).select().abortSignal(signal).single(),
    );
  }

  /**
   * A write whose outcome must be definite: resolves to the response's data; a refusal becomes
   * its `TradedeskError` (`duplicate_name` with `opts.duplicate` on a unique violation), an
   * unknown outcome (timeout, 5xx) a `timeout` saying the screen catches up by itself.
   */
  async write(
    action: string,
    run: (signal: AbortSignal) => PromiseLike<RestResponse<unknown>>,
    opts: { duplicate?: string } = {},
  ): Promise<unknown> {
    const response = await this.#withTimeout(run);
    if (!response.error) return response.data;
    const failure: RestFailure = { status: response.status, error: response.error };
    if (opts.duplicate && (failure.error.code === '23505' || failure.status === 409)) {
      throw new TradedeskError('duplicate_name', opts.duplicate);
    }
    if (isAmbiguous(failure)) {
      throw new TradedeskError(
        'timeout',
        `${action}: the server did not confirm in time. The screen updates once the connection is back.`,
      );
    }
    throw toTradedeskError(failure, action);
  }

  #withTimeout(run: (signal: AbortSignal) => PromiseLike<RestResponse<unknown>>): Promise<RestResponse<unknown>> {
    return callWithTimeout(run, this.#timeoutMs);
  }
}
