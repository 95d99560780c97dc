import {
  createClient,
  type RealtimeChannel,
  type SupabaseClient,
  type WebSocketLikeConstructor,
} from '@supabase/supabase-js';
import WebSocket from 'ws';
import { crossesTrigger, fillPrice, isStop, type MarketView } from './matching';
import { BrokerOrder, OrderBook, type RestingOrder } from './order-book';

/**
 * The paper broker: watches PENDING orders through Supabase Realtime (service-role key, the
 * official client) and fills them through `rpc('execute_order')` as matching.ts says: an order
 * marketable on arrival at the best opposite price (the depth's touch, else the last price), a
 * resting LIMIT at its limit when the market reaches it. Stops (SL, SL-M) rest untriggered; when
 * the last price crosses the trigger the broker records the trigger first
 * (`rpc('trigger_order')`, idempotent: the database keeps `triggeredAt`, so a restart between
 * trigger and fill neither triggers twice nor forgets the trigger) and then treats the order as
 * an arriving LIMIT (SL) or MARKET (SL-M).
 *
 * Realtime is at-most-once, so the broker also sweeps all PENDING orders over REST at start,
 * after every (re)subscribe, and on a slow timer; that is what picks up orders placed while it
 * was away. It never fills one order twice: `execute_order` is idempotent server-side, an
 * in-flight set stops concurrent attempts here, and the book forgets finished orders for good.
 */

export interface PriceSource {
  lastPrice(token: number): number | undefined;
  /** The touch (best bid and offer), when the source has depth. */
  bestPrices?(token: number): { bid: number; ask: number } | undefined;
  onPrice(cb: (token: number, price: number) => void): () => void;
}

export interface PaperBrokerOptions {
  supabaseUrl: string;
  serviceRoleKey: string;
  market: PriceSource;
  /** Safety-net sweep period (default 5000 ms); 0 disables the timer (start/resubscribe sweeps stay). */
  sweepIntervalMs?: number;
  log?: (line: string) => void;
}

export interface PaperBrokerStats {
  fills: number;
  /** Stops whose trigger this broker recorded (trigger_order calls that succeeded). */
  triggers: number;
  /** execute_order calls that failed and will be retried. */
  retries: number;
  /** Orders dropped because the server says they are no longer PENDING (cancelled meanwhile). */
  dropped: number;
  /** Rows that failed the order schema (counted and ignored). */
  malformed: number;
  sweeps: number;
}

export interface PaperBroker {
  /** Sweep PENDING orders now (resolves when the sweep and the fills it started are done). */
  sweep(): Promise<void>;
  /** Resolves when no execute_order call is in flight. */
  idle(): Promise<void>;
  readonly resting: number;
  /** True while the order is in the book, waiting for its price. */
  isResting(orderId: string): boolean;
  readonly stats: Readonly<PaperBrokerStats>;
  stop(): Promise<void>;
}

const ORDER_COLUMNS = 'id,symbol,quantity,orderType,orderSide,price,triggerPrice,triggeredAt,status,version';
const SWEEP_PAGE = 1000;
/** Server answers that mean "this order will never fill": stop watching it. */
const FINAL_HINTS = new Set(['order_not_pending', 'not_found']);
/** After a failed execute_order, wait before trying that order again (doubling, capped). */
const RETRY_FIRST_MS = 500;
const RETRY_MAX_MS = 30_000;

export async function startPaperBroker(opts: PaperBrokerOptions): Promise<PaperBroker> {
  const log = opts.log ?? ((line: string) => process.stderr.write(`[broker] ${line}\n`));
  const client: SupabaseClient = createClient(opts.supabaseUrl, opts.serviceRoleKey, {
    auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
    // On Node 20 createClient throws without an explicit WebSocket constructor.
    realtime: { transport: WebSocket as unknown as WebSocketLikeConstructor },
  });
  const book = new OrderBook();
  const inFlight = new Map<string, Promise<void>>();
  const stats: PaperBrokerStats = { fills: 0, triggers: 0, retries: 0, dropped: 0, malformed: 0, sweeps: 0 };
  let stopped = false;
  /** Orders whose last execute_order failed, and when they may be tried again. */
  const backoff = new Map<string, { untilMs: number; delayMs: number }>();
  /** Orders already reported as unpriceable (reported once, not on every sweep). */
  const unpriceable = new Set<string>();

  const failed = (order: RestingOrder, why: string) => {
    // Transient (network, gateway restart) or not: the order stays in the book and is retried
    // on a later crossing price or sweep, no sooner than its backoff allows — a permanent
    // failure must not turn every tick into a doomed RPC.
    stats.retries++;
    const delayMs = Math.min((backoff.get(order.id)?.delayMs ?? RETRY_FIRST_MS / 2) * 2, RETRY_MAX_MS);
    backoff.set(order.id, { untilMs: Date.now() + delayMs, delayMs });
    log(`execute_order ${order.id} failed, retrying in ${delayMs} ms: ${why}`);
  };

  const marketOf = (token: number): MarketView | undefined => {
    const last = opts.market.lastPrice(token);
    if (last === undefined) return undefined;
    const touch = opts.market.bestPrices?.(token);
    return touch ? { last, bid: touch.bid, ask: touch.ask } : { last };
  };

  /** One RPC for one order at a time; its failure backs the order off (see `failed`). */
  const attempt = (order: RestingOrder, work: () => Promise<void>): Promise<void> => {
    const running = inFlight.get(order.id);
    if (running) return running;
    if ((backoff.get(order.id)?.untilMs ?? 0) > Date.now()) return Promise.resolve();
    const p = (async () => {
      try {
        await work();
      } catch (err) {
        failed(order, err instanceof Error ? err.message : String(err));
      } finally {
        inFlight.delete(order.id);
      }
    })();
    inFlight.set(order.id, p);
    return p;
  };

  /** Outcome of an RPC on one order: true when it succeeded. */
  const settled = (order: RestingOrder, error: { code?: string; hint?: string; message: string } | null): boolean => {
    if (!error) {
      backoff.delete(order.id);
      return true;
    }
    if (FINAL_HINTS.has(error.hint ?? '')) {
      stats.dropped++;
      backoff.delete(order.id);
      book.finish(order.id);
    } else {
      failed(order, `${error.code ?? ''} ${error.hint ?? ''} ${error.message}`.trim());
    }
    return false;
  };

  const execute = async (order: RestingOrder, price: number): Promise<void> => {
    const { error } = await client.rpc('execute_order', { p_order_id: order.id, p_fill_price: price });
    if (settled(order, error)) {
      stats.fills++;
      book.finish(order.id);
    }
  };

  /** Fill now if the current market allows it; an order that does not fill has rested. */
  const matchNow = (order: RestingOrder): Promise<void> | undefined => {
    const price = fillPrice(order, marketOf(order.token), order.arriving);
    if (price === undefined) {
      if (!isStop(order) || order.triggered) order.arriving = false;
      return undefined;
    }
    return execute(order, price);
  };

  /** Look at one order against the market: trigger a crossed stop, fill what can fill. */
  const consider = (order: RestingOrder): Promise<void> | undefined => {
    if (stopped) return undefined;
    if (isStop(order) && !order.triggered) {
      const last = opts.market.lastPrice(order.token);
      if (last === undefined || !crossesTrigger(order, last)) return undefined;
      return attempt(order, async () => {
        const { error } = await client.rpc('trigger_order', { p_order_id: order.id, p_last_price: last });
        if (!settled(order, error)) return;
        stats.triggers++;
        order.triggered = true;
        order.arriving = true;
        await matchNow(order);
      });
    }
    if (fillPrice(order, marketOf(order.token), order.arriving) === undefined) {
      if (!isStop(order) || order.triggered) order.arriving = false;
      return undefined;
    }
    return attempt(order, async () => {
      await matchNow(order);
    });
  };

  /**
   * Orders found by the first sweep were already in the market while no broker ran (placed, and
   * maybe crossed, then): they count as resting and fill at their limit, as before the restart.
   * An exchange would have matched them as they arrived; we cannot know what the touch was then.
   */
  let startupSweep = true;
  const applyRow = (raw: unknown, arriving = true): Promise<void> | undefined => {
    const parsed = BrokerOrder.safeParse(raw);
    if (!parsed.success) {
      stats.malformed++;
      log(`ignored malformed order row: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
      return undefined;
    }
    const r = book.apply(parsed.data, arriving);
    if (r.kind === 'unknown_symbol' && !unpriceable.has(parsed.data.id)) {
      unpriceable.add(parsed.data.id);
      log(`order ${parsed.data.id}: symbol ${parsed.data.symbol} is not quoted; it stays PENDING`);
    }
    return r.kind === 'resting' ? consider(r.order) : undefined;
  };

  let sweeping: Promise<void> | undefined;
  let sweepAgain = false;
  const sweepOnce = async (): Promise<void> => {
    stats.sweeps++;
    const started: Array<Promise<void>> = [];
    // Keyset pages by id until an empty page: the gateway's max-rows cap may answer fewer rows
    // than asked (a short page is not the end), and orders the fills below take out of PENDING
    // meanwhile would shift an offset and skip others.
    for (let last: string | null = null; ;) {
      let query = client.from('orders').select(ORDER_COLUMNS).eq('status', 'PENDING');
      if (last !== null) query = query.gt('id', last);
      const { data, error } = await query.order('id', { ascending: true }).limit(SWEEP_PAGE);
      if (error) throw new Error(`sweep failed: ${error.message}`);
      const rows: unknown[] = data ?? [];
      for (const row of rows) {
        const p = applyRow(row, !startupSweep);
        if (p) started.push(p);
      }
      const next = (rows[rows.length - 1] as { id?: unknown } | undefined)?.id;
      if (rows.length === 0 || typeof next !== 'string' || next === last) break;
      last = next;
    }
    startupSweep = false;
    // Orders already in the book (e.g. a LIMIT that rested) get another look at the market.
    for (const order of book.all()) {
      const p = consider(order);
      if (p) started.push(p);
    }
    await Promise.all(started);
  };
  /** Coalesces concurrent requests: at most one sweep runs, and one more follows if asked. */
  const sweep = (): Promise<void> => {
    if (sweeping) {
      sweepAgain = true;
      return sweeping;
    }
    sweeping = (async () => {
      try {
        do {
          sweepAgain = false;
          await sweepOnce();
        } while (sweepAgain && !stopped);
      } finally {
        sweeping = undefined;
      }
    })();
    return sweeping;
  };
  const sweepLogged = () => {
    sweep().catch((err: unknown) => log(err instanceof Error ? err.message : String(err)));
  };

  // The source is read afresh (last and touch) for each order, so only the token is needed.
  const offPrice = opts.market.onPrice((token) => {
    if (stopped) return;
    for (const order of book.forToken(token)) void consider(order);
  });

  const channel: RealtimeChannel = client
    .channel('paper-broker-orders')
    .on('postgres_changes', { event: '*', schema: 'public', table: 'orders' }, (payload) => {
      if (payload.eventType === 'DELETE') {
        const id = (payload.old as { id?: unknown }).id;
        if (typeof id === 'string') book.finish(id);
        return;
      }
      void applyRow(payload.new);
    });

  // Resolve once subscribed and the first sweep is done, so a caller knows every order placed
  // before start is being handled. Every later SUBSCRIBED (a rejoin) sweeps again.
  await new Promise<void>((resolve, reject) => {
    let first = true;
    channel.subscribe((status, err) => {
      if (status === 'SUBSCRIBED') {
        if (first) {
          first = false;
          sweep().then(resolve, reject);
        } else sweepLogged();
      } else if ((status === 'CHANNEL_ERROR' || status === 'TIMED_OUT') && first) {
        first = false;
        reject(err ?? new Error(`broker realtime subscription: ${status}`));
      } else if (status !== 'CLOSED' || !stopped) {
        log(`realtime channel ${status}${err ? `: ${err.message}` : ''}`);
      }
    });
  }).catch(async (err: unknown) => {
    offPrice();
    await client.removeAllChannels();
    throw err;
  });

  const sweepMs = opts.sweepIntervalMs ?? 5000;
  const timer = sweepMs > 0 ? setInterval(sweepLogged, sweepMs) : undefined;
  timer?.unref();

  const idle = async () => {
    while (inFlight.size > 0) await Promise.allSettled([...inFlight.values()]);
  };

  return {
    sweep,
    idle,
    get resting() {
      return book.size;
    },
    isResting: (orderId) => book.get(orderId) !== undefined,
    stats,
    async stop() {
      if (stopped) return;
      stopped = true;
      if (timer) clearInterval(timer);
      offPrice();
      await sweeping?.catch(() => undefined);
      await idle();
      await client.removeAllChannels();
      client.realtime.disconnect();
    },
  };
}
