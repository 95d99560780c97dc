import { describe, expect, it } from 'vitest';
import {
  exchangeCodeOf,
  exchangeRank,
  parseQualifiedSymbol,
  SymbolIndex,
  symbolKey,
  tokenOfSymbol,
  type SymbolListing,
} from '../../../../src/shared/domain/symbol-rule';

/** INFY is listed on NSE and BSE; RELIANCE has a future of the same name; NIFTY is an index. */
const LISTINGS: SymbolListing[] = [
  { token: 500209, symbol: 'INFY', exchange: 'BSE_EQ' },
  { token: 1594, symbol: 'INFY', exchange: 'NSE_EQ' },
  { token: 53001, symbol: 'RELIANCE', exchange: 'NSE_FO' },
  { token: 2885, symbol: 'RELIANCE', exchange: 'NSE_EQ' },
  { token: 26000, symbol: 'NIFTY', exchange: 'NSE_INDEX' },
  { token: 99001, symbol: 'ONLYBSE', exchange: 'BSE_EQ' },
  { token: 99002, symbol: 'TWOBSE', exchange: 'BSE_EQ' },
  { token: 99000, symbol: 'TWOBSE', exchange: 'BSE_EQ' },
];

describe('the one symbol → token rule', () => {
  it('prefers NSE cash, then NSE index, then BSE cash, then anything else', () => {
    expect(['NSE_EQ', 'NSE_INDEX', 'BSE_EQ', 'NSE_FO', 'MCX_FO'].map(exchangeRank)).toEqual([0, 1, 2, 3, 3]);
    expect(tokenOfSymbol(LISTINGS, 'INFY')).toBe(1594);
    expect(tokenOfSymbol(LISTINGS, 'RELIANCE')).toBe(2885);
    expect(tokenOfSymbol(LISTINGS, 'NIFTY')).toBe(26000);
    expect(tokenOfSymbol(LISTINGS, 'ONLYBSE')).toBe(99001);
    expect(tokenOfSymbol(LISTINGS, 'NOSUCH')).toBeNull();
  });

  it('does not depend on the order instruments are listed in (lowest token within one exchange rank)', () => {
    expect(tokenOfSymbol(LISTINGS, 'TWOBSE')).toBe(99000);
    expect(tokenOfSymbol([...LISTINGS].reverse(), 'TWOBSE')).toBe(99000);
    expect(tokenOfSymbol([...LISTINGS].reverse(), 'INFY')).toBe(1594);
  });

  it('compares trimmed and case-insensitively', () => {
    expect(symbolKey(' infy ')).toBe('INFY');
    expect(tokenOfSymbol(LISTINGS, ' infy')).toBe(1594);
  });

  it('an exchange-qualified symbol names that exchange only', () => {
    expect(tokenOfSymbol(LISTINGS, 'BSE:INFY')).toBe(500209);
    expect(tokenOfSymbol(LISTINGS, 'bse_eq:infy')).toBe(500209);
    expect(tokenOfSymbol(LISTINGS, 'NSE:INFY')).toBe(1594);
    expect(tokenOfSymbol(LISTINGS, 'NFO:RELIANCE')).toBe(53001);
    expect(tokenOfSymbol(LISTINGS, 'NSE:NIFTY')).toBe(26000);
    expect(tokenOfSymbol(LISTINGS, 'NSE:ONLYBSE')).toBeNull();
    expect(parseQualifiedSymbol('MCX:GOLD')).toEqual({ exchanges: ['MCX_FO'], symbol: 'GOLD' });
    // A prefix that is no exchange stays part of the symbol.
    expect(parseQualifiedSymbol('FOO:BAR')).toBeNull();
    expect(parseQualifiedSymbol('INFY')).toBeNull();
    expect(tokenOfSymbol([{ token: 7, symbol: 'FOO:BAR', exchange: 'NSE_EQ' }], 'foo:bar')).toBe(7);
  });

  it('an index answers many questions the same way and lists each bare symbol’s preferred listing', () => {
    const index = new SymbolIndex(LISTINGS);
    expect(index.resolve('INFY')?.token).toBe(1594);
    expect(index.bare().get('INFY')?.token).toBe(1594);
    expect(index.bare().get('TWOBSE')?.token).toBe(99000);
    expect([...index.bare().keys()].sort()).toEqual(['INFY', 'NIFTY', 'ONLYBSE', 'RELIANCE', 'TWOBSE']);
  });

  it('reads the exchange code from instrumentId where exchange is the platform’s short name (NSE, BSE)', () => {
    // Platform "Stock" rows: BSE's INFY has the LOWER token here, so only the code can pick NSE's.
    const platform: SymbolListing[] = [
      { token: 500, symbol: 'INFY', exchange: 'BSE', instrumentId: 'BSE_EQ-500' },
      { token: 1594, symbol: 'INFY', exchange: 'NSE', instrumentId: 'NSE_EQ-1594' },
      { token: 40, symbol: 'TCS', exchange: 'NSE', instrumentId: 'NSE_FO-40' },
      { token: 11536, symbol: 'TCS', exchange: 'NSE', instrumentId: 'NSE_EQ-11536' },
    ];
    expect(platform.map(exchangeCodeOf)).toEqual(['BSE_EQ', 'NSE_EQ', 'NSE_FO', 'NSE_EQ']);
    expect(tokenOfSymbol(platform, 'INFY')).toBe(1594);
    expect(tokenOfSymbol(platform, 'TCS')).toBe(11536);
    expect(tokenOfSymbol(platform, 'BSE:INFY')).toBe(500);
    expect(tokenOfSymbol(platform, 'NFO:TCS')).toBe(40);
    // A code in exchange wins; an instrumentId that names no exchange leaves exchange as it is.
    expect(exchangeCodeOf({ token: 1, symbol: 'X', exchange: 'NSE_EQ', instrumentId: 'BSE_EQ-1' })).toBe('NSE_EQ');
    expect(exchangeCodeOf({ token: 1, symbol: 'X', exchange: 'NSE', instrumentId: 'stock-1' })).toBe('NSE');
    expect(exchangeCodeOf({ token: 1, symbol: 'X', exchange: 'BSE' })).toBe('BSE');
  });
});
