import { describe, expect, it } from 'vitest';
import { panelInstrumentOf } from '../../../../src/renderer/charts/instrument';
import { instrument, item } from '../fixtures';

describe('the instrument a chart or depth panel opens on', () => {
  it('takes the instrument’s exchange (its session) over the item’s, and the item’s symbol', () => {
    const s = {
      trading: {
        watchlistItems: { i1: { ...item('i1', 'w1', 438_001, 0, 'CRUDEOIL'), exchange: 'MCX' } },
        instruments: { 438_001: instrument(438_001, 'CRUDEOIL26DECFUT', 'MCX_FO') },
      },
    };
    expect(panelInstrumentOf(s, 'i1')).toEqual({ token: 438_001, exchange: 'MCX_FO', symbol: 'CRUDEOIL' });
  });
  it('falls back to the item’s exchange when the instrument is not known yet', () => {
    const s = { trading: { watchlistItems: { i1: item('i1', 'w1', 2885, 0, 'RELIANCE') }, instruments: {} } };
    expect(panelInstrumentOf(s, 'i1')).toEqual({ token: 2885, exchange: 'NSE_EQ', symbol: 'RELIANCE' });
  });
  it('is null for an item without a token or a usable exchange, or an unknown item', () => {
    const noToken = { ...item('i1', 'w1', 1, 0), token: null };
    const noExchange = { ...item('i2', 'w1', 2, 0), exchange: null, segment: null };
    const s = { trading: { watchlistItems: { i1: noToken, i2: noExchange }, instruments: {} } };
    expect(panelInstrumentOf(s, 'i1')).toBeNull();
    expect(panelInstrumentOf(s, 'i2')).toBeNull();
    expect(panelInstrumentOf(s, 'nope')).toBeNull();
  });
});
