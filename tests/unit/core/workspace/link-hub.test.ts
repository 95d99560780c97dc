import { describe, expect, it } from 'vitest';
import { LinkHub } from '../../../../electron/core/workspace/link-hub';
import type { LinkContextPush } from '../../../../src/shared/contract';
import type { LinkContext } from '../../../../src/shared/link';

const reliance: LinkContext = { type: 'fdc3.instrument', id: { ticker: 'RELIANCE', token: 2885, exchange: 'NSE' } };
const tcs: LinkContext = { type: 'fdc3.instrument', id: { ticker: 'TCS', token: 11536, exchange: 'NSE' } };

function setup() {
  const pushes: Array<{ windowId: string; push: LinkContextPush }> = [];
  let now = 1_000;
  const hub = new LinkHub({ deliver: (windowId, push) => pushes.push({ windowId, push }), now: () => now++ });
  return { hub, pushes };
}

describe('LinkHub', () => {
  it('delivers a broadcast to the other following panels on the channel, one push per window, never back to the sender', () => {
    const { hub, pushes } = setup();
    hub.join({ windowId: 'a', windowKey: 'main', panelId: 'watch', kind: 'watchlist' }, 'fdc3.channel.1');
    hub.join({ windowId: 'a', windowKey: 'main', panelId: 'ticket-a', kind: 'ticket' }, 'fdc3.channel.1');
    hub.join({ windowId: 'b', windowKey: 'w-1', panelId: 'ticket-b', kind: 'ticket' }, 'fdc3.channel.1');
    hub.join({ windowId: 'c', windowKey: 'w-2', panelId: 'ticket-c', kind: 'ticket' }, 'fdc3.channel.2');
    expect(hub.broadcast('a', 'watch', reliance)).toEqual({ panels: 2, windows: ['a', 'b'] });
    expect(pushes).toEqual([
      {
        windowId: 'a',
        push: {
          channel: 'fdc3.channel.1',
          context: reliance,
          source: { windowKey: 'main', panelId: 'watch' },
          targets: ['ticket-a'],
          at: 1_000,
        },
      },
      {
        windowId: 'b',
        push: {
          channel: 'fdc3.channel.1',
          context: reliance,
          source: { windowKey: 'main', panelId: 'watch' },
          targets: ['ticket-b'],
          at: 1_000,
        },
      },
    ]);
  });

  it('does not echo to a sender that also follows, and skips source-only panels', () => {
    const { hub, pushes } = setup();
    // A ticket is a destination; broadcasting from it reaches the other ticket only.
    hub.join({ windowId: 'a', windowKey: 'main', panelId: 't1', kind: 'ticket' }, 'fdc3.channel.3');
    hub.join({ windowId: 'a', windowKey: 'main', panelId: 'positions', kind: 'positions' }, 'fdc3.channel.3');
    hub.join({ windowId: 'b', windowKey: 'w-1', panelId: 't2', kind: 'ticket' }, 'fdc3.channel.3');
    expect(hub.broadcast('a', 't1', tcs).panels).toBe(1);
    expect(pushes.map((p) => p.push.targets)).toEqual([['t2']]);
  });

  it('answers a join with the channel’s current context at once, and keeps it while the channel is empty', () => {
    const { hub } = setup();
    expect(
      hub.join({ windowId: 'a', windowKey: 'main', panelId: 'watch', kind: 'watchlist' }, 'fdc3.channel.5'),
    ).toBeNull();
    hub.broadcast('a', 'watch', reliance);
    hub.leaveWindow('a');
    expect(hub.current('fdc3.channel.5')).toEqual(reliance);
    expect(hub.join({ windowId: 'b', windowKey: 'w-1', panelId: 'ticket', kind: 'ticket' }, 'fdc3.channel.5')).toEqual(
      reliance,
    );
  });

  it('keeps a panel on one channel at a time', () => {
    const { hub, pushes } = setup();
    hub.join({ windowId: 'a', windowKey: 'main', panelId: 'watch', kind: 'watchlist' }, 'fdc3.channel.1');
    hub.join({ windowId: 'b', windowKey: 'w-1', panelId: 'ticket', kind: 'ticket' }, 'fdc3.channel.1');
    hub.join({ windowId: 'b', windowKey: 'w-1', panelId: 'ticket', kind: 'ticket' }, 'fdc3.channel.2');
    expect(hub.channelOf('b', 'ticket')).toBe('fdc3.channel.2');
    expect(hub.broadcast('a', 'watch', reliance).panels).toBe(0);
    expect(pushes).toEqual([]);
  });

  it('a broadcast from a panel on no channel is a no-op (FDC3)', () => {
    const { hub, pushes } = setup();
    hub.join({ windowId: 'b', windowKey: 'w-1', panelId: 'ticket', kind: 'ticket' }, 'fdc3.channel.1');
    expect(hub.broadcast('a', 'loose', reliance)).toEqual({ panels: 0, windows: [] });
    expect(hub.current('fdc3.channel.1')).toBeNull();
    expect(pushes).toEqual([]);
  });

  it('stops delivering to panels that left or whose window went away', () => {
    const { hub, pushes } = setup();
    hub.join({ windowId: 'a', windowKey: 'main', panelId: 'watch', kind: 'watchlist' }, 'fdc3.channel.1');
    hub.join({ windowId: 'b', windowKey: 'w-1', panelId: 't1', kind: 'ticket' }, 'fdc3.channel.1');
    hub.join({ windowId: 'c', windowKey: 'w-2', panelId: 't2', kind: 'ticket' }, 'fdc3.channel.1');
    hub.leave('b', 't1');
    hub.leaveWindow('c');
    expect(hub.broadcast('a', 'watch', tcs).panels).toBe(0);
    expect(pushes).toEqual([]);
  });

  it('replays current contexts to a window’s following panels, marked as having no source', () => {
    const { hub, pushes } = setup();
    hub.join({ windowId: 'a', windowKey: 'main', panelId: 'watch', kind: 'watchlist' }, 'fdc3.channel.1');
    hub.broadcast('a', 'watch', reliance);
    hub.join({ windowId: 'b', windowKey: 'w-1', panelId: 't1', kind: 'ticket' }, 'fdc3.channel.1');
    hub.join({ windowId: 'b', windowKey: 'w-1', panelId: 't2', kind: 'ticket' }, 'fdc3.channel.2'); // nothing there yet
    expect(hub.replay('b')).toBe(1);
    expect(pushes.at(-1)).toEqual({
      windowId: 'b',
      push: { channel: 'fdc3.channel.1', context: reliance, source: null, targets: ['t1'], at: 1_000 },
    });
  });
});
