/**
 * The one rule that turns a trading symbol into an instrument. Orders, positions and
 * transactions name their instrument by symbol only (the platform's rows have no token), so
 * every place that needs a price or a token for them — the renderer's selectors, main's market
 * interest and order intents, the embedded backend's broker and market — resolves it here, and
 * a symbol listed on two exchanges (INFY on NSE and BSE) resolves to the same instrument
 * everywhere.
 *
 * The rule:
 * 1. Symbols compare trimmed and case-insensitively (`' infy'` is `INFY`).
 * 2. An exchange-qualified symbol, `NSE:INFY`, names the instrument on that exchange only: the
 *    prefix is an exchange code (`NSE_EQ`, `BSE_EQ`, `NSE_FO`, …) or the short name a trader
 *    writes (`NSE` = NSE cash or index, `BSE` = BSE cash, `NFO` = NSE F&O, `MCX` = MCX, `CDS` =
 *    NSE currency). A prefix that is no exchange is part of the symbol.
 * 3. A bare symbol prefers NSE cash, then NSE indices, then BSE cash, then any other exchange
 *    (a future named like its underlying never wins over the share).
 * 4. Within one exchange rank, the lowest token wins, so the answer never depends on the order
 *    instruments were listed in.
 *
 * A listing's exchange is its exchange code (`exchangeCodeOf`): the market service's instruments
 * carry one (`NSE_EQ`), the platform's `"Stock"` rows say `NSE` / `BSE` / `MCX` in `exchange` and
 * carry the code in `instrumentId` (`BSE_EQ-500209`), where the rule reads it.
 *
 * The database restates rules 3 and 4 where it books an order by symbol (`tradedesk_exchange_rank`,
 * `tradedesk_exchange_code` and `tradedesk_place`, supabase/migrations/20261126101100_symbol_rule.sql
 * and 20261126101200_symbol_rule_exchange_code.sql): a change here is a new migration too
 * (tests/unit/core/trading/symbol-agreement.test.ts compares the rank tables and exchange codes).
 */

/** What the rule reads of an instrument (the shared `Instrument`, the stack's catalogue rows). */
export interface SymbolListing {
  token: number;
  symbol: string;
  exchange: string;
  /** `<exchange code>-<token>` (`NSE_EQ-1594`), where the listing has one (the shared `Instrument` does). */
  instrumentId?: string;
}

/** The exchanges a short prefix names (rule 2); an exchange code also names itself. */
export const EXCHANGE_PREFIXES: Readonly<Record<string, readonly string[]>> = {
  NSE: ['NSE_EQ', 'NSE_INDEX'],
  BSE: ['BSE_EQ'],
  NFO: ['NSE_FO'],
  MCX: ['MCX_FO'],
  CDS: ['NSE_CUR'],
};

/** The exchange codes a qualified symbol may name directly (`BSE_EQ:INFY`). */
const EXCHANGE_CODES: ReadonlySet<string> = new Set(Object.values(EXCHANGE_PREFIXES).flat());

/**
 * The exchange code a listing is on: `exchange` when it is a code, else the code `instrumentId`
 * starts with (`BSE_EQ-500209` → `BSE_EQ`: a platform row whose `exchange` says `BSE`), else
 * `exchange` as it is (it ranks as "any other exchange").
 */
export function exchangeCodeOf(listing: SymbolListing): string {
  if (EXCHANGE_CODES.has(listing.exchange)) return listing.exchange;
  const id = listing.instrumentId;
  const dash = id === undefined ? -1 : id.indexOf('-');
  const code = dash > 0 ? id!.slice(0, dash) : '';
  return EXCHANGE_CODES.has(code) ? code : listing.exchange;
}

/** Exchange preference for a bare symbol (rule 3), by exchange code: lower is preferred. */
export function exchangeRank(exchange: string): number {
  switch (exchange) {
    case 'NSE_EQ':
      return 0;
    case 'NSE_INDEX':
      return 1;
    case 'BSE_EQ':
      return 2;
    default:
      return 3;
  }
}

/** The form symbols are compared in (rule 1). */
export function symbolKey(symbol: string): string {
  return symbol.trim().toUpperCase();
}

/** True when `a` is preferred to `b` for the same bare symbol (rules 3 and 4). */
function preferred(a: SymbolListing, b: SymbolListing): boolean {
  const byRank = exchangeRank(exchangeCodeOf(a)) - exchangeRank(exchangeCodeOf(b));
  return byRank !== 0 ? byRank < 0 : a.token < b.token;
}

/**
 * `NSE:INFY` → the exchanges it allows and the bare symbol; null for a bare symbol (or a prefix
 * that is no exchange, which rule 2 leaves in the symbol).
 */
export function parseQualifiedSymbol(text: string): { exchanges: readonly string[]; symbol: string } | null {
  const colon = text.indexOf(':');
  if (colon <= 0) return null;
  const prefix = symbolKey(text.slice(0, colon));
  const exchanges = EXCHANGE_PREFIXES[prefix] ?? (EXCHANGE_CODES.has(prefix) ? [prefix] : null);
  return exchanges ? { exchanges, symbol: symbolKey(text.slice(colon + 1)) } : null;
}

/**
 * An index of instruments by symbol, built once and asked many times (a renderer re-renders, the
 * interest runs after every applied batch). `resolve` follows the whole rule; `bare` is the
 * preferred listing of every bare symbol (rule 3), for callers that keep a plain map.
 */
export class SymbolIndex<T extends SymbolListing> {
  readonly #listings = new Map<string, T[]>();
  readonly #preferred = new Map<string, T>();

  constructor(instruments: Iterable<T>) {
    for (const i of instruments) {
      const key = symbolKey(i.symbol);
      const all = this.#listings.get(key);
      if (all) all.push(i);
      else this.#listings.set(key, [i]);
      const best = this.#preferred.get(key);
      if (!best || preferred(i, best)) this.#preferred.set(key, i);
    }
  }

  /** The instrument `text` names (bare or exchange-qualified), or undefined. */
  resolve(text: string): T | undefined {
    const qualified = parseQualifiedSymbol(text);
    if (!qualified) return this.#preferred.get(symbolKey(text));
    let best: T | undefined;
    for (const i of this.#listings.get(qualified.symbol) ?? []) {
      if (qualified.exchanges.includes(exchangeCodeOf(i)) && (!best || preferred(i, best))) best = i;
    }
    return best;
  }

  /** The preferred listing of each bare symbol, keyed by `symbolKey`. */
  bare(): ReadonlyMap<string, T> {
    return this.#preferred;
  }
}

/** One-off lookup: the token `text` names among `instruments`, or null (build a `SymbolIndex` to ask often). */
export function tokenOfSymbol(instruments: Iterable<SymbolListing>, text: string): number | null {
  return new SymbolIndex(instruments).resolve(text)?.token ?? null;
}
