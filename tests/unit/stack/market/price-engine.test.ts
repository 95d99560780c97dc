import { describe, expect, it } from 'vitest';
import { NIFTY_50_BASKET } from '../../../../electron/stack/market/baskets';
import { CATALOGUE, instrumentBySymbol } from '../../../../electron/stack/market/catalogue';
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
        if (q.prevClose !== i.prevClose) problems.push(`${i.symbol} prevClose changed`);
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

  it('computes NIFTY 50 from its constituents', () => {
    const e = new PriceEngine(9, T0);
    run(e, 30, 1000);
    const nifty = instrumentBySymbol('NIFTY 50')!;
    const total = NIFTY_50_BASKET.reduce((a, [, w]) => a + w, 0);
    const expected =
      nifty.prevClose *
      NIFTY_50_BASKET.reduce((acc, [sym, w]) => {
        const i = instrumentBySymbol(sym)!;
        return acc + (w / total) * (e.quote(i.token)!.last / i.prevClose);
      }, 0);
    const got = e.tick(nifty.token, T0 + 31_000)!.quote.last;
    expect(Math.abs(got - expected)).toBeLessThanOrEqual(nifty.tickSize / 2 + 1e-9);
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

  it('setPrice rounds to the tick, extends the day range, and the walk continues from it', () => {
    const e = new PriceEngine(2, T0);
    const sbin = instrumentBySymbol('SBIN')!;
    const q = e.setPrice(sbin.token, 1234.567, T0 + 1000)!;
    expect(q.last).toBe(1234.55);
    expect(q.high).toBe(1234.55);
    const next = e.tick(sbin.token, T0 + 2000)!.quote.last;
    expect(Math.abs(next - 1234.55) / 1234.55).toBeLessThan(0.002);
    expect(e.setPrice(999_999, 10, T0)).toBeUndefined();
  });

  it('rounds without float tails', () => {
    expect(roundToTick(1551.4500000001, 0.05)).toBe(1551.45);
    expect(roundToTick(1551.47, 0.05)).toBe(1551.45);
    expect(roundToTick(402.36, 0.1)).toBe(402.4);
    expect(roundToTick(5236.4, 1)).toBe(5236);
    expect(roundToTick(59604.31, 0.2)).toBe(59604.4);
  });
});
