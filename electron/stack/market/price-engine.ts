import { FUTURE_UNDERLYINGS, INDEX_BASKETS, type Basket } from './baskets';
import { CATALOGUE, instrumentBySymbol, type CatalogueInstrument } from './catalogue';
import { createRng, deriveSeed, type Rng } from './random';

/**
 * Seeded price process for every catalogue instrument.
 *
 * Every price is `anchor × exp(x)`: `x` is the instrument's own random walk (its idiosyncratic
 * part, or a forced offset after `setPrice`), and `anchor` ties it to the rest of the market:
 * - equities: `prevClose × exp(M)`, where M is one shared market factor, so stocks co-move;
 * - indices: the weighted basket of their constituents' last traded prices, so an index is
 *   exactly consistent with the quotes a trader sees next to it;
 * - index futures: their previous close scaled by the underlying index's move (plus a small
 *   basis walk in `x`);
 * - MCX futures: their previous close (they walk on `x` alone).
 * Time is wall-clock; the variance of a step is proportional to the time since the last step,
 * so a faster tick rate gives smaller, not bigger, moves.
 */

/** Trading-year length in ms (252 sessions of 6.25 h): annual vol → per-step vol. */
const TRADING_YEAR_MS = 252 * 6.25 * 3600 * 1000;
/** Annual vol of the shared market factor (equity beta 1). */
const MARKET_VOL = 0.12;
/** Annual vol of a future's basis against its index. */
const BASIS_VOL = 0.01;
/** Share of ticks that carry no trade: the service re-sends the last tick (`syntheticLast`). */
const QUIET_TICK_PROBABILITY = 0.08;

export interface InstrumentQuote {
  token: number;
  last: number;
  open: number;
  high: number;
  low: number;
  /** Previous session's close: the service sends it as `ohlc.close`. */
  prevClose: number;
  volume: number;
  /** Volume-weighted average traded price of the session. */
  averagePrice: number;
  lastTradeQty: number;
  lastTradeTimeMs: number;
  /** When this quote last changed or was re-sent, ms. */
  updatedAtMs: number;
  totalBuyQty: number;
  totalSellQty: number;
  openInterest: number;
}

export interface TickResult {
  quote: InstrumentQuote;
  /** False for a quiet tick: nothing traded, the last tick is re-sent. */
  traded: boolean;
}

interface WalkState {
  inst: CatalogueInstrument;
  rng: Rng;
  /** Own log-offset from the anchor. */
  x: number;
  /** Per-sqrt(ms) volatility of x. */
  stepVol: number;
  lastStepMs: number;
  quote: InstrumentQuote;
}

interface ResolvedBasket {
  members: Array<{ state: WalkState; weight: number }>;
}

export class PriceEngine {
  private readonly states = new Map<number, WalkState>();
  private readonly indexBaskets = new Map<number, ResolvedBasket>();
  private readonly futureUnderlyings = new Map<
    number,
    { basket: ResolvedBasket; index?: WalkState; indexPrev: number }
  >();
  private readonly marketRng: Rng;
  private market = 0;
  private marketMs: number;
  private readonly marketStepVol = MARKET_VOL / Math.sqrt(TRADING_YEAR_MS);

  constructor(seed: number, startMs: number = Date.now()) {
    this.marketRng = createRng(deriveSeed(seed, 0));
    this.marketMs = startMs;
    // A small opening gap so the session does not start flat at the previous close.
    this.market = this.marketRng.gaussian() * 0.003;

    for (const inst of CATALOGUE) {
      const rng = createRng(deriveSeed(seed, inst.token));
      const ownVol =
        inst.instrumentType === 'EQ'
          ? Math.sqrt(Math.max(inst.annualVol ** 2 - MARKET_VOL ** 2, 0.01 ** 2))
          : inst.instrumentType === 'INDEX'
            ? 0
            : inst.exchange === 'NSE_FO'
              ? BASIS_VOL
              : inst.annualVol;
      const x = inst.instrumentType === 'INDEX' ? 0 : rng.gaussian() * ownVol * 0.02;
      const isFuture = inst.instrumentType === 'FUT';
      const baseOi = isFuture ? rng.int(20_000, 200_000) * inst.lotSize : 0;
      this.states.set(inst.token, {
        inst,
        rng,
        x,
        stepVol: ownVol / Math.sqrt(TRADING_YEAR_MS),
        lastStepMs: startMs,
        quote: {
          token: inst.token,
          last: inst.prevClose,
          open: inst.prevClose,
          high: inst.prevClose,
          low: inst.prevClose,
          prevClose: inst.prevClose,
          volume: 0,
          averagePrice: inst.prevClose,
          lastTradeQty: 0,
          lastTradeTimeMs: startMs,
          updatedAtMs: startMs,
          totalBuyQty: inst.instrumentType === 'INDEX' ? 0 : rng.int(50_000, 500_000) * inst.lotSize,
          totalSellQty: inst.instrumentType === 'INDEX' ? 0 : rng.int(50_000, 500_000) * inst.lotSize,
          openInterest: baseOi,
        },
      });
    }
    for (const [symbol, basket] of Object.entries(INDEX_BASKETS)) {
      const index = instrumentBySymbol(symbol);
      if (index) this.indexBaskets.set(index.token, this.resolveBasket(basket));
    }
    for (const [symbol, u] of Object.entries(FUTURE_UNDERLYINGS)) {
      const fut = instrumentBySymbol(symbol);
      if (!fut) continue;
      const index = u.indexSymbol ? instrumentBySymbol(u.indexSymbol) : undefined;
      const indexState = index ? this.states.get(index.token) : undefined;
      this.futureUnderlyings.set(fut.token, {
        basket: this.resolveBasket(u.basket),
        index: indexState,
        indexPrev: indexState?.inst.prevClose ?? 1,
      });
    }
    // Opening prints: every instrument starts at its first computed price (constituents first,
    // then indices, then futures, because the later ones are computed from the earlier ones).
    const order = (i: CatalogueInstrument) => (i.instrumentType === 'EQ' ? 0 : i.instrumentType === 'INDEX' ? 1 : 2);
    for (const s of [...this.states.values()].sort((a, b) => order(a.inst) - order(b.inst))) {
      const p = this.round(s.inst, this.anchor(s) * Math.exp(s.x));
      Object.assign(s.quote, { last: p, open: p, high: p, low: p, averagePrice: p });
    }
  }

  /** The current quote, or undefined for a token outside the catalogue. */
  quote(token: number): InstrumentQuote | undefined {
    return this.states.get(token)?.quote;
  }

  /** Advance one instrument to `nowMs` and return its new quote. */
  tick(token: number, nowMs: number): TickResult | undefined {
    const s = this.states.get(token);
    if (!s) return undefined;
    this.advanceMarket(nowMs);
    const dt = Math.max(0, nowMs - s.lastStepMs);
    s.lastStepMs = nowMs;
    if (s.stepVol > 0 && dt > 0) s.x += s.stepVol * Math.sqrt(dt) * s.rng.gaussian();

    const quiet = s.inst.instrumentType !== 'INDEX' && s.rng.next() < QUIET_TICK_PROBABILITY;
    if (quiet) {
      s.quote.updatedAtMs = nowMs;
      return { quote: s.quote, traded: false };
    }
    this.print(s, this.round(s.inst, this.anchor(s) * Math.exp(s.x)), nowMs);
    return { quote: s.quote, traded: true };
  }

  /**
   * Force the last traded price (a test hook to make orders cross). The instrument keeps
   * walking from the forced price; constituents do not move, but an index's futures follow it.
   */
  setPrice(token: number, price: number, nowMs: number): InstrumentQuote | undefined {
    const s = this.states.get(token);
    if (!s || !(price > 0)) return undefined;
    this.advanceMarket(nowMs);
    const p = this.round(s.inst, price);
    s.x = Math.log(p / this.anchor(s));
    s.lastStepMs = nowMs;
    this.print(s, p, nowMs);
    return s.quote;
  }

  private print(s: WalkState, price: number, nowMs: number): void {
    const q = s.quote;
    const inst = s.inst;
    q.last = price;
    q.high = Math.max(q.high, price);
    q.low = Math.min(q.low, price);
    q.lastTradeTimeMs = nowMs;
    q.updatedAtMs = nowMs;
    if (inst.instrumentType === 'INDEX') return; // indices do not trade
    const qty =
      inst.instrumentType === 'EQ'
        ? s.rng.int(1, Math.max(1, Math.round(200_000 / price)))
        : s.rng.int(1, 20) * inst.lotSize;
    q.averagePrice = this.round(inst, (q.averagePrice * q.volume + price * qty) / (q.volume + qty));
    q.volume += qty;
    q.lastTradeQty = qty;
    const drift = () => s.rng.int(-qty, qty);
    q.totalBuyQty = Math.max(inst.lotSize, q.totalBuyQty + drift());
    q.totalSellQty = Math.max(inst.lotSize, q.totalSellQty + drift());
    if (inst.instrumentType === 'FUT') q.openInterest = Math.max(0, q.openInterest + s.rng.int(-2, 2) * inst.lotSize);
  }

  private anchor(s: WalkState): number {
    const inst = s.inst;
    if (inst.instrumentType === 'EQ') return inst.prevClose * Math.exp(this.market);
    if (inst.instrumentType === 'INDEX') {
      const basket = this.indexBaskets.get(inst.token);
      return basket ? inst.prevClose * this.basketRatio(basket) : inst.prevClose;
    }
    const u = this.futureUnderlyings.get(inst.token);
    if (!u) return inst.prevClose; // MCX: own walk only
    // Follow the quoted index when there is one (so a forced index price moves its future).
    const ratio = u.index ? u.index.quote.last / u.indexPrev : this.basketRatio(u.basket);
    return inst.prevClose * ratio;
  }

  /** Weighted move of a basket's last traded prices against their previous closes. */
  private basketRatio(basket: ResolvedBasket): number {
    let r = 0;
    for (const m of basket.members) r += m.weight * (m.state.quote.last / m.state.inst.prevClose);
    return r;
  }

  private resolveBasket(basket: Basket): ResolvedBasket {
    const members: ResolvedBasket['members'] = [];
    for (const [symbol, weight] of basket) {
      const inst = instrumentBySymbol(symbol);
      const state = inst ? this.states.get(inst.token) : undefined;
      if (state) members.push({ state, weight });
    }
    const total = members.reduce((a, m) => a + m.weight, 0);
    for (const m of members) m.weight /= total;
    return { members };
  }

  private advanceMarket(nowMs: number): void {
    const dt = nowMs - this.marketMs;
    if (dt <= 0) return;
    this.marketMs = nowMs;
    this.market += this.marketStepVol * Math.sqrt(dt) * this.marketRng.gaussian();
  }

  private round(inst: CatalogueInstrument, price: number): number {
    return roundToTick(price, inst.tickSize);
  }
}

/** Round to the instrument's tick size without binary-float tails (1551.4500000001). */
export function roundToTick(price: number, tickSize: number): number {
  const decimals = Math.max(0, Math.ceil(-Math.log10(tickSize) - 1e-9));
  const rounded = Math.max(tickSize, Math.round(price / tickSize) * tickSize);
  return Number(rounded.toFixed(decimals));
}
