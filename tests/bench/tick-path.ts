/**
 * The market service's per-tick work without a socket, for `bench -- market` and `bench -- alerts`.
 *
 * Packets are the exact text the market bench's server writes (a socket.io `market_data` event
 * carrying the service's `full`-mode envelope for 500 instruments, price walking ₹1,000.00–1,019.95),
 * decoded per tick by socket.io-parser's `Decoder` as socket.io-client does, so each tick is a
 * fresh object of the real shape, not one of a few hot, hand-made envelopes. Two cases, run in
 * the same process and measured in CPU time (process.cpuUsage: time spent descheduled on a
 * shared machine is nobody's cost):
 *  - `decode`: the packet is decoded and counted, nothing else (what a bare client does per tick
 *    after the WebSocket frame);
 *  - `service`: decode, then the stages `createMarketService`'s `onTick` runs — `STAGES` below —
 *    with the real modules (QuoteBook, FeedHealth, WindowStreams on a real PushHub with 3 windows
 *    of 200 instruments, CachedQuotes, a quote listener counting as a chart would), and the quote
 *    observer (the alert engine) when given.
 * The service's own cost per tick is the difference of the two; what the WebSocket/engine.io
 * layers add is common to the bare client and the service and is measured only by the ingest
 * ratio over a real socket.
 */
import { Decoder, type Packet } from 'socket.io-parser';
import { PushHub } from '../../electron/core/ipc/push-hub';
import type { QuoteObserver } from '../../electron/core/market';
import { CachedQuotes } from '../../electron/core/market/cached-quotes';
import { FeedHealth } from '../../electron/core/market/feed-health';
import { QuoteBook } from '../../electron/core/market/quote-book';
import { parseTick, type ParsedTick } from '../../electron/core/market/tick-parser';
import { WindowStreams } from '../../electron/core/market/window-streams';
import type { Quote } from '../../src/shared/domain';

export const TICK_PATH_INSTRUMENTS = 500;
export const TICK_PATH_FIRST_TOKEN = 100_000;

/** What the `service` case runs per tick, in the order `createMarketService`'s onTick runs it. */
export const STAGES =
  'decode → parseTick → FeedHealth.recordData → QuoteBook.apply → observers → WindowStreams.offerQuote (3 windows) → CachedQuotes.changed → quote listeners → depth check';

/** The `market_data` envelope the service sends in `full` mode (the bench server's template). */
function envelope(token: number): Record<string, unknown> {
  const level = (price: number, quantity: number) => ({ price, quantity, orders: 3 });
  return {
    instrumentToken: token,
    uirId: 5_000_000 + token,
    canonical: 'NSE:SYM' + token,
    identifiers: { vortex: String(token) },
    activeProvider: 'vortex',
    activeProviderToken: String(token),
    data: {
      instrument_token: token,
      exchange: 'NSE_EQ',
      last_price: '__P__',
      uir_id: 5_000_000 + token,
      symbol: 'NSE:SYM' + token,
      last_trade_time: 1_764_150_000,
      volume: 123_456,
      ohlc: { open: 1000, high: 1010, low: 990, close: 1000 },
      last_update_time: 1_764_150_000,
      last_trade_quantity: 5,
      average_trade_price: 1001.2,
      total_buy_quantity: 5000,
      total_sell_quantity: 4000,
      open_interest: 0,
      depth: {
        buy: [level(999.95, 10), level(999.9, 20), level(999.85, 30), level(999.8, 40), level(999.75, 50)],
        sell: [level(1000.05, 10), level(1000.1, 20), level(1000.15, 30), level(1000.2, 40), level(1000.25, 50)],
      },
    },
    timestamp: '__TS__',
  };
}

/**
 * The server's packet sequence: tick `seq` is instrument `seq % 500` at ₹(1000 + (seq·7 mod 400)/20).
 * It repeats every 2,000 ticks, so one period of packet texts replays the whole stream.
 */
export function marketPackets(): string[] {
  const ts = new Date().toISOString();
  const out: string[] = [];
  for (let seq = 0; seq < 2_000; seq++) {
    const token = TICK_PATH_FIRST_TOKEN + (seq % TICK_PATH_INSTRUMENTS);
    const price = (1000 + ((seq * 7) % 400) / 20).toFixed(2);
    const text = '2/market-data,' + JSON.stringify(['market_data', envelope(token)]);
    out.push(text.replace('"__P__"', price).replace('__TS__', ts));
  }
  return out;
}

/**
 * Ticks per CPU second of `ticks` packets through `stages` (`decode` alone, or decode + the
 * service's stages with `observer` as the service calls it). Throws when a tick is dropped as
 * malformed or nothing reaches the windows (the case would be measuring the wrong thing).
 */
export async function tickPathRate(
  packets: readonly string[],
  ticks: number,
  stages: 'decode' | 'service',
  observer: QuoteObserver | null = null,
): Promise<number> {
  const tokens = Array.from({ length: TICK_PATH_INSTRUMENTS }, (_, i) => TICK_PATH_FIRST_TOKEN + i);
  const hub = new PushHub();
  let pushed = 0;
  for (const id of ['w1', 'w2', 'w3']) {
    hub.attach(id, (name, payload) => {
      if (name === 'market.ticks') pushed += (payload as { quotes: unknown[] }).quotes.length;
    });
  }
  const book = new QuoteBook();
  const health = new FeedHealth({ now: Date.now, publish: () => undefined });
  const cachedQuotes = new CachedQuotes(undefined);
  const streams = new WindowStreams({
    hub,
    intervalMs: 50,
    now: Date.now,
    lastQuote: (token) => book.get(token),
    lastDepth: () => undefined,
    unavailable: () => new Map(),
    malformedDepth: () => undefined,
  });
  streams.setQuotes('w1', new Set(tokens.slice(0, 200)));
  streams.setQuotes('w2', new Set(tokens.slice(150, 350)));
  streams.setQuotes('w3', new Set(tokens.slice(300)));
  const observers = observer ? [observer] : [];
  let applied = 0;
  const quoteListeners: Array<(tick: ParsedTick, quote: Quote) => void> = [() => applied++];
  /** No instrument is shown in a depth panel here, as in the ingest case. */
  const fullMode = new Set<number>();
  const none = () => undefined;
  let decoded = 0;
  let malformed = 0;

  const decoder = new Decoder();
  decoder.on('decoded', (packet: Packet) => {
    decoded++;
    if (stages === 'decode') return;
    // createMarketService's onTick, stage by stage (STAGES).
    const tick = parseTick((packet.data as unknown[])[1], none);
    if (tick === null) {
      malformed++;
      return;
    }
    const at = Date.now();
    health.recordData(at);
    const quote = book.apply(tick, at, 0);
    if (quote === null) return;
    for (let i = 0; i < observers.length; i++) observers[i]!.quote(quote, tick.synthetic);
    streams.offerQuote(quote);
    cachedQuotes.changed(quote);
    for (let i = 0; i < quoteListeners.length; i++) quoteListeners[i]!(tick, quote);
    if (tick.full != null && fullMode.has(tick.token)) throw new Error('no depth is shown in this case');
  });

  const t0 = process.cpuUsage();
  for (let i = 0; i < ticks; i++) {
    decoder.add(packets[i % packets.length]!);
    if (i % 5_000 === 0) await new Promise((r) => setImmediate(r)); // let batch timers run
  }
  const cpu = process.cpuUsage(t0);
  await new Promise((r) => setTimeout(r, 60)); // the last batches go out
  streams.dispose();
  decoder.destroy();
  if (decoded !== ticks || malformed !== 0) throw new Error(`tick path decoded ${decoded}, malformed ${malformed}`);
  if (stages === 'service' && (applied !== ticks || pushed === 0)) {
    throw new Error(`tick path applied ${applied} of ${ticks}, pushed ${pushed}`);
  }
  return ticks / ((cpu.user + cpu.system) / 1e6);
}
