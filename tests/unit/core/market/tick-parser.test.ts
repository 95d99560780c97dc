import { describe, expect, it } from 'vitest';
import { canonicalUtcMs, parseTick } from '../../../../electron/core/market/tick-parser';

const noUir = () => undefined;

/** The envelope as the service's gateway sends it in `full` mode. */
function envelope(overrides: Record<string, unknown> = {}, data: Record<string, unknown> = {}) {
  return {
    instrumentToken: 2885,
    uirId: 100_2885,
    canonical: 'NSE:RELIANCE',
    identifiers: { vortex: '2885' },
    activeProvider: 'vortex',
    activeProviderToken: '2885',
    data: {
      instrument_token: 2885,
      exchange: 'NSE_EQ',
      last_price: 1402.5,
      uir_id: 100_2885,
      symbol: 'NSE:RELIANCE',
      last_trade_time: 1_764_150_000,
      volume: 12_345,
      ohlc: { open: 1390, high: 1410, low: 1385.05, close: 1395 },
      depth: {
        buy: [{ price: 1402.45, quantity: 10, orders: 2 }],
        sell: [{ price: 1402.55, quantity: 7, orders: 1 }],
      },
      ...data,
    },
    timestamp: '2025-11-26T10:00:00.000Z',
    ...overrides,
  };
}

describe('parseTick: the envelope the service sends', () => {
  it('reads price, OHLC, volume, depth and the envelope timestamp', () => {
    const t = parseTick(envelope(), noUir);
    // Depth rides along unparsed (`full`: the raw data), for the windows that show it.
    expect(t?.full).toMatchObject({ depth: { buy: [{ price: 1402.45 }], sell: [{ price: 1402.55 }] } });
    expect(t).toEqual({
      full: expect.objectContaining({ last_price: 1402.5 }),
      token: 2885,
      ltp: 1402.5,
      open: 1390,
      high: 1410,
      low: 1385.05,
      close: 1395,
      volume: 12_345,
      bid: 1402.45,
      ask: 1402.55,
      change: null,
      changePct: null,
      ts: Date.parse('2025-11-26T10:00:00.000Z'),
      tradeTime: 1_764_150_000_000,
      synthetic: false,
    });
  });

  it('carries no depth for a tick without it (ltp / ohlcv mode)', () => {
    const t = parseTick({ instrumentToken: 2885, data: { instrument_token: 2885, last_price: 1402.5 } }, noUir);
    expect(t?.full).toBeNull();
  });

  it('reads the exchange trade time apart from the envelope time (ticks are ordered by it)', () => {
    const base = {
      instrumentToken: 2885,
      data: { instrument_token: 2885, last_price: 1402.5, last_trade_time: 1_764_150_002, volume: 12_000 },
      timestamp: '2025-11-26T10:00:09.000Z',
    };
    expect(parseTick(base, noUir)).toMatchObject({
      ts: Date.parse('2025-11-26T10:00:09.000Z'),
      tradeTime: 1_764_150_002_000,
    });
    // 0 is "no trade yet" (indices, a fresh session), not a broken tick.
    expect(parseTick({ ...base, data: { ...base.data, last_trade_time: 0 } }, noUir)).toMatchObject({
      tradeTime: null,
    });
    // A present but unusable trade time makes the tick untrustworthy.
    expect(parseTick({ ...base, data: { ...base.data, last_trade_time: -5 } }, noUir)).toBeNull();
    expect(parseTick({ ...base, data: { ...base.data, last_trade_time: 'soon' } }, noUir)).toBeNull();
  });

  it('reads a time without a zone as UTC on every machine, not as the local time (India here)', () => {
    const before = process.env.TZ;
    process.env.TZ = 'Asia/Kolkata';
    try {
      expect(new Date(0).getTimezoneOffset()).toBe(-330);
      const at = Date.UTC(2025, 10, 26, 4, 35, 0); // 04:35:00 UTC = 10:05:00 IST
      const zoneLess = { timestamp: '2025-11-26T04:35:00.000' };
      const trade = { last_trade_time: '2025-11-26 04:35:00' };
      // The fast path (numbers) and the zod path (numeric strings) alike.
      expect(parseTick(envelope(zoneLess, trade), noUir)).toMatchObject({ ts: at, tradeTime: at });
      expect(parseTick(envelope({ ...zoneLess, instrumentToken: '2885' }, trade), noUir)).toMatchObject({
        ts: at,
        tradeTime: at,
      });
      // A zone, when given, is honoured.
      expect(parseTick(envelope({ timestamp: '2025-11-26T10:05:00+05:30' }), noUir)?.ts).toBe(at);
    } finally {
      if (before === undefined) delete process.env.TZ;
      else process.env.TZ = before;
    }
  });

  it('accepts ltp mode (no OHLC, no depth) and falls back to last_trade_time in seconds', () => {
    const t = parseTick(
      {
        instrumentToken: 26000,
        uirId: 9,
        data: { instrument_token: 26000, last_price: 24_000.15, last_trade_time: 1_764_150_000 },
      },
      noUir,
    );
    expect(t).toMatchObject({
      token: 26000,
      ltp: 24_000.15,
      open: null,
      close: null,
      bid: null,
      ask: null,
      ts: 1_764_150_000_000,
    });
  });

  it('marks a re-sent last tick as synthetic', () => {
    expect(parseTick(envelope({ syntheticLast: true }), noUir)?.synthetic).toBe(true);
  });

  it('treats an empty depth side (indices) as no bid/ask', () => {
    const t = parseTick(envelope({}, { depth: { buy: [], sell: [] } }), noUir);
    expect(t).toMatchObject({ bid: null, ask: null });
  });

  it('accepts numeric strings through the zod path', () => {
    const t = parseTick(envelope({ instrumentToken: '2885' }, { last_price: '1402.50', volume: '10' }), noUir);
    expect(t).toMatchObject({ token: 2885, ltp: 1402.5, volume: 10 });
  });

  it('accepts a JSON string carrying an envelope', () => {
    expect(parseTick(JSON.stringify(envelope()), noUir)?.ltp).toBe(1402.5);
  });
});

describe('parseTick: the flat shape of the public docs', () => {
  it('reads {uirId, last_price, ohlc{o,h,l,c}, change, pchange, bid, ask, ts} keyed through the UIR map', () => {
    const t = parseTick(
      {
        uirId: 77,
        last_price: 101.5,
        ohlc: { o: 100, h: 102, l: 99, c: 100 },
        change: 1.5,
        pchange: 1.5,
        volume: 5,
        bid: 101.45,
        ask: 101.55,
        ts: 1_764_150_000_123,
      },
      (uir) => (uir === 77 ? 2885 : undefined),
    );
    expect(t).toEqual({
      token: 2885,
      ltp: 101.5,
      open: 100,
      high: 102,
      low: 99,
      close: 100,
      volume: 5,
      bid: 101.45,
      ask: 101.55,
      change: 1.5,
      changePct: 1.5,
      ts: 1_764_150_000_123,
      tradeTime: null,
      synthetic: false,
    });
  });

  it('reads {instrumentToken, lastPrice, ohlc{open,…}}', () => {
    const t = parseTick(
      { instrumentToken: 1594, lastPrice: 1552.7, ohlc: { open: 1550, high: 1560, low: 1540, close: 1549 } },
      noUir,
    );
    expect(t).toMatchObject({ token: 1594, ltp: 1552.7, close: 1549, ts: null });
  });

  it('keys an unknown UIR id by the id itself', () => {
    expect(parseTick({ uirId: 4242, last_price: 10 }, noUir)?.token).toBe(4242);
  });
});

describe('parseTick: malformed input is rejected, never thrown', () => {
  const bad: Array<[string, unknown]> = [
    ['undefined', undefined],
    ['null', null],
    ['a number', 42],
    ['an array', [envelope()]],
    ['a non-JSON string', 'not json {'],
    ['a JSON string of a number', '12'],
    ['a huge string', 'x'.repeat(1_000_000)],
    ['no token', { data: { last_price: 10 } }],
    ['no price', { instrumentToken: 1, data: { volume: 3 } }],
    ['a string price that is not a number', envelope({}, { last_price: 'abc' })],
    ['a NaN price', envelope({}, { last_price: Number.NaN })],
    ['an infinite price', envelope({}, { last_price: Number.POSITIVE_INFINITY })],
    ['a negative price', envelope({}, { last_price: -5 })],
    ['a zero price', envelope({}, { last_price: 0 })],
    ['a fractional token', envelope({ instrumentToken: 1.5 }, { instrument_token: 1.5 })],
    ['a negative token', envelope({ instrumentToken: -1 }, { instrument_token: -1 })],
    ['ohlc of the wrong type', envelope({}, { ohlc: 'high' })],
    ['ohlc with a string field', envelope({}, { ohlc: { open: 'x', high: 1, low: 1, close: 1 } })],
    ['data that is an array', { instrumentToken: 1, data: [1, 2] }],
    ['a boolean synthetic flag of the wrong type', envelope({ syntheticLast: 'yes' })],
    ['an unparseable timestamp', envelope({ timestamp: 'yesterday-ish' })],
    ['a flat tick without a price', { uirId: 5, ohlc: { o: 1, h: 1, l: 1, c: 1 } }],
    ['a flat tick with an object price', { instrumentToken: 5, last_price: { v: 1 } }],
  ];
  for (const [name, raw] of bad) {
    it(`drops ${name}`, () => {
      expect(() => parseTick(raw, noUir)).not.toThrow();
      expect(parseTick(raw, noUir)).toBeNull();
    });
  }

  it('reads the canonical envelope time digit by digit exactly as Date.parse does, and leaves other forms to it', () => {
    const same = [
      '2025-11-26T10:00:00.000Z',
      '1970-01-01T00:00:00.001Z',
      '2026-12-31T23:59:59.999Z',
      '2024-02-29T12:00:00.500Z',
      // V8 rolls days 29–31 of a shorter month over, as Date.UTC does.
      '2025-02-30T00:00:00.000Z',
      '2025-04-31T08:15:00.250Z',
      '9999-12-31T23:59:59.999Z',
    ];
    for (const text of same) {
      expect(canonicalUtcMs(text), text).toBe(Date.parse(text));
      expect(parseTick(envelope({ timestamp: text }), noUir)?.ts, text).toBe(Date.parse(text));
    }
    const notCanonical = [
      '2025-11-26T10:00:00Z', // no milliseconds
      '2025-11-26T10:00:00.000000Z', // microseconds
      '2025-11-26T10:00:00.000z',
      '2025-11-26 10:00:00.000Z',
      '2025-13-01T00:00:00.000Z',
      '2025-00-10T00:00:00.000Z',
      '2025-01-00T00:00:00.000Z',
      '2025-01-32T00:00:00.000Z',
      '2025-01-01T24:00:00.000Z', // ES reads 24:00 as the next midnight: Date.parse decides
      '2025-01-01T23:60:00.000Z',
      '2025-01-01T23:59:60.000Z',
      '0050-01-01T00:00:00.000Z', // Date.UTC would read year 50 as 1950
      '2025-1a-01T00:00:00.000Z',
      '+02025-01-01T00:00:00.00Z',
    ];
    for (const text of notCanonical) expect(canonicalUtcMs(text), text).toBeUndefined();
    // Those still parse as before, through Date.parse or the platform's reading.
    expect(parseTick(envelope({ timestamp: '2025-11-26T10:00:00Z' }), noUir)?.ts).toBe(Date.UTC(2025, 10, 26, 10));
    expect(parseTick(envelope({ timestamp: '2025-01-01T24:00:00.000Z' }), noUir)?.ts).toBe(Date.UTC(2025, 0, 2));
    expect(parseTick(envelope({ timestamp: '2025-13-01T00:00:00.000Z' }), noUir)).toBeNull();
    expect(parseTick(envelope({ timestamp: '1969-12-31T23:59:59.000Z' }), noUir)).toBeNull();
  });

  it('reads a repeated time text as the first time, and a different one afresh (ticks sent together share a time)', () => {
    const a = '2025-11-26T10:00:00.000Z';
    const b = '2025-11-26T10:05:00+05:30';
    const ts = (text: string) => parseTick(envelope({ timestamp: text }), noUir)?.ts;
    const seq = [a, a, b, b, a, 'yesterday-ish', 'yesterday-ish', b].map(ts);
    expect(seq).toEqual([
      Date.UTC(2025, 10, 26, 10),
      Date.UTC(2025, 10, 26, 10),
      Date.UTC(2025, 10, 26, 4, 35),
      Date.UTC(2025, 10, 26, 4, 35),
      Date.UTC(2025, 10, 26, 10),
      undefined, // dropped: an unparseable time
      undefined,
      Date.UTC(2025, 10, 26, 4, 35),
    ]);
    // The same text as a trade time (a string there) reads the same as in the envelope.
    expect(parseTick(envelope({ timestamp: a }, { last_trade_time: a }), noUir)?.tradeTime).toBe(Date.parse(a));
  });

  it('ignores huge unrelated payload fields and still reads the tick', () => {
    const t = parseTick(
      envelope({ junk: 'y'.repeat(2_000_000) }, { depth: { buy: new Array(100_000).fill({ price: 1 }), sell: [] } }),
      noUir,
    );
    expect(t).toMatchObject({ token: 2885, bid: 1, ask: null });
  });
});
