import { describe, expect, it } from 'vitest';
import {
  decideFollow,
  InstrumentContext,
  LINK_CHANNELS,
  LinkChannelId,
  linkChannel,
  LinkContext,
  sameContext,
} from '../../../../src/shared/link';

const reliance: LinkContext = {
  type: 'fdc3.instrument',
  name: 'Reliance Industries',
  id: { ticker: 'RELIANCE', token: 2885, exchange: 'NSE' },
};
const tcs: LinkContext = { type: 'fdc3.instrument', id: { ticker: 'TCS', token: 11536, exchange: 'NSE' } };

describe('link channels', () => {
  it('are FDC3’s eight recommended user channels, in FDC3’s colour order', () => {
    expect(LINK_CHANNELS.map((c) => c.id)).toEqual(LinkChannelId.options);
    expect(LINK_CHANNELS.map((c) => c.color)).toEqual([
      'red',
      'orange',
      'yellow',
      'green',
      'cyan',
      'blue',
      'magenta',
      'purple',
    ]);
    expect(linkChannel('fdc3.channel.4').name).toBe('Channel 4');
    expect(new Set(LINK_CHANNELS.map((c) => c.hex)).size).toBe(8);
  });
});

describe('link context', () => {
  it('is an fdc3.instrument with ticker, token and exchange', () => {
    expect(LinkContext.parse(reliance)).toEqual(reliance);
    expect(InstrumentContext.safeParse({ type: 'fdc3.instrument', id: { ticker: 'TCS' } }).success).toBe(false);
    expect(LinkContext.safeParse({ ...tcs, type: 'fdc3.position' }).success).toBe(false);
    expect(LinkContext.safeParse({ ...tcs, id: { ...tcs.id, token: -1 } }).success).toBe(false);
    expect(LinkContext.safeParse({ ...tcs, extra: 1 }).success).toBe(false);
  });

  it('compares by token and exchange', () => {
    expect(sameContext(reliance, { ...reliance, name: undefined })).toBe(true);
    expect(sameContext(reliance, tcs)).toBe(false);
  });
});

describe('decideFollow (the edited-ticket rule)', () => {
  it('a clean ticket follows', () => {
    expect(decideFollow({ kind: 'ticket', edited: false, current: tcs }, reliance)).toEqual({ follow: true });
    expect(decideFollow({ kind: 'ticket', edited: false, current: null }, reliance)).toEqual({ follow: true });
  });

  it('an edited ticket is never retargeted', () => {
    expect(decideFollow({ kind: 'ticket', edited: true, current: tcs }, reliance)).toEqual({
      follow: false,
      reason: 'edited',
    });
  });

  it('the same instrument is a no-op, edited or not', () => {
    expect(decideFollow({ kind: 'ticket', edited: true, current: reliance }, reliance)).toEqual({
      follow: false,
      reason: 'same',
    });
  });

  it('a source-only panel never follows', () => {
    expect(decideFollow({ kind: 'watchlist', edited: false, current: null }, reliance)).toEqual({
      follow: false,
      reason: 'not_destination',
    });
  });
});
