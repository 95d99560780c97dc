import {
  canonicalOf,
  CATALOGUE,
  instrumentBySymbol,
  instrumentByToken,
  instrumentByUirId,
  type CatalogueInstrument,
} from './catalogue';

/**
 * Turns one client-supplied instrument identifier into a catalogue instrument, accepting every
 * form the service accepts: a bare provider token (`2885`), `EXCH-n` (n tried as a UIR id first,
 * then as a token on that exchange), `NSE:SYMBOL`, a bare symbol, and a provider prefix
 * (`Vayu:26000`, `Vayu:RELIANCE`).
 */

/** Exchanges the service knows. An `EXCH-n` on any other exchange is forbidden, not unknown. */
export const ENTITLED_EXCHANGES = ['NSE_EQ', 'NSE_FO', 'NSE_CUR', 'MCX_FO'] as const;

/** The provider our simulator plays (the service's client-facing name for Vortex). */
export const PROVIDER_NAME = 'Vayu';
/** The service's internal name for the same provider (used in tick envelopes). */
export const PROVIDER_INTERNAL = 'vortex';

export type Resolution =
  | { kind: 'resolved'; instrument: CatalogueInstrument }
  | { kind: 'unresolved'; raw: string | number }
  | { kind: 'forbidden'; raw: string | number; token: number; exchange: string };

const EXCH_TOKEN = /^([A-Z_]+)-(\d+)$/i;
const PROVIDER_PREFIX = /^(vayu|vortex|falcon|kite|massive|binance):(.+)$/i;
const CANONICAL = /^(NSE|NFO|MCX|BSE|NSE_EQ|NSE_FO|MCX_FO):(.+)$/i;

/** Canonical prefix → the catalogue exchange it may name. */
const CANONICAL_PREFIX_EXCHANGES: Record<string, ReadonlyArray<CatalogueInstrument['exchange']>> = {
  NSE: ['NSE_EQ'],
  NSE_EQ: ['NSE_EQ'],
  NFO: ['NSE_FO'],
  NSE_FO: ['NSE_FO'],
  MCX: ['MCX_FO'],
  MCX_FO: ['MCX_FO'],
  BSE: [],
};

const byCanonical = new Map(CATALOGUE.map((i) => [canonicalOf(i).toUpperCase(), i]));

export function resolveInstrument(raw: string | number): Resolution {
  if (typeof raw === 'number') {
    const inst = Number.isInteger(raw) ? instrumentByToken(raw) : undefined;
    return inst ? { kind: 'resolved', instrument: inst } : { kind: 'unresolved', raw };
  }
  const text = raw.trim();
  if (/^\d+$/.test(text)) {
    const inst = instrumentByToken(Number(text));
    return inst ? { kind: 'resolved', instrument: inst } : { kind: 'unresolved', raw };
  }

  const pair = EXCH_TOKEN.exec(text);
  if (pair) {
    const exchange = pair[1]!.toUpperCase();
    const n = Number(pair[2]);
    if (!(ENTITLED_EXCHANGES as readonly string[]).includes(exchange)) {
      return { kind: 'forbidden', raw, token: n, exchange };
    }
    // The service tries the number as a universal id first, then as a provider token.
    const byUir = instrumentByUirId(n);
    if (byUir) return { kind: 'resolved', instrument: byUir };
    const byToken = instrumentByToken(n);
    if (byToken && byToken.exchange === exchange) return { kind: 'resolved', instrument: byToken };
    return { kind: 'unresolved', raw };
  }

  const prefixed = PROVIDER_PREFIX.exec(text);
  if (prefixed) {
    const provider = prefixed[1]!.toLowerCase();
    // Only our one provider is "connected"; pinning another cannot be honoured.
    if (provider !== 'vayu' && provider !== 'vortex') return { kind: 'unresolved', raw };
    const inner = resolveInstrument(prefixed[2]!);
    return inner.kind === 'resolved' ? inner : { kind: 'unresolved', raw };
  }

  const canonical = CANONICAL.exec(text);
  if (canonical) {
    const exact = byCanonical.get(text.toUpperCase());
    if (exact) return { kind: 'resolved', instrument: exact };
    const allowed = CANONICAL_PREFIX_EXCHANGES[canonical[1]!.toUpperCase()] ?? [];
    const inst = instrumentBySymbol(canonical[2]!);
    return inst && allowed.includes(inst.exchange)
      ? { kind: 'resolved', instrument: inst }
      : { kind: 'unresolved', raw };
  }

  const bySymbol = instrumentBySymbol(text);
  return bySymbol ? { kind: 'resolved', instrument: bySymbol } : { kind: 'unresolved', raw };
}
