import { describe, expect, it } from 'vitest';
import { NIFTY_50_BASKET } from '../../../../electron/stack/market/baskets';
import { CATALOGUE, instrumentBySymbol, priceBandOfInstrument } from '../../../../electron/stack/market/catalogue';
import { PriceEngine, roundToTick } from '../../../../electron/stack/market/price-engine';

const T0 = 1_764_000_000_000;
const equities = CATALOGUE.filter((i) => i.instrumentType === 'EQ');
const onTick = (p: number, tick: number) => Math.abs(p / tick - Math.round(p / tick)) < 1e-6;

/** Tick every instrument every `stepMs` for `steps` steps: constituents, then indices, then futures. */
function run(engine: PriceEngine, steps: number, stepMs: number): void {
  const order = [...CATALOGUE].sort((a, b) => rank(a) - rank(b));
  for (let s = 1; s <= steps; s++) for (const i of order) engine.tick(i.token, T0 + s * stepMs);
}
const rank = (i: (typeof CATALOGUE)[number]) => (i.instrumentType === 'EQ' ? 0 : i.instrumentType === 'INDEX' ? 1 : 2);

describe('catalogue', () => {
  it('has the 50 NIFTY constituents, both indices, unique tokens/uirIds/symbols', () => {
    expect(equities).toHaveLength(50);
    expect(new Set(CATALOGUE.map((i) => i.token)).size).toBe(CATALOGUE.length);
    expect(new Set(CATALOGUE.map((i) => i.uirId)).size).toBe(CATALOGUE.length);
    expect(new Set(CATALOGUE.map((i) => i.symbol)).size).toBe(CATALOGUE.length);
    expect(CATALOGUE.some((i) => i.uirId === i.token)).toBe(false);
    expect(instrumentBySymbol('NIFTY 50')!.token).toBe(26000);
    expect(instrumentBySymbol('BANKNIFTY')!.token).toBe(26009);
    expect(instrumentBySymbol('RELIANCE')!.token).toBe(2885);
    expect(instrumentBySymbol('NIFTY 50')!.tradable).toBe(false);
    expect(NIFTY_50_BASKET.map(([s]) => s).sort()).toEqual(equities.map((i) => i.symbol).sort());
  });
});

describe('price engine', () => {
  it('is deterministic for a seed and differs across seeds', () => {
    const a = new PriceEngine(11, T0);
    const b = new PriceEngine(11, T0);
    const c = new PriceEngine(12, T0);
    run(a, 50, 1000);
    run(b, 50, 1000);
    run(c, 50, 1000);
    const lasts = (e: PriceEngine) => CATALOGUE.map((i) => e.quote(i.token)!.last);
    expect(lasts(a)).toEqual(lasts(b));
    expect(lasts(a)).not.toEqual(lasts(c));
  });

  it('keeps every price on its tick size with a consistent day range and growing volume', () => {
    const e = new PriceEngine(3, T0);
    const volumes = new Map<number, number>();
    const problems: string[] = [];
    for (let s = 1; s <= 200; s++) {
      for (const i of CATALOGUE) {
        const q = e.tick(i.token, T0 + s * 1000)!.quote;
        if (!onTick(q.last, i.tickSize)) problems.push(`${i.symbol} off tick: ${q.last}`);
        if (q.low > q.last || q.high < q.last) problems.push(`${i.symbol} outside day range`);
        if (q.volume < (volumes.get(i.token) ?? 0)) problems.push(`${i.symbol} volume fell`);
        volumes.set(i.token, q.volume);
      }
    }
    expect(problems).toEqual([]);
    expect(e.quote(2885)!.volume).toBeGreaterThan(0);
    expect(e.quote(26000)!.volume).toBe(0); // indices do not trade
  });

  it('moves by a realistic amount per one-second tick', () => {
    const e = new PriceEngine(5, T0);
    const rel = instrumentBySymbol('RELIANCE')!;
    let maxStep = 0;
    let prev = e.quote(rel.token)!.last;
    for (let s = 1; s <= 500; s++) {
      const last = e.tick(rel.token, T0 + s * 1000)!.quote.last;
      maxStep = Math.max(maxStep, Math.abs(last - prev) / prev);
      prev = last;
    }
    // 22% annual vol → ~0.01% per second; nothing near a 1% jump in one second.
    expect(maxStep).toBeGreaterThan(0);
    expect(maxStep).toBeLessThan(0.002);
  });

  it('computes NIFTY 50 from its constituents at every whole minute', () => {
    const e = new PriceEngine(9, T0);
    const nifty = instrumentBySymbol('NIFTY 50')!;
    const total = NIFTY_50_BASKET.reduce((a, [, w]) => a + w, 0);
    for (const at of [T0 + 60_000, T0 + 17 * 60_000, T0 + 86_400_000]) {
      for (const [sym] of NIFTY_50_BASKET) e.tick(instrumentBySymbol(sym)!.token, at);
      const expected =
        nifty.prevClose *
        NIFTY_50_BASKET.reduce((acc, [sym, w]) => {
          const i = instrumentBySymbol(sym)!;
          return acc + (w / total) * (e.quote(i.token)!.last / i.prevClose);
        }, 0);
      const got = e.tick(nifty.token, at)!.quote.last;
      // The constituents' prices are rounded to their 0.05 ticks: a few hundredths of a point on the index.
      expect(Math.abs(got - expected)).toBeLessThan(0.5);
    }
  });

  it('moves an index future with its index', () => {
    const e = new PriceEngine(4, T0);
    const nifty = instrumentBySymbol('NIFTY 50')!;
    const fut = instrumentBySymbol('NIFTY25DECFUT')!;
    const before = e.tick(fut.token, T0 + 1000)!.quote.last;
    const idxBefore = e.quote(nifty.token)!.last;
    e.setPrice(nifty.token, idxBefore * 1.02, T0 + 2000);
    let after = before;
    for (let s = 3; after === before || s < 5; s++) {
      const r = e.tick(fut.token, T0 + s * 1000)!;
      if (r.traded) after = r.quote.last;
    }
    expect(after / before).toBeGreaterThan(1.015);
    expect(after / before).toBeLessThan(1.025);
  });

  it("the circuit limits are the database's band around the walk's previous close (percent per instrument)", () => {
    const e = new PriceEngine(2, T0);
    const sbin = instrumentBySymbol('SBIN')!;
    const gold = instrumentBySymbol('GOLD25DECFUT')!; // MCX: its own 3 %
    const nifty = instrumentBySymbol('NIFTY 50')!;
    for (const t of [sbin, gold, nifty]) e.tick(t.token, T0 + 1000);
    const close = e.previousClose(sbin.token, T0 + 1000)!;
    // The walk's previous close, not the catalogue's level (the walk wanders around it).
    expect(e.quote(sbin.token)!.prevClose).toBe(close);
    const band = priceBandOfInstrument(sbin, close)!;
    expect(e.quote(sbin.token)).toMatchObject({ lowerCircuit: band.lower, upperCircuit: band.upper });
    // ±20 %, inwards onto the ₹0.05 grid.
    expect(band.lower).toBeGreaterThanOrEqual(close * 0.8);
    expect(band.lower - close * 0.8).toBeLessThan(0.05);
    expect(band.upper).toBeLessThanOrEqual(close * 1.2);
    const goldClose = e.previousClose(gold.token, T0 + 1000)!;
    const goldBand = priceBandOfInstrument(gold, goldClose)!;
    expect(e.quote(gold.token)).toMatchObject({ lowerCircuit: goldBand.lower, upperCircuit: goldBand.upper });
    expect(goldBand.upper).toBeLessThanOrEqual(goldClose * 1.03);
    expect(goldBand.upper).toBeGreaterThan(goldClose * 1.029);
    expect(e.quote(nifty.token)).toMatchObject({ lowerCircuit: null, upperCircuit: null });
  });

  it('setPrice rounds to the tick, extends the day range, and the walk continues from it', () => {
    const e = new PriceEngine(2, T0);
    const sbin = instrumentBySymbol('SBIN')!;
    const q = e.setPrice(sbin.token, 1034.567, T0 + 1000)!;
    expect(q.last).toBe(1034.55);
    expect(q.high).toBe(1034.55);
    const next = e.tick(sbin.token, T0 + 2000)!.quote.last;
    expect(Math.abs(next - 1034.55) / 1034.55).toBeLessThan(0.002);
    expect(e.setPrice(999_999, 10, T0)).toBeUndefined();
  });

  it('takes the previous IST day’s last price as prevClose, and restarts volume at 00:00 IST', () => {
    const e = new PriceEngine(3, T0);
    const rel = instrumentBySymbol('RELIANCE')!;
    const q = e.tick(rel.token, T0)!.quote;
    const dayStart = T0 - ((T0 + 19_800_000) % 86_400_000);
    const yesterday = e.minuteBars(rel.token, dayStart - 60_000, dayStart, T0);
    expect(yesterday).toHaveLength(1);
    expect(q.prevClose).toBe(yesterday[0]!.close);
    const today = e.minuteBars(rel.token, dayStart, T0 + 1, T0);
    expect(q.volume).toBe(today.reduce((a, b) => a + b.volume, 0));
    expect(q.open).toBe(today[0]!.open);
    expect(q.high).toBe(Math.max(...today.map((b) => b.high)));
    expect(q.low).toBe(Math.min(...today.map((b) => b.low)));
  });

  it('is a function of the time: a restarted engine prints the same prices and its history is what the first printed', () => {
    const first = new PriceEngine(21, T0);
    const tcs = instrumentBySymbol('TCS')!;
    const printed: Array<{ t: number; last: number; volume: number }> = [];
    for (let s = 1; s <= 300; s++) {
      const r = first.tick(tcs.token, T0 + s * 1000)!;
      if (r.traded) printed.push({ t: r.quote.lastTradeTimeMs, last: r.quote.last, volume: r.quote.volume });
    }
    // A second engine started later (a simulator restart) agrees on every one of those seconds…
    const restarted = new PriceEngine(21, T0 + 3_600_000);
    const history = restarted.minuteBars(tcs.token, T0, T0 + 301_000, T0 + 3_600_000);
    expect(history.map((b) => b.time)).toEqual([0, 1, 2, 3, 4].map((i) => T0 + i * 60_000).concat([T0 + 300_000]));
    // …and its history: each minute's open/high/low/close/volume is exactly what the live ticks
    // (one per second, as the exchange stamps them) printed in it.
    for (const bar of history.slice(0, 5)) {
      const inMinute = printed.filter((p) => p.t >= bar.time && p.t < bar.time + 60_000);
      const before = printed.filter((p) => p.t < bar.time).at(-1);
      if (bar.time > T0) {
        expect(inMinute[0]!.last).toBe(bar.open);
        expect(Math.max(...inMinute.map((p) => p.last))).toBe(bar.high);
        expect(Math.min(...inMinute.map((p) => p.last))).toBe(bar.low);
      }
      expect(inMinute.at(-1)!.last).toBe(bar.close);
      if (before) expect(inMinute.at(-1)!.volume - before.volume).toBe(bar.volume);
    }
    // A restart continues the walk without a jump: the restarted engine's price now is the walk's.
    const later = T0 + 3_600_000;
    expect(restarted.tick(tcs.token, later)!.quote.last).toBe(first.tick(tcs.token, later)!.quote.last);
  });

  it('serves day bars consistent with the minutes, and nothing before the walk’s epoch (2024-01-01 IST)', () => {
    const e = new PriceEngine(5, T0);
    const rel = instrumentBySymbol('RELIANCE')!;
    const dayStart = T0 - ((T0 + 19_800_000) % 86_400_000);
    const days = e.dayBars(rel.token, dayStart - 3 * 86_400_000, dayStart + 1, T0);
    expect(days.map((d) => d.time)).toEqual([3, 2, 1, 0].map((i) => dayStart - i * 86_400_000));
    const minutes = e.minuteBars(rel.token, dayStart - 86_400_000, dayStart, T0);
    expect(days[2]).toEqual({
      time: dayStart - 86_400_000,
      open: minutes[0]!.open,
      high: Math.max(...minutes.map((m) => m.high)),
      low: Math.min(...minutes.map((m) => m.low)),
      close: minutes.at(-1)!.close,
      volume: minutes.reduce((a, m) => a + m.volume, 0),
    });
    const epoch = Date.UTC(2024, 0, 1) - 19_800_000;
    expect(e.dayBars(rel.token, epoch - 10 * 86_400_000, epoch + 2 * 86_400_000, T0).map((d) => d.time)).toEqual([
      epoch,
      epoch + 86_400_000,
    ]);
    expect(e.minuteBars(rel.token, epoch - 3_600_000, epoch, T0)).toEqual([]);
  });

  it('rounds without float tails', () => {
    expect(roundToTick(1551.4500000001, 0.05)).toBe(1551.45);
    expect(roundToTick(1551.47, 0.05)).toBe(1551.45);
    expect(roundToTick(402.36, 0.1)).toBe(402.4);
    expect(roundToTick(5236.4, 1)).toBe(5236);
    expect(roundToTick(59604.31, 0.2)).toBe(59604.4);
  });
});
