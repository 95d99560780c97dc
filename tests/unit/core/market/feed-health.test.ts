import { describe, expect, it } from 'vitest';
import type { ConnectionStatus } from '../../../../src/shared/domain';
import { FeedHealth } from '../../../../electron/core/market/feed-health';

function setup() {
  let t = 10_000;
  const published: ConnectionStatus[] = [];
  const health = new FeedHealth({ now: () => t, publish: (s) => published.push(s) });
  return { health, published, advance: (ms: number) => (t += ms), now: () => t };
}

describe('FeedHealth', () => {
  it('publishes every state change at once, with attempt and next retry while reconnecting', () => {
    const { health, published, advance } = setup();
    health.setState({ state: 'connecting', detail: null });
    advance(100);
    health.setState({ state: 'live', detail: null });
    advance(100);
    health.setState({ state: 'reconnecting', attempt: 1, nextRetryAt: 10_700, detail: 'transport close' });
    expect(published.map((s) => s.state)).toEqual(['connecting', 'live', 'reconnecting']);
    expect(published[2]).toMatchObject({
      feed: 'market',
      attempt: 1,
      nextRetryAt: 10_700,
      detail: 'transport close',
      since: 10_200,
      staleSince: 10_200,
    });
    health.setState({ state: 'live', detail: null });
    expect(published[3]).toMatchObject({ attempt: null, nextRetryAt: null, staleSince: null });
  });

  it('samples the tick rate once a second and publishes only when something moved', () => {
    const { health, published, advance, now } = setup();
    health.setState({ state: 'live', detail: null });
    for (let i = 0; i < 300; i++) health.recordData(now());
    advance(1_000);
    health.sample();
    expect(published.at(-1)).toMatchObject({ ticksPerSecond: 300, lastDataAt: 10_000 });
    const count = published.length;
    advance(1_000);
    health.sample(); // rate fell to 0: publish
    expect(published.length).toBe(count + 1);
    expect(published.at(-1)?.ticksPerSecond).toBe(0);
    advance(1_000);
    health.sample(); // nothing moved: silent
    expect(published.length).toBe(count + 1);
  });

  it('dates staleness from cached data when it never went live', () => {
    const { health } = setup();
    health.seedLastDataAt(5_000);
    health.setState({ state: 'reconnecting', attempt: 1, nextRetryAt: 11_000, detail: null });
    expect(health.current()).toMatchObject({ staleSince: 5_000, lastDataAt: 5_000, ticksPerSecond: null });
  });
});
