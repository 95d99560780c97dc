import type { ConnectionStatus, SessionState } from '../../shared/domain';
import type { LinkStatus } from '../bridge/socketBridge';
import { formatAge, formatClock } from './time';

export interface FeedLabel {
  text: string;
  tone: 'live' | 'warn' | 'down' | 'idle';
  /** "last data 3s ago", or null when the feed never delivered. */
  age: string | null;
}

/**
 * The header's words for one feed: Live / Reconnecting n / Offline — stale since HH:MM:SS /
 * Signed out / Not configured, plus the age of the last data it delivered.
 */
export function feedLabel(status: ConnectionStatus | undefined, now: number): FeedLabel {
  if (!status) return { text: 'Connecting', tone: 'idle', age: null };
  const age = status.lastDataAt !== null ? `last data ${formatAge(now - status.lastDataAt)} ago` : null;
  switch (status.state) {
    case 'live':
      return { text: 'Live', tone: 'live', age };
    case 'connecting':
      return { text: 'Connecting', tone: 'idle', age };
    case 'reconnecting':
      return { text: `Reconnecting ${status.attempt ?? 1}`, tone: 'warn', age };
    case 'reconciling':
      return { text: 'Reconciling', tone: 'warn', age };
    case 'offline':
      return { text: `Offline — stale since ${formatClock(status.staleSince ?? status.since)}`, tone: 'down', age };
    case 'unauthorized':
      return { text: 'Signed out', tone: 'down', age };
    case 'not_configured':
      return { text: 'Not configured', tone: 'idle', age: null };
  }
}

/** What the window knows besides a feed's own last status: its link to the host, the session. */
export interface StatusContext {
  link: LinkStatus;
  session: SessionState | null;
}

/**
 * The one source of every status the window shows. A feed's last pushed status is only true
 * while the host that pushed it is reachable: once the link to the host is gone the window can
 * no longer know either feed's state, so both read "Unknown — host lost" (tone down) with the
 * age of the last data they delivered, never a green "Live". While the profile's backend is
 * still starting the feeds read "Starting", not "Not configured".
 */
export function feedView(status: ConnectionStatus | undefined, ctx: StatusContext, now: number): FeedLabel {
  const age = status?.lastDataAt != null ? `last data ${formatAge(now - status.lastDataAt)} ago` : null;
  if (ctx.link.state === 'reconnecting') {
    // No data ever (a quiet trading feed): its status is as old as the host's last word.
    const asOf = age ?? (ctx.link.lostAt !== undefined ? `status as of ${formatAge(now - ctx.link.lostAt)} ago` : null);
    return { text: 'Unknown — host lost', tone: 'down', age: asOf };
  }
  if (ctx.link.state === 'connecting') return { text: 'Connecting', tone: 'idle', age };
  if (
    ctx.session?.state === 'starting' &&
    (!status || status.state === 'not_configured' || status.state === 'connecting')
  )
    return { text: 'Starting', tone: 'idle', age };
  return feedLabel(status, now);
}
