import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import { z } from 'zod';
import { answerCandles } from './candles';
import { CATALOGUE, instrumentBySymbol, instrumentByToken } from './catalogue';
import { attachMarketGateway, roomOf } from './gateway';
import { PriceEngine } from './price-engine';
import { StreamMode } from './protocol';
import { SearchQuery, searchInstruments } from './search';
import { buildDepth, buildEnvelope } from './tick-shape';
import { startTickLoop } from './tick-loop';

/**
 * The embedded market-data service: a socket.io server on `/market-data` speaking the
 * service's protocol, a seeded price engine, and the REST API (`/api/search`, and
 * `/api/candles`: historical candles of the same walk, candles.ts), on loopback.
 */

export interface MarketSimulatorOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  host?: string;
  seed?: number;
  /** Mean time between two ticks of one instrument (default 1000 ms, ±25% jitter). */
  tickIntervalMs?: number;
  /** Benchmarks: total ticks per second spread over all instruments (overrides tickIntervalMs). */
  totalTicksPerSecond?: number;
  /** Accepted API keys; the first is reported as `apiKey`. */
  apiKeys?: string[];
  /** Instruments one connection may hold (announced in `welcome.limits`); default 3,000. */
  maxSubscriptionsPerSocket?: number;
  /**
   * Tests only: serve `POST /api/test/price {symbol, price}` (x-api-key required), which forces
   * a trade at that price as `setPrice` does — how an end-to-end test moves the market through
   * a stop from outside the process. Off by default; `npm run stack -- --test-controls`.
   */
  testControls?: boolean;
}

/** The test-only price drive's body. */
export const TestPriceBody = z.object({
  symbol: z.string().min(1),
  price: z.number().positive().finite(),
});

export interface MarketSimulator {
  url: string;
  port: number;
  apiKey: string;
  lastPrice(token: number): number | undefined;
  /** The previous IST day's close (the feed's `ohlc.close`), which today's price band is around. */
  previousClose(token: number): number | undefined;
  /**
   * The best bid and offer now: the top of the simulated depth (what `full` mode sends);
   * undefined for an index or an unknown token.
   */
  bestPrices(token: number): { bid: number; ask: number } | undefined;
  /** Test hook: force a trade at `price` now (ticks subscribers, notifies onPrice). */
  setPrice(token: number, price: number): void;
  /** Called on every traded price; returns an unsubscribe function. */
  onPrice(cb: (token: number, price: number) => void): () => void;
  /** Test hook: every open connection goes silent without closing (see GatewayControl). */
  freezeConnections(): number;
  stop(): Promise<void>;
}

/** The platform's web client falls back to this key; the simulator accepts it by default. */
export const DEFAULT_MARKET_API_KEY = 'demo-key-1';

export async function startMarketSimulator(opts: MarketSimulatorOptions = {}): Promise<MarketSimulator> {
  const apiKeys = opts.apiKeys && opts.apiKeys.length > 0 ? opts.apiKeys : [DEFAULT_MARKET_API_KEY];
  const keySet = new Set(apiKeys);
  const seed = opts.seed ?? 1;
  const engine = new PriceEngine(seed);
  const listeners = new Set<(token: number, price: number) => void>();

  const http = createServer((req, res) => handleHttp(req, res));
  const io = new Server(http, { serveClient: false, cors: { origin: '*' } });
  const nsp = io.of('/market-data');
  const gateway = attachMarketGateway({
    nsp,
    apiKeys: keySet,
    engine,
    ...(opts.maxSubscriptionsPerSocket !== undefined
      ? { maxSubscriptionsPerSocket: opts.maxSubscriptionsPerSocket }
      : {}),
  });

  function handleHttp(req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const send = (status: number, body: unknown) => {
      res.writeHead(status, {
        'content-type': 'application/json',
        'access-control-allow-origin': '*',
        'access-control-allow-headers': 'x-api-key, content-type',
      });
      res.end(JSON.stringify(body));
    };
    if (req.method === 'OPTIONS') return send(204, {});
    if (url.pathname === '/health') return send(200, { ok: true, instruments: CATALOGUE.length });
    if (url.pathname === '/api/test/price' && opts.testControls) return void drivePrice(req, send);
    if (url.pathname !== '/api/search' && url.pathname !== '/api/candles') {
      return send(404, { success: false, error: 'not_found' });
    }
    if (req.method !== 'GET') return send(405, { success: false, error: 'method_not_allowed' });
    const key = req.headers['x-api-key'];
    if (typeof key !== 'string' || key === '')
      return send(401, { success: false, error: 'missing_api_key', message: 'Missing x-api-key' });
    if (!keySet.has(key)) return send(401, { success: false, error: 'invalid_api_key', message: 'Invalid API key' });
    if (url.pathname === '/api/candles') {
      const answer = answerCandles(url.searchParams, engine, Date.now());
      return send(answer.status, answer.body);
    }
    const query = SearchQuery.safeParse(Object.fromEntries(url.searchParams));
    if (!query.success)
      return send(400, { success: false, error: 'invalid_query', message: query.error.issues[0]?.message });
    const data = searchInstruments(query.data, (t) => engine.quote(t)?.last);
    return send(200, { success: true, data });
  }

  /** `POST /api/test/price`: tests move a price through the API, never by mocking the market. */
  function drivePrice(req: IncomingMessage, send: (status: number, body: unknown) => void): void {
    if (req.method !== 'POST') return send(405, { success: false, error: 'method_not_allowed' });
    const key = req.headers['x-api-key'];
    if (typeof key !== 'string' || !keySet.has(key)) return send(401, { success: false, error: 'invalid_api_key' });
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size <= 4096) chunks.push(c);
    });
    req.on('end', () => {
      let json: unknown;
      try {
        json = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        return send(400, { success: false, error: 'invalid_body', message: 'Body must be JSON' });
      }
      const body = TestPriceBody.safeParse(json);
      if (size > 4096 || !body.success)
        return send(400, {
          success: false,
          error: 'invalid_body',
          message: body.error?.issues[0]?.message ?? 'Too big',
        });
      const inst = instrumentBySymbol(body.data.symbol);
      if (!inst) return send(404, { success: false, error: 'unknown_symbol' });
      setPrice(inst.token, body.data.price);
      return send(200, { success: true, data: { symbol: inst.symbol, last_price: engine.quote(inst.token)?.last } });
    });
  }

  const notify = (token: number, price: number) => {
    for (const cb of listeners) {
      try {
        cb(token, price);
      } catch (err) {
        // A broken listener must not stop the market for everyone else.
        process.stderr.write(`[market] onPrice listener failed: ${String(err)}\n`);
      }
    }
  };

  /** Emit one instrument's quote to every (instrument, mode) room that has members. */
  const broadcast = (token: number, syntheticLast: boolean, timestamp: string) => {
    const inst = instrumentByToken(token);
    const q = engine.quote(token);
    if (!inst || !q) return;
    for (const mode of StreamMode.options) {
      const room = roomOf(token, mode);
      if (!nsp.adapter.rooms.get(room)?.size) continue;
      nsp.to(room).emit('market_data', buildEnvelope(inst, q, mode, { syntheticLast, timestamp }));
    }
  };

  try {
    await new Promise<void>((resolve, reject) => {
      http.once('error', reject);
      http.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', () => {
        http.off('error', reject);
        resolve();
      });
    });
  } catch (err) {
    io.close();
    throw err;
  }
  const port = (http.address() as AddressInfo).port;

  // The market opens only once the server is listening (nothing to clean up on a failed start).
  const loop = startTickLoop({
    tokens: CATALOGUE.map((i) => i.token),
    seed,
    tickIntervalMs: opts.tickIntervalMs ?? 1000,
    totalTicksPerSecond: opts.totalTicksPerSecond,
    onTicks: (tokens, nowMs) => {
      const timestamp = new Date(nowMs).toISOString();
      for (const token of tokens) {
        const r = engine.tick(token, nowMs);
        if (!r) continue;
        broadcast(token, !r.traded, timestamp);
        if (r.traded) notify(token, r.quote.last);
      }
    },
  });

  const setPrice = (token: number, price: number) => {
    const now = Date.now();
    const q = engine.setPrice(token, price, now);
    if (!q) throw new Error(`setPrice: unknown token ${token} or bad price ${price}`);
    broadcast(token, false, new Date(now).toISOString());
    notify(token, q.last);
  };

  let stopped: Promise<void> | undefined;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    apiKey: apiKeys[0]!,
    lastPrice: (token) => engine.quote(token)?.last,
    previousClose: (token) => engine.previousClose(token, Date.now()),
    setPrice,
    bestPrices(token) {
      const inst = instrumentByToken(token);
      const q = engine.quote(token);
      if (!inst || !q || inst.instrumentType === 'INDEX') return undefined;
      const depth = buildDepth(inst, q);
      const bid = depth.buy[0]?.price;
      const ask = depth.sell[0]?.price;
      if (bid === undefined || ask === undefined) return undefined;
      return { bid, ask };
    },
    onPrice(cb) {
      listeners.add(cb);
      return () => listeners.delete(cb);
    },
    freezeConnections: () => gateway.freezeConnections(),
    stop() {
      stopped ??= (async () => {
        loop.stop();
        listeners.clear();
        io.disconnectSockets(true);
        await new Promise<void>((resolve) => io.close(() => resolve()));
      })();
      return stopped;
    },
  };
}
