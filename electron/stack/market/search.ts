import { z } from 'zod';
import { canonicalOf, CATALOGUE, type CatalogueInstrument } from './catalogue';

/**
 * Instrument search as the service's search API answers it: `GET /api/search?q=&limit=&exchange=`
 * → `{success, data:[{id, canonicalSymbol, wsSubscribeUirId, symbol, name, exchange, segment,
 * instrumentType, lotSize, tickSize, last_price, …}]}`.
 */

export const SearchQuery = z.object({
  q: z.string().trim().max(64).default(''),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  exchange: z.string().trim().max(16).optional(),
  mode: z.enum(['eq', 'fno', 'curr', 'commodities']).optional(),
});
export type SearchQuery = z.infer<typeof SearchQuery>;

export interface SearchItem {
  id: number;
  canonicalSymbol: string;
  wsSubscribeUirId: number;
  symbol: string;
  name: string;
  exchange: string;
  segment: string;
  instrumentType: string;
  expiry: string | null;
  strike: number | null;
  lotSize: number;
  tickSize: number;
  last_price: number | null;
  priceStatus: 'live' | 'unavailable';
}

/** `exchange` filter values the service accepts, mapped onto catalogue exchanges. */
const EXCHANGE_ALIASES: Record<string, CatalogueInstrument['exchange'][]> = {
  NSE_EQ: ['NSE_EQ'],
  NSE: ['NSE_EQ'],
  NSE_FO: ['NSE_FO'],
  NFO: ['NSE_FO'],
  MCX_FO: ['MCX_FO'],
  MCX: ['MCX_FO'],
};

const MODE_EXCHANGES: Record<NonNullable<SearchQuery['mode']>, CatalogueInstrument['exchange'][]> = {
  eq: ['NSE_EQ'],
  fno: ['NSE_FO'],
  curr: [],
  commodities: ['MCX_FO'],
};

/** Rank: exact symbol, symbol prefix, symbol substring, name substring; then alphabetical. */
function rank(inst: CatalogueInstrument, q: string): number {
  if (q === '') return 3;
  const sym = inst.symbol.toUpperCase();
  if (sym === q || String(inst.token) === q) return 0;
  if (sym.startsWith(q)) return 1;
  if (sym.includes(q)) return 2;
  if (inst.name.toUpperCase().includes(q)) return 3;
  return -1;
}

export function searchInstruments(query: SearchQuery, lastPrice: (token: number) => number | undefined): SearchItem[] {
  const q = query.q.toUpperCase();
  let allowed: CatalogueInstrument['exchange'][] | undefined;
  if (query.exchange) allowed = EXCHANGE_ALIASES[query.exchange.toUpperCase()] ?? [];
  if (query.mode) {
    const byMode = MODE_EXCHANGES[query.mode];
    allowed = allowed ? allowed.filter((e) => byMode.includes(e)) : byMode;
  }
  return CATALOGUE.map((inst) => ({ inst, r: rank(inst, q) }))
    .filter(({ inst, r }) => r >= 0 && (!allowed || allowed.includes(inst.exchange)))
    .sort((a, b) => a.r - b.r || a.inst.symbol.localeCompare(b.inst.symbol))
    .slice(0, query.limit)
    .map(({ inst }) => {
      const ltp = lastPrice(inst.token) ?? null;
      return {
        id: inst.uirId,
        canonicalSymbol: canonicalOf(inst),
        wsSubscribeUirId: inst.uirId,
        symbol: inst.symbol,
        name: inst.name,
        exchange: inst.exchange,
        segment: inst.segment,
        instrumentType: inst.instrumentType,
        expiry: inst.instrumentType === 'FUT' ? '2025-12-30' : null,
        strike: null,
        lotSize: inst.lotSize,
        tickSize: inst.tickSize,
        last_price: ltp,
        priceStatus: ltp === null ? 'unavailable' : 'live',
      };
    });
}
