import { describe, expect, it } from 'vitest';
import { instrumentBySymbol } from '../../../../electron/stack/market/catalogue';
import { RateLimiter } from '../../../../electron/stack/market/rate-limit';
import { resolveInstrument } from '../../../../electron/stack/market/resolve';
import { SearchQuery, searchInstruments } from '../../../../electron/stack/market/search';

const REL = instrumentBySymbol('RELIANCE')!;
const symbolOf = (raw: string | number) => {
  const r = resolveInstrument(raw);
  return r.kind === 'resolved' ? r.instrument.symbol : r.kind;
};

describe('resolveInstrument', () => {
  it('accepts every form the service accepts', () => {
    expect(symbolOf(2885)).toBe('RELIANCE');
    expect(symbolOf('2885')).toBe('RELIANCE');
    expect(symbolOf(`NSE_EQ-${REL.uirId}`)).toBe('RELIANCE');
    expect(symbolOf('NSE_EQ-2885')).toBe('RELIANCE');
    expect(symbolOf('NSE:RELIANCE')).toBe('RELIANCE');
    expect(symbolOf('nse:reliance')).toBe('RELIANCE');
    expect(symbolOf('RELIANCE')).toBe('RELIANCE');
    expect(symbolOf('Vayu:2885')).toBe('RELIANCE');
    expect(symbolOf('Vayu:RELIANCE')).toBe('RELIANCE');
    expect(symbolOf('NSE:NIFTY 50')).toBe('NIFTY 50');
    expect(symbolOf('MCX:GOLD25DECFUT')).toBe('GOLD25DECFUT');
  });

  it('tries EXCH-n as a UIR id first, and a token only on its own exchange', () => {
    expect(symbolOf('NSE_FO-2885')).toBe('unresolved'); // RELIANCE's token, wrong exchange
    expect(symbolOf(`NSE_FO-${REL.uirId}`)).toBe('RELIANCE'); // a UIR id wins regardless
  });

  it('reports unknown and forbidden identifiers', () => {
    expect(symbolOf(123456789)).toBe('unresolved');
    expect(symbolOf('NOPE')).toBe('unresolved');
    expect(symbolOf('Falcon:RELIANCE')).toBe('unresolved'); // a provider we do not run
    expect(symbolOf('MCX:RELIANCE')).toBe('unresolved'); // right symbol, wrong exchange
    expect(resolveInstrument('BSE_EQ-500325')).toEqual({
      kind: 'forbidden',
      raw: 'BSE_EQ-500325',
      token: 500325,
      exchange: 'BSE_EQ',
    });
  });
});

describe('RateLimiter', () => {
  it('allows N per window per key and says when the next call would pass', () => {
    let now = 0;
    const rl = new RateLimiter(10, 1000, () => now);
    for (let i = 0; i < 10; i++) expect(rl.check('k')).toBeUndefined();
    expect(rl.check('k')).toEqual({ retryAfterMs: 1000 });
    expect(rl.check('other')).toBeUndefined();
    now = 400;
    expect(rl.check('k')).toEqual({ retryAfterMs: 600 });
    now = 1000;
    expect(rl.check('k')).toBeUndefined();
  });
});

describe('searchInstruments', () => {
  const price = () => 100;
  it('ranks exact, then prefix, then substring matches', () => {
    const hits = searchInstruments(SearchQuery.parse({ q: 'bank' }), price).map((h) => h.symbol);
    expect(hits[0]).toBe('BANKNIFTY');
    expect(hits).toContain('AXISBANK');
    expect(hits.indexOf('BANKNIFTY25DECFUT')).toBeLessThan(hits.indexOf('AXISBANK'));
  });
  it('filters by exchange and mode', () => {
    const fno = searchInstruments(SearchQuery.parse({ q: 'NIFTY', mode: 'fno' }), price);
    expect(fno.map((h) => h.exchange)).toEqual(['NSE_FO', 'NSE_FO', 'NSE_FO']);
    expect(searchInstruments(SearchQuery.parse({ q: '', exchange: 'NSE_EQ', limit: 100 }), price)).toHaveLength(52);
  });
});
