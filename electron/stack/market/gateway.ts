import type { Namespace, Socket } from 'socket.io';
import type { z } from 'zod';
import { canonicalOf, type CatalogueInstrument } from './catalogue';
import type { PriceEngine } from './price-engine';
import {
  describeIssues,
  GetQuotePayload,
  type InstrumentRef,
  type MarketErrorCode,
  SetModePayload,
  StreamMode,
  SubscribePayload,
  UnsubscribePayload,
} from './protocol';
import { RateLimiter } from './rate-limit';
import { ENTITLED_EXCHANGES, PROVIDER_NAME, resolveInstrument, type Resolution } from './resolve';
import { buildEnvelope, shapeTickData } from './tick-shape';

/**
 * The `/market-data` namespace: authentication, per-key connection and rate limits, and the
 * subscribe/unsubscribe/set_mode/get_quote conversation, speaking the service's protocol 2.0.
 * Each subscriber joins one room per (instrument, mode) so a tick is encoded once per mode and
 * fanned out by socket.io, however many clients watch it.
 */

export const PROTOCOL_VERSION = '2.0';
export const MAX_CONNECTIONS_PER_KEY = 3;
export const MAX_REQUESTS_PER_SECOND = 10;
export const MAX_SUBSCRIPTIONS_PER_SOCKET = 3000;

const MODES = StreamMode.options;

export function roomOf(token: number, mode: StreamMode): string {
  return `i:${token}:${mode}`;
}

interface Session {
  apiKey: string;
  /** Subscribed instruments (by provider token) and each one's mode. */
  modes: Map<number, StreamMode>;
  instruments: Map<number, CatalogueInstrument>;
}

export interface GatewayDeps {
  nsp: Namespace;
  apiKeys: ReadonlySet<string>;
  engine: PriceEngine;
  /** Instruments one connection may hold (announced in `welcome.limits`); default 3,000. */
  maxSubscriptionsPerSocket?: number;
}

/** Fault hooks for tests (the service's real failure modes, on demand). */
export interface GatewayControl {
  /**
   * Every connection open now stops sending anything (ticks, answers, pongs) without closing,
   * as a stalled server or a half-dead network path does. Later connections work normally.
   */
  freezeConnections(): number;
}

export function attachMarketGateway({ nsp, apiKeys, engine, ...opts }: GatewayDeps): GatewayControl {
  const maxPerSocket = opts.maxSubscriptionsPerSocket ?? MAX_SUBSCRIPTIONS_PER_SOCKET;
  /** Sockets told to go silent: they leave every room and answer nothing. */
  const frozen = new WeakSet<Socket>();
  const connectionsByKey = new Map<string, Set<string>>();
  const limiters = {
    subscribe: new RateLimiter(MAX_REQUESTS_PER_SECOND),
    unsubscribe: new RateLimiter(MAX_REQUESTS_PER_SECOND),
    set_mode: new RateLimiter(MAX_REQUESTS_PER_SECOND),
  };
  const limits = {
    connection: MAX_CONNECTIONS_PER_KEY,
    maxSubscriptionsPerSocket: maxPerSocket,
    maxUpstreamInstruments: maxPerSocket,
    requestsPerSecond: MAX_REQUESTS_PER_SECOND,
  };

  nsp.on('connection', (socket: Socket) => {
    const headerKey = socket.handshake.headers['x-api-key'];
    const queryKey = socket.handshake.query['api_key'];
    const apiKey = (typeof headerKey === 'string' && headerKey) || (typeof queryKey === 'string' && queryKey) || '';
    const refuse = (code: MarketErrorCode, message: string, extra: Record<string, unknown> = {}) => {
      socket.emit('error', { code, message, ...extra });
      socket.disconnect(true);
    };
    if (!apiKey) return refuse('missing_api_key', 'Missing x-api-key');
    if (!apiKeys.has(apiKey)) return refuse('invalid_api_key', 'Invalid API key');
    const live = connectionsByKey.get(apiKey) ?? new Set<string>();
    if (live.size >= MAX_CONNECTIONS_PER_KEY) {
      return refuse('connection_limit_exceeded', `At most ${MAX_CONNECTIONS_PER_KEY} connections per API key`, {
        limit: MAX_CONNECTIONS_PER_KEY,
      });
    }
    live.add(socket.id);
    connectionsByKey.set(apiKey, live);

    const session: Session = { apiKey, modes: new Map(), instruments: new Map() };
    socket.on('disconnect', () => {
      live.delete(socket.id);
      if (live.size === 0) connectionsByKey.delete(apiKey);
    });

    const now = () => new Date().toISOString();
    const fail = (code: MarketErrorCode, message: string, extra: Record<string, unknown> = {}): void => {
      socket.emit('error', { code, message, ...extra });
    };
    const invalid = (what: string, error: z.ZodError): void =>
      fail('invalid_payload', `Invalid ${what} payload`, { errors: describeIssues(error) });
    const rateLimited = (event: keyof typeof limiters): boolean => {
      const rl = limiters[event].check(apiKey);
      if (!rl) return false;
      fail('rate_limited', `${event} rate limit exceeded for this API key`, {
        limit: MAX_REQUESTS_PER_SECOND,
        retry_after_ms: rl.retryAfterMs,
      });
      return true;
    };
    /** A handler that throws must answer with an error, never take the server down. */
    const on = (event: string, fn: (payload: unknown) => void) =>
      socket.on(event, (payload: unknown) => {
        if (frozen.has(socket)) return;
        try {
          fn(payload);
        } catch (err) {
          fail('invalid_payload', `Could not handle ${event}: ${err instanceof Error ? err.message : String(err)}`);
        }
      });

    const setMode = (inst: CatalogueInstrument, mode: StreamMode) => {
      const prior = session.modes.get(inst.token);
      if (prior === mode) return;
      if (prior) void socket.leave(roomOf(inst.token, prior));
      void socket.join(roomOf(inst.token, mode));
      session.modes.set(inst.token, mode);
      session.instruments.set(inst.token, inst);
    };
    const drop = (token: number) => {
      const prior = session.modes.get(token);
      if (prior) void socket.leave(roomOf(token, prior));
      session.modes.delete(token);
      session.instruments.delete(token);
    };
    const remaining = () => [...session.instruments.values()].map((i) => i.uirId);

    socket.emit('connected', { message: 'Connected to market data stream', clientId: socket.id, timestamp: now() });
    socket.emit('stream_status', {
      event: 'connected',
      snapshot: { isStreaming: true, provider: PROVIDER_NAME },
      ts: Date.now(),
    });
    socket.emit('welcome', {
      protocol_version: PROTOCOL_VERSION,
      message: 'Welcome to the Tradedesk market simulator',
      provider: PROVIDER_NAME,
      exchanges: [...ENTITLED_EXCHANGES],
      limits,
      instructions: { subscribe: "socket.emit('subscribe', { instruments: [26000, 'NSE_EQ-2885'], mode: 'ltp' })" },
      timestamp: now(),
    });

    const subscribe = (payload: unknown): void => {
      const parsed = SubscribePayload.safeParse(payload);
      if (!parsed.success) return invalid('subscribe', parsed.error);
      const modeParsed = StreamMode.safeParse(parsed.data.mode ?? 'ltp');
      if (!modeParsed.success) {
        return fail('invalid_mode', `Invalid mode; use one of ${MODES.join(', ')}`, {
          mode: parsed.data.mode,
          allowed: MODES,
        });
      }
      if (rateLimited('subscribe')) return;
      const mode = modeParsed.data;
      const requested: InstrumentRef[] = [...(parsed.data.instruments ?? []), ...(parsed.data.symbols ?? [])];
      const included = new Map<number, CatalogueInstrument>();
      const resolved: Array<{ symbol: string; uirId: number; providerToken: number }> = [];
      const unresolved: Array<string | number> = [];
      const forbidden: Array<{ token: number; exchange: string }> = [];
      const overLimit: number[] = [];
      for (const raw of requested) {
        const r: Resolution = resolveInstrument(raw);
        if (r.kind === 'unresolved') unresolved.push(r.raw);
        else if (r.kind === 'forbidden') forbidden.push({ token: r.token, exchange: r.exchange });
        else if (
          !included.has(r.instrument.token) &&
          !session.modes.has(r.instrument.token) &&
          session.modes.size + included.size >= maxPerSocket
        ) {
          // The connection holds its limit: this one is refused, by name.
          overLimit.push(r.instrument.token);
        } else if (!included.has(r.instrument.token)) {
          included.set(r.instrument.token, r.instrument);
          resolved.push({
            symbol: canonicalOf(r.instrument),
            uirId: r.instrument.uirId,
            providerToken: r.instrument.token,
          });
        }
      }
      const snapshot: Record<string, { last_price: number | null }> = {};
      for (const inst of included.values()) {
        setMode(inst, mode);
        snapshot[String(inst.uirId)] = { last_price: engine.quote(inst.token)?.last ?? null };
      }
      socket.emit('subscription_confirmed', {
        requested,
        pairs: [...included.values()].map((i) => `${i.exchange}-${i.token}`),
        included: [...included.values()].map((i) => i.uirId),
        resolved,
        unresolved,
        forbidden,
        snapshot,
        mode,
        limits: { ...limits, currentSubscriptions: session.modes.size },
        timestamp: now(),
      });
      for (const raw of unresolved) {
        fail(
          'exchange_unresolved',
          'Cannot resolve instrument; subscribe using EXCHANGE-TOKEN (e.g. NSE_EQ-2885) or NSE:SYMBOL',
          {
            token: raw,
          },
        );
      }
      for (const f of forbidden) {
        fail('forbidden_exchange', 'Your API key is not entitled for this exchange', {
          token: f.token,
          exchange: f.exchange,
        });
      }
      if (overLimit.length > 0) {
        fail('subscription_limit_exceeded', `At most ${maxPerSocket} instruments per connection`, {
          limit: maxPerSocket,
          instruments: overLimit,
        });
      }
      // The current quote at once, marked as a re-sent last tick, so a new subscriber does not
      // wait for the next trade to show a full quote (the snapshot above carries only last_price).
      const ts = now();
      for (const inst of included.values()) {
        const q = engine.quote(inst.token);
        if (q) socket.emit('market_data', buildEnvelope(inst, q, mode, { syntheticLast: true, timestamp: ts }));
      }
    };
    on('subscribe', subscribe);
    on('subscribe_instruments', subscribe);

    const unsubscribe = (payload: unknown): void => {
      const parsed = UnsubscribePayload.safeParse(payload);
      if (!parsed.success) return invalid('unsubscribe', parsed.error);
      if (rateLimited('unsubscribe')) return;
      const removed: number[] = [];
      const notFound: Array<number | string> = [];
      for (const raw of parsed.data.instruments) {
        const r = resolveInstrument(raw);
        if (r.kind !== 'resolved') notFound.push(raw);
        else if (!session.modes.has(r.instrument.token)) notFound.push(r.instrument.uirId);
        else {
          drop(r.instrument.token);
          removed.push(r.instrument.uirId);
        }
      }
      socket.emit('unsubscription_confirmed', {
        requested: parsed.data.instruments,
        removed,
        not_found: notFound,
        remaining: remaining(),
        timestamp: now(),
      });
    };
    on('unsubscribe', unsubscribe);
    on('unsubscribe_instruments', unsubscribe);

    on('unsubscribe_all', () => {
      const count = session.modes.size;
      for (const token of [...session.modes.keys()]) drop(token);
      socket.emit('unsubscribed_all', { removed_count: count, timestamp: now() });
    });

    on('set_mode', (payload): void => {
      const parsed = SetModePayload.safeParse(payload);
      if (!parsed.success) return invalid('set_mode', parsed.error);
      const modeParsed = StreamMode.safeParse(parsed.data.mode);
      if (!modeParsed.success) {
        return fail('invalid_mode', `Invalid mode; use one of ${MODES.join(', ')}`, {
          mode: parsed.data.mode,
          allowed: MODES,
        });
      }
      if (rateLimited('set_mode')) return;
      const updated: number[] = [];
      const notSubscribed: Array<number | string> = [];
      for (const raw of parsed.data.instruments) {
        const r = resolveInstrument(raw);
        if (r.kind === 'resolved' && session.modes.has(r.instrument.token)) {
          setMode(r.instrument, modeParsed.data);
          updated.push(r.instrument.uirId);
        } else notSubscribed.push(r.kind === 'resolved' ? r.instrument.uirId : raw);
      }
      socket.emit('mode_set', {
        requested: parsed.data.instruments,
        updated,
        not_subscribed: notSubscribed,
        mode: modeParsed.data,
        timestamp: now(),
      });
    });

    on('get_quote', (payload): void => {
      const parsed = GetQuotePayload.safeParse(payload);
      if (!parsed.success) return invalid('get_quote', parsed.error);
      const data: Record<string, unknown> = {};
      for (const raw of parsed.data.instruments) {
        const r = resolveInstrument(raw);
        const q = r.kind === 'resolved' ? engine.quote(r.instrument.token) : undefined;
        if (r.kind === 'resolved' && q) data[String(r.instrument.token)] = shapeTickData(r.instrument, q, 'full');
      }
      socket.emit('quote_data', { data, cached: false, ltp_only: parsed.data.ltp_only ?? false, timestamp: now() });
    });

    on('list_subscriptions', () => {
      const modes: Record<string, StreamMode> = {};
      for (const [token, mode] of session.modes) modes[String(session.instruments.get(token)!.uirId)] = mode;
      socket.emit('subscriptions', {
        tokens: remaining(),
        modes,
        pairs: [...session.instruments.values()].map((i) => `${i.exchange}-${i.token}`),
        count: session.modes.size,
        timestamp: now(),
      });
    });

    on('whoami', () => {
      socket.emit('whoami', {
        protocol_version: PROTOCOL_VERSION,
        provider: PROVIDER_NAME,
        apiKey: { tenant: 'tradedesk-sim', currentWsConnections: live.size },
        entitlements: { exchanges: [...ENTITLED_EXCHANGES] },
        limits,
        subscriptions: { tokens: remaining(), count: session.modes.size },
        server_time: now(),
      });
    });

    on('status', () => {
      socket.emit('status', {
        protocol_version: PROTOCOL_VERSION,
        streaming: { isStreaming: true, provider: PROVIDER_NAME },
        gateway: { totalConnections: nsp.sockets.size, yourSubscriptions: session.modes.size },
        timestamp: now(),
      });
    });

    on('ping', () => socket.emit('pong', { t: Date.now(), protocol_version: PROTOCOL_VERSION }));
  });

  return {
    freezeConnections() {
      let n = 0;
      for (const socket of nsp.sockets.values()) {
        if (frozen.has(socket)) continue;
        frozen.add(socket);
        for (const room of [...socket.rooms]) if (room !== socket.id) void socket.leave(room);
        n++;
      }
      return n;
    },
  };
}
