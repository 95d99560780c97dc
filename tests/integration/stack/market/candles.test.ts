import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { instrumentBySymbol } from '../../../../electron/stack/market/catalogue';
import { bucketOf } from '../../../../src/shared/chart';
import { startMarketSimulator, type MarketSimulator } from '../../../../electron/stack/market/simulator';
import { connectMarket, type Recorder } from './recorder';

/**
 * `GET /api/candles` of the embedded market, through Node's own fetch (the client every caller
 * uses), against a real simulator on 127.0.0.1.
 */

const KEY = 'candles-key';
let sim: MarketSimulator;
const sockets: Recorder[] = [];
const RELIANCE = instrumentBySymbol('RELIANCE')!;
const NIFTY = instrumentBySymbol('NIFTY 50')!;
const CRUDE = instrumentBySymbol('CRUDEOIL25DECFUT')!;

type Row = [string, number, number, number, number, number];
interface Success {
  status: 'success';
  data: { candles: Row[] };
}

beforeAll(async () => {
  sim = await startMarketSimulator({ seed: 11, tickIntervalMs: 200, apiKeys: [KEY] });
});
afterEach(() => {
  for (const s of sockets.splice(0)) s.socket.disconnect();
});
afterAll(async () => {
  await sim.stop();
});

async function get(query: string, key: string | null = KEY, on: MarketSimulator = sim) {
  const res = await fetch(`${on.url}/api/candles?${query}`, { headers: key === null ? {} : { 'x-api-key': key } });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

async function candles(query: string, on: MarketSimulator = sim): Promise<Row[]> {
  const { status, body } = await get(query, KEY, on);
  expect(status, JSON.stringify(body)).toBe(200);
  expect(body.status).toBe('success');
  return (body as unknown as Success).data.candles;
}

/** An IST calendar date, `days` before today (by the machine clock: only used to pick past days). */
function istDate(daysAgo: number): string {
  return new Date(Date.now() + 19_800_000 - daysAgo * 86_400_000).toISOString().slice(0, 10);
}
const hhmm = (row: Row) => row[0].slice(11, 16);
const enc = encodeURIComponent;

describe('GET /api/candles (embedded market)', () => {
  it('answers in Kite’s shape: IST-offset timestamps, OHLC on the tick grid, whole volumes', async () => {
    const day = istDate(1);
    const rows = await candles(`instrument=${RELIANCE.token}&interval=5minute&from=${day}+09:15:00&to=${day}+10:15:00`);
    // Buckets aligned to the 09:15 IST open; from and to inclusive.
    expect(rows.map(hhmm)).toEqual(
      Array.from({ length: 13 }, (_, i) => {
        const m = 9 * 60 + 15 + 5 * i;
        return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
      }),
    );
    for (const [ts, o, h, l, c, v] of rows) {
      expect(ts).toMatch(new RegExp(`^${day}T\\d{2}:\\d{2}:00\\+0530$`));
      for (const p of [o, h, l, c]) expect(Math.abs(p / 0.05 - Math.round(p / 0.05))).toBeLessThan(1e-6);
      expect(h).toBeGreaterThanOrEqual(Math.max(o, c));
      expect(l).toBeLessThanOrEqual(Math.min(o, c));
      expect(Number.isInteger(v) && v > 0).toBe(true);
    }
    // The instrument in any of the protocol's forms.
    const same = await candles(`instrument=NSE:RELIANCE&interval=5minute&from=${day}+09:15:00&to=${day}+10:15:00`);
    expect(same).toEqual(rows);
    expect(
      await candles(`instrument=NSE_EQ-${RELIANCE.token}&interval=5minute&from=${day}+09:15&to=${day}+10:15`),
    ).toEqual(rows);
  });

  it('is one walk at every interval: 5-minute, hourly and daily candles aggregate the minutes exactly', async () => {
    const day = istDate(2);
    const minutes = await candles(`instrument=${NIFTY.token}&interval=minute&from=${day}&to=${day}+23:59:00`);
    expect(minutes).toHaveLength(1440 - 15); // 09:00–09:14 (pre-open) print in the 09:15 candle
    expect(minutes.map(hhmm)).not.toContain('09:05');
    const hourly = await candles(`instrument=${NIFTY.token}&interval=60minute&from=${day}&to=${day}+23:59:00`);
    // The session grid from 09:15, the last in-session hour cut at 15:30, out-of-session hours after it.
    expect(hourly.map(hhmm)).toEqual(expect.arrayContaining(['08:15', '09:15', '14:15', '15:15', '15:30', '16:15']));
    const inBucket = (from: string, to: string) => minutes.filter((r) => hhmm(r) >= from && hhmm(r) < to);
    const expectAggregate = (row: Row | undefined, parts: Row[]) => {
      expect(row).toBeDefined();
      expect(row!.slice(1)).toEqual([
        parts[0]![1],
        Math.max(...parts.map((p) => p[2])),
        Math.min(...parts.map((p) => p[3])),
        parts.at(-1)![4],
        parts.reduce((a, p) => a + p[5], 0),
      ]);
    };
    expectAggregate(
      hourly.find((r) => hhmm(r) === '15:15'),
      inBucket('15:15', '15:30'),
    );
    expectAggregate(
      hourly.find((r) => hhmm(r) === '10:15'),
      inBucket('10:15', '11:15'),
    );
    const daily = await candles(`instrument=${NIFTY.token}&interval=day&from=${day}&to=${day}`);
    expect(daily).toHaveLength(1);
    expect(daily[0]![0]).toBe(`${day}T00:00:00+0530`);
    expectAggregate(daily[0], minutes);
  });

  it('aligns MCX to its own 09:00 open', async () => {
    const day = istDate(1);
    const rows = await candles(`instrument=${CRUDE.token}&interval=30minute&from=${day}+08:55&to=${day}+10:00`);
    expect(rows.map(hhmm)).toEqual(['09:00', '09:30', '10:00']);
  });

  it('serves nothing after now, and today’s candles continue into the live ticks without a jump', async () => {
    const c = connectMarket(sim.url, KEY);
    sockets.push(c);
    await c.waitFor('welcome');
    c.socket.emit('subscribe', { instruments: [RELIANCE.token], mode: 'ohlcv' });
    const tick = await c.waitFor('market_data', (t) => t.instrumentToken === RELIANCE.token && !t.syntheticLast);
    const now = Date.now();
    const iso = (t: number) => new Date(t + 19_800_000).toISOString().slice(0, 19);
    const rows = await candles(
      `instrument=${RELIANCE.token}&interval=minute&from=${enc(iso(now - 10 * 60_000))}&to=${enc(iso(now + 86_400_000))}`,
    );
    const lastStart = Date.parse(rows.at(-1)![0].replace('+0530', '+05:30'));
    // The last candle is the one forming now: its bucket began by now (in NSE's pre-open,
    // 09:00–09:15 IST, that is the 09:15 candle, which gathers the pre-open's trades).
    expect(bucketOf(lastStart, '1m', 'NSE_EQ').from).toBeLessThanOrEqual(Date.now());
    expect(lastStart).toBeGreaterThan(now - 2 * 60_000);
    // The candle of the live tick: its price is inside that candle's range.
    const tickMinute = bucketOf(tick.data.last_trade_time * 1000, '1m', 'NSE_EQ').start;
    const row = rows.find((r) => Date.parse(r[0].replace('+0530', '+05:30')) === tickMinute)!;
    expect(row).toBeDefined();
    expect(tick.data.last_price).toBeGreaterThanOrEqual(row[3]);
    expect(tick.data.last_price).toBeLessThanOrEqual(row[2]);
    // The tick's day candle carries the day's cumulative volume up to about now.
    const tickDay = new Date(tick.data.last_trade_time * 1000 + 19_800_000).toISOString().slice(0, 10);
    const daily = await candles(`instrument=${RELIANCE.token}&interval=day&from=${tickDay}&to=${tickDay}`);
    expect(daily[0]![5]).toBeGreaterThanOrEqual(tick.data.volume);
    // And yesterday's close is the tick's previous close.
    const before = new Date(Date.parse(tickDay) - 86_400_000).toISOString().slice(0, 10);
    const yesterday = await candles(`instrument=${RELIANCE.token}&interval=day&from=${before}&to=${before}`);
    expect(tick.data.ohlc.close).toBe(yesterday[0]![4]);
  });

  it('is deterministic from the seed: a restarted simulator serves the same past', async () => {
    const day = istDate(3);
    const query = `instrument=${RELIANCE.token}&interval=15minute&from=${day}+09:15&to=${day}+15:30`;
    const first = await candles(query);
    const again = await startMarketSimulator({ seed: 11, tickIntervalMs: 1000, apiKeys: [KEY] });
    const other = await startMarketSimulator({ seed: 12, tickIntervalMs: 1000, apiKeys: [KEY] });
    try {
      expect(await candles(query, again)).toEqual(first);
      expect(await candles(query, other)).not.toEqual(first);
    } finally {
      await again.stop();
      await other.stop();
    }
  });

  it('refuses bad parameters with typed 400s, and requires the API key', async () => {
    const day = istDate(1);
    const ok = `from=${day}+09:15&to=${day}+10:15`;
    const cases: Array<[string, number, string]> = [
      [`interval=minute&${ok}`, 400, 'invalid_instrument'],
      [`instrument=NOPE&interval=minute&${ok}`, 400, 'invalid_instrument'],
      [`instrument=BSE-500325&interval=minute&${ok}`, 403, 'forbidden_exchange'],
      [`instrument=${RELIANCE.token}&interval=10minute&${ok}`, 400, 'invalid_interval'],
      [`instrument=${RELIANCE.token}&interval=1m&${ok}`, 400, 'invalid_interval'],
      [`instrument=${RELIANCE.token}&interval=minute&from=yesterday&to=${day}`, 400, 'invalid_from'],
      [`instrument=${RELIANCE.token}&interval=minute&from=${day}&to=${day}+25:00`, 400, 'invalid_to'],
      [`instrument=${RELIANCE.token}&interval=minute&from=${day}`, 400, 'invalid_to'],
      [`instrument=${RELIANCE.token}&interval=minute&from=${day}+11:00&to=${day}+10:00`, 400, 'invalid_range'],
      [`instrument=${RELIANCE.token}&interval=minute&from=2024-01-01&to=${day}`, 400, 'range_too_large'],
    ];
    for (const [query, status, code] of cases) {
      const res = await get(query);
      expect([query, res.status, res.body.code]).toEqual([query, status, code]);
      expect(res.body.status).toBe('error');
      expect(typeof res.body.message).toBe('string');
    }
    const interval = await get(`instrument=${RELIANCE.token}&interval=10minute&${ok}`);
    expect(interval.body.allowed).toEqual(['minute', '3minute', '5minute', '15minute', '30minute', '60minute', 'day']);
    expect(
      (await get(`instrument=${RELIANCE.token}&interval=minute&from=2024-01-01&to=2024-03-01`)).body.max_days,
    ).toBe(30);
    expect((await get(`instrument=${RELIANCE.token}&interval=minute&${ok}`, null)).status).toBe(401);
    expect((await get(`instrument=${RELIANCE.token}&interval=minute&${ok}`, 'wrong')).body.error).toBe(
      'invalid_api_key',
    );
    // Before the walk's first day there is simply no market.
    expect(await candles(`instrument=${RELIANCE.token}&interval=day&from=2023-06-01&to=2023-12-31`)).toEqual([]);
  });
});
