import { describe, expect, it } from 'vitest';
import { contextOfSymbol } from '../../../../src/renderer/workspace/link';
import { instrument } from '../fixtures';

describe('the link context of a position or order row', () => {
  const instruments = { 2885: instrument(2885, 'RELIANCE', 'NSE_EQ', { name: 'Reliance Industries' }) };
  it('names the instrument the symbol resolves to, with its exchange', () => {
    expect(contextOfSymbol('RELIANCE', { RELIANCE: 2885 }, instruments)).toEqual({
      type: 'fdc3.instrument',
      name: 'Reliance Industries',
      id: { ticker: 'RELIANCE', token: 2885, exchange: 'NSE_EQ' },
    });
  });
  it('sends nothing for a symbol this window cannot resolve', () => {
    expect(contextOfSymbol('TCS', { RELIANCE: 2885 }, instruments)).toBeNull();
    expect(contextOfSymbol('RELIANCE', { RELIANCE: 2885 }, {})).toBeNull();
  });
});
