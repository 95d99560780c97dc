import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { instrumentBySymbol } from '../../../../electron/stack/market/catalogue';
import { startMarketSimulator, type MarketSimulator } from '../../../../electron/stack/market/simulator';
import { connectMarket, type Payload, type Recorder } from './recorder';

// One simulator for the file; every test uses its own API key so per-key connection and rate
// limits of one test never leak into another.
const KEYS = Array.from({ length: 16 }, (_, i) => `test-key-${i}`);
let sim: MarketSimulator;
const open: Recorder[] = [];
let nextKey = 0;
const freshKey = () => KEYS[nextKey++]!;
const connect = (key: string | undefined, opts?: { header?: boolean }) => {
  const r = connectMarket(sim.url, key, opts);
  open.push(r);
  return r;
};

const RELIANCE = instrumentBySymbol('RELIANCE')!;
const TCS = instrumentBySymbol('TCS')!;
const INFY = instrumentBySymbol('INFY')!;
const HDFCBANK = instrumentBySymbol('HDFCBANK')!;
const NIFTY = instrumentBySymbol('NIFTY 50')!;
const NIFTY_FUT = instrumentBySymbol('NIFTY25DECFUT')!;
const CRUDE = instrumentBySymbol('CRUDEOIL25DECFUT')!;

/**
 * The close of the IST day before `at` (epoch ms; the tick's own time, so a test running across
 * midnight IST asks for the right day), from the simulator's own historical candles.
 */
async function previousClose(token: number, at: number): Promise<number> {
  const today = new Date(at + 19_800_000).toISOString().slice(0, 10);
  const yesterday = new Date(Date.parse(today) - 86_400_000).toISOString().slice(0, 10);
  const url = `${sim.url}/api/candles?instrument=${token}&interval=day&from=${yesterday}&to=${yesterday}`;
  const body = (await (await fetch(url, { headers: { 'x-api-key': KEYS[0]! } })).json()) as {
    data: { candles: Array<[string, number, number, number, number, number]> };
  };
  return body.data.candles[0]![4];
}

beforeAll(async () => {
  sim = await startMarketSimulator({ seed: 42, tickIntervalMs: 100, apiKeys: KEYS });
});
afterEach(() => {
  for (const r of open.splice(0)) r.socket.disconnect();
});
afterAll(async () => {
  await sim.stop();
});

describe('market simulator protocol (socket.io-client)', () => {
  it('greets an authenticated client with connected and welcome', async () => {
    const c = connect(freshKey());
    const connected = await c.waitFor('connected');
    expect(typeof connected.clientId).toBe('string');
    const welcome = await c.waitFor('welcome');
    expect(welcome.protocol_version).toBe('2.0');
    expect(welcome.provider).toBe('Vayu');
    expect(welcome.exchanges).toEqual(['NSE_EQ', 'NSE_FO', 'NSE_CUR', 'MCX_FO']);
    expect(welcome.limits.connection).toBe(3);
  });

  it('accepts the key from the x-api-key header too', async () => {
    const c = connect(freshKey(), { header: true });
    expect((await c.waitFor('welcome')).protocol_version).toBe('2.0');
  });

  it('refuses a missing key and an invalid key with their codes, then disconnects', async () => {
    const none = connect(undefined);
    expect((await none.waitFor('error')).code).toBe('missing_api_key');
    expect(await none.waitFor('disconnect')).toBe('io server disconnect');
    expect(none.all('welcome')).toHaveLength(0);

    const bad = connect('not-a-key');
    expect((await bad.waitFor('error')).code).toBe('invalid_api_key');
    expect(await bad.waitFor('disconnect')).toBe('io server disconnect');
  });

  it('refuses a 4th connection per key, and frees the slot when one leaves', async () => {
    const key = freshKey();
    const three = [connect(key), connect(key), connect(key)];
    for (const c of three) await c.waitFor('welcome');
    const fourth = connect(key);
    const err = await fourth.waitFor('error');
    expect(err.code).toBe('connection_limit_exceeded');
    expect(await fourth.waitFor('disconnect')).toBe('io server disconnect');
    expect(fourth.all('welcome')).toHaveLength(0);

    // The server learns of a client disconnect asynchronously: retry until the slot is free.
    three[0]!.socket.disconnect();
    const deadline = Date.now() + 20_000;
    let admitted = false;
    while (!admitted && Date.now() < deadline) {
      const again = connect(key);
      const rec = await Promise.race([again.waitForRecord('welcome'), again.waitForRecord('error')]);
      admitted = rec.event === 'welcome';
      if (!admitted) await new Promise((r) => setTimeout(r, 50));
    }
    expect(admitted).toBe(true);
  });

  it('resolves every instrument form and reports the unresolved and forbidden ones', async () => {
    const c = connect(freshKey());
    await c.waitFor('welcome');
    const requested = [
      NIFTY.token, // bare provider token
      `NSE_EQ-${RELIANCE.uirId}`, // EXCH-n, n a UIR id
      `NSE_EQ-${TCS.token}`, // EXCH-n, n a provider token (fallback)
      'NSE:INFY', // canonical symbol
      'HDFCBANK', // bare symbol
      `Vayu:${CRUDE.token}`, // provider prefix
      'NFO:NIFTY25DECFUT',
      99999999, // unknown token
      'NOSUCHSYMBOL',
      'BSE_EQ-500325', // an exchange the key is not entitled to
    ];
    c.socket.emit('subscribe', { instruments: requested, mode: 'ltp' });
    const ack = await c.waitFor('subscription_confirmed');
    const expected = [NIFTY, RELIANCE, TCS, INFY, HDFCBANK, CRUDE, NIFTY_FUT];
    expect(ack.included).toEqual(expected.map((i) => i.uirId));
    expect(ack.pairs).toEqual(expected.map((i) => `${i.exchange}-${i.token}`));
    expect(ack.resolved.map((r: { providerToken: number }) => r.providerToken)).toEqual(expected.map((i) => i.token));
    expect(ack.requested).toEqual(requested);
    expect(ack.unresolved).toEqual([99999999, 'NOSUCHSYMBOL']);
    expect(ack.forbidden).toEqual([{ token: 500325, exchange: 'BSE_EQ' }]);
    expect(ack.mode).toBe('ltp');
    expect(ack.limits.currentSubscriptions).toBe(7);
    for (const i of expected) expect(ack.snapshot[String(i.uirId)].last_price).toBeGreaterThan(0);

    const errors = await c.waitForCount('error', 3);
    expect(errors.map((e) => (e.payload as { code: string }).code).sort()).toEqual([
      'exchange_unresolved',
      'exchange_unresolved',
      'forbidden_exchange',
    ]);
    // Ticks flow for every included instrument.
    for (const i of expected) await c.waitFor('market_data', (t) => t.instrumentToken === i.token);
  });

  it('shapes each mode as the service does', async () => {
    const c = connect(freshKey());
    await c.waitFor('welcome');
    c.socket.emit('subscribe', { instruments: [RELIANCE.token], mode: 'ltp' });
    c.socket.emit('subscribe', { instruments: [TCS.token], mode: 'ohlcv' });
    c.socket.emit('subscribe', { instruments: [NIFTY_FUT.token], mode: 'full' });
    const live = (token: number) => (t: Payload) => t.instrumentToken === token && !t.syntheticLast;

    const ltp = await c.waitFor('market_data', live(RELIANCE.token));
    expect(ltp.uirId).toBe(RELIANCE.uirId);
    expect(ltp.canonical).toBe('NSE:RELIANCE');
    expect(ltp.activeProviderToken).toBe(String(RELIANCE.token));
    expect(Number.isNaN(Date.parse(ltp.timestamp))).toBe(false);
    expect(Object.keys(ltp.data).sort()).toEqual(['exchange', 'instrument_token', 'last_price', 'symbol', 'uir_id']);
    expect(ltp.data.instrument_token).toBe(RELIANCE.token);
    expect(ltp.data.exchange).toBe('NSE_EQ');

    const ohlcv = await c.waitFor('market_data', live(TCS.token));
    expect(ohlcv.data.ohlc.close).toBe(await previousClose(TCS.token, ohlcv.data.last_trade_time * 1000)); // previous close, not today's
    expect(ohlcv.data.ohlc.high).toBeGreaterThanOrEqual(ohlcv.data.last_price);
    expect(ohlcv.data.ohlc.low).toBeLessThanOrEqual(ohlcv.data.last_price);
    expect(ohlcv.data.volume).toBeGreaterThan(0);
    expect(Number.isInteger(ohlcv.data.last_trade_time)).toBe(true);
    expect(ohlcv.data.depth).toBeUndefined();
    for (const k of ['change', 'pchange', 'seq', 'ts']) expect(ohlcv.data[k]).toBeUndefined();

    const full = await c.waitFor('market_data', live(NIFTY_FUT.token));
    expect(full.data.depth.buy).toHaveLength(5);
    expect(full.data.depth.sell).toHaveLength(5);
    expect(full.data.depth.buy[0].price).toBeLessThan(full.data.depth.sell[0].price);
    expect(full.data.open_interest).toBeGreaterThan(0);
    expect(full.data.total_buy_quantity).toBeGreaterThan(0);
    expect(full.data.total_sell_quantity).toBeGreaterThan(0);
    expect(full.data.average_trade_price).toBeGreaterThan(0);
    expect(full.data.ohlc.close).toBe(await previousClose(NIFTY_FUT.token, full.data.last_trade_time * 1000));
    expect(full.data.lower_circuit_limit).toBeLessThan(full.data.ohlc.close);
    expect(full.data.upper_circuit_limit).toBeGreaterThan(full.data.ohlc.close);
  });

  it('stops ticks for an unsubscribed instrument and keeps the others', async () => {
    const c = connect(freshKey());
    await c.waitFor('welcome');
    c.socket.emit('subscribe', { instruments: [RELIANCE.token, TCS.token], mode: 'ltp' });
    await c.waitFor('market_data', (t) => t.instrumentToken === RELIANCE.token && !t.syntheticLast);
    c.socket.emit('unsubscribe', { instruments: [RELIANCE.token, INFY.token] });
    const ack = await c.waitForRecord('unsubscription_confirmed');
    expect((ack.payload as Payload).removed).toEqual([RELIANCE.uirId]);
    expect((ack.payload as Payload).not_found).toEqual([INFY.uirId]);
    expect((ack.payload as Payload).remaining).toEqual([TCS.uirId]);
    // Ten more TCS ticks arrive after the ack; not one RELIANCE tick does.
    await c.waitForCount('market_data', 10, (t) => t.instrumentToken === TCS.token, { from: ack.seq });
    expect(
      c.all('market_data', ack.seq).filter((e) => (e.payload as Payload).instrumentToken === RELIANCE.token),
    ).toHaveLength(0);
  });

  it('rate-limits the 11th subscribe within a second', async () => {
    const c = connect(freshKey());
    await c.waitFor('welcome');
    for (let i = 0; i < 11; i++) c.socket.emit('subscribe', { instruments: [RELIANCE.token], mode: 'ltp' });
    const err = await c.waitFor('error', (e) => e.code === 'rate_limited');
    expect(err.retry_after_ms).toBeGreaterThan(0);
    expect(err.retry_after_ms).toBeLessThanOrEqual(1000);
    await c.waitForCount('subscription_confirmed', 10);
    expect(c.all('error').filter((e) => (e.payload as Payload).code === 'rate_limited')).toHaveLength(1);
    // Once the window has passed, subscribing works again (retry until it does).
    const deadline = Date.now() + 20_000;
    let ok = false;
    while (!ok && Date.now() < deadline) {
      const mark = c.mark();
      c.socket.emit('subscribe', { instruments: [TCS.token], mode: 'ltp' });
      const rec = await Promise.race([
        c.waitForRecord('subscription_confirmed', () => true, { from: mark }),
        c.waitForRecord('error', (e: Payload) => e.code === 'rate_limited', { from: mark }),
      ]);
      ok = rec.event === 'subscription_confirmed';
      if (!ok) await new Promise((r) => setTimeout(r, (rec.payload as Payload).retry_after_ms));
    }
    expect(ok).toBe(true);
  });

  it('answers malformed payloads with invalid_payload / invalid_mode and stays usable', async () => {
    const c = connect(freshKey());
    await c.waitFor('welcome');
    const bad: unknown[] = [
      'garbage',
      { instruments: 'RELIANCE' },
      { instruments: [{ token: 1 }] },
      { instruments: [] },
      null,
    ];
    for (const p of bad) c.socket.emit('subscribe', p);
    await c.waitForCount('error', bad.length, (e) => e.code === 'invalid_payload');
    c.socket.emit('subscribe', { instruments: [RELIANCE.token], mode: 'quote' });
    await c.waitFor('error', (e) => e.code === 'invalid_mode');
    c.socket.emit('unsubscribe', { nope: true });
    c.socket.emit('set_mode', { instruments: 'x' });
    await c.waitForCount('error', bad.length + 2, (e) => e.code === 'invalid_payload');
    expect(c.socket.connected).toBe(true);

    c.socket.emit('subscribe', { instruments: [RELIANCE.token], mode: 'ltp' });
    const ack = await c.waitFor('subscription_confirmed');
    expect(ack.included).toEqual([RELIANCE.uirId]);
    await c.waitFor('market_data', (t) => t.instrumentToken === RELIANCE.token);
  });

  it('survives a barrage of junk on every event and keeps serving', async () => {
    const c = connect(freshKey());
    await c.waitFor('welcome');
    const junk: unknown[] = [
      undefined,
      null,
      0,
      -1,
      'x',
      [],
      {},
      { instruments: null },
      { instruments: [null] },
      { instruments: [Number.NaN] },
      { instruments: [-5, 1.5] },
      { instruments: ['a'.repeat(10_000)] },
      { instruments: Array.from({ length: 5000 }, (_, i) => i) },
      { instruments: [2885], mode: { $gt: '' } },
      { __proto__: { instruments: [2885] } },
      { instruments: [2885], ltp_only: 'yes' },
    ];
    const events = [
      'subscribe',
      'unsubscribe',
      'set_mode',
      'get_quote',
      'subscribe_instruments',
      'unsubscribe_all',
      'list_subscriptions',
      'whoami',
      'status',
      'nonsense',
    ];
    for (const event of events) for (const payload of junk) c.socket.emit(event, payload);
    c.socket.emit('ping');
    await c.waitFor('pong');
    expect(c.socket.connected).toBe(true);
    // A second client on another key is served as usual.
    const other = connect(freshKey());
    await other.waitFor('welcome');
    other.socket.emit('subscribe', { instruments: [RELIANCE.token] });
    await other.waitFor('market_data', (t) => t.instrumentToken === RELIANCE.token);
  });

  it('switches modes with set_mode, answers get_quote and ping', async () => {
    const c = connect(freshKey());
    await c.waitFor('welcome');
    c.socket.emit('subscribe', { instruments: [INFY.token], mode: 'ltp' });
    await c.waitFor('subscription_confirmed');
    c.socket.emit('set_mode', { instruments: [INFY.token, TCS.token], mode: 'full' });
    const set = await c.waitForRecord('mode_set');
    expect((set.payload as Payload).updated).toEqual([INFY.uirId]);
    expect((set.payload as Payload).not_subscribed).toEqual([TCS.uirId]);
    expect((set.payload as Payload).mode).toBe('full');
    const tick = await c.waitFor('market_data', (t) => t.instrumentToken === INFY.token, { from: set.seq });
    expect(tick.data.depth.buy).toHaveLength(5);

    // The market keeps walking while the request is in flight: the answer is a price RELIANCE
    // had between the request and the answer.
    const seen = new Set<number>([sim.lastPrice(RELIANCE.token) ?? -1]);
    const off = sim.onPrice((token, price) => {
      if (token === RELIANCE.token) seen.add(price);
    });
    c.socket.emit('get_quote', { instruments: [RELIANCE.token, 'NSE:TCS'] });
    const quote = await c.waitFor('quote_data');
    off();
    expect(seen).toContain(quote.data[String(RELIANCE.token)].last_price);
    const tcsQuote = quote.data[String(TCS.token)];
    expect(tcsQuote.ohlc.close).toBe(await previousClose(TCS.token, tcsQuote.last_trade_time * 1000));

    c.socket.emit('ping');
    expect((await c.waitFor('pong')).protocol_version).toBe('2.0');
  });

  it('delivers a forced price at once to subscribers and to onPrice listeners', async () => {
    const c = connect(freshKey());
    await c.waitFor('welcome');
    c.socket.emit('subscribe', { instruments: [SBIN_TOKEN], mode: 'ltp' });
    await c.waitFor('subscription_confirmed');
    const seen: number[] = [];
    const off = sim.onPrice((token, price) => token === SBIN_TOKEN && seen.push(price));
    sim.setPrice(SBIN_TOKEN, 1000.03); // rounds to the 0.05 tick
    off();
    expect(seen).toContain(1000.05);
    await c.waitFor('market_data', (t) => t.instrumentToken === SBIN_TOKEN && t.data.last_price === 1000.05);
  });
});

const SBIN_TOKEN = instrumentBySymbol('SBIN')!.token;

describe('instrument search API', () => {
  it('requires an API key', async () => {
    expect((await fetch(`${sim.url}/api/search?q=REL`)).status).toBe(401);
    expect((await fetch(`${sim.url}/api/search?q=REL`, { headers: { 'x-api-key': 'wrong' } })).status).toBe(401);
  });

  it('finds instruments in the service shape, best match first', async () => {
    const res = await fetch(`${sim.url}/api/search?q=reliance&limit=5`, { headers: { 'x-api-key': KEYS[0]! } });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.success).toBe(true);
    const first = body.data[0];
    expect(first).toMatchObject({
      id: RELIANCE.uirId,
      canonicalSymbol: 'NSE:RELIANCE',
      wsSubscribeUirId: RELIANCE.uirId,
      symbol: 'RELIANCE',
      exchange: 'NSE_EQ',
      segment: 'NSE',
      instrumentType: 'EQ',
      lotSize: 1,
      tickSize: 0.05,
    });
    expect(first.last_price).toBeGreaterThan(0);
  });

  it('filters by exchange and honours limit', async () => {
    const mcx = await (
      await fetch(`${sim.url}/api/search?q=&exchange=MCX`, { headers: { 'x-api-key': KEYS[0]! } })
    ).json();
    expect(mcx.data.length).toBe(4);
    expect(mcx.data.every((d: { exchange: string }) => d.exchange === 'MCX_FO')).toBe(true);
    const nifty = await (
      await fetch(`${sim.url}/api/search?q=NIFTY&limit=2`, { headers: { 'x-api-key': KEYS[0]! } })
    ).json();
    expect(nifty.data).toHaveLength(2);
    const bad = await fetch(`${sim.url}/api/search?q=x&limit=-3`, { headers: { 'x-api-key': KEYS[0]! } });
    expect(bad.status).toBe(400);
  });
});
